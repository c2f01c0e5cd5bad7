"""The verdict on a typed answer, from what the reading found: record, confirm or ask, with the
one-line reason the officer reads (in the session's language)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n import _
from ..knowledge.schema import UNKNOWN, Question

# --- reading -------------------------------------------------------------------------------------
from .reading import _Analysis, _head_exact, _Mention
from .vocabulary import _Vocabulary
from .words import _at


def _negated_reading(q: Question, m: _Mention) -> tuple[set[str] | None, str]:
    """What a negated option leaves: the options it points to (None: only that one is excluded),
    and how, in words."""
    oid = m.entry.options[0]
    ids = q.option_ids
    if oid == UNKNOWN:
        return None, ""
    if q.scale:
        i = q.scale.index(oid)
        last = len(q.scale) - 1
        if m.totalized:
            far = {q.scale[last]} if i == 0 else {q.scale[0]} if i == last else {q.scale[0], q.scale[last]}
            return far, _("the far side of the scale")
        if m.intensified:
            near = {q.scale[k] for k in (i - 1, i + 1) if 0 <= k <= last}
            return near, _("the step next to it")
        return {o for o in q.scale if o != oid}, _("the rest of the scale")
    if len(ids) == 2 and not q.multi:
        return {ids[1] if oid == ids[0] else ids[0]}, _("the other answer")
    if q.multi:
        return None, ""
    return {o for o in ids if o != oid}, _("the other options")


@dataclass
class _Verdict:
    options: tuple[str, ...]
    candidates: tuple[str, ...]
    exact_head: bool  # the first clause names the reading exactly, and the rest agrees
    why: str


def _ordered(q: Question, ids: Iterable[str]) -> tuple[str, ...]:
    s = set(ids)
    return tuple(o for o in (*q.option_ids, UNKNOWN) if o in s)


def _q(text: str) -> str:
    return f"“{text}”"


def _verdict(q: Question, v: _Vocabulary, a: _Analysis) -> _Verdict:
    label = q.label_of
    positive: dict[str, list[_Mention]] = {}
    excluded: dict[str, _Mention] = {}
    derived: list[tuple[set[str], _Mention, str]] = []
    hinted: dict[str, _Mention] = {}  # what the topic's own words lean to, not enough alone
    for m in a.mentions:
        if m.negated:
            for oid in m.entry.options:
                excluded.setdefault(oid, m)
            pointed, how = _negated_reading(q, m)
            if pointed is not None:
                derived.append((pointed, m, how))
        elif m.entry.kind == "hint":
            for oid in m.entry.options:
                hinted.setdefault(oid, m)
        else:
            for oid in m.entry.options:
                positive.setdefault(oid, []).append(m)
    every = [k for k in range(len(a.toks)) if _at(a.toks, k, v.lex.every)]
    if q.multi and every and not any(m.start <= every[0] < m.end for m in a.mentions):
        for o in q.option_ids:  # "all of them", "everything except pay"
            if o not in q.exclusive:
                positive.setdefault(o, [])
    if not positive and not excluded:
        if hinted:  # "the rebels laid down their arms": about the topic, not an answer
            m = next(iter(hinted.values()))
            return _Verdict(
                (),
                _ordered(q, q.option_ids),
                False,
                _("{typed} is about {question}, but does not answer it").format(
                    typed=_q(a.said(m)), question=q.name
                ),
            )
        return _Verdict((), (), False, _("it names none of the options"))
    # What is both named and negated; "everything except pay" names nothing itself.
    clash = ({o for o, said in positive.items() if said} | set(hinted)) & set(excluded)
    if clash:
        said = {o: positive[o][0] if positive.get(o) else hinted[o] for o in clash}
        oid = min(clash, key=lambda o: said[o].start)
        m = excluded[oid]
        return _Verdict(
            (),
            _ordered(q, set(positive) | {o for d in derived for o in d[0]}),
            False,
            _("it says {said} and negates {negated}: both about {option}").format(
                said=_q(a.said(said[oid])), negated=_q(a.said(m)), option=label(oid)
            ),
        )
    pointed = set.intersection(*(d[0] for d in derived)) if derived else None
    if q.multi:
        alone = [o for o in positive if o in q.exclusive]
        excepted = [o for o, m in excluded.items() if tuple(m.trigger.split()) in v.lex.excepts]
        if alone and excepted:  # "none, apart from the salary gap": what is excepted is chosen
            positive = {o: [excluded.pop(o)] for o in excepted}
        chosen = set(positive) - set(excluded)
        if not chosen:
            left = _ordered(q, set(q.option_ids) - set(excluded))
            return _Verdict(
                (),
                left,
                False,
                _("it rules out {options} but names none").format(
                    options=", ".join(label(o) for o in excluded)
                ),
            )
        alone = [o for o in chosen if o == UNKNOWN or o in q.exclusive]
        if alone and len(chosen) > 1:
            return _Verdict(
                (),
                _ordered(q, chosen),
                False,
                _("{option} cannot go with other options").format(option=label(alone[0])),
            )
        options = _ordered(q, chosen)
        named = ", ".join(label(o) for o in options)
        if excluded:
            why = _("it names {options}, and rules out {excluded}").format(
                options=named, excluded=", ".join(label(o) for o in _ordered(q, excluded))
            )
        else:
            why = _("it names {options}").format(options=named)
        return _Verdict(options, options, _head_exact(v, a, options), why)
    if len(positive) > 1:
        return _Verdict(
            (), _ordered(q, positive), False, _("it fits {options}").format(options=_or(q, positive))
        )
    if positive:
        oid = next(iter(positive))
        if pointed is not None and oid not in pointed and not q.scale:
            m = derived[0][1]
            return _Verdict(
                (),
                _ordered(q, {oid} | pointed),
                False,
                _("it names {option} but negates {negated}, which points to {options}").format(
                    option=label(oid), negated=_q(a.said(m)), options=_or(q, pointed)
                ),
            )
        m = positive[oid][0]
        why = _because(q, a.said(m), m, oid)
        if derived:
            why = _("{why}, and {negated} is negated").format(why=why, negated=_q(a.said(derived[0][1])))
        return _Verdict((oid,), (oid,), _head_exact(v, a, (oid,)), why)
    # Only negations: what they leave.
    assert pointed is not None or not derived
    if not derived:
        left = _ordered(q, set(q.option_ids) - set(excluded))
        return _Verdict(
            (),
            left,
            False,
            _("it rules out {excluded}, which leaves {left}").format(
                excluded=_or(q, excluded), left=_or(q, left)
            ),
        )
    if not pointed:
        return _Verdict(
            (),
            _ordered(q, {o for d in derived for o in d[0]}),
            False,
            _("its negations contradict each other"),
        )
    pointed -= set(excluded)
    m, how = derived[0][1], derived[0][2]
    negated = _("{said} ({option}) is negated by {trigger}").format(
        said=_q(a.said(m)), option=label(m.entry.options[0]), trigger=_q(m.trigger_shown)
    )
    leaves = _("{negated}, which leaves {how}: {options}")
    if len(pointed) == 1:
        oid = next(iter(pointed))
        return _Verdict((oid,), (oid,), False, leaves.format(negated=negated, how=how, options=label(oid)))
    return _Verdict(
        (), _ordered(q, pointed), False, leaves.format(negated=negated, how=how, options=_or(q, pointed))
    )


def _because(q: Question, said: str, m: _Mention, oid: str) -> str:
    kind = m.entry.kind
    if kind == "cue":
        return _("{typed} points to {option}").format(typed=_q(said), option=q.label_of(oid))
    if kind == "negated":
        return _("{typed} reads as {option}").format(typed=_q(said), option=q.label_of(oid))
    return _("{typed} names {option}").format(typed=_q(said), option=q.label_of(oid))


def _or(q: Question, ids: Iterable[str]) -> str:
    labels = [q.label_of(o) for o in _ordered(q, ids)]
    if len(labels) < 2:
        return "".join(labels)
    if len(labels) == 2:
        return _("{first} or {last}").format(first=labels[0], last=labels[1])
    return _("{first} or {last}").format(first=", ".join(labels[:-1]), last=labels[-1])
