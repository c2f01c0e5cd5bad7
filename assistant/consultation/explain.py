"""Explanations in plain words: facts, conditions, the reason tree, and why not another model.

Every sentence is built from clauses written for it in the data (an option's ``clause``, a
question's ``subject``, a fact's ``title``, ``negation`` and ``values``, a model's or form's
``clause``), joined by words that fit any clause: "… where …", "you answered that …", "It is not
known whether …". Labels are never glued into templates. Why another model is not recommended
says whose reading it is: nothing is "ruled out" in the report's name (see :func:`why_not`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Citation, Rule
from ..reasoning.compiled import CompiledRule, CompiledRuleBase, Literal
from ..reasoning.evaluate import CERTAIN, Evaluation, Firing
from .answers import Answers
from .result import MatchedFact, Reason


def sentence(clause: str) -> str:
    """A clause as the start of a sentence."""
    return clause[:1].upper() + clause[1:] if clause else clause


def join_and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class Wording:
    """Turns facts and conditions of one knowledge base into clauses and sentences."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.questions = {q.id: q for q in kb.questions}
        # Unanswered questions not asked because their answer can no longer change the result.
        self.skipped: frozenset[str] = frozenset()

    # --- clauses ------------------------------------------------------------------------------
    def subject(self, qid: str) -> str:
        q = self.questions.get(qid)
        if q is None:
            return f"the answer to {qid}"
        return q.subject or f"the answer to the question on {q.name}"

    def answer(self, qid: str, value: str) -> str:
        """A clause saying the answer holds: 'OCHA is not present in the country'."""
        q = self.questions.get(qid)
        if value == UNKNOWN:
            return f"it is not known {self.subject(qid)}"
        if value == "?":
            return f"it is not settled yet {self.subject(qid)}"
        option = q.option(value) if q else None
        if q is None or option is None:
            return f"the answer to {qid} is {value}"
        return option.clause or f"the answer to the question on {q.name} is “{option.label}”"

    def answers(self, qid: str, values: tuple[str, ...] | list[str]) -> str:
        return join_and([self.answer(qid, v) for v in values])

    def fact(self, name: str, value: str) -> str:
        """A clause saying a derived fact or conclusion holds."""
        if name == "model":
            m = self.kb.models.get(value)
            return (m.clause or f"the model is {m.label.lower()}") if m else f"the model is {value}"
        if name == "form":
            form = self.kb.forms.get(value)
            if form is None:
                return f"the structural form is {value}"
            return form.clause or f"the structural form is {form.label}"
        if name.startswith("flag:"):
            flag = self.kb.flags.get(name[5:])
            return f"the flag “{flag.title if flag else name[5:]}” is raised at {value} severity"
        if name.startswith("note:"):
            note = self.kb.notes.get(name[5:])
            return f"the note “{note.title if note else name[5:]}” is added"
        fact = self.kb.facts.get(name)
        if fact is None:
            return name.replace("_", " ")
        return fact.clause(value)

    def absent(self, name: str) -> str:
        """A clause saying a derived fact does not hold."""
        if name == "model":
            return "no earlier rule has settled the model"
        f = self.kb.facts.get(name)
        if f is not None and f.negation:
            return f.negation
        return f"it is not the case that {self.fact(name, 'yes')}"

    def matched(self, kind: str, name: str, value: str) -> MatchedFact:
        if kind == "answer":
            return MatchedFact(kind="answer", name=name, value=value, text=self.answer(name, value))
        return MatchedFact(kind="fact", name=name, value=value, text=self.fact(name, value))

    def literal(self, lit: Literal) -> str:
        """A clause saying a condition holds."""
        if lit.kind == "answer":
            q = self.questions.get(lit.name)
            options = [o for o in (q.option_ids if q else []) if lit.values is None or o in lit.values]
            options += [o for o in sorted(lit.values or ()) if o not in options]
            return " or ".join(self.answer(lit.name, o) for o in options)
        if lit.negated:
            return self.absent(lit.name)
        values = sorted(lit.values) if lit.values else ["yes"]
        if lit.name == "model":
            order = list(self.kb.models)
            values = sorted(values, key=lambda v: order.index(v) if v in order else len(order))
        return " or ".join(self.fact(lit.name, v) for v in values)

    def current(self, qid: str, answers: Answers) -> str:
        """What stands now for a question: 'you answered that …', 'it is not known whether …'."""
        given = answers.get(qid)
        if not given and qid in self.skipped:
            return f"the assistant did not ask {self.subject(qid)}, as the answer could not change the result"
        if not given:
            return f"you have not said yet {self.subject(qid)}"
        if given == (UNKNOWN,):
            return f"it is not known {self.subject(qid)}"
        return f"you answered that {self.answers(qid, given)}"


def literal_holds(lit: Literal, answers: Answers, ev: Evaluation) -> bool:
    if lit.kind == "answer":
        return any(lit.values is None or v in lit.values for v in answers.get(lit.name, ()))
    present = any(lit.matches(n, v) and s == CERTAIN for (n, v), s in ev.facts.items())
    return present != lit.negated


def reason_tree(
    kb: KnowledgeBase, firings: list[Firing], index: int, wording: Wording, depth: int = 0
) -> Reason:
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
        basis=rule.basis or "assistant",
        matched=[wording.matched(*m).text for m in firing.matched],
        citations=list(rule.citations),
        see=list(rule.see),
        because=because,
    )


class Unmet:
    """Why a rule does not fire: the conditions it lacks, and what stands instead."""

    def __init__(self) -> None:
        self.needs: list[str] = []  # clauses that would have to hold
        self.needed: list[Literal] = []  # the conditions behind them
        self.instead: list[str] = []  # what stands now: "you answered that …"
        self.ruled_out: list[str] = []  # clauses of derived facts whose holding keeps the rule from firing
        self.holding: list[Firing] = []  # the firings that derived them
        self.rules: list[Rule] = []  # the rules consulted, for their citations

    @property
    def size(self) -> int:
        return len(self.needs) + len(self.ruled_out)


def unmet(
    base: CompiledRuleBase,
    wording: Wording,
    crule: CompiledRule,
    term: tuple[Literal, ...],
    answers: Answers,
    ev: Evaluation,
) -> Unmet:
    """What one term of a rule lacks, traced one level into the derived facts it needs."""
    out = Unmet()
    out.rules.append(crule.rule)
    for lit in term:
        if literal_holds(lit, answers, ev):
            continue
        if lit.kind == "answer":
            out.needs.append(wording.literal(lit))
            out.needed.append(lit)
            out.instead.append(wording.current(lit.name, answers))
        elif lit.negated:
            holding = [
                f for f in ev.firings if lit.matches(*f.concludes) and ev.facts.get(f.concludes) == CERTAIN
            ]
            if holding:
                out.ruled_out.append(wording.fact(*holding[0].concludes))
                out.holding.extend(holding)
                out.rules.append(base.kb.rule(holding[0].rule))
            else:
                out.ruled_out.append(wording.fact(lit.name, next(iter(lit.values or {"yes"}))))
        else:
            out.needs.append(wording.literal(lit))
            out.needed.append(lit)
            inner = _nearest_deriving(base, wording, lit, answers, ev)
            if inner is not None:
                out.instead.extend(inner.instead)
                out.rules.extend(inner.rules)
    return out


def _nearest_deriving(
    base: CompiledRuleBase, wording: Wording, lit: Literal, answers: Answers, ev: Evaluation, depth: int = 0
) -> Unmet | None:
    """What the closest rule deriving a missing fact lacks, down to the answers that stand instead."""
    best: Unmet | None = None
    for crule in base.rules:
        if crule.concludes[0] != lit.name or (lit.values and crule.concludes[1] not in lit.values):
            continue
        for term in crule.terms:
            failing = [x for x in term if not literal_holds(x, answers, ev)]
            if not failing:
                continue
            candidate = Unmet()
            candidate.rules.append(crule.rule)
            for x in failing:
                candidate.needs.append(wording.literal(x))
                if x.kind == "answer":
                    candidate.instead.append(wording.current(x.name, answers))
                elif not x.negated and depth < 4:
                    inner = _nearest_deriving(base, wording, x, answers, ev, depth + 1)
                    if inner is not None:
                        candidate.instead.extend(inner.instead)
                        candidate.rules.extend(inner.rules)
            if best is None or len(failing) < best.size:
                best = candidate
    return best


def _questions_behind(
    base: CompiledRuleBase, name: str, answers: Answers, ev: Evaluation, depth: int = 0
) -> list[str]:
    """The questions whose answers keep a derived fact from holding, through every rule that could
    derive it (all of them fail, or the fact would hold), in dialogue order."""
    found: list[str] = []
    for crule in base.rules:
        if crule.concludes[0] != name:
            continue
        for term in crule.terms:
            for x in term:
                if literal_holds(x, answers, ev):
                    continue
                if x.kind == "answer":
                    found.append(x.name)
                elif not x.negated and depth < 4:
                    found += _questions_behind(base, x.name, answers, ev, depth + 1)
    order = [q.id for q in base.kb.questions]
    return sorted(dict.fromkeys(found), key=lambda q: order.index(q) if q in order else len(order))


# --- why not another model ----------------------------------------------------------------------
#
# Nothing is "ruled out" in the report's name (DOMAIN.md, "Wording the alternatives and the
# confidence"). Where two feet out is recommended, it is because OCHA's draft policy, as the report
# cites it, prefers it in the answers' context (p. 20 ¶45, n. 27): following that preference is the
# assistant's choice, and the report's own cases of forceful disarmament and insurgency kept one
# foot in, one foot out (¶44, ¶47, ¶57).
# The thresholds the assistant sets ("only where …") are the assistant's; the report's words about
# two feet in keep their "typically" (¶46). The passages the texts quote are below, each verbatim
# from its paragraph (tests/test_alternatives_wording.py reads every quote against the report).

PREFERENCE_FACT = "decisive_two_feet_out"  # a context in which OCHA's draft prefers two feet out
TYPICAL_FACT = "two_feet_in_conditions_met"  # the situation in which two feet in typically occurs
ONE_FOOT = "one_foot_in_one_foot_out"
TWO_FEET_IN = "two_feet_in"
_IM = "Integrated Missions"
_CVP = "Conflicting Values and Principles"

OCHA_DRAFT = (
    Citation(section=_IM, page="20", paragraph="p45", quote="This is the preferred model in two contexts"),
    Citation(section=_IM, page="20", paragraph="fn27", quote="draft OCHA Policy Instruction"),
)
DEFAULT_MODEL = Citation(section=_IM, page="20", paragraph="p44", quote="the UN's default model")
OCHA_OUTSIDE = Citation(
    section=_IM,
    page="20",
    paragraph="p44",
    quote="the humanitarian coordination function is provided by OCHA outside the peacekeeping mission",
)
TYPICALLY = Citation(
    section=_IM,
    page="20-21",
    paragraph="p46",
    quote="This typically occurs when the security situation is very stable and the local authorities are able"
    " to coordinate the humanitarian response",
)
CURRENT_EXAMPLES = Citation(
    section=_IM,
    page="20",
    paragraph="p44",
    quote="Current examples are the DRC (MONUC) and southern Sudan (UNMIS)",
)
DRC_DISARMING = Citation(
    section=_CVP,
    page="24-25",
    paragraph="p57",
    quote="engaged in forcefully disarming rebel or militia groups, as in the Democratic Republic of Congo (DRC)",
)
AFGHANISTAN_INSURGENCY = Citation(
    section=_CVP, page="24-25", paragraph="p57", quote="or with an insurgency, as in Afghanistan"
)
UNAMA_MODEL = Citation(
    section=_IM,
    page="21",
    paragraph="p47",
    quote="Afghanistan (UNAMA), which has a one foot in, one foot out integration model",
)
SUDAN_TWO_MISSIONS = Citation(
    section=_IM,
    page="20",
    paragraph="p45",
    quote="more than one UN peacekeeping operation in the same country, e.g. the UN missions in Darfur (UNAMID)"
    " and Sudan (UNMIS)",
)
REPORT_CASES = (CURRENT_EXAMPLES, DRC_DISARMING, UNAMA_MODEL, AFGHANISTAN_INSURGENCY)


def refs(*citations: Citation) -> str:
    """Where passages are, as a reader sees it inline: "p. 20 ¶45, n. 27; p. 21 ¶47"."""
    from ..render.citations import paragraph_mark

    by_page: dict[str, list[str]] = {}
    for c in citations:
        marks = by_page.setdefault(c.page, [])
        mark = paragraph_mark(c.paragraph)
        if mark not in marks:
            marks.append(mark)
    return "; ".join(f"p. {page} {', '.join(marks)}" for page, marks in by_page.items())


def report_cases_sentence() -> str:
    """The report's own cases of forceful disarmament and insurgency, and the arrangement it records
    for them (¶44, ¶47, ¶57): one foot in, one foot out."""
    return (
        "The arrangement the report records in its own cases of forceful disarmament and of insurgency"
        f" is one foot in, one foot out: MONUC in the DRC, one of its “Current examples”"
        f" ({refs(CURRENT_EXAMPLES)}), where the intervention is “engaged in forcefully disarming rebel or"
        f" militia groups” ({refs(DRC_DISARMING)}); and UNAMA in Afghanistan, “which has a one foot in, one"
        f" foot out integration model” ({refs(UNAMA_MODEL)}), facing “an insurgency”"
        f" ({refs(AFGHANISTAN_INSURGENCY)})."
    )


@dataclass
class WhyNot:
    """Why a model is not recommended: the text, whose it is, the rules whose passages back it,
    and the passages the text itself cites."""

    text: str
    basis: str
    rules: list[Rule] = field(default_factory=list)
    passages: list[Citation] = field(default_factory=list)


def _answered(answers: Answers, qid: str, *values: str) -> bool:
    return any(v in values for v in answers.get(qid, ()))


def _standing(wording: Wording, qids: list[str], answers: Answers, *, asked_only: bool = False) -> str:
    """What stands for some questions: "you answered that A and that B; it is not known whether C".
    With ``asked_only``, questions not answered at all are left out (they were never asked)."""
    said = [q for q in qids if answers.get(q) and answers[q] != (UNKNOWN,)]
    parts = []
    if said:
        parts.append("you answered that " + " and that ".join(wording.answers(q, answers[q]) for q in said))
    for q in qids:
        if q in said or (asked_only and not answers.get(q)):
            continue
        parts.append(wording.current(q, answers))
    return "; ".join(parts)


def _firings_of(name: str, ev: Evaluation) -> list[Firing]:
    return [f for f in ev.firings if f.concludes[0] == name and ev.facts.get(f.concludes) == CERTAIN]


def why_not(base: CompiledRuleBase, wording: Wording, model: str, answers: Answers, ev: Evaluation) -> WhyNot:
    """Why a model was not recommended, in a sentence or two, with whose reading it is."""
    best: Unmet | None = None
    best_rule: Rule | None = None
    candidates = [r for r in base.rules if r.concludes == ("model", model)]
    # A fallback that fires when no other rule settled the model says nothing about this one.
    specific = [
        r for r in candidates if not any(lit.negated and lit.name == "model" for t in r.terms for lit in t)
    ]
    for crule in specific or candidates:
        for term in crule.terms:
            found = unmet(base, wording, crule, term, answers, ev)
            if best is None or found.size < best.size:
                best, best_rule = found, crule.rule
    if best is None or best_rule is None:
        return WhyNot("No rule leads to it.", "assistant")
    if not best.size:
        return WhyNot("Its conditions hold, but another model was settled first.", "assistant", best.rules)
    kb = base.kb
    domain = PREFERENCE_FACT in kb.facts and TYPICAL_FACT in kb.facts
    preferred = _firings_of(PREFERENCE_FACT, ev) if domain else []
    if preferred and any(f.concludes[0] == PREFERENCE_FACT for f in best.holding):
        return _preferred_elsewhere(base, wording, model, answers, ev, preferred)
    if best.ruled_out:
        # e.g. the Integrated Approach does not apply: said as the rules that derived it say it
        holding = [kb.rule(f.rule) for f in best.holding]
        basis = "report" if holding and all(r.basis == "report" for r in holding) else "assistant"
        return WhyNot(
            sentence(join_and(list(dict.fromkeys(best.ruled_out)))) + ".", basis, holding or best.rules
        )
    needed = {lit.name for lit in best.needed if lit.kind == "fact" and not lit.negated}
    if domain and PREFERENCE_FACT in needed:
        return _no_preferred_context(base, wording, answers, ev)
    if domain and TYPICAL_FACT in needed:
        return _not_typical(base, wording, answers, ev)
    if domain and model == ONE_FOOT and _firings_of(TYPICAL_FACT, ev):
        return _typical_holds(base, wording)
    qids: list[str] = []
    for lit in best.needed:
        qids += [lit.name] if lit.kind == "answer" else _questions_behind(base, lit.name, answers, ev)
    standing = _standing(wording, list(dict.fromkeys(qids)), answers)
    head = f"{sentence(wording.fact('model', model))} where {join_and(best.needs)}"
    return WhyNot(head + (f"; {standing}." if standing else "."), best_rule.basis or "assistant", best.rules)


def _rules_deriving(base: CompiledRuleBase, name: str) -> list[Rule]:
    return [r.rule for r in base.rules if r.concludes[0] == name]


def _preferred_elsewhere(
    base: CompiledRuleBase,
    wording: Wording,
    model: str,
    answers: Answers,
    ev: Evaluation,
    preferred: list[Firing],
) -> WhyNot:
    """Two feet out is recommended because a context holds in which OCHA's draft prefers it: that is
    OCHA's preference and the assistant's choice to follow it, never the report ruling a model out."""
    kb = base.kb
    contexts = list(dict.fromkeys(wording.fact(*f.concludes) for f in preferred))
    rules = [kb.rule(f.rule) for f in preferred]
    passages = list(OCHA_DRAFT)
    text = (
        f"OCHA's draft policy prefers two feet out where {' and where '.join(contexts)} ({refs(*OCHA_DRAFT)}),"
        " and your answers say so; the assistant follows that preference, which is its choice, not a rule"
        " of the report."
    )
    if model == ONE_FOOT:
        text += (
            f" The report calls one foot in, one foot out “the UN's default model” ({refs(DEFAULT_MODEL)})."
        )
        passages.append(DEFAULT_MODEL)
        values = {f.concludes[1] for f in preferred}
        if "armed_groups_outside_process" in values:
            text += " " + report_cases_sentence()
            passages += REPORT_CASES
        if _answered(answers, "geographic_mandate", "second_mission_in_country"):
            text += (
                " The report also records it for southern Sudan (UNMIS), one of its “Current examples”"
                f" ({refs(CURRENT_EXAMPLES)}), and gives UNMIS, beside UNAMID in Darfur, as its example of"
                f" “more than one UN peacekeeping operation in the same country” ({refs(SUDAN_TWO_MISSIONS)})."
            )
            passages += [CURRENT_EXAMPLES, SUDAN_TWO_MISSIONS]
    elif model == TWO_FEET_IN:
        standing = _standing(
            wording, _questions_behind(base, TYPICAL_FACT, answers, ev), answers, asked_only=True
        )
        text += (
            f" Apart from that preference, the assistant recommends two feet in only where {wording.fact(TYPICAL_FACT, 'yes')}:"
            f" the situation in which the report says two feet in “typically occurs” ({refs(TYPICALLY)})"
            + (f"; {standing}." if standing else ".")
        )
        passages.append(TYPICALLY)
        rules += _rules_deriving(base, TYPICAL_FACT)
    return WhyNot(text, "assistant", rules, passages)


def _no_preferred_context(
    base: CompiledRuleBase, wording: Wording, answers: Answers, ev: Evaluation
) -> WhyNot:
    """Two feet out, where no context holds in which OCHA's draft prefers it: the assistant's threshold."""
    fact = base.kb.facts[PREFERENCE_FACT]
    contexts = [fact.clause(v) for v in fact.values] or [fact.title]
    standing = _standing(wording, _questions_behind(base, PREFERENCE_FACT, answers, ev), answers)
    text = (
        "The assistant recommends two feet out only where a context holds in which OCHA's draft policy"
        f" prefers it ({refs(*OCHA_DRAFT)}): where {', or where '.join(contexts)}."
    )
    if standing:
        text += f" {sentence(standing)}."
    passages = list(OCHA_DRAFT)
    if not _answered(answers, "armed_groups_outside_process", "yes") and (
        _answered(answers, "forceful_disarmament", "yes") or _answered(answers, "insurgency", "yes")
    ):
        text += " " + report_cases_sentence()
        passages += REPORT_CASES
    return WhyNot(text, "assistant", _rules_deriving(base, PREFERENCE_FACT), passages)


def _not_typical(base: CompiledRuleBase, wording: Wording, answers: Answers, ev: Evaluation) -> WhyNot:
    """Two feet in, where the situation in which it typically occurs does not hold: the assistant's
    threshold, the report's "typically"."""
    standing = _standing(wording, _questions_behind(base, TYPICAL_FACT, answers, ev), answers)
    text = (
        f"The assistant recommends two feet in only where {wording.fact(TYPICAL_FACT, 'yes')}: the situation"
        f" in which the report says two feet in “typically occurs” ({refs(TYPICALLY)})."
    )
    if standing:
        text += f" {sentence(standing)}."
    return WhyNot(text, "assistant", _rules_deriving(base, TYPICAL_FACT), [TYPICALLY])


def _typical_holds(base: CompiledRuleBase, wording: Wording) -> WhyNot:
    """One foot in, one foot out, where the answers describe the situation in which two feet in
    typically occurs. The assistant recommends it with OCHA absent too, short of that situation."""
    text = (
        f"The assistant recommends two feet in where {wording.fact(TYPICAL_FACT, 'yes')}, as your answers say:"
        f" the situation in which the report says two feet in “typically occurs” ({refs(TYPICALLY)}). In one"
        " foot in, one foot out the humanitarian coordination function is “provided by OCHA outside the"
        f" peacekeeping mission” ({refs(OCHA_OUTSIDE)}); with OCHA absent, the assistant recommends it where"
        " security or local capacity falls short of that situation."
    )
    return WhyNot(text, "assistant", _rules_deriving(base, TYPICAL_FACT), [TYPICALLY, OCHA_OUTSIDE])


def _dedupe(cites: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in cites:
        key = (c.paragraph, c.quote)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def would_be(kb: KnowledgeBase, model: str) -> str:
    """'the recommendation would be two feet in'; 'no integration model would apply'."""
    if model == "not_applicable":
        return "no integration model would apply"
    return f"the recommendation would be {kb.models[model].label.lower()}"
