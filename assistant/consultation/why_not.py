"""Why another model is not recommended, and whose reading that is.

Nothing is "ruled out" in the report's name: a why-not is the report's only where a cited passage
says it (OCHA's draft policy prefers two feet out in two contexts; two feet in typically occurs
in one situation); otherwise it is the assistant's reading of the answers, with the passages it
rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import _
from ..knowledge.schema import UNKNOWN, Citation, Rule
from ..reasoning.compiled import CompiledRuleBase
from ..reasoning.evaluate import CERTAIN, Evaluation, Firing
from .answers import Answers
from .explain import (
    Unmet,
    Wording,
    answered_that,
    join_and,
    joined,
    questions_behind,
    semicolon,
    sentence,
    unmet,
)

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
    return _(
        "The arrangement the report records in its own cases of forceful disarmament and of insurgency"
        " is one foot in, one foot out: MONUC in the DRC, one of its “Current examples”"
        " ({examples}), where the intervention is “engaged in forcefully disarming rebel or"
        " militia groups” ({disarming}); and UNAMA in Afghanistan, “which has a one foot in, one"
        " foot out integration model” ({unama}), facing “an insurgency”"
        " ({insurgency})."
    ).format(
        examples=refs(CURRENT_EXAMPLES),
        disarming=refs(DRC_DISARMING),
        unama=refs(UNAMA_MODEL),
        insurgency=refs(AFGHANISTAN_INSURGENCY),
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
        parts.append(answered_that([wording.answers(q, answers[q]) for q in said]))
    for q in qids:
        if q in said or (asked_only and not answers.get(q)):
            continue
        parts.append(wording.current(q, answers))
    return joined(semicolon().join(parts))


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
        return WhyNot(_("No rule leads to it."), "assistant")
    if not best.size:
        return WhyNot(_("Its conditions hold, but another model was settled first."), "assistant", best.rules)
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
            joined(sentence(join_and(list(dict.fromkeys(best.ruled_out)))) + "."),
            basis,
            holding or best.rules,
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
        qids += [lit.name] if lit.kind == "answer" else questions_behind(base, lit.name, answers, ev)
    standing = _standing(wording, list(dict.fromkeys(qids)), answers)
    head = _("{model} where {conditions}").format(
        model=sentence(wording.fact("model", model)), conditions=join_and(best.needs)
    )
    text = _("{head}; {standing}.").format(head=head, standing=standing) if standing else f"{head}."
    return WhyNot(joined(text), best_rule.basis or "assistant", best.rules)


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
    where = contexts[0]
    for context in contexts[1:]:
        where = _("{contexts} and where {context}").format(contexts=where, context=context)
    text = _(
        "OCHA's draft policy prefers two feet out where {contexts} ({refs}),"
        " and your answers say so; the assistant follows that preference, which is its choice, not a rule"
        " of the report."
    ).format(contexts=where, refs=refs(*OCHA_DRAFT))
    if model == ONE_FOOT:
        text += " " + _(
            "The report calls one foot in, one foot out “the UN's default model” ({refs})."
        ).format(refs=refs(DEFAULT_MODEL))
        passages.append(DEFAULT_MODEL)
        values = {f.concludes[1] for f in preferred}
        if "armed_groups_outside_process" in values:
            text += " " + report_cases_sentence()
            passages += REPORT_CASES
        if _answered(answers, "geographic_mandate", "second_mission_in_country"):
            text += " " + _(
                "The report also records it for southern Sudan (UNMIS), one of its “Current examples”"
                " ({examples}), and gives UNMIS, beside UNAMID in Darfur, as its example of"
                " “more than one UN peacekeeping operation in the same country” ({two_missions})."
            ).format(examples=refs(CURRENT_EXAMPLES), two_missions=refs(SUDAN_TWO_MISSIONS))
            passages += [CURRENT_EXAMPLES, SUDAN_TWO_MISSIONS]
    elif model == TWO_FEET_IN:
        standing = _standing(
            wording, questions_behind(base, TYPICAL_FACT, answers, ev), answers, asked_only=True
        )
        situation = _(
            "Apart from that preference, the assistant recommends two feet in only where {situation}:"
            " the situation in which the report says two feet in “typically occurs” ({refs})"
        ).format(situation=wording.fact(TYPICAL_FACT, "yes"), refs=refs(TYPICALLY))
        text += " " + (
            _("{head}; {standing}.").format(head=situation, standing=standing)
            if standing
            else f"{situation}."
        )
        passages.append(TYPICALLY)
        rules += _rules_deriving(base, TYPICAL_FACT)
    return WhyNot(joined(text), "assistant", rules, passages)


def _no_preferred_context(
    base: CompiledRuleBase, wording: Wording, answers: Answers, ev: Evaluation
) -> WhyNot:
    """Two feet out, where no context holds in which OCHA's draft prefers it: the assistant's threshold."""
    fact = base.kb.facts[PREFERENCE_FACT]
    contexts = [fact.clause(v) for v in fact.values] or [fact.title]
    standing = _standing(wording, questions_behind(base, PREFERENCE_FACT, answers, ev), answers)
    where = contexts[0]
    for context in contexts[1:]:
        where = _("{contexts}, or where {context}").format(contexts=where, context=context)
    text = _(
        "The assistant recommends two feet out only where a context holds in which OCHA's draft policy"
        " prefers it ({refs}): where {contexts}."
    ).format(refs=refs(*OCHA_DRAFT), contexts=where)
    if standing:
        text += f" {sentence(standing)}."
    passages = list(OCHA_DRAFT)
    if not _answered(answers, "armed_groups_outside_process", "yes") and (
        _answered(answers, "forceful_disarmament", "yes") or _answered(answers, "insurgency", "yes")
    ):
        text += " " + report_cases_sentence()
        passages += REPORT_CASES
    return WhyNot(joined(text), "assistant", _rules_deriving(base, PREFERENCE_FACT), passages)


def _not_typical(base: CompiledRuleBase, wording: Wording, answers: Answers, ev: Evaluation) -> WhyNot:
    """Two feet in, where the situation in which it typically occurs does not hold: the assistant's
    threshold, the report's "typically"."""
    standing = _standing(wording, questions_behind(base, TYPICAL_FACT, answers, ev), answers)
    text = _(
        "The assistant recommends two feet in only where {situation}: the situation"
        " in which the report says two feet in “typically occurs” ({refs})."
    ).format(situation=wording.fact(TYPICAL_FACT, "yes"), refs=refs(TYPICALLY))
    if standing:
        text += f" {sentence(standing)}."
    return WhyNot(joined(text), "assistant", _rules_deriving(base, TYPICAL_FACT), [TYPICALLY])


def _typical_holds(base: CompiledRuleBase, wording: Wording) -> WhyNot:
    """One foot in, one foot out, where the answers describe the situation in which two feet in
    typically occurs. The assistant recommends it with OCHA absent too, short of that situation."""
    text = _(
        "The assistant recommends two feet in where {situation}, as your answers say:"
        " the situation in which the report says two feet in “typically occurs” ({typically}). In one"
        " foot in, one foot out the humanitarian coordination function is “provided by OCHA outside the"
        " peacekeeping mission” ({outside}); with OCHA absent, the assistant recommends it where"
        " security or local capacity falls short of that situation."
    ).format(
        situation=wording.fact(TYPICAL_FACT, "yes"), typically=refs(TYPICALLY), outside=refs(OCHA_OUTSIDE)
    )
    return WhyNot(joined(text), "assistant", _rules_deriving(base, TYPICAL_FACT), [TYPICALLY, OCHA_OUTSIDE])
