"""A result as a one-screen brief and an annex, in blocks every output renders.

The brief, on one screen of 80x24: the recommendation and its confidence in a sentence, the
structural form, the top flags (severity and title, one line each), the assumptions that matter
and the first two changes that would give another model (those to another integration model
first). The annex: why (the rule that settled the model, and each rule behind it),
what the model is, how the recommendation was reached (each subtree once), the alternatives and
why not, every change that would give another model, every flag with why its severity, what
raised it and everything that helps (the first thing that helps included), and the notes and
checklists.

Given the words the officer typed for the answers (``said``, by question id), each answer the
brief or the annex shows (an assumption, a fact a reason rests on) is followed by them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ..consultation.explain import semicolon
from ..consultation.result import Assumption, FlagResult, Reason, Result
from ..consultation.understand import Said
from ..i18n import N_, _, ngettext
from .basis import Role
from .blocks import Block, Span, heading, item, para, said_spans, stated
from .labels import confidence_word

CONFIDENCE_WHY = {
    "firm": N_("every condition it rests on is answered and holds."),
    "default": N_("it is the UN's default model, and no answer calls for another."),
    "inferred": N_("the report does not decide this case; this is the assistant's reading."),
    "tentative": N_("unsettled answers could still change it."),
}


class _ConfidenceSentences(Mapping[str, str]):
    """The confidence and what it means, in the language in force: "firm: every condition it
    rests on is answered and holds."."""

    def __getitem__(self, confidence: str) -> str:
        return _("{confidence}: {meaning}").format(
            confidence=confidence_word(confidence), meaning=_(CONFIDENCE_WHY[confidence])
        )

    def __iter__(self) -> Iterator[str]:
        return iter(CONFIDENCE_WHY)

    def __len__(self) -> int:
        return len(CONFIDENCE_WHY)


CONFIDENCE_SENTENCE: Mapping[str, str] = _ConfidenceSentences()
TOP_FLAGS = 3
TOP_CHANGES = 2


def after_title(title: str) -> str:
    """What follows a title run into a sentence: ". ", or just a space after a title that
    ends a sentence of its own ("Stabilization first, or human rights and accountability?")."""
    return " " if title.rstrip().endswith(("?", "!", ".")) else ". "


def question_words(qid: str) -> str:
    """A question's id in words, where its name is not known: "Security situation"."""
    words = qid.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def change_sentences(result: Result, models_first: bool = False) -> list[str]:
    """What would change the recommendation, one sentence each (empty without the analysis);
    ``models_first``: the changes that give another integration model before those after which
    no model would apply."""
    sens = result.sensitivity
    if sens is None:
        return []
    changes = [*sens.single_changes, *sens.pair_changes]
    if models_first:
        changes.sort(key=lambda c: c.model == "not_applicable")
    items = [c.sentence for c in changes]
    return items or [_("No change of one or two answers would give another model.")]


def answer_facts(result: Result) -> dict[str, str]:
    """The question each answer a rule matched is about, by its words in the reasons
    ("OCHA is not present in the country" -> ocha_presence); words shared by two are left out."""
    found: dict[str, set[str]] = {}
    for step in result.trace:
        for m in step.matched:
            if m.kind == "answer":
                found.setdefault(m.text, set()).add(m.name)
    return {text: next(iter(qids)) for text, qids in found.items() if len(qids) == 1}


def assumption_item(a: Assumption, said: Mapping[str, Said] | None = None) -> Block:
    """An assumption, with the words typed for its answer (an answer of "unknown")."""
    return item(*stated(a.statement, "assistant"), *said_spans((said or {}).get(a.question)))


def more_in_annex(more: int) -> str:
    """ "… and 4 more in the annex."; « … et 4 autres dans l'annexe. »"""
    return ngettext("… and {count} more in the annex.", "… and {count} more in the annex.", more).format(
        count=more
    )


def brief_blocks(result: Result, level: int = 2, said: Mapping[str, Said] | None = None) -> list[Block]:
    rec = result.recommendation
    out = [heading(_("Recommendation: {model}").format(model=rec.label), level)]
    out.append(
        para(
            ("strong", rec.label),
            ("cite", rec.citations),
            ("text", _(", confidence {confidence}").format(confidence=CONFIDENCE_SENTENCE[rec.confidence])),
        )
    )
    form = next((r for r in rec.reasons if r.rule.startswith("form.")), None)
    out.append(
        para(
            ("strong", _("Structural form: ")),
            ("text", rec.form_label),
            *((("cite", form.citations), ("see", form.see)) if form else ()),
        )
    )
    out.append(heading(_("Conflicts to plan for"), level + 1))
    if not result.flags:
        out.append(para(("text", _("No conflicts flagged by the answers given."))))
    for f in result.flags[:TOP_FLAGS]:
        out.append(item(*flag_line(f)))
    if len(result.flags) > TOP_FLAGS:
        out.append(item(("text", more_in_annex(len(result.flags) - TOP_FLAGS))))
    if rec.assumptions:
        out.append(heading(_("Assumptions that matter"), level + 1))
        out += [assumption_item(a, said) for a in rec.assumptions]
    changes = change_sentences(result, models_first=True)
    if changes:
        out.append(heading(_("What would change it"), level + 1))
        out += [item(("text", s)) for s in changes[:TOP_CHANGES]]
        if len(changes) > TOP_CHANGES:
            out.append(item(("text", more_in_annex(len(changes) - TOP_CHANGES))))
    return out


def flag_line(f: FlagResult) -> list[Span]:
    """One line: severity and title (what helps, the first thing included, is in the annex)."""
    return [("severity", f.severity), ("text", " "), ("strong", f.title)]


def reason_blocks(
    reasons: list[Reason],
    depth: int = 0,
    shown: set[str] | None = None,
    said: Mapping[str, Said] | None = None,
    facts: Mapping[str, str] | None = None,
) -> list[Block]:
    """The reason trees as nested items; a subtree already shown is referred to, not repeated.

    ``said``: the words typed for the answers, by question id; ``facts``: the question of each
    answer by its words (see :func:`answer_facts`), so each answer a reason rests on is
    followed by the words typed for it."""
    shown = set() if shown is None else shown
    said, facts = said or {}, facts or {}
    out: list[Block] = []
    for r in reasons:
        if r.rule in shown:
            out.append(item(("strong", r.title), ("text", " " + _("(shown above)")), depth=depth))
            continue
        shown.add(r.rule)
        out.append(
            item(
                ("strong", r.title),
                ("text", after_title(r.title)),
                *stated(r.explanation, r.basis, r.citations, r.see),
                depth=depth,
            )
        )
        if r.matched:
            rests: list[Span] = [("em", _("Rests on: "))]
            for i, fact in enumerate(r.matched):
                qid = facts.get(fact)
                rests += [
                    ("text", (semicolon() if i else "") + fact),
                    *said_spans(said.get(qid) if qid else None),
                ]
            out.append(item(*rests, ("text", "."), depth=depth + 1))
        out += reason_blocks(r.because, depth + 1, shown, said, facts)
    return out


def annex_blocks(
    result: Result,
    level: int = 2,
    said: Mapping[str, Said] | None = None,
    names: Callable[[str], str] | None = None,
) -> list[Block]:
    """The annex; ``names``: a question's name by its id (the questions the annex names are
    shown by name, never by id)."""
    name_of = names or question_words
    rec = result.recommendation
    out = [
        heading(_("The model: {model}").format(model=rec.label), level),
        para(*stated(rec.summary, rec.basis, rec.citations, rec.see)),
    ]
    out.append(heading(_("How the recommendation was reached"), level))
    out += reason_blocks(rec.reasons, said=said, facts=answer_facts(result) if said else None)
    if rec.assumptions:
        out.append(heading(_("Assumptions"), level + 1))
        out += [assumption_item(a, said) for a in rec.assumptions]
    out.append(heading(_("Alternatives and why not"), level))
    for a in rec.alternatives:
        out.append(
            item(
                ("strong", a.label),
                ("text", after_title(a.label)),
                *stated(a.why_not, a.basis, a.citations, a.see, "condition"),
            )
        )
    changes = change_sentences(result)
    if changes:
        out.append(heading(_("What would change the recommendation"), level))
        out += [item(("text", s)) for s in changes]
        if result.sensitivity is not None:
            matter = [u.question for u in result.sensitivity.unknowns if u.matters]
            if matter:
                out.append(
                    para(
                        ("text", _("Unknown or unanswered answers that matter: ")),
                        ("text", ", ".join(name_of(q) for q in matter)),
                        ("text", "."),
                    )
                )
    out.append(heading(_("Conflicts to plan for"), level))
    if not result.flags:
        out.append(para(("text", _("No conflicts flagged by the answers given."))))
    for f in result.flags:
        out += flag_blocks(f, level + 1)
    for n in result.notes:
        out.append(heading(n.title, level))
        out.append(para(*stated(n.text, n.basis, n.citations, n.see)))
        for i in n.items:
            role: Role = "claim" if i.basis == "report" else "practice"
            out.append(item(*stated(i.text, i.basis, i.citations, i.see, role), marker="check"))
    return out


def flag_blocks(f: FlagResult, level: int) -> list[Block]:
    r = f.severity_reason
    out = [heading(f.title, level), para(*stated(f.explanation, f.basis, f.citations, f.see))]
    out.append(
        para(
            ("strong", _("Severity: ")),
            ("severity", f.severity),
            ("text", ". "),
            *stated(r.text, r.basis, r.citations, r.see),
        )
    )
    if f.details:
        out.append(para(("em", _("Raised because: ")), ("text", semicolon().join(f.details) + ".")))
    if f.mitigations:
        out.append(para(("strong", _("What helps:"))))
        for m in f.mitigations:
            role: Role = "claim" if m.basis == "report" else "practice"
            out.append(item(*stated(m.text, m.basis, m.citations, m.see, role)))
    return out
