"""Rules subsumed by another rule with the same conclusion."""

from __future__ import annotations

from ...i18n import _
from ...reasoning.compiled import CompiledRule, Literal
from .checker import Checker, conclusion, term_implies
from .places import at


def subsumed(ck: Checker) -> None:
    order = {r.id: i for i, r in enumerate(ck.kb.rules)}
    groups: dict[tuple[str, str], list[CompiledRule]] = {}
    for cr in ck.base.rules:
        if cr.id not in ck.dead:  # a dead rule is reported as such, not as redundant
            groups.setdefault(cr.concludes, []).append(cr)
    for concludes, group in groups.items():
        rules = sorted(group, key=lambda r: order[r.id])
        live = {r.id: [t for t, ok in zip(r.terms, ck.live[r.id], strict=False) if ok] for r in rules}

        def covers(
            b: CompiledRule, a: CompiledRule, live: dict[str, list[tuple[Literal, ...]]] = live
        ) -> bool:
            return all(any(term_implies(ta, tb) for tb in live[b.id]) for ta in live[a.id])

        for a in rules:
            for b in rules:
                if a is b or not covers(b, a):
                    continue
                if covers(a, b) and order[a.id] < order[b.id]:
                    continue  # the same conditions twice: report the later one
                ck.add(
                    "subsumed",
                    "warning",
                    at(ck.places.rule(a.id)),
                    _(
                        "rule {id} is subsumed by rule {other}: whenever it fires, {other} fires too and"
                        " concludes the same ({conclusion}); it is redundant"
                    ).format(id=a.id, other=b.id, conclusion=conclusion(concludes)),
                    rules=(a.id, b.id),
                )
                break
