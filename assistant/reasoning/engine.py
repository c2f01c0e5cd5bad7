"""The rule base as a generated Experta ``KnowledgeEngine`` subclass.

Experta only sees rules that are class attributes, so each compiled term becomes one attribute,
with the rule's explicit salience. Experta's ``Fact`` objects never leave this module: a run
returns plain firings (the same ``Firing`` records as the direct evaluator).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any

from ._experta import AS, NOT, Fact, InitialFact, KnowledgeEngine, L, Rule
from .compiled import CompiledRuleBase, Literal
from .evaluate import Answers, Evaluation, Firing, Matched


class Answer(Fact):  # type: ignore[misc]  # experta ships no types
    """An answer: ``question`` and one chosen ``value`` (multi-select answers are several facts)."""


class Derived(Fact):  # type: ignore[misc]  # experta ships no types
    """A fact concluded by a rule: ``name`` and ``value``."""


def _value_test(values: frozenset[str] | None) -> Any:
    if values is None:
        return None
    tests = [L(v) for v in sorted(values)]
    test = tests[0]
    for t in tests[1:]:
        test = test | t
    return test


def _pattern(lit: Literal) -> Any:
    cls, key = (Answer, "question") if lit.kind == "answer" else (Derived, "name")
    fields: dict[str, Any] = {key: lit.name}
    test = _value_test(lit.values)
    if test is not None:
        fields["value"] = test
    return cls(**fields)


def _action(rule_id: str, term: int, concludes: tuple[str, str], bound: list[str]) -> Callable[..., None]:
    def fire(self: _Engine, **context: Any) -> None:
        matched = tuple(_plain(context[name]) for name in bound)
        self.on_fire(rule_id, term, matched, concludes)

    fire.__name__ = f"{rule_id}#{term}"
    return fire


def _plain(fact: Fact) -> tuple[str, str, str]:
    if isinstance(fact, Answer):
        return ("answer", fact["question"], fact["value"])
    return ("fact", fact["name"], fact["value"])


class _Engine(KnowledgeEngine):
    firings: list[Firing]

    def on_fire(self, rule_id: str, term: int, matched: Matched, concludes: tuple[str, str]) -> None:
        self.firings.append(Firing(rule_id, term, matched, concludes))
        self.declare(Derived(name=concludes[0], value=concludes[1]))


def build_engine_class(base: CompiledRuleBase) -> type[KnowledgeEngine]:
    """Generate the ``KnowledgeEngine`` subclass for a compiled rule base."""
    attrs: dict[str, Any] = {
        "__doc__": f"Generated from rule base {base.kb.version} ({base.kb.sha256[:12]})."
    }
    for crule in base.rules:
        for t, term in enumerate(crule.terms):
            positives: list[Any] = []
            negatives: list[Any] = []
            bound: list[str] = []
            for lit in term:
                pattern = _pattern(lit)
                if lit.negated:
                    negatives.append(NOT(pattern))
                else:
                    name = f"m{len(bound)}"
                    bound.append(name)
                    positives.append(getattr(AS, name) << pattern)
            # Positive patterns first keeps the join network small; a rule with none gets
            # Experta's InitialFact.
            patterns = positives + negatives if positives else [InitialFact(), *negatives]
            rule = Rule(*patterns, salience=crule.salience)
            attrs[f"r{crule.order:03d}_{t}"] = rule(_action(crule.id, t, crule.concludes, bound))
    return type("IntegrationEngine", (_Engine,), attrs)


@cache
def engine_class(base: CompiledRuleBase) -> type[KnowledgeEngine]:
    return build_engine_class(base)


# Built engines waiting for a run, per rule base. Building one (Experta's matching network) takes
# longer than a dozen runs, so each is kept and reset; a thread takes one for the length of a run
# (an engine holds the state of its run), building another only when every one is busy. An
# engine built on one thread (the app warms one up behind its first screen) serves any other.
_idle: dict[CompiledRuleBase, list[KnowledgeEngine]] = {}  # by identity (eq=False)
_lock = threading.Lock()


def _take(base: CompiledRuleBase) -> KnowledgeEngine:
    with _lock:
        kept = _idle.get(base)
        if kept:
            return kept.pop()
    return engine_class(base)()


def _give_back(base: CompiledRuleBase, engine: KnowledgeEngine) -> None:
    with _lock:
        _idle.setdefault(base, []).append(engine)


def run(base: CompiledRuleBase, answers: Answers) -> Evaluation:
    """One forward-chaining run of Experta over ``answers``; a fresh agenda every time."""
    engine = _take(base)
    try:
        return _run(engine, base, answers)
    finally:
        _give_back(base, engine)


def _run(engine: Any, base: CompiledRuleBase, answers: Answers) -> Evaluation:
    engine.firings = []
    engine.reset()
    # Declared in the dialogue's order, whatever order the answers came in: equal-salience
    # activations then fire in the same order, and the trace is the same.
    order = {q.id: i for i, q in enumerate(base.kb.questions)}
    ordered = sorted(answers.items(), key=lambda kv: order.get(kv[0], len(order)))
    facts = [Answer(question=q, value=v) for q, values in ordered for v in values]
    if facts:
        engine.declare(*facts)
    engine.run()
    ev = Evaluation(firings=list(engine.firings))
    for f in ev.firings:
        ev.facts[f.concludes] = 2
    return ev
