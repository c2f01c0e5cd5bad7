"""Invariants of the decision logic over random answer sets."""
import random
from functools import cache

import pytest
from hypothesis import given, strategies as st

from assistant.consultation.consult import Consultation, consult
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
    decisive = one(answers, "geographic_mandate") in {"multi_country", "second_mission_in_country"} \
        or one(answers, "armed_groups_outside_process") == "yes"
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
def test_every_claim_cites_a_passage(answers):
    result = consult(answers, KB)

    def walk(reason):
        assert reason.citations, reason.rule
        for sub in reason.because:
            walk(sub)

    for reason in result.recommendation.reasons:
        walk(reason)
    assert all(a.citations for a in result.recommendation.alternatives)
    for flag in result.flags:
        assert flag.citations, flag.id
        assert flag.mitigations
    assert all(step.citations for step in result.trace)
    assert all(n.citations for n in result.notes)


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
    session = Consultation(KB)
    order = list(answers)
    rnd.shuffle(order)
    for qid in order:
        q = KB.question(qid)
        # a wrong answer first, sometimes, then the real one; sometimes an answer withdrawn
        if rnd.random() < 0.5:
            session.answer(qid, [rnd.choice(q.option_ids)])
        if rnd.random() < 0.2:
            session.forget(qid)
        session.answer(qid, list(answers[qid]))
    extra = [q for q in KB.questions if q.id not in answers]
    if extra:
        q = rnd.choice(extra)
        session.answer(q.id, [q.option_ids[0]])
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
            assert other.recommendation.confidence == base.recommendation.confidence or \
                base.recommendation.confidence == "tentative", (q.id, option)
            assert [(f.id, f.severity) for f in other.flags] == [(f.id, f.severity) for f in base.flags], (q.id, option)
            assert [n.id for n in other.notes] == [n.id for n in base.notes], (q.id, option)


@given(answer_sets())
def test_next_question_is_open_and_unanswered(answers):
    result = consult(answers, KB)
    if result.next_question:
        assert result.next_question not in answers
        assert result.next_question not in {s.question for s in result.skipped}
    else:
        assert result.complete


@pytest.mark.parametrize("copies", [1, 4, 8], ids=["shipped", "copied-4x", "copied-8x"])
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
