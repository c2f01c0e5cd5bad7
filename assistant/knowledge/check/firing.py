"""Rules that can never fire: term by term (contradictions, options that do not exist, facts
nothing derives), then by three-valued evaluation confirmed by a search over the answers."""

from __future__ import annotations

from dataclasses import replace
from functools import reduce
from typing import Any

from ...i18n import _, ngettext
from ...reasoning.compiled import CompiledRule, CompiledRuleBase, Literal
from ...reasoning.evaluate import CERTAIN, evaluate
from ..schema import UNKNOWN
from .checker import Checker, condition_paths, lit_text, support
from .places import at
from .space import answer_space

SINGLE_VALUED = {"model"}  # a consultation concludes one model: two different ones contradict
SEARCH_LIMIT = 50_000  # answer classes a never-fires search may evaluate per rule


def term_issues(ck: Checker, term: tuple[Literal, ...]) -> tuple[bool, list[tuple[str, str, Literal, str]]]:
    """Whether a term can hold, and its problems: (kind, severity, literal, text)."""
    issues: list[tuple[str, str, Literal, str]] = []
    dead = False
    by_q: dict[str, list[Literal]] = {}
    pos: dict[str, list[Literal]] = {}
    neg: dict[str, list[Literal]] = {}
    for lit in term:
        if lit.kind == "answer":
            q = ck.questions.get(lit.name)
            if q is None:
                issues.append(
                    (
                        "unknown_option",
                        "error",
                        lit,
                        _("reads question '{id}', which does not exist").format(id=lit.name),
                    )
                )
                dead = True
                continue
            if lit.values is not None and (bad := sorted(lit.values - set(q.option_ids) - {UNKNOWN})):
                issues.append(
                    (
                        "unknown_option",
                        "error",
                        lit,
                        _("'{option}' is not an option of {id} (allowed: {allowed})").format(
                            option=bad[0], id=q.id, allowed=", ".join(q.option_ids)
                        ),
                    )
                )
                if not (lit.values - set(bad)):
                    dead = True
                    continue
            by_q.setdefault(lit.name, []).append(lit)
        elif lit.negated:
            neg.setdefault(lit.name, []).append(lit)
            if not ck.derivable(lit):
                issues.append(
                    (
                        "redundant_condition",
                        "warning",
                        lit,
                        _(
                            "waits for '{condition}', which always holds since no rule derives {fact}:"
                            " the condition is redundant"
                        ).format(
                            condition=lit_text(lit),
                            fact=lit.name
                            + ("" if lit.values is None else " = " + "|".join(sorted(lit.values))),
                        ),
                    )
                )
        else:
            pos.setdefault(lit.name, []).append(lit)
            if not ck.derivable(lit):
                issues.append(
                    (
                        "underived_fact",
                        "error",
                        lit,
                        _("needs '{condition}', which no rule derives").format(condition=lit_text(lit)),
                    )
                )
                dead = True
    for qid, lits in by_q.items():
        if len(lits) < 2:
            continue
        q = ck.questions[qid]
        allowed = set(q.option_ids) | {UNKNOWN}
        sets = [allowed if lit.values is None else lit.values & allowed for lit in lits]
        if not q.multi:
            ok = bool(reduce(lambda a, b: a & b, sets))
        else:
            alone = set(q.exclusive) | {UNKNOWN}
            ok = any(all(v in s for s in sets) for v in alone) or all(s - alone for s in sets)
        if not ok:
            shown = _(" and ").join("|".join(sorted(s)) for s in sets)
            kind = _("several at once that cannot be combined") if q.multi else _("two answers at once")
            issues.append(
                (
                    "contradiction",
                    "error",
                    lits[-1],
                    _("requires {id} to be {values}: {kind}").format(id=qid, values=shown, kind=kind),
                )
            )
            dead = True
    for name in pos.keys() & neg.keys():
        for p in pos[name]:
            for n in neg[name]:
                if n.values is None or (p.values is not None and p.values <= n.values):
                    issues.append(
                        (
                            "contradiction",
                            "error",
                            n,
                            _("requires both '{a}' and '{b}': present and absent at once").format(
                                a=lit_text(p), b=lit_text(n)
                            ),
                        )
                    )
                    dead = True
    for name in SINGLE_VALUED & pos.keys():
        known = [lit.values for lit in pos[name] if lit.values is not None]
        if len(known) >= 2 and not reduce(lambda a, b: a & b, known):
            shown = _(" and ").join("|".join(sorted(v)) for v in known)
            issues.append(
                (
                    "contradiction",
                    "error",
                    pos[name][-1],
                    _("requires the {name} to be {values}: a consultation concludes one {name}").format(
                        name=name, values=shown
                    ),
                )
            )
            dead = True
    return not dead, issues


def terms(ck: Checker) -> None:
    for cr in ck.base.rules:
        paths = condition_paths(cr.rule)
        loc = ck.places.rule(cr.id)
        results = [term_issues(ck, term) for term in cr.terms]
        ck.live[cr.id] = tuple(ok for ok, _ in results)
        all_dead = not any(ck.live[cr.id])
        if all_dead:
            ck.dead.add(cr.id)
        for t, (_live, issues) in enumerate(results):
            for kind, severity, lit, problem in issues:
                text = problem
                if severity == "error":
                    if all_dead:
                        text += _(", so the rule can never fire")
                    elif len(cr.terms) > 1:
                        text += _(", so alternative {n} of {total} can never hold").format(
                            n=t + 1, total=len(cr.terms)
                        )
                questions = (lit.name,) if lit.kind == "answer" else ()
                ck.add(
                    kind,
                    severity,
                    at(loc, *paths.get(lit, ("when",))),
                    _("rule {id} {problem}").format(id=cr.id, problem=text),
                    rules=(cr.id,),
                    questions=questions,
                )


def pruned(ck: Checker) -> CompiledRuleBase:
    """The compiled base without the terms that cannot hold."""
    return replace(
        ck.base,
        rules=tuple(
            replace(cr, terms=tuple(t for t, ok in zip(cr.terms, ck.live[cr.id], strict=False) if ok))
            for cr in ck.base.rules
        ),
    )


def never_fires(ck: Checker) -> None:
    base = pruned(ck)
    asked = {lit.name for cr in base.rules for t in cr.terms for lit in t if lit.kind == "answer"}
    ev = evaluate(base, {}, frozenset(asked | set(ck.questions)))
    status: dict[str, int] = {}
    for f in ev.firings:
        status[f.rule] = max(status.get(f.rule, 0), f.status)
    for cr in base.rules:
        if not cr.terms:
            continue  # already reported, term by term
        loc = ck.places.rule(cr.id)
        if cr.id not in status:
            why = why_false(ck, cr, ev)
            ck.dead.add(cr.id)
            ck.add(
                "never_fires",
                "error",
                at(loc, "when"),
                _("rule {id} can never fire, whatever the answers: {why}").format(id=cr.id, why=why),
                rules=(cr.id,),
            )
        elif status[cr.id] < CERTAIN:
            sub = support(base, cr.id)
            qids = tuple(
                q.id
                for q in ck.kb.questions
                if any(
                    lit.kind == "answer" and lit.name == q.id for r in sub.rules for t in r.terms for lit in t
                )
            )
            space = answer_space(ck.kb, sub, qids)
            if space.evaluated > SEARCH_LIMIT:
                continue  # too many to confirm; three-valued evaluation found no proof it is dead
            if not any(
                any(f.rule == cr.id for f in evaluate(sub, answers).firings)
                for answers, _, _ in space.combos()
            ):
                ck.dead.add(cr.id)
                ck.add(
                    "never_fires",
                    "error",
                    at(loc, "when"),
                    _(
                        "rule {id} can never fire: no answers to {questions} make it fire ({n} combinations searched)"
                    ).format(id=cr.id, questions=", ".join(qids) or _("any question"), n=space.total),
                    rules=(cr.id,),
                    questions=qids,
                )


def why_false(ck: Checker, cr: CompiledRule, ev: Any) -> str:
    """Why three-valued evaluation finds a rule dead: a fact it needs that nothing that can
    fire derives, or a fact it needs absent that some rule always derives."""
    for term in cr.terms:
        for lit in term:
            if lit.kind != "fact":
                continue
            held = {
                v: s
                for (n, v), s in ev.facts.items()
                if n == lit.name and (lit.values is None or v in lit.values)
            }
            if not lit.negated and not held:
                makers = sorted(
                    r.id
                    for r in ck.kb.rules
                    if r.then.fact[0] == lit.name and (lit.values is None or r.then.fact[1] in lit.values)
                )
                if not makers:
                    return _("it needs '{condition}', which no rule derives").format(condition=lit_text(lit))
                return ngettext(
                    "it needs '{condition}', which only {rules} can derive, and it can never fire",
                    "it needs '{condition}', which only {rules} can derive, and none of them can never fire",
                    len(makers),
                ).format(condition=lit_text(lit), rules=", ".join(makers))
            if lit.negated and CERTAIN in held.values():
                makers = sorted(
                    {f.rule for f in ev.firings if f.status == CERTAIN and lit.matches(*f.concludes)}
                )
                return ngettext(
                    "it needs '{condition}', but {rules} always derives it",
                    "it needs '{condition}', but {rules} always derive it",
                    len(makers),
                ).format(condition=lit_text(lit), rules=", ".join(makers))
    return _("every alternative has a condition that cannot hold")
