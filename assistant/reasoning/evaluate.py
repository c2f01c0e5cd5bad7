"""The rule base evaluated directly, for searches that would take Experta too long.

What-if, relevance and sensitivity analysis ask the rule base hundreds of questions per answer;
Experta takes milliseconds per run. This evaluator follows Experta's own agenda discipline (the
activation of highest salience fires first; each activation fires once) over the same compiled
terms, and the tests hold the two to identical firings on random answer sets.

It also evaluates in three values: answers not yet known are *maybe*, so a fact or a conclusion
is certain, possible, or impossible. The loader's salience check makes this sound: a rule that
waits for a fact to be absent runs only after every rule that could lead to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import product

from .compiled import CompiledRule, CompiledRuleBase, Literal

CERTAIN, MAYBE = 2, 1
Answers = Mapping[str, tuple[str, ...]]
Matched = tuple[tuple[str, str, str], ...]  # ("answer" | "fact", name, value)
# One way a literal can hold: its status, the fact it matched ("absent", name, "" for a negated
# literal), and what makes it only possible ("answer:q" or "fact:name"), if anything.
Way = tuple[int, tuple[str, str, str], str | None]
# A pending activation of a rule: the term, the facts it matched, its status and its doubts.
Activation = tuple[int, Matched, int, frozenset[str]]


@dataclass(frozen=True)
class Firing:
    rule: str
    term: int
    matched: Matched
    concludes: tuple[str, str]
    status: int = CERTAIN
    maybe: frozenset[str] = frozenset()  # what made it only possible: "answer:q" or "fact:name"


@dataclass
class Evaluation:
    facts: dict[tuple[str, str], int] = field(default_factory=dict)  # (name, value) -> status
    firings: list[Firing] = field(default_factory=list)

    def values(self, name: str, status: int = CERTAIN) -> list[str]:
        return [v for (n, v), s in self.facts.items() if n == name and s >= status]

    @property
    def model(self) -> str | None:
        certain = self.values("model")
        return certain[0] if certain else None


def _answer_ways(lit: Literal, answers: Answers, unresolved: frozenset[str]) -> list[Way]:
    """The ways an answer literal can hold: (status, matched fact, source of doubt)."""
    if lit.name in unresolved:
        return [(MAYBE, ("answer", lit.name, "?"), "answer:" + lit.name)]
    return [
        (CERTAIN, ("answer", lit.name, v), None)
        for v in answers.get(lit.name, ())
        if lit.values is None or v in lit.values
    ]


def evaluate(
    base: CompiledRuleBase,
    answers: Answers,
    unresolved: frozenset[str] = frozenset(),
) -> Evaluation:
    """Run the rule base over ``answers``; questions in ``unresolved`` count as *maybe*."""
    ev = Evaluation()
    facts = ev.facts
    by_name: dict[str, dict[str, int]] = {}
    fired: set[tuple[str, int, Matched]] = set()
    rules = base.rules
    reads = _reads(base)

    def ways(lit: Literal) -> list[Way]:
        if lit.kind == "answer":
            return _answer_ways(lit, answers, unresolved)
        doubt = "fact:" + lit.name
        known = by_name.get(lit.name, {})
        hits: list[Way] = [
            (st, ("fact", lit.name, v), doubt if st == MAYBE else None)
            for v, st in known.items()
            if lit.values is None or v in lit.values
        ]
        if not lit.negated:
            return hits
        strongest = max((st for st, _, _ in hits), default=0)
        if strongest == CERTAIN:
            return []
        if strongest == MAYBE:
            return [(MAYBE, ("absent", lit.name, ""), doubt)]
        return [(CERTAIN, ("absent", lit.name, ""), None)]

    def activations(crule: CompiledRule) -> list[Activation]:
        found: list[Activation] = []
        for t, term in enumerate(crule.terms):
            choices = [ways(lit) for lit in term]
            if any(not c for c in choices):
                continue
            for combo in product(*choices):
                matched = tuple(m for _, m, _ in combo if m[0] != "absent")
                if (crule.id, t, matched) in fired:
                    continue
                status = min((st for st, _, _ in combo), default=CERTAIN)
                doubts = frozenset(d for _, _, d in combo if d)
                found.append((t, matched, status, doubts))
        return found

    # Agenda: the first pending activation of the highest-salience rule fires. A rule's
    # activations are recomputed only when a fact it reads has changed.
    pending: list[list[Activation] | None] = [None] * len(rules)
    while True:
        for i, crule in enumerate(rules):
            waiting = pending[i]
            if waiting is None:
                waiting = pending[i] = activations(crule)
            if waiting:
                break
        else:
            return ev
        t, matched, status, doubts = waiting.pop(0)
        fired.add((crule.id, t, matched))
        ev.firings.append(Firing(crule.id, t, matched, crule.concludes, status, doubts))
        name, value = crule.concludes
        if facts.get(crule.concludes, 0) < status:
            facts[crule.concludes] = status
            by_name.setdefault(name, {})[value] = status
            for j in reads.get(name, ()):
                pending[j] = None


@cache
def _reads(base: CompiledRuleBase) -> dict[str, tuple[int, ...]]:
    """For each fact name, the positions of the rules that read it."""
    out: dict[str, list[int]] = {}
    for i, crule in enumerate(base.rules):
        names = {lit.name for term in crule.terms for lit in term if lit.kind == "fact"}
        for n in names:
            out.setdefault(n, []).append(i)
    return {n: tuple(v) for n, v in out.items()}
