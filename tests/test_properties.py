"""Invariants of the decision logic over random answer sets."""

import random
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.consultation.consult import Consultation, consult, recomputed
from assistant.reasoning import engine
from assistant.reasoning.compiled import compiled
from assistant.reasoning.evaluate import evaluate

from .strategies import KB, MODEL_QUESTIONS, answer_sets, copied_rule_base

INTEGRATING = {"multidimensional_pko", "political_mission", "peacebuilding_office"}
CONFLICT_QUESTIONS = ["hostility", "host_consent", "insurgency", "forceful_disarmament"]


@cache
def _copied(copies: int):
    return copied_rule_base(compiled(KB), copies)


def one(answers, q):
    return answers.get(q, ("unanswered",))[0]


def applicable(a):
    return one(a, "country_team") == "yes" and one(a, "un_presence") in INTEGRATING


@given(answer_sets())
def test_not_applicable_exactly_when_no_team_or_no_integrating_mission(answers):
    model = consult(answers, KB).recommendation.model
    na = one(answers, "country_team") == "no" or one(answers, "un_presence") in {"none", "traditional_pko"}
    assert (model == "not_applicable") == na


@given(answer_sets())
def test_decisive_conditions_give_two_feet_out_firmly(answers):
    rec = consult(answers, KB).recommendation
    decisive = (
        one(answers, "geographic_mandate") in {"multi_country", "second_mission_in_country"}
        or one(answers, "armed_groups_outside_process") == "yes"
    )
    if applicable(answers) and decisive:
        assert (rec.model, rec.confidence, rec.form) == ("two_feet_out", "firm", "none")
    if rec.model == "two_feet_out":
        assert decisive


@given(answer_sets())
def test_ocha_present_never_gives_two_feet_in(answers):
    if one(answers, "ocha_presence") == "present":
        assert consult(answers, KB).recommendation.model != "two_feet_in"


@given(answer_sets())
def test_two_feet_in_only_with_its_three_conditions(answers):
    rec = consult(answers, KB).recommendation
    if rec.model == "two_feet_in":
        assert one(answers, "ocha_presence") == "not_present"
        assert one(answers, "security_situation") == "very_stable"
        assert one(answers, "local_humanitarian_capacity") == "yes"
        assert rec.form in {"dsrsg_rc_hc", "ersg_rc_hc", "undetermined"}


@given(answer_sets())
def test_every_claim_says_its_basis_and_cites_accordingly(answers):
    """A report statement quotes the passage that states it; an assistant statement never presents
    citations as support, and points to the passages it rests on."""
    result = consult(answers, KB)

    def cited(item, what):
        if item.basis == "report":
            assert any(c.quote for c in item.citations), what
        else:
            assert item.basis == "assistant", what
            assert not item.citations and item.see, what

    def walk(reason):
        cited(reason, reason.rule)
        for sub in reason.because:
            walk(sub)

    rec = result.recommendation
    cited(rec, rec.model)
    for reason in rec.reasons:
        walk(reason)
    for a in rec.alternatives:
        cited(a, a.model)
    for flag in result.flags:
        cited(flag, flag.id)
        assert flag.mitigations
        for m in flag.mitigations:
            cited(m, f"{flag.id}: {m.text}")
    for n in result.notes:
        cited(n, n.id)
        for i in n.items:
            cited(i, f"{n.id}: {i.text}")
    assert all(step.citations or KB.rule(step.rule).see for step in result.trace)


def ocha_absent_path(a) -> bool:
    """DOMAIN.md §2 step 5: applicable, no context for two feet out, OCHA not present, and security
    or local capacity short of the two-feet-in situation."""
    return (
        applicable(a)
        and one(a, "geographic_mandate") == "single_country"
        and one(a, "armed_groups_outside_process") == "no"
        and one(a, "ocha_presence") == "not_present"
        and (
            one(a, "security_situation") in ("stable", "volatile")
            or one(a, "local_humanitarian_capacity") in ("partly", "no")
        )
    )


@given(answer_sets(with_unknown=False))
def test_inferred_exactly_on_the_ocha_absent_path(answers):
    rec = consult(answers, KB).recommendation
    if ocha_absent_path(answers):
        assert (rec.model, rec.confidence) == ("one_foot_in_one_foot_out", "inferred")
    else:
        assert rec.confidence != "inferred"


@given(answer_sets())
def test_inferred_only_on_the_ocha_absent_path_with_unknowns_too(answers):
    rec = consult(answers, KB).recommendation
    if rec.confidence == "inferred":
        assert ocha_absent_path(answers)


@given(answer_sets())
def test_mitigations_fit_the_recommendation(answers):
    """No mitigation argues against the model recommended or the situation answered."""
    result = consult(answers, KB)
    texts = [m.text for f in result.flags for m in f.mitigations]
    keeps_ocha_outside = any("Keep OCHA's coordination function outside" in t for t in texts)
    if keeps_ocha_outside:
        assert result.recommendation.model == "one_foot_in_one_foot_out"
        assert one(answers, "ocha_presence") == "present"


@given(answer_sets())
def test_severities_follow_the_report(answers):
    """DOMAIN.md §4: especially acute situations are high; moderate hostility alone is medium; limited
    consent raises nothing by itself; stabilization tensions do not rise with hostility; a framework
    agreed by a core group of external and internal actors raises no strategic deficit and carries the
    note, a partial one (draft, incomplete, externals only) a medium deficit, none a high one."""
    result = consult(answers, KB)
    sev = {f.id: f.severity for f in result.flags}
    acute = (
        one(answers, "hostility") == "high"
        or one(answers, "host_consent") == "hostile"
        or one(answers, "insurgency") == "yes"
        or one(answers, "forceful_disarmament") == "yes"
    )
    if acute:
        assert sev.get("hostile_environment") == "high"
    elif one(answers, "hostility") == "moderate":
        assert sev.get("hostile_environment") == "medium"
    else:
        assert "hostile_environment" not in sev
    if "stabilization_vs_accountability" in sev:
        assert sev["stabilization_vs_accountability"] == "medium"
    framework = one(answers, "strategic_framework")
    if framework == "none":
        assert sev.get("strategic_deficit") == "high"
    elif framework == "partial":  # a draft, incomplete or externals-only framework: the assistant's medium
        assert sev.get("strategic_deficit") == "medium"
    else:
        assert "strategic_deficit" not in sev
    assert ("core_group_framework" in {n.id for n in result.notes}) == (framework == "core_group")


@given(answer_sets(with_unknown=False), st.sampled_from(CONFLICT_QUESTIONS), st.data())
def test_hostility_alone_never_changes_the_model(answers, question, data):
    q = KB.question(question)
    before = consult(answers, KB).recommendation.model
    other = data.draw(st.sampled_from(q.option_ids))
    assert consult({**answers, question: (other,)}, KB).recommendation.model == before


@given(answer_sets())
def test_confidence_is_tentative_exactly_when_something_open_matters(answers):
    rec = consult(answers, KB).recommendation
    settled = all(one(answers, q) not in ("unknown", "unanswered") for q in MODEL_QUESTIONS)
    if settled:
        assert rec.confidence != "tentative"
    if rec.confidence == "tentative":
        assert rec.missing and rec.assumptions
    else:
        assert not rec.missing


@given(answer_sets(), st.randoms(use_true_random=False))
def test_any_order_and_any_changes_give_a_fresh_result(answers, rnd):
    # every reading a run of the rules, none a result kept from an earlier reading
    with recomputed():
        _any_order_and_any_changes(answers, rnd)


def _any_order_and_any_changes(answers, rnd) -> None:
    session = Consultation(KB)
    order = list(answers)
    rnd.shuffle(order)
    for qid in order:
        q = KB.question(qid)
        # a wrong answer first, sometimes, then the real one; sometimes an answer withdrawn
        # the result is read after every change, as the chat does: each reading is a run of the
        # rules on the engine the earlier runs used
        if rnd.random() < 0.5:
            session.answer(qid, [rnd.choice(q.option_ids)])
            assert session.result
        if rnd.random() < 0.2:
            session.forget(qid)
            assert session.result
        session.answer(qid, list(answers[qid]))
        assert session.result
    extra = [q for q in KB.questions if q.id not in answers]
    if extra:
        q = rnd.choice(extra)
        session.answer(q.id, [q.option_ids[0]])
        assert session.result
        session.forget(q.id)
    assert session.result.model_dump() == consult(answers, KB).model_dump()


@given(answer_sets())
def test_skipped_questions_cannot_change_the_result(answers):
    result = consult(answers, KB)
    base = consult(answers, KB)
    for skipped in result.skipped:
        q = KB.question(skipped.question)
        for option in q.option_ids:
            other = consult({**answers, q.id: (option,)}, KB)
            assert other.recommendation.model == base.recommendation.model, (q.id, option)
            assert (
                other.recommendation.confidence == base.recommendation.confidence
                or base.recommendation.confidence == "tentative"
            ), (q.id, option)
            assert [(f.id, f.severity) for f in other.flags] == [(f.id, f.severity) for f in base.flags], (
                q.id,
                option,
            )
            assert [n.id for n in other.notes] == [n.id for n in base.notes], (q.id, option)


@given(answer_sets())
def test_next_question_is_open_and_unanswered(answers):
    result = consult(answers, KB)
    if result.next_question:
        assert result.next_question not in answers
        assert result.next_question not in {s.question for s in result.skipped}
    else:
        assert result.complete


@pytest.mark.parametrize(
    "copies",
    # eight copies: the largest agenda, a few seconds, with the long tests
    [1, 4, pytest.param(8, marks=pytest.mark.slow)],
    ids=["shipped", "copied-4x", "copied-8x"],
)
@given(answers=answer_sets())
def test_direct_evaluator_fires_exactly_what_experta_fires(copies, answers):
    # The copies put many activations of equal rank on Experta's agenda (see _experta.DepthStrategy).
    base = compiled(KB) if copies == 1 else _copied(copies)
    by_experta = engine.run(base, answers)
    direct = evaluate(base, answers)
    key = lambda f: (f.rule, f.term, f.matched, f.concludes)  # noqa: E731
    assert sorted(map(key, by_experta.firings)) == sorted(map(key, direct.firings))
    assert set(by_experta.facts) == set(direct.facts)


def test_completing_an_interview_by_next_question_reaches_complete():
    rnd = random.Random(7)
    for _ in range(20):
        session = Consultation(KB)
        for _ in range(len(KB.questions) + 1):
            nxt = session.result.next_question
            if nxt is None:
                break
            q = KB.question(nxt)
            session.answer(nxt, [rnd.choice(q.option_ids)])
        assert session.result.complete
        assert session.result.recommendation.confidence != "tentative"
