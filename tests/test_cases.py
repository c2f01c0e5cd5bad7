"""The report's own examples, as reference cases: each gives its expected model and flags."""

import pytest

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult

from .conftest import CASES, load_case


def test_cases_are_present():
    assert len(CASES) >= 9


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_reference_case(path, kb):
    case = load_case(path)
    result = consult(normalize(kb, case["answers"]), kb)
    expect = case["expect"]
    flags = {f.id for f in result.flags}
    assert result.recommendation.model == expect["model"]
    assert set(expect.get("flags", [])) <= flags
    assert not set(expect.get("not_flags", [])) & flags
    # every claim is cited by its basis: support for the report's, "see" for the assistant's
    assert result.recommendation.citations
    assert all(r.citations if r.basis == "report" else r.see for r in result.recommendation.reasons)
    assert all(f.citations if f.basis == "report" else f.see for f in result.flags)


def test_two_feet_out_is_firm_with_no_form(kb):
    case = load_case(next(p for p in CASES if "darfur" in p.stem))
    rec = consult(normalize(kb, case["answers"]), kb).recommendation
    assert (rec.model, rec.confidence, rec.form) == ("two_feet_out", "firm", "none")


@pytest.mark.parametrize(
    "stem, form", [("burundi", "ersg_rc_hc"), ("drc", "dsrsg_rc_hc"), ("sierra", "ersg_rc_hc")]
)
def test_structural_form(kb, stem, form):
    case = load_case(next(p for p in CASES if stem in p.stem))
    assert consult(normalize(kb, case["answers"]), kb).recommendation.form == form


def test_burundi_note_on_later_transition(kb):
    answers = normalize(
        kb,
        {
            **load_case(next(p for p in CASES if "burundi" in p.stem))["answers"],
            "security_situation": "very_stable",
            "local_humanitarian_capacity": "yes",
        },
    )
    result = consult(answers, kb)
    assert result.recommendation.model == "one_foot_in_one_foot_out"
    assert "later_transition" in {n.id for n in result.notes}


def test_ocha_gone_too_early_raises_the_gap(kb):
    answers = normalize(
        kb,
        {
            "un_presence": "multidimensional_pko",
            "country_team": "yes",
            "geographic_mandate": "single_country",
            "armed_groups_outside_process": "no",
            "ocha_presence": "not_present",
            "security_situation": "volatile",
            "local_humanitarian_capacity": "yes",
        },
    )
    result = consult(answers, kb)
    assert result.recommendation.model == "one_foot_in_one_foot_out"
    gap = next(f for f in result.flags if f.id == "humanitarian_coordination_gap")
    assert gap.severity == "high"
    # it says it is an inference, as the report does not discuss the case
    assert "inference" in gap.explanation


def test_unknown_answer_makes_it_tentative_and_names_the_alternative(kb):
    answers = normalize(
        kb,
        {
            "un_presence": "multidimensional_pko",
            "country_team": "yes",
            "geographic_mandate": "unknown",
            "armed_groups_outside_process": "no",
            "ocha_presence": "present",
        },
    )
    rec = consult(answers, kb).recommendation
    assert rec.model == "one_foot_in_one_foot_out"
    assert rec.confidence == "tentative"
    assumption = next(a for a in rec.assumptions if a.question == "geographic_mandate")
    assert assumption.status == "unknown"
    assert {c.option: c.model for c in assumption.would_change} == {
        "multi_country": "two_feet_out",
        "second_mission_in_country": "two_feet_out",
    }


def test_not_applicable_still_evaluates_coherence_flags(kb):
    answers = normalize(kb, {"country_team": "no", "strategic_framework": "none", "hostility": "high"})
    result = consult(answers, kb)
    assert result.recommendation.model == "not_applicable"
    assert result.recommendation.confidence == "firm"
    assert {"strategic_deficit", "hostile_environment"} <= {f.id for f in result.flags}
    assert "humanitarian_independence" not in {f.id for f in result.flags}


def test_structural_barriers_name_each_barrier(kb):
    answers = normalize(kb, {"structural_barriers": ["resource_sharing", "remuneration_gaps"]})
    flag = next(f for f in consult(answers, kb).flags if f.id == "structural_impediments")
    text = " ".join(flag.details)
    assert "obstacles to sharing resources" in text and "pay and benefit gaps" in text


def test_military_assets_lists_the_six_principles(kb):
    flag = next(
        f
        for f in consult(normalize(kb, {"military_assets": "yes"}), kb).flags
        if f.id == "military_assets_last_resort"
    )
    assert len(flag.mitigations) == 6
    assert all(m.citations and m.citations[0].paragraph == "p36" for m in flag.mitigations)


def test_reasons_form_a_tree(kb):
    case = load_case(next(p for p in CASES if "liberia" in p.stem))
    reason = consult(normalize(kb, case["answers"]), kb).recommendation.reasons[0]
    assert reason.rule == "model.two_feet_in"
    child = reason.because[0]
    assert child.rule == "conditions.two_feet_in_met"
    assert child.because and child.because[0].rule == "conditions.local_met"


def test_empty_consultation_asks_the_first_question(kb):
    result = consult({}, kb)
    assert result.next_question == kb.questions[0].id
    assert result.recommendation.confidence == "tentative"
    assert not result.complete
