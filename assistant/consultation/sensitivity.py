"""What would change this recommendation: the smallest sets of answer changes that give another
model, and which unknown answers matter.

Single changes are tried first, then pairs of changes none of whose single changes already
changes the model. Only questions some model rule can read are tried, and only the rules that
can lead to the model are evaluated, with the direct evaluator: a complete session takes a few
milliseconds.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations, product
from typing import Literal

from ..i18n import _
from ..knowledge.schema import UNKNOWN, ModelId
from ..knowledge.yamlfile import InputError
from ..reasoning.compiled import CompiledRuleBase, leading_to
from ..reasoning.evaluate import evaluate
from .answers import Answers
from .explain import Wording, join_and, joined, would_be
from .result import AnswerChange, ModelChange, Sensitivity, UnknownAnswer, model_id


@cache
def model_rules(base: CompiledRuleBase) -> CompiledRuleBase:
    """The rules that can lead to the model, and nothing else."""
    return leading_to(base, {"model"})


@cache
def model_questions(base: CompiledRuleBase) -> tuple[str, ...]:
    sub = model_rules(base)
    read = {lit.name for r in sub.rules for t in r.terms for lit in t if lit.kind == "answer"}
    return tuple(q.id for q in base.kb.questions if q.id in read)


@cache
def _memo(base: CompiledRuleBase) -> dict[tuple[tuple[str, ...] | None, ...], ModelId | None]:
    return {}


def model_for(base: CompiledRuleBase, answers: Answers) -> ModelId | None:
    """The model the answers give, remembered by the answers that can affect it."""
    memo = _memo(base)
    qids = model_questions(base)
    key = tuple(answers.get(q) for q in qids)
    if key not in memo:
        if len(memo) > 200_000:
            memo.clear()
        found = evaluate(model_rules(base), answers).model
        memo[key] = model_id(found) if found is not None else None
    return memo[key]


def sensitivity(base: CompiledRuleBase, answers: Answers) -> Sensitivity:
    kb = base.kb
    wording = Wording(kb)
    qids = model_questions(base)
    questions = {q.id: q for q in kb.questions}  # qids are among them

    def model(a: Answers) -> ModelId | None:
        return model_for(base, a)

    current = model(answers)
    if current is None:
        raise InputError(
            _("the rule base concludes no model for these answers (run `integration-assistant check`)")
        )

    def was(qid: str) -> str:
        if qid not in answers:
            return _("Not answered")
        return ", ".join(questions[qid].label_of(v) for v in answers[qid])

    def alternatives(qid: str) -> list[str]:
        return [o for o in questions[qid].option_ids if answers.get(qid) != (o,)]

    def change(qid: str, option: str) -> AnswerChange:
        return AnswerChange(question=qid, option=option, label=questions[qid].label_of(option), was=was(qid))

    def model_change(changes: list[AnswerChange], m: ModelId) -> ModelChange:
        clauses = join_and([wording.answer(c.question, c.option) for c in changes])
        return ModelChange(
            changes=changes,
            model=m,
            label=kb.models[m].label,
            sentence=joined(_("If {clauses}, {outcome}.").format(clauses=clauses, outcome=would_be(kb, m))),
        )

    singles: list[ModelChange] = []
    movers: set[tuple[str, str]] = set()
    for qid in qids:
        for option in alternatives(qid):
            m = model({**answers, qid: (option,)})
            if m and m != current:
                movers.add((qid, option))
                singles.append(model_change([change(qid, option)], m))

    pairs: list[ModelChange] = []
    for q1, q2 in combinations(qids, 2):
        for o1, o2 in product(alternatives(q1), alternatives(q2)):
            if (q1, o1) in movers or (q2, o2) in movers:
                continue  # not minimal: one change alone already does it
            m = model({**answers, q1: (o1,), q2: (o2,)})
            if m and m != current:
                pairs.append(model_change([change(q1, o1), change(q2, o2)], m))

    unknowns = []
    for q in kb.questions:
        status: Literal["unknown", "unanswered"] | None = (
            "unknown" if answers.get(q.id) == (UNKNOWN,) else "unanswered" if q.id not in answers else None
        )
        if status is None or (status == "unanswered" and q.id not in qids):
            continue
        outcomes = {model({**answers, q.id: (o,)}) or current for o in q.option_ids}
        models = sorted(m for m in outcomes if m is not None)
        unknowns.append(
            UnknownAnswer(
                question=q.id, status=status, matters=any(m != current for m in models), models=models
            )
        )
    return Sensitivity(model=current, single_changes=singles, pair_changes=pairs, unknowns=unknowns)
