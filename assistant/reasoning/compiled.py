"""The rule base reduced to what both reasoners run: rules as salience-ordered terms of literals.

A rule's ``when`` is brought to disjunctive normal form: each term is a conjunction of literals,
and Experta gets one rule per term. The same terms drive the direct evaluator, so both reasoners
read one compiled form and cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from itertools import product

from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import AnswerIs, AnyOf, Condition, FactAbsent, FactHolds, ModelIs, Rule


@dataclass(frozen=True)
class Literal:
    """One test on the facts: an answer, or a derived fact, present (or absent when negated)."""

    kind: str  # "answer" or "fact"
    name: str  # question id, or fact name ("model", "form", "flag:x", …)
    values: frozenset[str] | None  # None: any value
    negated: bool = False

    def matches(self, name: str, value: str) -> bool:
        return name == self.name and (self.values is None or value in self.values)


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    order: int  # position after sorting by salience, highest first
    terms: tuple[tuple[Literal, ...], ...]
    concludes: tuple[str, str]  # the fact it declares: (name, value)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def salience(self) -> int:
        return self.rule.salience


def literals(cond: Condition) -> list[list[Literal]]:
    """The alternatives (each a conjunction) that one condition stands for."""
    if isinstance(cond, AnswerIs):
        return [[Literal("answer", cond.answer, frozenset(cond.options))]]
    if isinstance(cond, FactHolds):
        return [[Literal("fact", cond.fact, frozenset([cond.value]) if cond.value else None)]]
    if isinstance(cond, FactAbsent):
        return [
            [Literal("fact", cond.no_fact, frozenset([cond.value]) if cond.value else None, negated=True)]
        ]
    if isinstance(cond, ModelIs):
        return [[Literal("fact", "model", frozenset(cond.model))]]
    if isinstance(cond, AnyOf):
        return [alt for c in cond.any for alt in literals(c)]
    raise TypeError(f"unknown condition {cond!r}")


def dnf(conditions: list[Condition]) -> tuple[tuple[Literal, ...], ...]:
    alternatives = [literals(c) for c in conditions]
    return tuple(tuple(lit for part in combo for lit in part) for combo in product(*alternatives))


@dataclass(frozen=True, eq=False)
class CompiledRuleBase:
    kb: KnowledgeBase
    rules: tuple[CompiledRule, ...]  # highest salience first; ties keep file order

    def by_id(self, rule_id: str) -> CompiledRule:
        return next(r for r in self.rules if r.id == rule_id)


def compile_rules(kb: KnowledgeBase) -> CompiledRuleBase:
    ordered = sorted(enumerate(kb.rules), key=lambda ir: (-ir[1].salience, ir[0]))
    rules = tuple(
        CompiledRule(rule=r, order=i, terms=dnf(r.when), concludes=r.then.fact)
        for i, (_, r) in enumerate(ordered)
    )
    return CompiledRuleBase(kb=kb, rules=rules)


def leading_to(
    base: CompiledRuleBase, names: set[str], keep: frozenset[str] = frozenset()
) -> CompiledRuleBase:
    """The rules that can lead, directly or through derived facts, to any of ``names``
    (plus the rules in ``keep``), in salience order."""
    wanted, kept = set(names), set(keep)
    for rid in keep:
        wanted.update(lit.name for t in base.by_id(rid).terms for lit in t if lit.kind == "fact")
    changed = True
    while changed:
        changed = False
        for r in base.rules:
            if r.id not in kept and r.concludes[0] in wanted:
                kept.add(r.id)
                wanted.update(lit.name for t in r.terms for lit in t if lit.kind == "fact")
                changed = True
    return replace(base, rules=tuple(r for r in base.rules if r.id in kept))


@cache
def compiled(kb: KnowledgeBase) -> CompiledRuleBase:
    """The compiled form of a knowledge base, built once per knowledge base."""
    return compile_rules(kb)
