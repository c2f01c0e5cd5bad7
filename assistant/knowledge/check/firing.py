"""Rules that can never fire: term by term (contradictions, options that do not exist, facts
nothing derives), then by three-valued evaluation confirmed by a search over the answers."""

from __future__ import annotations

from dataclasses import replace
from functools import reduce
from typing import Any

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
                    ("unknown_option", "error", lit, f"reads question '{lit.name}', which does not exist")
                )
                dead = True
                continue
            if lit.values is not None and (bad := sorted(lit.values - set(q.option_ids) - {UNKNOWN})):
                issues.append(
                    (
                        "unknown_option",
                        "error",
                        lit,
                        f"'{bad[0]}' is not an option of {q.id} (allowed: {', '.join(q.option_ids)})",
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
                        f"waits for '{lit_text(lit)}', which always holds since no rule derives"
                        f" {lit.name}{'' if lit.values is None else ' = ' + '|'.join(sorted(lit.values))}:"
                        " the condition is redundant",
                    )
                )
        else:
            pos.setdefault(lit.name, []).append(lit)
            if not ck.derivable(lit):
                issues.append(
                    ("underived_fact", "error", lit, f"needs '{lit_text(lit)}', which no rule derives")
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
            shown = " and ".join("|".join(sorted(s)) for s in sets)
            kind = "several at once that cannot be combined" if q.multi else "two answers at once"
            issues.append(("contradiction", "error", lits[-1], f"requires {qid} to be {shown}: {kind}"))
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
                            f"requires both '{lit_text(p)}' and '{lit_text(n)}': present and absent at once",
                        )
                    )
                    dead = True
    for name in SINGLE_VALUED & pos.keys():
        known = [lit.values for lit in pos[name] if lit.values is not None]
        if len(known) >= 2 and not reduce(lambda a, b: a & b, known):
            shown = " and ".join("|".join(sorted(v)) for v in known)
            issues.append(
                (
                    "contradiction",
                    "error",
                    pos[name][-1],
                    f"requires the {name} to be {shown}: a consultation concludes one {name}",
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
        for t, (_, issues) in enumerate(results):
            for kind, severity, lit, problem in issues:
                text = problem
                if severity == "error":
                    if all_dead:
                        text += ", so the rule can never fire"
                    elif len(cr.terms) > 1:
                        text += f", so alternative {t + 1} of {len(cr.terms)} can never hold"
                questions = (lit.name,) if lit.kind == "answer" else ()
                ck.add(
                    kind,
                    severity,
                    at(loc, *paths.get(lit, ("when",))),
                    f"rule {cr.id} {text}",
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
                f"rule {cr.id} can never fire, whatever the answers: {why}",
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
                    f"rule {cr.id} can never fire: no answers to {', '.join(qids) or 'any question'} make it fire"
                    f" ({space.total} combinations searched)",
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
                    return f"it needs '{lit_text(lit)}', which no rule derives"
                return (
                    f"it needs '{lit_text(lit)}', which only {', '.join(makers)} can derive,"
                    f" and {'it' if len(makers) == 1 else 'none of them'} can never fire"
                )
            if lit.negated and CERTAIN in held.values():
                makers = sorted(
                    {f.rule for f in ev.firings if f.status == CERTAIN and lit.matches(*f.concludes)}
                )
                return f"it needs '{lit_text(lit)}', but {', '.join(makers)} always derive{'s' * (len(makers) == 1)} it"
    return "every alternative has a condition that cannot hold"
