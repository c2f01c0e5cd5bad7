"""The understanding step: what typed words say to a question (record, confirm, ask), and how
the chat asks the officer to confirm what was inferred."""

from __future__ import annotations

import pytest

from assistant.consultation.understand import Said, is_accept, is_withdraw, said_words, tokens, understand
from assistant.conversation import Conversation

from .test_conversation import reach


def read(kb, qid: str, text: str):
    return understand(kb.question(qid), text, kb.questions)


# The readings an officer found wrong, one by one: each now gives the right answer or a question.
TABLE = [
    ("national_ownership", "the government does not lead it", {"consulted", "marginal"}),
    ("hostility", "not very hostile", {"moderate"}),
    ("military_assets", "no, they are not considering military assets", {"no"}),
    ("non_un_forces", "yes, AU troops", {"yes"}),
    ("host_consent", "not hostile", {"full", "limited"}),
    ("host_consent", "the government is not against the UN", {"full", "limited"}),
    ("security_situation", "not very stable", {"stable", "volatile"}),
    ("insurgency", "there is no active insurgency", {"no"}),
    ("ocha_presence", "OCHA closed its office", {"not_present"}),
    ("strategic_framework", "not agreed", {"core_group", "partial", "none"}),
    ("armed_groups_outside_process", "some militias are not in the peace deal", {"yes"}),
]


@pytest.mark.parametrize("qid, typed, right", TABLE)
def test_the_reported_misreadings_give_the_right_answer_or_a_question(kb, qid, typed, right):
    u = read(kb, qid, typed)
    if u.outcome == "ask":
        assert set(u.candidates) <= right and u.candidates, u
    else:
        assert set(u.options) <= right, u


@pytest.mark.parametrize(
    "qid, typed, outcome, options",
    [
        ("hostility", "2", "record", ("moderate",)),
        ("hostility", "Moderate: some tension", "record", ("moderate",)),
        ("hostility", "moderate", "record", ("moderate",)),
        ("hostility", "well, it's tense", "record", ("moderate",)),  # a synonym among fillers
        ("country_team", "yes, definitely", "record", ("yes",)),
        ("insurgency", "no", "record", ("no",)),
        ("insurgency", "no, it ended with the 2006 agreement", "record", ("no",)),  # "no, …" with details
        ("ocha_presence", "no", "record", ("not_present",)),  # a no that names an option
        ("ocha_presence", "OCHA never left", "confirm", ("present",)),  # negated post-trigger
        ("hostility", "not hostile at all", "confirm", ("low",)),
        ("insurgency", "mostly yes", "confirm", ("yes",)),  # a hedge
        ("security_situation", "volatle", "confirm", ("volatile",)),  # a typo
        ("host_consent", "full, no wait, limited", "confirm", ("limited",)),  # a correction
        ("non_un_forces", "no NATO", "confirm", ("no",)),
        (
            "structural_barriers",
            "not budgets, just vehicle rules",
            "confirm",
            ("movement_and_vehicle_rules",),
        ),
        ("structural_barriers", "1, 3", "record", ("movement_and_vehicle_rules", "separate_budgets")),
        (
            "structural_barriers",
            "everything except pay",
            "confirm",
            ("movement_and_vehicle_rules", "resource_sharing", "separate_budgets"),
        ),
        ("structural_barriers", "none, apart from the salary gap", "confirm", ("remuneration_gaps",)),
        ("hostility", "not sure", "record", ("unknown",)),
    ],
)
def test_readings(kb, qid, typed, outcome, options):
    u = read(kb, qid, typed)
    assert (u.outcome, u.options) == (outcome, options), u.reading
    assert u.reading  # always one line of why


@pytest.mark.parametrize(
    "qid, typed",
    [
        ("hostility", "hostile but not hostile"),  # contradicts itself
        ("insurgency", "yes and no"),
        ("hostility", "moderate or high"),  # two options of a single-choice question
        ("hostility", "what time is it"),  # names none
        ("mission_phase", "the mission is multidimensional"),  # an answer to another question
        ("local_humanitarian_capacity", "yes, but only with some outside help"),  # qualified
        ("geographic_mandate", "one country or two, depending on how you count"),  # left open
        ("ocha_presence", "what does OCHA do again?"),  # a question, not an answer
        ("structural_barriers", "none, 1"),  # none cannot go with another barrier
        ("hostility", "9"),  # no such number
    ],
)
def test_what_is_unclear_is_asked(kb, qid, typed):
    u = read(kb, qid, typed)
    assert u.outcome == "ask" and u.options == (), u


def test_a_graded_negation_never_jumps_to_the_far_end(kb):
    # "not very high" is the step below, never low; "not low" leaves the rest of the scale
    assert read(kb, "hostility", "not very hostile").options == ("moderate",)
    u = read(kb, "hostility", "not low")
    assert u.outcome == "ask" and set(u.candidates) == {"moderate", "high"}
    u = read(kb, "security_situation", "not very stable")
    assert "very_stable" not in u.options + u.candidates


def test_an_answer_to_another_question_is_named(kb):
    u = read(kb, "mission_phase", "the mission is multidimensional")
    assert "UN presence" in u.reading


def test_words_are_read_as_typed():
    assert tokens("OCHA isn't there; they've LEFT") == ["ocha", "is", "not", "there", ",", "they've", "left"]
    assert tokens("can't") == ["can", "not"]


def test_accept_and_withdraw_words():
    assert all(is_accept(w) for w in ("yes", "Y", "ok", "OK!", "sure"))
    assert all(is_withdraw(w) for w in ("no", "n", "nope", "wrong"))
    assert not is_accept("yes, but") and not is_withdraw("no NATO")


def test_said_words():
    assert said_words(Said("the government does not lead it", "confirmed")) == (
        "you typed: “the government does not lead it”; confirmed"
    )
    assert said_words(Said("3", "exact")) == "you typed: “3”"
    assert said_words(Said("", "picked")) == "picked from the list"
    assert said_words(None) == ""


# --- in the chat ------------------------------------------------------------------------------


@pytest.fixture
def chat(kb):
    c = Conversation(kb)
    c.start()
    return c


def test_an_inferred_reading_is_proposed_and_recorded_on_enter(chat):
    reach(chat, "hostility")
    replies = chat.handle("not very hostile")
    proposed = replies[-1]
    assert proposed.kind == "propose" and proposed.candidates == ("moderate",)
    assert "I read “not very hostile” as **Moderate: some tension**" in proposed.text
    assert "Enter records it" in proposed.text
    assert "hostility" not in chat.consultation.answers  # nothing recorded yet
    chat.handle("")  # Enter
    assert chat.consultation.answers["hostility"] == ("moderate",)
    assert chat.said["hostility"] == Said("not very hostile", "confirmed")


@pytest.mark.parametrize("word", ["yes", "y", "ok"])
def test_yes_accepts_the_reading_even_on_a_yes_no_question(chat, word):
    reach(chat, "insurgency")
    chat.handle("there is no active insurgency")
    chat.handle(word)  # accepts "No": it is not an answer of yes
    assert chat.consultation.answers["insurgency"] == ("no",)


def test_no_withdraws_the_reading_and_the_question_stays_open(chat):
    reach(chat, "hostility")
    chat.handle("not very hostile")
    replies = chat.handle("no")
    assert "Nothing recorded for Hostility" in replies[1].text
    assert replies[-1].kind == "question" and replies[-1].question == "hostility"
    assert "hostility" not in chat.consultation.answers and chat.proposal is None


def test_escape_withdraws_and_another_answer_replaces_the_reading(chat):
    reach(chat, "hostility")
    chat.handle("not very hostile")
    chat.withdraw()  # Escape
    assert chat.proposal is None and "hostility" not in chat.consultation.answers
    chat.handle("not very hostile")
    chat.handle("3")  # another answer replaces the proposal
    assert chat.consultation.answers["hostility"] == ("high",)
    assert chat.said["hostility"] == Said("", "picked")  # by number: a pick


def test_an_ask_offers_only_what_fits(chat):
    reach(chat, "host_consent")
    unclear = chat.handle("the government is not against the UN")[-1]
    assert unclear.kind == "unclear"
    assert set(unclear.candidates) == {"full", "limited"}
    assert "Hostile host government" not in unclear.text.split("Which is it")[1]
    assert "host_consent" not in chat.consultation.answers


def test_set_and_what_if_use_the_same_reading(chat):
    chat.handle("set hostility not very hostile")
    assert chat.proposal is not None and "hostility" not in chat.consultation.answers
    chat.handle("")
    assert chat.consultation.answers["hostility"] == ("moderate",)
    whatif = chat.handle("what if OCHA pulled out")[-1]
    assert whatif.kind == "whatif"
    assert "I read “OCHA pulled out” as OCHA's presence: OCHA is not present." in whatif.text
    assert "ocha_presence" not in chat.consultation.answers


def test_a_pick_from_the_list_is_kept_as_picked(chat):
    chat.choose(("multidimensional_pko",))
    assert chat.said["un_presence"] == Said("", "picked")


def test_undo_and_back_bring_the_words_back_and_away(chat):
    reach(chat, "hostility")
    chat.handle("not very hostile")
    chat.handle("")
    chat.handle("set hostility 3")
    assert chat.said["hostility"] == Said("", "picked")
    chat.handle("undo")
    assert chat.said["hostility"] == Said("not very hostile", "confirmed")
    assert chat.consultation.answers["hostility"] == ("moderate",)


def test_the_summary_shows_the_words_typed(chat):
    reach(chat, "hostility")
    chat.handle("not very hostile")
    chat.handle("")
    summary = chat.handle("summary")[-1].text
    assert "Hostility: Moderate: some tension (you typed: “not very hostile”; confirmed)" in summary


def test_training_answers_are_read_the_same_way(kb):
    case = kb.cases[0]
    c = Conversation(kb, training=case)
    c.start()
    reach(c, "hostility")
    assert c.handle("not very hostile")[-1].kind == "propose"
    c.handle("")
    assert c.consultation.answers["hostility"] == ("moderate",)


def test_words_that_were_asked_about_stay_with_the_option_picked_after(chat):
    reach(chat, "national_ownership")
    assert chat.handle("the government does not lead it")[-1].kind == "unclear"
    chat.choose(("marginal",))
    assert chat.said["national_ownership"] == Said("the government does not lead it", "confirmed")
    summary = chat.handle("summary")[-1].text
    assert (
        "National ownership: National actors are marginal "
        "(you typed: “the government does not lead it”; confirmed)" in summary
    )


def test_a_number_after_an_ask_keeps_the_words_too(chat):
    reach(chat, "host_consent")
    chat.handle("the government is not against the UN")
    chat.handle("2")
    assert chat.said["host_consent"] == Said("the government is not against the UN", "confirmed")
    chat.handle("set host_consent 1")  # a later change by number is a pick: no words of its own
    assert chat.said["host_consent"] == Said("", "picked")  # a pick by number, not words


def test_an_option_the_words_negate_is_kept_as_picked_not_as_read(chat):
    reach(chat, "national_ownership")
    chat.handle("the government does not lead it")
    chat.choose(("leading",))  # the officer's choice, but not a reading of those words
    assert chat.said["national_ownership"] == Said("", "picked")
