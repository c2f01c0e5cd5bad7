"""The state every kind of check shares: the knowledge base, its compiled rules, where items
stand, which rules are dead, and the anomalies found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ...i18n import _
from ...reasoning.compiled import (
    CompiledRuleBase,
    Literal,
    compile_rules,
    leading_to,
    literals,
)
from ..loader import KnowledgeBase, walk
from ..schema import Rule
from .places import Places
from .report import Anomaly

if TYPE_CHECKING:
    from .numbered import NumberedText


class Checker:
    """What every kind of check reads and where it reports."""

    def __init__(self, kb: KnowledgeBase, exhaustive: bool, report: NumberedText | None = None):
        self.kb = kb
        self.exhaustive = exhaustive
        self.report = report  # the report's numbered text, to check quotes against (check --report)
        self.places = Places(kb)
        self.base = compile_rules(kb)
        self.questions = {q.id: q for q in kb.questions}
        self.out: list[Anomaly] = []
        self._seen: set[tuple[str, str, str]] = set()
        self.produced: dict[str, set[str]] = {}
        for r in kb.rules:
            name, value = r.then.fact
            self.produced.setdefault(name, set()).add(value)
        self.live: dict[str, tuple[bool, ...]] = {}  # rule id -> which terms can hold at all
        self.dead: set[str] = set()  # rules that can never fire, however found
        self.combinations = self.evaluated = 0

    def add(
        self,
        kind: str,
        severity: str,
        where: str,
        message: str,
        rules: Iterable[str] = (),
        questions: Iterable[str] = (),
    ) -> None:
        key = (kind, where, message)
        if key not in self._seen:
            self._seen.add(key)
            self.out.append(Anomaly(kind, severity, where, message, tuple(rules), tuple(questions)))

    def derivable(self, lit: Literal) -> bool:
        values = self.produced.get(lit.name)
        if not values:
            return False
        return lit.values is None or bool(lit.values & values)


def conclusion(fact: tuple[str, str]) -> str:
    name, value = fact
    if name.startswith("flag:"):
        return _("flag {id}, severity {value}").format(id=name[5:], value=value)
    if name.startswith("note:"):
        return _("note {id}").format(id=name[5:])
    if name == "model":
        return _("model {id}").format(id=value)
    if name == "form":
        return _("form {id}").format(id=value)
    return _("fact {id}").format(id=name) + ("" if value == "yes" else f" = {value}")


def lit_text(lit: Literal) -> str:
    """A literal as its condition reads: ``fact: x``, ``no_fact: x = v``, ``model: a|b``, ``q = a|b``."""
    vals = "" if lit.values is None else "|".join(sorted(lit.values))
    if lit.kind == "answer":
        return f"{lit.name} = {vals}"
    if lit.name == "model" and not lit.negated and vals:
        return f"model: {vals}"
    return ("no_fact: " if lit.negated else "fact: ") + lit.name + (f" = {vals}" if vals else "")


def condition_paths(rule: Rule) -> dict[Literal, tuple[Any, ...]]:
    """Each literal of a rule, with the path of the condition it comes from."""
    out: dict[Literal, tuple[Any, ...]] = {}
    for cond, path in walk(rule.when):
        for alt in literals(cond):
            for lit in alt:
                out.setdefault(lit, ("when", *path))
    return out


def support(base: CompiledRuleBase, rid: str) -> CompiledRuleBase:
    """A rule and every rule that can (through facts) lead to what it reads."""
    return leading_to(base, set(), keep=frozenset([rid]))


def implies(a: Literal, b: Literal) -> bool:
    """Whenever literal ``a`` holds, so does ``b``."""
    if (a.kind, a.name, a.negated) != (b.kind, b.name, b.negated):
        return False
    if not a.negated:
        return b.values is None or (a.values is not None and a.values <= b.values)
    return a.values is None or (b.values is not None and b.values <= a.values)


def term_implies(ta: tuple[Literal, ...], tb: tuple[Literal, ...]) -> bool:
    return all(any(implies(la, lb) for la in ta) for lb in tb)
