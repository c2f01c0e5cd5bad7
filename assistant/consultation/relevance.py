"""Which questions can still change the result, and why the others are skipped.

The rule base is evaluated in three values with every unsettled answer as *maybe*. A question
matters while some possible firing depends on it and that firing could still add something: a
model, form, note, or flag (or a stronger severity) not yet certain, or a derived fact that
another such firing needs. The analysis is sound for a stratified rule base: it never skips a
question that could change the result, and may at worst ask one whose answer turns out not to
matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _
from ..knowledge.schema import SEVERITY_RANK, UNKNOWN
from ..reasoning.compiled import CompiledRuleBase
from ..reasoning.evaluate import CERTAIN, MAYBE, Evaluation, Firing
from .answers import Answers
from .explain import Wording, joined, literal_holds


@dataclass(frozen=True)
class Relevance:
    open_questions: list[str]  # unanswered questions that still matter, in dialogue order
    skipped: dict[str, str]  # unanswered questions that no longer matter -> why


def unresolved(base: CompiledRuleBase, answers: Answers) -> frozenset[str]:
    return frozenset(q.id for q in base.kb.questions if answers.get(q.id, (UNKNOWN,)) == (UNKNOWN,))


def _adds_something(concludes: tuple[str, str], ev: Evaluation) -> bool:
    name, value = concludes
    if name.startswith("flag:"):
        have = [SEVERITY_RANK[v] for v in ev.values(name, CERTAIN)]
        return not have or SEVERITY_RANK[value] > max(have)
    return ev.facts.get(concludes, 0) < CERTAIN


def useful_firings(ev: Evaluation) -> list[Firing]:
    """The possible (not certain) firings whose outcome could still change the result."""
    maybes = [f for f in ev.firings if f.status == MAYBE]
    useful: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i, f in enumerate(maybes):
            if i in useful or not _adds_something(f.concludes, ev):
                continue
            name = f.concludes[0]
            terminal = name in ("model", "form") or name.startswith(("flag:", "note:"))
            needed = terminal or any(j in useful and f"fact:{name}" in g.maybe for j, g in enumerate(maybes))
            if needed:
                useful.add(i)
                changed = True
    return [maybes[i] for i in sorted(useful)]


def relevance(base: CompiledRuleBase, answers: Answers, ev3: Evaluation) -> Relevance:
    useful = useful_firings(ev3)
    doubted = {d.removeprefix("answer:") for f in useful for d in f.maybe if d.startswith("answer:")}
    open_questions = [q.id for q in base.kb.questions if q.id not in answers and q.id in doubted]
    skipped = {
        q.id: why_skipped(base, q.id, answers, ev3)
        for q in base.kb.questions
        if q.id not in answers and q.id not in doubted
    }
    return Relevance(open_questions, skipped)


def why_skipped(base: CompiledRuleBase, qid: str, answers: Answers, ev3: Evaluation) -> str:
    """One sentence on why an unanswered question cannot change the result any more."""
    wording = Wording(base.kb)
    readers = [
        r for r in base.rules if any(lit.kind == "answer" and lit.name == qid for t in r.terms for lit in t)
    ]
    if not readers:
        return _("No rule reads this answer.")
    for crule in readers:
        if any(f.rule == crule.id for f in ev3.firings):
            return _("What it could add ({title}) is already settled or no longer needed.").format(
                title=crule.rule.title.lower()
            )
        for term in crule.terms:
            blocking = [
                lit
                for lit in term
                if not (lit.kind == "answer" and (lit.name not in answers or answers[lit.name] == (UNKNOWN,)))
                and not literal_holds(lit, answers, ev3)
            ]
            if blocking:
                lit = blocking[0]
                if lit.kind == "answer":
                    return joined(
                        _("It would matter only if {condition}; {standing}.").format(
                            condition=wording.literal(lit), standing=wording.current(lit.name, answers)
                        )
                    )
                if lit.negated:
                    return joined(
                        _("It would matter only if {condition}, and that is ruled out.").format(
                            condition=wording.literal(lit)
                        )
                    )
                return joined(
                    _("It would matter only if {condition}, which the answers rule out.").format(
                        condition=wording.literal(lit)
                    )
                )
    return _("Its answer can no longer change the result.")
