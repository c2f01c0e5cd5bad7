"""A consultation: answers in, a cited result out.

Every result is computed from scratch from the answers as they stand: Experta has no truth
maintenance, so nothing derived from an earlier answer may survive a change of that answer.
One Experta run gives the conclusions and the trace; the direct evaluator answers the what-if
questions around it (what is still open, what an unsettled answer could change).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from ..i18n import _, language
from ..knowledge.loader import KnowledgeBase, shipped_knowledge
from ..knowledge.schema import (
    SEVERITY_RANK,
    Basis,
    ChecklistItem,
    Condition,
    FormId,
    Mitigation,
    ModelId,
    Question,
)
from ..knowledge.yamlfile import InputError
from ..reasoning import engine
from ..reasoning.compiled import CompiledRuleBase, compiled, dnf
from ..reasoning.evaluate import MAYBE, Evaluation, evaluate
from .answers import Answers, normalize, to_plain
from .explain import Wording, dedupe, joined, literal_holds, reason_tree, semicolon, sentence, would_be
from .relevance import relevance, unresolved
from .result import (
    MODEL_ORDER,
    Alternative,
    Assumption,
    FlagResult,
    NoteResult,
    OtherAnswer,
    Recommendation,
    Result,
    RulebaseInfo,
    Skipped,
    Statement,
    TraceStep,
    model_id,
)
from .why_not import why_not


class _Results:
    """The last results worked out, by rule base, language and answers. A result is a function
    of those alone, and answers come back a moment after they were left: an undo, `back`, a
    change made and changed back, a what-if asked of the answers in force, a session reopened,
    a transcript rechecked. Each is then the result already written, not another run of the
    rules and of every why-not (what a run does is tested with this set aside: :func:`recomputed`).
    Results are frozen models; nothing that reads one changes it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[tuple[object, ...], Result] = OrderedDict()
        self.lock = threading.Lock()
        self.used = True

    def get(self, key: tuple[object, ...]) -> Result | None:
        with self.lock:
            result = self.kept.get(key) if self.used else None
            if result is not None:
                self.kept.move_to_end(key)
            return result

    def put(self, key: tuple[object, ...], result: Result) -> None:
        with self.lock:
            if not self.used:
                return
            self.kept[key] = result
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


_results = _Results(64)


@contextmanager
def recomputed() -> Iterator[None]:
    """Every result worked out afresh while this lasts, none kept: for what tests the rules' runs."""
    with _results.lock:
        before, _results.used = _results.used, False
        _results.kept.clear()
    try:
        yield
    finally:
        with _results.lock:
            _results.used = before


def consult(answers: Answers, kb: KnowledgeBase | None = None, *, with_sensitivity: bool = False) -> Result:
    """The result for a set of (already validated) answers; with what would change it, on request."""
    kb = kb or shipped_knowledge()
    base = compiled(kb)
    key = (base, language(), tuple(sorted((qid, tuple(values)) for qid, values in answers.items())))
    result = _results.get(key)
    if result is None:
        result = build_result(base, answers, engine.run(base, answers))
        _results.put(key, result)
    if with_sensitivity:
        from .sensitivity import sensitivity

        result = result.model_copy(update={"sensitivity": sensitivity(base, answers)})
    return result


def model_of(base: CompiledRuleBase, answers: Answers) -> ModelId | None:
    """The model the answers give, by the direct evaluator (for searches)."""
    from .sensitivity import model_for

    return model_for(base, answers)


def build_result(base: CompiledRuleBase, answers: Answers, ev: Evaluation) -> Result:
    kb = base.kb
    wording = Wording(kb)
    firings = ev.firings
    model_at = next((i for i, f in enumerate(firings) if f.concludes[0] == "model"), None)
    if model_at is None:
        raise InputError(
            _("the rule base concludes no model for these answers (run `integration-assistant check`)")
        )
    model = model_id(firings[model_at].concludes[1])
    model_rule = kb.rule(firings[model_at].rule)

    open_qs = unresolved(base, answers)
    ev3 = evaluate(base, answers, open_qs)
    possible = [m for m in MODEL_ORDER if m in ev3.values("model", MAYBE)]
    tentative = len(possible) > 1
    confidence = "tentative" if tentative else (model_rule.then.confidence or "default")
    if confidence == "tentative" and not tentative:
        # The fallback fired while answers are open, but no open answer could give another
        # model: the default stands, as when every answer is in.
        confidence = "default"

    feeders = _model_feeders(base)
    missing = [
        q
        for q in kb.questions
        if tentative
        and q.id in open_qs
        and any(f.rule in feeders and f"answer:{q.id}" in f.maybe for f in ev3.firings if f.status == MAYBE)
    ]
    assumptions = [_assumption(base, wording, q, answers, model) for q in missing]

    form_at = next((i for i, f in enumerate(firings) if f.concludes[0] == "form"), None)
    # The loader lets a rule conclude only a catalogued form.
    form: FormId | Literal["undetermined"] = (
        kb.forms[firings[form_at].concludes[1]].id if form_at is not None else "undetermined"
    )
    form_label = (
        kb.forms[form].label
        if form in kb.forms
        else _("Not yet determined (depends on the kind of UN presence)")
    )

    reasons = [reason_tree(kb, firings, model_at, wording)]
    if form_at is not None:
        reasons.append(reason_tree(kb, firings, form_at, wording))

    rel = relevance(base, answers, ev3)
    wording.skipped = frozenset(rel.skipped)  # why-nots say these were not asked, not "not yet"
    alternatives = [
        _alternative(base, wording, other, answers, ev)
        for other in MODEL_ORDER
        if other != model and other in kb.models
    ]

    mdef = kb.models[model]
    recommendation = Recommendation(
        model=model,
        label=mdef.label,
        summary=mdef.summary,
        basis=mdef.basis or "assistant",
        confidence=confidence,
        form=form,
        form_label=form_label,
        reasons=reasons,
        alternatives=alternatives,
        assumptions=assumptions,
        missing=[q.id for q in missing],
        citations=list(mdef.citations),
        see=list(mdef.see),
    )
    return Result(
        answers=to_plain(kb, answers),
        complete=not rel.open_questions,
        next_question=rel.open_questions[0] if rel.open_questions else None,
        recommendation=recommendation,
        flags=_flags(kb, wording, ev, answers),
        notes=_notes(kb, ev),
        skipped=[Skipped(question=q, why=w) for q, w in rel.skipped.items()],
        trace=_trace(kb, wording, ev),
        rulebase=RulebaseInfo(
            name=kb.source.rulebase, version=kb.version, sha256=kb.sha256, source=kb.source.source
        ),
    )


def _model_feeders(base: CompiledRuleBase) -> frozenset[str]:
    """Rules that can lead, directly or through derived facts, to the model."""
    from .sensitivity import model_rules

    return frozenset(r.id for r in model_rules(base).rules)


def _alternative(
    base: CompiledRuleBase, wording: Wording, model: ModelId, answers: Answers, ev: Evaluation
) -> Alternative:
    """Another model, and why it is not recommended. Its basis is the why-not's: the report's where
    the cited passages state it, the assistant's where it rests on the assistant's choice (following
    OCHA's draft preference, its own thresholds), which then points to the passages it quotes and
    never presents them as support."""
    kb = base.kb
    why = why_not(base, wording, model, answers, ev)
    basis: Basis = "report" if why.basis == "report" else "assistant"
    if basis == "report":
        support = dedupe(why.passages + [c for r in why.rules if r.basis == "report" for c in r.citations])
        see = dedupe([c for r in why.rules if r.basis != "report" for c in r.see])
        if not support:
            support = list(kb.models[model].citations)
    else:
        support = []
        see = dedupe(why.passages + [c for r in why.rules for c in (*r.citations, *r.see)])
        if why.passages:  # the passages the text itself cites, and no others of the same rules
            cited = {c.paragraph for c in why.passages}
            see = [c for c in see if c.paragraph in cited]
        if not see:
            see = list(kb.models[model].citations)
    return Alternative(
        model=model, label=kb.models[model].label, why_not=why.text, basis=basis, citations=support, see=see
    )


def _assumption(
    base: CompiledRuleBase, wording: Wording, q: Question, answers: Answers, model: str
) -> Assumption:
    qid = q.id
    status: Literal["unknown", "unanswered"] = "unknown" if qid in answers else "unanswered"
    changes = []
    for option in q.option_ids:
        other = model_of(base, {**answers, qid: (option,)})
        if other and other != model:
            changes.append(OtherAnswer(option=option, label=q.label_of(option), model=other))
    head = sentence(wording.current(qid, answers))
    if changes:
        alts = semicolon().join(
            _("if {clause}, {outcome}").format(
                clause=wording.answer(qid, c.option), outcome=would_be(base.kb, c.model)
            )
            for c in changes
        )
        statement = _("{head}, so the recommendation rests on the other answers. {changes}.").format(
            head=head, changes=sentence(alts)
        )
    else:
        statement = _(
            "{head}. On its own another answer would not change the model, but together with other"
            " unsettled answers it could."
        ).format(head=head)
    return Assumption(question=qid, status=status, statement=joined(statement), would_change=changes)


def _statement(item: Mitigation | ChecklistItem) -> Statement:
    return Statement(
        text=item.text, basis=item.basis or "assistant", citations=list(item.citations), see=list(item.see)
    )


def _holds(conditions: list[Condition], answers: Answers, ev: Evaluation) -> bool:
    """Whether conditions (as in a rule's when) hold in a finished run."""
    return any(all(literal_holds(lit, answers, ev) for lit in term) for term in dnf(conditions))


def _flags(kb: KnowledgeBase, wording: Wording, ev: Evaluation, answers: Answers) -> list[FlagResult]:
    raised: dict[str, dict[str, Any]] = {}
    for f in ev.firings:
        name, severity = f.concludes
        if not name.startswith("flag:"):
            continue
        entry = raised.setdefault(name[5:], {"severity": severity, "rules": [], "details": []})
        if SEVERITY_RANK[severity] > SEVERITY_RANK[entry["severity"]]:
            entry["severity"] = severity
        if f.rule not in entry["rules"]:
            entry["rules"].append(f.rule)
        for kind, qname, value in f.matched:
            text = wording.answer(qname, value) if kind == "answer" else wording.fact(qname, value)
            if text not in entry["details"]:
                entry["details"].append(text)
    order = list(kb.flags)
    out = []
    for fid, entry in sorted(
        raised.items(), key=lambda kv: (-SEVERITY_RANK[kv[1]["severity"]], order.index(kv[0]))
    ):
        flag = kb.flags[fid]
        setter = kb.rule(
            next(f.rule for f in ev.firings if f.concludes == (f"flag:{fid}", entry["severity"]))
        )
        reason = Statement(
            text=setter.explanation,
            basis=setter.basis or "assistant",
            citations=list(setter.citations),
            see=list(setter.see),
        )
        mitigations = [_statement(m) for m in flag.mitigations if _holds(m.when, answers, ev)]
        out.append(
            FlagResult(
                id=fid,
                severity=entry["severity"],
                severity_reason=reason,
                title=flag.title,
                explanation=flag.explanation,
                basis=flag.basis or "assistant",
                details=entry["details"],
                mitigations=mitigations,
                citations=list(flag.citations),
                see=list(flag.see),
                raised_by=entry["rules"],
            )
        )
    return out


def _notes(kb: KnowledgeBase, ev: Evaluation) -> list[NoteResult]:
    by_note: dict[str, list[str]] = {}
    for f in ev.firings:
        if f.concludes[0].startswith("note:"):
            by_note.setdefault(f.concludes[0][5:], []).append(f.rule)
    order = list(kb.notes)
    return [
        NoteResult(
            id=n.id,
            title=n.title,
            text=n.text,
            basis=n.basis or "assistant",
            items=[_statement(i) for i in n.items],
            citations=list(n.citations),
            see=list(n.see),
            raised_by=by_note[n.id],
        )
        for n in (kb.notes[nid] for nid in sorted(by_note, key=order.index))
    ]


def _trace(kb: KnowledgeBase, wording: Wording, ev: Evaluation) -> list[TraceStep]:
    steps = []
    for i, f in enumerate(ev.firings, 1):
        rule = kb.rule(f.rule)
        steps.append(
            TraceStep(
                step=i,
                rule=rule.id,
                title=rule.title,
                topic=kb.topics[rule.id],
                salience=rule.salience,
                matched=[wording.matched(*m) for m in f.matched],
                derived=wording.matched("fact", *f.concludes),
                citations=list(rule.citations),
            )
        )
    return steps


class Consultation:
    """An interview in progress: the answers so far and the result they give.

    The result is always recomputed from the answers as they stand, so answering in any order,
    or changing and withdrawing answers, gives exactly the result of a fresh consultation.
    """

    def __init__(self, kb: KnowledgeBase | None = None, answers: Answers | None = None):
        self.kb = kb or shipped_knowledge()
        self._answers: Answers = dict(answers or {})
        self._result: Result | None = None
        self._language = language()  # the language the result's sentences were written in

    @property
    def answers(self) -> Answers:
        return dict(self._answers)

    @property
    def result(self) -> Result:
        if self._result is None or self._language != language():
            # worked out again when the language changes: its sentences are written in it
            self._language = language()
            self._result = consult(self._answers, self.kb)
        return self._result

    def _with(self, qid: str, values: str | tuple[str, ...] | list[str]) -> Answers:
        raw: Any = list(values) if isinstance(values, (tuple, list)) else values
        q = self.kb.question(qid)
        if q is not None and not q.multi and isinstance(raw, list) and len(raw) == 1:
            raw = raw[0]
        try:
            checked = normalize(self.kb, {qid: raw})
        except ValueError as exc:
            raise InputError(str(exc)) from None
        return {**self._answers, **checked}

    def answer(self, qid: str, values: str | tuple[str, ...] | list[str]) -> None:
        """Answer (or re-answer) a question. The result is worked out when it is next read, so
        a run of changes (a session replayed, several answers set at once) costs one run of the
        rules, not one per change."""
        self._answers = self._with(qid, values)
        self._result = None

    def forget(self, qid: str) -> None:
        """Withdraw an answer, as if the question had never been answered."""
        self._answers.pop(qid, None)
        self._result = None

    def what_if(self, qid: str, values: str | tuple[str, ...] | list[str]) -> Result:
        """The result under a changed answer, leaving this consultation as it is."""
        return consult(self._with(qid, values), self.kb)
