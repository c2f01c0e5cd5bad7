"""The conversation layer without any UI: typed answers, commands, and agreement with consult()."""

from __future__ import annotations

import pytest

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.consultation.result import Reason
from assistant.consultation.understand import Said
from assistant.conversation import Confirm, Conversation, Export, Predict, Quit, Reply
from assistant.conversation.text import escape_md

from .conftest import CASES, load_case


@pytest.fixture
def conv(kb):
    c = Conversation(kb)
    c.start()
    return c


def reach(c: Conversation, qid: str) -> None:
    """Walk the interview with "not sure" answers until question ``qid`` is the one asked.

    Answering unknown keeps every question relevant, so every question comes up in turn."""
    for _ in range(len(c.kb.questions) + 1):
        q = c.current_question
        assert q is not None, f"the interview ended before {qid} was asked"
        if q.id == qid:
            return
        c.handle("not sure")
    raise AssertionError(f"{qid} never came up")


def kinds(replies: list[Reply]) -> list[str]:
    return [r.kind for r in replies]


def last(replies: list[Reply], kind: str) -> Reply:
    return next(r for r in reversed(replies) if r.kind == kind)


def answer_after(kb, typed: str, qid: str) -> tuple[str, ...] | None:
    """The answer recorded for ``qid`` after typing ``typed`` while it is the question asked, and
    pressing Enter when the assistant proposes a reading of the words."""
    c = Conversation(kb)
    c.start()
    reach(c, qid)
    replies = c.handle(typed)
    said = replies[0]
    assert (said.role, said.kind) == ("user", "answer")
    assert said.text == escape_md(typed.strip())  # echoed as typed, Markdown escaped
    if c.proposal is not None:
        assert replies[-1].kind == "propose" and qid not in c.consultation.answers  # nothing recorded yet
        c.handle("")
    return c.consultation.answers.get(qid)


# --- the start ----------------------------------------------------------------------------------


def test_start_greets_then_asks_the_first_question(kb):
    replies = Conversation(kb).start()
    assert kinds(replies) == ["greeting", "question"]
    q = replies[-1]
    assert q.question == kb.questions[0].id
    assert q.options[-1] == ("unknown", "Unknown / not sure")
    assert q.citations, "a question cites why it is asked"
    # the options come with the reply, and the chat shows them once, where they are picked
    assert [label for _, label in q.options[:-1]] == [o.label for o in kb.questions[0].options]
    assert not any(o.label in q.text for o in kb.questions[0].options)


# --- typed answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "qid, typed, expected",
    [
        # numbers
        ("un_presence", "1", "multidimensional_pko"),
        ("un_presence", "3", "political_mission"),
        ("ocha_presence", "2", "not_present"),
        ("ocha_presence", "3", "unknown"),
        ("security_situation", " 2 ", "stable"),
        # option ids
        ("ocha_presence", "not_present", "not_present"),
        ("ocha_presence", "present", "present"),
        ("un_presence", "peacebuilding_office", "peacebuilding_office"),
        ("mission_phase", "drawdown", "drawdown"),
        ("country_team", "yes", "yes"),
        # labels (any case)
        ("ocha_presence", "OCHA is not present", "not_present"),
        ("ocha_presence", "OCHA is present", "present"),
        ("un_presence", "Political mission", "political_mission"),
        ("hostility", "moderate: some tension", "moderate"),
        ("local_humanitarian_capacity", "Partly", "partly"),
        # synonyms, and phrases holding one
        ("ocha_presence", "ocha left", "not_present"),
        ("ocha_presence", "OCHA left last year", "not_present"),
        ("ocha_presence", "absent", "not_present"),
        ("ocha_presence", "no", "not_present"),
        ("ocha_presence", "y", "present"),
        ("ocha_presence", "still present", "present"),
        ("hostility", "they are hostile", "high"),
        ("hostility", "very hostile", "high"),
        ("hostility", "not hostile", "low"),
        ("hostility", "somewhat hostile", "moderate"),
        ("hostility", "calm", "low"),
        ("hostility", "medium", "moderate"),
        ("un_presence", "like UNAMA", "political_mission"),
        ("un_presence", "observer mission", "traditional_pko"),
        ("un_presence", "multi-dimensional", "multidimensional_pko"),
        ("un_presence", "UNCT only", "none"),
        ("country_team", "n", "no"),
        ("country_team", "there is one", "yes"),
        ("geographic_mandate", "regional", "multi_country"),
        ("geographic_mandate", "liberia only", "single_country"),  # words only one option has
        (
            "armed_groups_outside_process",
            "no, they are all in the peace process",
            "no",
        ),  # an answer, then why
        ("country_team", "yes there is one", "yes"),
        # a name inside a phrase that says otherwise is not taken: "same country" names this one country
        ("geographic_mandate", "there is another mission in the same country", "second_mission_in_country"),
        ("geographic_mandate", "Liberia only, as far as I know", "single_country"),
        ("geographic_mandate", "two missions", "second_mission_in_country"),
        ("security_situation", "unstable", "volatile"),
        ("security_situation", "very safe", "very_stable"),
        ("mission_phase", "start-up", "start_up"),
        ("mission_phase", "withdrawal", "drawdown"),
        ("host_consent", "obstructive", "hostile"),
        ("host_consent", "reluctant", "limited"),
        ("non_un_forces", "nato", "yes"),
        ("strategic_framework", "in place", "agreed"),
        ("strategic_framework", "partially", "partial"),
        ("strategic_framework", "agreed among a core group of external and internal actors", "core_group"),
        ("strategic_framework", "still a draft", "partial"),
        ("national_ownership", "sidelined", "marginal"),
        # unknown
        ("hostility", "unknown", "unknown"),
        ("hostility", "not sure", "unknown"),
        ("ocha_presence", "don't know", "unknown"),
        ("un_presence", "no idea", "unknown"),
    ],
)
def test_typed_answer(kb, qid, typed, expected):
    assert answer_after(kb, typed, qid) == (expected,)


@pytest.mark.parametrize(
    "qid, typed",
    [
        ("security_situation", "mostly stable but some fighting"),  # two answers in one
        ("hostility", "calm but hostile"),
    ],
)
def test_a_phrase_pointing_two_ways_is_not_guessed(kb, qid, typed):
    assert answer_after(kb, typed, qid) is None


@pytest.mark.parametrize("typed", ["blah", "42", "0", "purple elephants", "!!!"])
@pytest.mark.parametrize("qid", ["un_presence", "ocha_presence", "hostility"])
def test_junk_is_unclear_and_offers_the_options_again(kb, qid, typed):
    c = Conversation(kb)
    c.start()
    reach(c, qid)
    before = c.consultation.answers
    replies = c.handle(typed)
    assert kinds(replies) == ["answer", "unclear"]
    unclear = replies[-1]
    q = kb.question(qid)
    assert unclear.question == qid
    assert unclear.options == (*((o.id, o.label) for o in q.options), ("unknown", "Unknown / not sure"))
    assert "type its number" in unclear.text
    assert not any(o.label in unclear.text for o in q.options)  # offered once, in the picker
    assert c.consultation.answers == before
    assert c.current_question.id == qid


@pytest.mark.parametrize("typed", ["", "   ", "\n"])
def test_empty_input_says_nothing_and_changes_nothing(conv, typed):
    # An empty line is not an answer (the terminal UI takes Enter on an empty line as "pick the
    # highlighted option" and never passes it here): no reply, nothing recorded.
    assert conv.handle(typed) == []
    assert conv.consultation.answers == {}
    assert conv.current_question.id == "un_presence"


# --- multi-select -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1, 3", ("movement_and_vehicle_rules", "separate_budgets")),
        ("1 3", ("movement_and_vehicle_rules", "separate_budgets")),
        ("3; 1", ("movement_and_vehicle_rules", "separate_budgets")),
        ("resource sharing and separate budgets", ("resource_sharing", "separate_budgets")),
        ("pay gaps & budgets", ("separate_budgets", "remuneration_gaps")),
        ("Movement and vehicle rules", ("movement_and_vehicle_rules",)),  # a label holding "and", whole
        ("vehicle rules, pay", ("movement_and_vehicle_rules", "remuneration_gaps")),
        ("2, 2", ("resource_sharing",)),
        ("none", ("none",)),
        ("no barriers", ("none",)),
        ("5", ("none",)),
        ("not sure", ("unknown",)),
    ],
)
def test_multi_select(kb, typed, expected):
    assert answer_after(kb, typed, "structural_barriers") == expected


@pytest.mark.parametrize(
    "typed",
    [
        "none, 1",
        "1, none",
        "no barriers and pay gaps",
        "unknown, 1",
        "1, blah",
        ",",
        " ; ",
    ],
)
def test_multi_select_refuses_bad_combinations(kb, typed):
    c = Conversation(kb)
    c.start()
    reach(c, "structural_barriers")
    replies = c.handle(typed)
    assert kinds(replies) == ["answer", "unclear"]
    assert ("none", "None of these") in replies[-1].options
    assert replies[-1].multi
    assert "structural_barriers" not in c.consultation.answers


# --- why / how ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["why", "Why?", "why do you ask this?", "why this question"])
def test_why_has_a_citation(conv, kb, typed):
    replies = conv.handle(typed)
    assert kinds(replies) == ["answer", "why"]
    why = replies[-1]
    assert why.citations == tuple(kb.question("un_presence").citations)
    assert kb.question("un_presence").why.split()[0] in why.text
    assert "(p. " in why.text
    assert conv.consultation.answers == {}  # a command is not an answer


def test_why_about_a_named_question(conv, kb):
    # through "explain" naming a question that is not a glossary term
    why = conv.handle("explain hostility")[-1]
    assert why.kind == "why"
    assert why.citations == tuple(kb.question("hostility").citations)


def _all_reasons(reasons):
    for r in reasons:
        yield r
        yield from _all_reasons(r.because)


@pytest.mark.parametrize("typed", ["how", "how did you get there?", "explain the reasoning"])
def test_how_gives_a_cited_reasons_tree(conv, typed):
    for t in ("1", "yes", "1"):
        conv.handle(t)
    replies = conv.handle(typed)
    assert kinds(replies) == ["answer", "how"]
    how = replies[-1]
    assert how.reasons
    assert all(isinstance(r, Reason) for r in how.reasons)
    nodes = list(_all_reasons(how.reasons))
    assert len(nodes) >= len(how.reasons)
    # a report node cites its support; an assistant node points to its passages under see
    assert all(n.citations or n.see for n in nodes), "every node of the tree is cited"
    assert how.citations
    assert how.result.recommendation.label in how.text
    for n in how.reasons:
        assert n.title in how.text


# --- back ---------------------------------------------------------------------------------------


def test_back_with_nothing_to_undo(conv):
    replies = conv.handle("back")
    assert kinds(replies) == ["answer", "info"]
    assert "no earlier answer" in replies[-1].text


def test_back_reasks_the_previous_question_and_withdraws_its_answer(conv):
    conv.handle("1")
    conv.handle("yes")
    assert conv.current_question.id == "geographic_mandate"
    replies = conv.handle("back")
    assert kinds(replies) == ["answer", "info", "question"]
    assert replies[-1].question == "country_team"
    assert "it was: Yes" in replies[1].text
    assert "Your earlier answer: Yes" in replies[-1].text
    assert conv.consultation.answers == {"un_presence": ("multidimensional_pko",)}
    assert conv.current_question.id == "country_team"
    # and once more, back to the first question
    replies = conv.handle("previous")
    assert replies[-1].question == "un_presence"
    assert conv.consultation.answers == {}
    # answering again carries on from there
    conv.handle("political")
    assert conv.consultation.answers == {"un_presence": ("political_mission",)}
    assert conv.current_question.id == "country_team"


def test_back_does_not_undo_set_commands(conv):
    conv.handle("1")
    conv.handle("set hostility high")
    conv.handle("back")
    assert conv.consultation.answers == {"hostility": ("high",)}
    assert conv.current_question.id == "un_presence"


# --- set / change -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, qid, expected",
    [
        ("set ocha_presence not_present", "ocha_presence", "not_present"),
        ("set ocha_presence=not_present", "ocha_presence", "not_present"),
        ("set ocha_presence = present", "ocha_presence", "present"),
        ("change OCHA's presence to present", "ocha_presence", "present"),
        ("change OCHA's presence to OCHA is not present", "ocha_presence", "not_present"),
        ("set 5 1", "ocha_presence", "present"),
        ("set 5 2", "ocha_presence", "not_present"),
        ("SET hostility they are hostile", "hostility", "high"),
        ("set Hostility to moderate", "hostility", "moderate"),
        ("set security situation unstable", "security_situation", "volatile"),  # the id, spaced
        (
            "set safety unstable",
            "security_situation",
            "volatile",
        ),  # no question named: only one has "unstable"
        ("set secrity unstable", "security_situation", None),  # a misspelt question is not guessed
        ("set ocha present", "ocha_presence", "present"),  # a question by a word of its name
        ("set OCHA left", "ocha_presence", "not_present"),  # a phrase only one question's option holds
        ("set ocha not present", "ocha_presence", "not_present"),
        ("set armed groups no", "armed_groups_outside_process", "no"),
        ("set geographic mandate liberia only", "geographic_mandate", "single_country"),
        ("set there were elections", "political_timetable", "yes"),
        ("set security_situation unstable", "security_situation", "volatile"),
        ("set Security unstable", "security_situation", "volatile"),
        ("set host government's consent limited", "host_consent", "limited"),
        ("set mission_phase unknown", "mission_phase", "unknown"),
    ],
)
def test_set_and_change(conv, typed, qid, expected):
    replies = conv.handle(typed)
    if conv.proposal is not None:  # words read by inference: proposed, then recorded on Enter
        assert replies[-1].kind == "propose" and qid not in conv.consultation.answers
        replies = conv.handle("")
    if expected is None:
        assert replies[-1].kind == "error"
        assert qid not in conv.consultation.answers
        return
    assert conv.consultation.answers[qid] == (expected,)
    ack = next(r for r in replies if r.kind == "ack")
    assert kb_label(conv, qid, expected) in ack.text


def kb_label(conv, qid, option):
    return conv.kb.question(qid).label_of(option)


def test_set_multi_select(conv):
    conv.handle("set structural_barriers 1, 3")
    assert conv.consultation.answers["structural_barriers"] == (
        "movement_and_vehicle_rules",
        "separate_budgets",
    )
    replies = conv.handle("set structural_barriers none, 1")
    assert replies[-1].kind == "error"
    assert conv.consultation.answers["structural_barriers"] == (
        "movement_and_vehicle_rules",
        "separate_budgets",
    )


@pytest.mark.parametrize(
    "typed, says",
    [
        ("set foo bar", "could not find a question"),
        ("set hostility purple", "“purple” is not an option of Hostility"),
        ("set 99 1", "could not find a question"),
        ("set 5 9", "is not an option of OCHA's presence"),
    ],
)
def test_set_errors_say_what_is_wrong(conv, typed, says):
    replies = conv.handle(typed)
    assert kinds(replies) == ["answer", "error"]
    assert says in replies[-1].text
    assert "Usage: `set QUESTION OPTION`" in replies[-1].text
    assert conv.consultation.answers == {}


def test_set_a_question_not_asked_yet(conv):
    replies = conv.handle("set hostility high")
    assert conv.consultation.answers == {"hostility": ("high",)}
    # the open question stays open and is asked again
    assert replies[-1].kind == "question" and replies[-1].question == "un_presence"
    assert conv.current_question.id == "un_presence"
    # and the question set ahead of time is never asked
    asked = []
    while conv.current_question is not None:
        asked.append(conv.current_question.id)
        conv.handle("not sure")
    assert "hostility" not in asked
    assert conv.consultation.answers["hostility"] == ("high",)
    assert "hostile_environment" in {f.id for f in conv.result.flags}


def test_set_changes_an_earlier_answer(conv):
    conv.handle("1")
    conv.handle("yes")
    conv.handle("set un_presence political")
    assert conv.consultation.answers["un_presence"] == ("political_mission",)
    assert conv.current_question.id == "geographic_mandate"


# --- what if ------------------------------------------------------------------------------------


def test_what_if_leaves_the_answers_unchanged_and_shows_the_other_result(conv):
    for t in ("1", "yes", "single country", "no"):
        conv.handle(t)
    answers, result = conv.consultation.answers, conv.result
    replies = conv.handle("what if geographic_mandate multi_country")
    assert kinds(replies) == ["answer", "whatif"]
    w = replies[-1]
    assert conv.consultation.answers == answers
    assert conv.result == result
    assert w.result.recommendation.model == "one_foot_in_one_foot_out"
    assert w.other.recommendation.model == "two_feet_out"
    assert w.other == consult({**answers, "geographic_mandate": ("multi_country",)}, conv.kb)
    assert "The model would change" in w.text
    assert w.citations
    # the interview goes on where it was
    assert conv.current_question.id == "ocha_presence"


def test_what_if_that_changes_nothing_says_so(conv):
    for t in ("1", "yes", "single country", "no"):
        conv.handle(t)
    w = conv.handle("what-if hostility moderate")[-1]
    assert w.kind == "whatif"
    assert w.other.recommendation.model == w.result.recommendation.model
    assert "The model would stay the same" in w.text
    assert "hostility" not in conv.consultation.answers


def test_what_if_flags_differ(conv):
    w = conv.handle("what if hostility high")[-1]
    assert "hostile_environment" in {f.id for f in w.other.flags}
    assert "hostile_environment" not in {f.id for f in w.result.flags}
    assert conv.consultation.answers == {}


def test_what_if_error(conv):
    replies = conv.handle("what if nonsense")
    assert replies[-1].kind == "error"
    assert "Usage: `what if QUESTION OPTION`" in replies[-1].text


@pytest.mark.parametrize(
    "typed",
    [
        "what if OCHA left",
        "what if ocha not present",
        "what if ocha = absent",
        "what if OCHA's presence were OCHA is not present",
    ],
)
def test_what_if_understands_the_words_answers_do(conv, typed):
    """The question and option of a command are matched as answers are: "OCHA left" works in both."""
    for t in ("1", "yes", "single country", "no", "present"):
        conv.handle(t)
    w = conv.handle(typed)[-1]
    assert w.kind == "whatif", w.text
    assert w.other == consult({**conv.consultation.answers, "ocha_presence": ("not_present",)}, conv.kb)
    assert conv.consultation.answers["ocha_presence"] == ("present",)  # unchanged


@pytest.mark.parametrize(
    "typed, offered",
    [
        ("set secrity very stable", ["Security"]),
        ("set presence yes", ["UN presence", "OCHA's presence"]),
        ("set mision phase drawdown", ["Mission phase"]),
    ],
)
def test_a_miss_offers_the_closest_one_or_two(conv, typed, offered):
    error = conv.handle(typed)[-1]
    assert error.kind == "error"
    said = error.text.split("Did you mean ", 1)[1].split("?")[0]
    assert said.split(" or ") == offered
    assert "un_presence, country_team" not in error.text  # not every question id
    assert conv.consultation.answers == {}


def test_a_typo_is_proposed_not_recorded(conv):
    reach(conv, "security_situation")
    proposed = conv.handle("volatle")[-1]
    assert proposed.kind == "propose" and proposed.candidates == ("volatile",)
    assert "I read “volatle” as **Volatile or insecure**" in proposed.text
    assert "security_situation" not in conv.consultation.answers
    conv.handle("")  # Enter records it
    assert conv.consultation.answers["security_situation"] == ("volatile",)
    assert conv.said["security_situation"] == Said("volatle", "confirmed")


def test_set_with_a_typo_proposes_the_reading(conv):
    replies = conv.handle("set hostility extrme")
    assert replies[-1].kind == "propose" and replies[-1].candidates == ("high",)
    assert conv.consultation.answers == {}
    conv.handle("yes")  # "yes" accepts the reading proposed
    assert conv.consultation.answers == {"hostility": ("high",)}


# --- explain ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, term",
    [
        ("explain DSRSG", "DSRSG"),
        ("what is a DSRSG?", "DSRSG"),
        ("what's OCHA", "OCHA"),
        ("what does DDR mean?", "DDR"),
        ("define humanitarian space", "Humanitarian space"),
        ("explain two feet in", "Two feet in"),
    ],
)
def test_explain(conv, typed, term):
    replies = conv.handle(typed)
    assert kinds(replies) == ["answer", "explain"]
    e = replies[-1]
    assert term in e.text.split(":", 1)[0]
    assert e.citations
    assert "(p. " in e.text
    assert conv.consultation.answers == {}


def test_explain_an_unknown_term_suggests_close_matches(conv):
    e = conv.handle("explain dsrgs")[-1]
    assert e.kind == "explain"
    assert "not in my glossary" in e.text
    assert "Did you mean" in e.text
    assert "(DSRSG)" in e.text
    assert not e.citations


def test_explain_nothing_close(conv):
    e = conv.handle("explain xyzzy")[-1]
    assert "not in my glossary" in e.text and "Type `explain` for the list" in e.text


def test_explain_alone_lists_the_terms(conv, kb):
    e = conv.handle("explain")[-1]
    assert e.kind == "explain"
    assert all(entry.term in e.text for entry in kb.glossary)


# --- skipped ------------------------------------------------------------------------------------


def test_skipped_at_the_start(conv):
    replies = conv.handle("skipped")
    assert kinds(replies) == ["answer", "skipped"]
    assert "No question has been skipped" in replies[-1].text


def test_skipped_and_why_skipped(conv):
    for t in ("1", "yes", "2"):  # more than one country: two feet out, firm
        conv.handle(t)
    skipped = {s.question for s in conv.result.skipped}
    assert "mission_phase" in skipped
    listing = conv.handle("skipped")[-1]
    assert "**Mission phase**" in listing.text
    for typed in ("why skipped mission_phase", "why not asked mission phase", "skipped mission_phase"):
        why = conv.handle(typed)[-1]
        assert why.kind == "skipped"
        assert why.text.startswith("**Mission phase** is not asked. It would matter only if")
    assert "is answered" in conv.handle("why skipped un_presence")[-1].text
    assert "still to be asked" in conv.handle("why skipped hostility")[-1].text
    # a skipped question is not asked later
    asked = []
    while conv.current_question is not None:
        asked.append(conv.current_question.id)
        conv.handle("not sure")
    assert not set(asked) & skipped


# --- summary, restart, help, quit ---------------------------------------------------------------


def test_summary(conv):
    assert "None yet." in conv.handle("summary")[-1].text
    conv.handle("1")
    conv.handle("set hostility high")
    s = conv.handle("status")[-1]
    assert s.kind == "summary"
    assert "- UN presence: Multidimensional peacekeeping operation" in s.text
    assert "- Hostility: High: some actors are hostile to each other" in s.text
    assert conv.result.recommendation.label in s.text
    assert "Hostile environment" in s.text or "hostile" in s.text.lower()
    assert s.citations


def test_restart_asks_first_and_clears_only_on_yes(conv):
    conv.handle("1")
    conv.handle("yes")
    replies = conv.handle("start over")
    assert kinds(replies) == ["answer", "confirm"]
    assert "Clear all 2 answers" in replies[-1].text
    assert len(conv.consultation.answers) == 2  # nothing cleared yet
    replies = conv.handle("no")
    assert kinds(replies) == ["answer", "info"] and "kept" in replies[-1].text
    assert len(conv.consultation.answers) == 2
    conv.handle("restart")
    replies = conv.handle("yes")
    assert kinds(replies) == ["answer", "info", "question"]
    assert replies[-1].question == "un_presence"
    assert conv.consultation.answers == {}
    assert conv.asked == []
    assert conv.handle("back")[-1].kind == "info"  # nothing to go back to


def test_effects_ask_the_interface_by_type_and_are_taken_once(conv):
    conv.handle("1")
    conv.take_effects()
    conv.handle("restart")
    assert conv.take_effects() == [
        Confirm(
            "Clear all 1 answer and start the interview again? They stay in the session's history, "
            "and undo brings them back.",
            yes_label="Clear them",
            no_label="Keep them",
        )
    ]
    assert conv.take_effects() == []  # taken once
    conv.confirm(False)
    conv.handle("export as Word")
    conv.handle("why")  # a reply only: no effect
    assert conv.take_effects() == [Export("docx")]


def test_training_asks_for_the_prediction_when_done_and_when_asked(kb):
    conv = Conversation(kb, training=kb.cases[0])
    conv.start()
    assert conv.handle("predict")[-1].kind == "predict"
    assert conv.take_effects() == [Predict()]
    for _ in range(len(kb.questions) + 1):
        if conv.current_question is None:
            break
        conv.handle("not sure")
    effects = conv.take_effects()
    assert effects and set(effects) == {Predict()}  # the last answer asks for the prediction


def test_a_restart_left_unconfirmed_lets_the_next_text_answer(conv):
    conv.handle("1")
    conv.handle("restart")
    conv.handle("multidimensional")  # not a yes: the restart is dropped, the text is an answer
    assert conv.pending is None
    assert conv.consultation.answers == {"un_presence": ("multidimensional_pko",)}


def test_restart_tells_the_listener_and_undo_brings_everything_back(kb):
    events = []
    c = Conversation(kb, listener=lambda *e: events.append(e))
    c.start()
    c.handle("1")
    c.handle("note as planned in May")
    c.handle("set hostility high")
    c.handle("restart")
    c.confirm(True)
    assert events[-2:] == [("forget", "un_presence", None), ("forget", "hostility", None)]
    assert c.consultation.answers == {} and c.notes == {}
    replies = c.handle("undo")
    assert "Undone: the restart" in replies[1].text
    assert c.consultation.answers == {"un_presence": ("multidimensional_pko",), "hostility": ("high",)}
    assert c.notes == {"un_presence": "as planned in May"}
    assert events[-3:] == [
        ("set", "un_presence", ("multidimensional_pko",), Said("", "picked")),
        ("set", "hostility", ("high",), Said("high", "exact")),
        ("note", "un_presence", "as planned in May"),
    ]
    assert c.current_question.id == "country_team"  # where the interview was
    assert c.handle("back")[1].text.startswith("Back to UN presence")  # the order `back` walks is back too


@pytest.mark.parametrize(
    "change, undone",
    [
        (["1"], {}),  # an answer
        (["1", "set 1 political"], {"un_presence": ("multidimensional_pko",)}),  # a change
        (
            ["1", "yes", "back"],
            {"un_presence": ("multidimensional_pko",), "country_team": ("yes",)},
        ),  # a withdrawal
        (["1", "set hostility high"], {"un_presence": ("multidimensional_pko",)}),  # a set
    ],
)
def test_undo_restores_the_last_change_whatever_it_was(conv, change, undone):
    for typed in change:
        conv.handle(typed)
    replies = conv.handle("undo")
    assert replies[1].text.startswith("Undone: ")
    assert conv.consultation.answers == undone


def test_undo_of_a_note_restores_the_note_before(conv):
    conv.handle("1")
    conv.handle("note first")
    conv.handle("note second")
    conv.handle("undo")
    assert conv.notes == {"un_presence": "first"}
    conv.handle("undo")
    assert conv.notes == {}
    assert conv.consultation.answers == {"un_presence": ("multidimensional_pko",)}


def test_undo_is_not_back(conv):
    conv.handle("1")
    conv.handle("set hostility high")
    conv.handle("back")  # back withdraws the last interview answer (UN presence)…
    assert conv.consultation.answers == {"hostility": ("high",)}
    conv.handle("undo")  # …and undo brings it back
    assert conv.consultation.answers == {"un_presence": ("multidimensional_pko",), "hostility": ("high",)}
    conv.handle("undo")  # then undoes the set
    assert conv.consultation.answers == {"un_presence": ("multidimensional_pko",)}
    conv.handle("undo")
    assert conv.consultation.answers == {}
    assert "nothing to undo" in conv.handle("undo")[-1].text


@pytest.mark.parametrize("typed", ["help", "?", "commands"])
def test_help_lists_the_commands(conv, typed):
    h = conv.handle(typed)[-1]
    assert h.kind == "help"
    for word in (
        "why",
        "how",
        "back",
        "set QUESTION OPTION",
        "what if",
        "explain",
        "summary",
        "restart",
        "quit",
    ):
        assert f"`{word}" in h.text


@pytest.mark.parametrize("typed", ["quit", "exit", "bye"])
def test_quit(conv, typed):
    assert conv.take_effects() == []
    replies = conv.handle(typed)
    assert conv.take_effects() == [Quit()]
    assert replies[-1].text == "Goodbye."


# --- the whole interview ------------------------------------------------------------------------


def test_answering_every_asked_question_ends_with_the_final_recommendation(conv):
    replies = []
    for _ in range(len(conv.kb.questions)):
        if conv.current_question is None:
            break
        replies = conv.handle("not sure")
    assert conv.current_question is None
    final, annex = replies[-2:]
    assert (final.kind, annex.kind) == ("final", "annex")
    assert final.text.startswith(f"## Recommendation: {conv.result.recommendation.label}")
    assert final.citations and annex.citations
    # the brief is one screen; the reasoning, alternatives and checklists are in the annex
    assert len(final.text.splitlines()) < 40
    assert "### Alternatives and why not" in annex.text and "Alternatives" not in final.text
    # after the end: typed answers are not taken, commands still work
    after = conv.handle("yes")
    assert after[-1].kind == "info" and "complete" in after[-1].text
    assert conv.handle("why")[-1].kind == "info"
    # a later change updates the recommendation without a second final message
    assert conv.handle("set hostility high")[-1].kind == "info"


def test_choose_answers_the_current_question(conv, kb):
    replies = conv.choose(("political_mission",))
    assert replies[0] == Reply("user", "answer", kb.question("un_presence").label_of("political_mission"))
    assert conv.consultation.answers == {"un_presence": ("political_mission",)}
    assert replies[-1].question == "country_team"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_reference_case_by_set_commands(kb, path):
    case = load_case(path)
    c = Conversation(kb)
    c.start()
    replies = []
    for qid, value in case["answers"].items():
        values = value if isinstance(value, list) else [value]
        replies = c.handle(f"set {qid} {', '.join(str(v) for v in values)}")
        assert replies[-1].kind != "error", replies[-1].text
    expected = consult(normalize(kb, case["answers"]), kb)
    assert c.consultation.answers == normalize(kb, case["answers"])
    assert c.result.recommendation.model == expected.recommendation.model == case["expect"]["model"]
    assert c.result.recommendation.confidence == expected.recommendation.confidence
    assert [(f.id, f.severity) for f in c.result.flags] == [(f.id, f.severity) for f in expected.flags]
    assert c.result == expected
    # then answering what is left, by "not sure", reaches the final message
    while c.current_question is not None:
        replies = c.handle("not sure")
    assert replies[-1].kind in ("annex", "info")
    assert any(r.kind == "final" for r in replies) or c.finished_shown


def test_each_message_cites_its_own_passages(conv):
    """An acknowledgement cites the model's passages only when the recommendation changed; the
    summary cites the flags it lists, so each can be opened."""
    conv.handle("set un_presence multidimensional_pko")
    conv.handle("set country_team yes")
    conv.handle("set ocha_presence present")
    before = conv.result.recommendation
    ack = next(r for r in conv.handle("set political_timetable yes") if r.kind == "ack")
    assert conv.result.recommendation.model == before.model
    assert "Recommendation now" not in ack.text and ack.citations == ()
    changed = next(r for r in conv.handle("set geographic_mandate multi_country") if r.kind == "ack")
    assert "Recommendation now" in changed.text
    assert set(changed.citations) == set(conv.result.recommendation.citations)
    summary = conv.handle("summary")[-1]
    flag = next(f for f in conv.result.flags if f.id == "timetable_vs_principles")
    assert set(flag.citations) <= set(summary.citations)
