"""Explanations in plain words: facts, literals, the reason tree, and why not another model."""
from __future__ import annotations

from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Citation
from ..reasoning.compiled import CompiledRuleBase, Literal
from ..reasoning.evaluate import CERTAIN, Evaluation, Firing
from .answers import Answers
from .result import MatchedFact, Reason


class Wording:
    """Turns facts and conditions of one knowledge base into plain words."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.questions = {q.id: q for q in kb.questions}

    def answer(self, qid: str, value: str) -> str:
        q = self.questions.get(qid)
        if q is None:
            return f"{qid}: {value}"
        if value == "?":
            return f"{q.short}: not settled"
        return f"{q.short}: {q.label_of(value)}"

    def fact(self, name: str, value: str) -> str:
        if name == "model":
            m = self.kb.models.get(value)
            return f"the model is {m.label if m else value}"
        if name == "form":
            f = self.kb.forms.get(value)
            return f"the structural form is {f.label if f else value}"
        if name.startswith("flag:"):
            flag = self.kb.flags.get(name[5:])
            return f"flag: {flag.title if flag else name[5:]} ({value})"
        if name.startswith("note:"):
            note = self.kb.notes.get(name[5:])
            return f"note: {note.title if note else name[5:]}"
        f = self.kb.facts.get(name)
        title = f.title if f else name.replace("_", " ")
        if value in ("yes", ""):
            return title
        detail = self.questions[value].short if value in self.questions else value.replace("_", " ")
        return f"{title} ({detail})"

    def matched(self, kind: str, name: str, value: str) -> MatchedFact:
        text = self.answer(name, value) if kind == "answer" else self.fact(name, value)
        return MatchedFact(kind=kind, name=name, value=value, text=text)

    def literal(self, lit: Literal) -> str:
        if lit.kind == "answer":
            q = self.questions.get(lit.name)
            options = sorted(lit.values or ())
            labels = [q.label_of(o) if q else o for o in options]
            name = q.short if q else lit.name
            return f"{name} is {' or '.join(labels)}"
        if lit.name == "model" and lit.values:
            labels = [self.kb.models[m].label if m in self.kb.models else m for m in sorted(lit.values)]
            text = f"the model is {' or '.join(labels)}"
        else:
            value = next(iter(lit.values)) if lit.values and len(lit.values) == 1 else "yes"
            text = self.fact(lit.name, value)
        return f"not: {text}" if lit.negated else text

    def current(self, lit: Literal, answers: Answers) -> str:
        """What stands now for a literal's subject, to say why it fails."""
        if lit.kind == "answer":
            q = self.questions.get(lit.name)
            given = answers.get(lit.name)
            if not given:
                return "not answered yet"
            if given == (UNKNOWN,):
                return "answered unknown"
            return "answered " + ", ".join(q.label_of(v) if q else v for v in given)
        return "it does not hold" if not lit.negated else "it holds"


def literal_holds(lit: Literal, answers: Answers, ev: Evaluation) -> bool:
    if lit.kind == "answer":
        return any(lit.values is None or v in lit.values for v in answers.get(lit.name, ()))
    present = any(lit.matches(n, v) and s == CERTAIN for (n, v), s in ev.facts.items())
    return present != lit.negated


def reason_tree(kb: KnowledgeBase, firings: list[Firing], index: int, wording: Wording, depth: int = 0) -> Reason:
    """The reason a firing gives, with the firings behind each derived fact it used."""
    firing = firings[index]
    rule = kb.rule(firing.rule)
    because: list[Reason] = []
    if depth < 12:
        for kind, name, value in firing.matched:
            if kind != "fact":
                continue
            for j in range(index):
                if firings[j].concludes == (name, value):
                    because.append(reason_tree(kb, firings, j, wording, depth + 1))
    return Reason(
        rule=rule.id,
        title=rule.title,
        explanation=rule.explanation,
        matched=[wording.matched(*m).text for m in firing.matched],
        citations=list(rule.citations),
        because=because,
    )


def why_not(
    base: CompiledRuleBase, wording: Wording, model: str, answers: Answers, ev: Evaluation
) -> tuple[str, list[Citation]]:
    """Why a model was not concluded: the unmet conditions of its nearest rule, traced one level
    into the facts they need."""
    best: tuple[int, list[str], list[Citation]] | None = None
    for crule in base.rules:
        if crule.concludes != ("model", model):
            continue
        for term in crule.terms:
            failing = [lit for lit in term if not literal_holds(lit, answers, ev)]
            parts: list[str] = []
            cites = list(crule.rule.citations)
            for lit in failing:
                parts.append(_unmet(base, wording, lit, answers, ev, cites))
            if best is None or len(failing) < best[0]:
                best = (len(failing), parts, cites)
    if best is None:
        return "no rule concludes it", []
    _, parts, cites = best
    if not parts:
        return "its conditions hold, but another model was concluded first", cites
    return "; ".join(parts), _dedupe(cites)


def _unmet(base, wording: Wording, lit: Literal, answers: Answers, ev: Evaluation, cites: list[Citation]) -> str:
    if lit.kind == "answer":
        return f"needs {wording.literal(lit)} ({wording.current(lit, answers)})"
    if lit.negated:
        holders = [f for f in ev.firings if lit.matches(*f.concludes)]
        by = f" (rule: {base.kb.rule(holders[0].rule).title})" if holders else ""
        return f"ruled out because {wording.literal(Literal(lit.kind, lit.name, lit.values))}{by}"
    # a derived fact that did not come about: what its nearest deriving rule lacks
    inner: list[str] = []
    for crule in base.rules:
        if crule.concludes[0] != lit.name or (lit.values and crule.concludes[1] not in lit.values):
            continue
        for term in crule.terms:
            failing = [x for x in term if not literal_holds(x, answers, ev)]
            if failing and (not inner or len(failing) < len(inner)):
                inner = [
                    f"{wording.literal(x)} ({wording.current(x, answers)})" if x.kind == "answer" else wording.literal(x)
                    for x in failing
                ]
                cites.extend(crule.rule.citations)
    detail = f": {', '.join(inner)}" if inner else ""
    return f"needs {wording.literal(lit)}{detail}"


def _dedupe(cites: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in cites:
        key = (c.paragraph, c.quote)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
