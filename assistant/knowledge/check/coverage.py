"""Gaps (answers that give no model), overlaps (answers that give two), and confidences the rule
base cannot produce, over every class of the answers the model rules read."""

from __future__ import annotations

from typing import Any

from ...consultation.sensitivity import model_questions, model_rules
from ...i18n import _
from ...reasoning.evaluate import CERTAIN, evaluate
from ..schema import UNKNOWN, Rule
from .checker import Checker
from .places import at
from .space import Value, answer_space


def gaps_and_overlaps(ck: Checker) -> None:
    sub = model_rules(ck.base)
    qids = model_questions(ck.base)
    space = answer_space(ck.kb, sub, qids, ck.exhaustive)
    ck.combinations, ck.evaluated = space.total, space.evaluated
    gaps = 0
    gap_example: tuple[Value, ...] | None = None
    overlaps: dict[tuple[tuple[str, str], ...], list[Any]] = {}
    settling: set[str] = set()  # model rules that settle the model for some complete set of answers
    for answers, weight, values in space.combos():
        ev = evaluate(sub, answers)
        models = ev.values("model")
        if models and all(v is not None and v != (UNKNOWN,) for v in values):
            settling.update(f.rule for f in ev.firings if f.concludes[0] == "model" and f.status == CERTAIN)
        if not models:
            gaps += weight
            if gap_example is None:
                gap_example = values
        elif len(models) > 1:
            by = tuple(
                sorted(
                    {
                        (f.concludes[1], f.rule)
                        for f in ev.firings
                        if f.concludes[0] == "model" and f.status == CERTAIN
                    }
                )
            )
            entry = overlaps.setdefault(by, [0, values])
            entry[0] += weight
    model_makers = [r for r in ck.kb.rules if r.then.kind == "model"]
    order = {r.id: i for i, r in enumerate(ck.kb.rules)}
    if gaps and gap_example is not None:
        last = min(model_makers, key=lambda r: r.salience, default=None)
        anywhere = next(iter(ck.kb.where.values()), None)
        where = at(ck.places.rule(last.id)) if last else f"{anywhere.file if anywhere else '<rule base>'}:1"
        ck.add(
            "gap",
            "error",
            where,
            _("gap: {n} of {total} answer combinations conclude no model, e.g. {example}").format(
                n=gaps, total=space.total, example=space.describe(gap_example)
            ),
            questions=qids,
        )
    for by, (count, example) in sorted(overlaps.items(), key=lambda kv: -kv[1][0]):
        models = sorted({m for m, _ in by})
        rules = tuple(dict.fromkeys(r for _, r in by))
        newest = max(rules, key=lambda rid: order[rid])  # the rule loaded last: likely the newcomer
        ck.add(
            "overlap",
            "error",
            at(ck.places.rule(newest)),
            _(
                "overlap: {n} of {total} answer combinations conclude {models} (rules {rules}), e.g. {example}"
            ).format(
                n=count,
                total=space.total,
                models=_(" and ").join(models),
                rules=", ".join(rules),
                example=space.describe(example),
            ),
            rules=rules,
            questions=qids,
        )
    confidences(ck, model_makers, settling)


def confidences(ck: Checker, model_makers: list[Rule], settling: set[str]) -> None:
    """A model rule's confidence must be one the rule base can produce, and fit its basis:
    inferred is the assistant's reading; firm and default rest on the report."""
    for r in model_makers:
        where = at(ck.places.rule(r.id), "then")
        conf = r.then.confidence
        if conf == "tentative" and r.id in settling:
            ck.add(
                "confidence_unreachable",
                "error",
                where,
                _(
                    "rule {id} declares confidence tentative, but it settles the model for complete sets of"
                    " answers, where nothing is left open"
                ).format(id=r.id),
                rules=(r.id,),
            )
        elif conf != "tentative" and r.id not in ck.dead and r.id not in settling:
            ck.add(
                "confidence_unreachable",
                "error",
                where,
                _(
                    "rule {id} declares confidence {confidence}, which no complete set of answers produces:"
                    " it only fires while an answer is open, so its result is always tentative"
                ).format(id=r.id, confidence=conf),
                rules=(r.id,),
            )
        if conf == "inferred" and r.basis == "report":
            ck.add(
                "confidence_basis",
                "error",
                where,
                _(
                    "rule {id} concludes with confidence inferred but is marked as the report's:"
                    " an inference is the assistant's (basis: assistant)"
                ).format(id=r.id),
                rules=(r.id,),
            )
        if conf in ("firm", "default") and r.basis == "assistant":
            ck.add(
                "confidence_basis",
                "error",
                where,
                _(
                    "rule {id} is the assistant's reading but concludes with confidence {confidence}:"
                    " the assistant's reading is inferred"
                ).format(id=r.id, confidence=conf),
                rules=(r.id,),
            )
