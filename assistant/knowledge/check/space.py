"""Answers and their classes: the combinations the searches evaluate, one per class of answers
no rule condition tells apart."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import reduce
from itertools import combinations, product

from ...i18n import _
from ...reasoning.compiled import CompiledRuleBase
from ..loader import KnowledgeBase
from ..schema import UNKNOWN, Question

MULTI_LIMIT = 10  # a multi-select question with more free options is searched one option at a time

Value = tuple[str, ...] | None  # an answer; None: not answered


def answer_domain(q: Question | None) -> list[Value]:
    """Every answer a question can have: each option, valid sets for multi-select, unknown, none."""
    if q is None:
        return [None]
    singles: list[Value] = [(o,) for o in q.option_ids]
    sets: list[Value] = []
    if q.multi:
        free = [o for o in q.option_ids if o not in q.exclusive]
        if len(free) <= MULTI_LIMIT:
            sets = [c for n in range(2, len(free) + 1) for c in combinations(free, n)]
    return singles + sets + [(UNKNOWN,), None]


def _show(value: Value) -> str:
    if value is None:
        return _("(unanswered)")
    return value[0] if len(value) == 1 else "[" + ", ".join(value) + "]"


@dataclass
class Space:
    qids: tuple[str, ...]
    choices: list[list[tuple[Value, int]]]  # per question: (representative answer, class size)

    @property
    def total(self) -> int:
        return reduce(lambda n, c: n * sum(w for _, w in c), self.choices, 1)

    @property
    def evaluated(self) -> int:
        return reduce(lambda n, c: n * len(c), self.choices, 1)

    def combos(self) -> Iterator[tuple[dict[str, tuple[str, ...]], int, tuple[Value, ...]]]:
        for picked in product(*self.choices):
            values = tuple(v for v, _ in picked)
            weight = reduce(lambda n, p: n * p[1], picked, 1)
            yield {q: v for q, v in zip(self.qids, values, strict=False) if v is not None}, weight, values

    def describe(self, values: tuple[Value, ...]) -> str:
        return ", ".join(f"{q}={_show(v)}" for q, v in zip(self.qids, values, strict=False)) or _(
            "(no questions)"
        )


def answer_space(
    kb: KnowledgeBase, base: CompiledRuleBase, qids: Iterable[str], exhaustive: bool = False
) -> Space:
    """The answers to ``qids``, grouped into classes no answer literal of ``base`` tells apart.

    An answer literal matches when the answer holds one of its options; two answers every literal
    on the question treats alike give identical facts, so one stands for its class.
    """
    lits: dict[str, list[frozenset[str] | None]] = {}
    for r in base.rules:
        for term in r.terms:
            for lit in term:
                if lit.kind == "answer" and lit.values not in lits.setdefault(lit.name, []):
                    lits[lit.name].append(lit.values)
    qids = tuple(qids)
    choices = []
    for qid in qids:
        domain = answer_domain(kb.question(qid))
        if exhaustive:
            choices.append([(v, 1) for v in domain])
            continue
        groups: dict[tuple[bool, ...], list[Value]] = {}
        for v in domain:
            sig = tuple(
                v is not None and (vals is None or any(x in vals for x in v)) for vals in lits.get(qid, [])
            )
            groups.setdefault(sig, []).append(v)
        choices.append([(g[0], len(g)) for g in groups.values()])
    return Space(qids, choices)
