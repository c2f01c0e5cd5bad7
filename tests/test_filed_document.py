"""The filed document reads as a document for people (issue 18, "The filed document"): no internal
ids, sentences that read right, each fired rule once, and one citation style everywhere."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.conversation import Export
from assistant.conversation.interview import Conversation
from assistant.conversation.text import annex_text, how_text
from assistant.render.blocks import plain, to_markdown
from assistant.render.citations import locator
from assistant.render.recommendation import annex_blocks, brief_blocks, reason_blocks
from assistant.sessions.model import Session
from assistant.training.debrief import Prediction, debrief
from assistant.transcripts import build_transcript, export, suggested_filename
from assistant.transcripts.document import fired_rules, trace_blocks
from assistant.transcripts.model import TranscriptDetails
from assistant.transcripts.recheck import _passage

from .conftest import load_case
from .test_transcripts import text_of

SHARED_CASES = sorted((Path(__file__).resolve().parents[2] / "shared" / "cases").glob("*.yaml"))
# A consultation left part way: a next question, questions skipped, unknowns that matter.
PART_WAY = {
    "un_presence": "multidimensional_pko",
    "country_team": "yes",
    "ocha_presence": "present",
    "hostility": "high",
    "forceful_disarmament": "yes",
}
# Answers that settle two feet out on geography: the two-feet-in questions are no longer asked.
SETTLED_ON_GEOGRAPHY = {
    "un_presence": "multidimensional_pko",
    "country_team": "yes",
    "geographic_mandate": "multi_country",
    "ocha_presence": "present",
}
PERSON_FORMATS = ("markdown", "html", "docx")
OLD_CITATION = re.compile(r"\[(?:p|fn)\d+\]")


def answer_sets() -> list[dict]:
    """Varied answer sets: the reference cases (where the shared folder is there) and our own."""
    sets = [PART_WAY, SETTLED_ON_GEOGRAPHY]
    sets += [load_case(p)["answers"] for p in SHARED_CASES]
    return sets


def ids_in(kb, text: str) -> list[str]:
    """The question ids and option ids (those that do not read as words) found in a text."""
    ids = {q.id for q in kb.questions} | {o.id for q in kb.questions for o in q.options}
    return sorted(i for i in ids if "_" in i and re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))


@pytest.fixture(scope="module")
def part_way(kb):
    t = build_transcript(
        kb, answers=PART_WAY, details=TranscriptDetails(crisis="South Sudan 2026", date=dt.date(2026, 12, 5))
    )
    assert t.result.next_question and t.result.skipped, "the consultation is left part way"
    return t


# --- 1. No internal ids in anything a person reads -------------------------------------------------


@pytest.mark.parametrize("fmt", PERSON_FORMATS)
def test_the_filed_document_names_questions_never_by_id(kb, part_way, fmt):
    text = text_of(fmt, export(part_way, fmt))
    assert ids_in(kb, text) == []
    nxt = kb.question(part_way.result.next_question)
    assert f"the next question would be on {nxt.name}." in text
    for s in part_way.result.skipped:
        assert f"{kb.question(s.question).name}: {s.why}" in text


def test_json_keeps_the_ids(part_way):
    data = export(part_way, "json").decode()
    assert f'"next_question": "{part_way.result.next_question}"' in data


def test_unknowns_that_matter_are_named_in_the_annex(kb):
    answers = {"un_presence": "multidimensional_pko", "country_team": "yes", "geographic_mandate": "unknown"}
    t = build_transcript(kb, answers=answers)
    matter = [u.question for u in t.result.sensitivity.unknowns if u.matters]
    assert matter, "an unknown answer matters"
    names = ", ".join(kb.question(q).name for q in matter)
    md = export(t, "markdown").decode()
    assert f"Unknown or unanswered answers that matter: {names}." in md
    assert ids_in(kb, md) == []
    result = consult(normalize(kb, answers), kb, with_sensitivity=True)
    chat = annex_text(result, kb=kb)
    assert f"Unknown or unanswered answers that matter: {names}." in chat and ids_in(kb, chat) == []
    # without the rule base at hand, an id still reads as words
    blocks = annex_blocks(result)
    assert "`" not in to_markdown(blocks) and ids_in(kb, to_markdown(blocks)) == []


def test_a_bad_option_in_the_chat_is_named_with_the_labels(kb):
    conv = Conversation(kb)
    conv.start()
    reply = conv.handle("set security banana")[-1]
    q = kb.question("security_situation")
    assert reply.kind == "error"
    assert f"is not an option of {q.name}." in reply.text
    assert (
        "Options: " + ", ".join(f"“{o.label}”" for o in q.options) + ", “Unknown / not sure”." in reply.text
    )
    assert ids_in(kb, reply.text) == []


def test_answers_file_errors_keep_the_id_and_add_the_name(kb):
    with pytest.raises(ValueError, match=r"^security_situation \(Security\): 'banana' is not an option"):
        normalize(kb, {"security_situation": "banana"})
    # a name that only spells the id out adds nothing
    with pytest.raises(ValueError, match=r"^hostility: 'banana' is not an option"):
        normalize(kb, {"hostility": "banana"})


# --- 2. Sentences that read right ------------------------------------------------------------------


@pytest.mark.parametrize("case_id", ["drc-monuc-2008", "liberia-unmil-2008"])
def test_the_debrief_never_says_you_answered_not_answered(kb, case_id):
    case = next(c for c in kb.cases if c.id == case_id)
    # settled on geography: the questions of two feet in are no longer asked
    learner = normalize(kb, {**SETTLED_ON_GEOGRAPHY, "geographic_mandate": "unknown"})
    if case_id == "liberia-unmil-2008":
        learner = normalize(kb, SETTLED_ON_GEOGRAPHY)
    d = debrief(kb, case, learner, Prediction(model="two_feet_out"))
    skipped = {s.question for s in d.learner_result.skipped}
    left = [c for c in d.answers if not c.learner and not c.agrees]
    assert left, "the learner left key questions open"
    md = text_of("markdown", export(build_transcript(kb, training=d), "markdown"))
    assert "answered not answered" not in md
    for c in left:
        said = (
            "not asked, as with your other answers it could not change the result"
            if c.question in skipped
            else "you did not answer it"
        )
        assert f"{c.name}: {said}; the key says" in md
    if case_id == "liberia-unmil-2008":
        assert any(c.question in skipped for c in left), "a key question was never asked"
    else:
        assert any(c.question not in skipped for c in left), "a key question is still to be asked"


def test_a_question_not_asked_is_never_one_you_have_not_answered_yet(kb):
    for answers in answer_sets():
        result = consult(normalize(kb, answers), kb)
        said = " ".join(
            [a.why_not for a in result.recommendation.alternatives]
            + [a.statement for a in result.recommendation.assumptions]
        )
        for s in result.skipped:
            subject = kb.question(s.question).subject
            assert f"not said yet {subject}" not in said, (answers, s.question)
    result = consult(normalize(kb, SETTLED_ON_GEOGRAPHY), kb)
    assert "security_situation" in {s.question for s in result.skipped}


def test_a_title_that_asks_a_question_is_not_followed_by_a_full_stop(kb):
    result = consult(normalize(kb, PART_WAY), kb)
    assert result.flags and result.recommendation.reasons
    asking = "Stabilization first, or human rights and accountability?"
    flag = result.flags[0].model_copy(update={"title": asking})
    reason = result.recommendation.reasons[0].model_copy(update={"title": asking})
    rec = result.recommendation.model_copy(update={"reasons": [reason]})
    result = result.model_copy(update={"flags": [flag], "recommendation": rec})
    text = to_markdown(brief_blocks(result)) + to_markdown(reason_blocks([reason]))
    assert "?." not in text and "?**." not in text
    assert f"**{asking}**\n" in text  # the brief's flag line
    assert f"**{asking}** *The report" in text  # a reason


def test_a_note_change_reads_once(kb):
    s = Session.new("Liberia", kb=kb)
    s.set_answer("insurgency", "no")
    s.set_note("insurgency", "Rebels disarmed in 2004")
    s.set_note("insurgency", "")
    md = export(build_transcript(kb, session=s), "markdown").decode()
    assert "note, note" not in md
    assert "**Insurgency** note: Rebels disarmed in 2004" in md
    assert "**Insurgency** note removed" in md


@pytest.mark.parametrize(
    "typed, fmt, says",
    [
        ("export html", "html", "Export the transcript as a printable web page (HTML)."),
        ("export as Word", "docx", "Export the transcript as Word."),
        ("export md", "markdown", "Export the transcript as Markdown."),
        ("export json", "json", "Export the transcript as JSON."),
        ("export", None, "Export the transcript."),
        (
            "export pdf",
            None,
            "I do not write transcripts as “pdf”: choose Markdown, printable HTML, JSON or Word.",
        ),
    ],
)
def test_export_names_the_format_as_people_do(kb, typed, fmt, says):
    conv = Conversation(kb)
    conv.start()
    reply = conv.handle(typed)[-1]
    assert reply.kind == "export" and reply.text == says
    assert conv.take_effects() == [Export(fmt)]


def test_a_year_in_the_crisis_name_is_not_repeated_by_the_date():
    on = dt.date(2026, 12, 5)
    assert suggested_filename(TranscriptDetails(crisis="South Sudan 2026", date=on), "markdown") == (
        "South-Sudan-2026-12-05.md"
    )
    assert suggested_filename(TranscriptDetails(crisis="2026 floods, Chad", date=on), "html") == (
        "floods-Chad-2026-12-05.html"
    )
    # another year, or a year without a date, stays
    assert (
        suggested_filename(TranscriptDetails(crisis="Darfur 2008", date=on), "json")
        == "Darfur-2008-2026-12-05.json"
    )
    assert suggested_filename(TranscriptDetails(crisis="South Sudan 2026"), "json") == "South-Sudan-2026.json"
    assert (
        suggested_filename(TranscriptDetails(crisis="2026", date=on), "json")
        == "integration-assessment-2026-12-05.json"
    )


# --- 3. How the rules fired ------------------------------------------------------------------------


def test_how_the_rules_fired_lists_each_rule_once_and_each_flag_at_its_severity(kb):
    repeated = superseded = 0
    for answers in answer_sets():
        t = build_transcript(kb, answers=answers)
        rules = [s.rule for s in t.result.trace]
        repeated += len(rules) - len(set(rules))
        lines = [plain(b.spans) for b in trace_blocks(t)[1:]]
        titles = [re.match(r"(.*?) \(\w+\): ", line).group(1) for line in lines]
        assert len(titles) == len(set(titles)), titles
        assert len(lines) == len(fired_rules(t.result))
        for f in t.result.flags:
            for sev in ("low", "medium", "high"):
                if sev != f.severity:
                    superseded += any(
                        s.derived.name == f"flag:{f.id}" and s.derived.value == sev for s in t.result.trace
                    )
                    assert not any(f"“{f.title}” is raised at {sev} severity" in line for line in lines), (
                        f.id,
                        sev,
                    )
            assert any(f"“{f.title}” is raised at {f.severity} severity" in line for line in lines)
    assert repeated and superseded, "some answers fire a rule twice and raise a flag at two severities"


# --- 4. One citation style everywhere --------------------------------------------------------------


@pytest.mark.parametrize("fmt", PERSON_FORMATS)
def test_one_citation_style_in_the_filed_document(part_way, fmt):
    text = text_of(fmt, export(part_way, fmt))
    assert not OLD_CITATION.search(text)
    assert "¶" in text
    for s in part_way.sources:  # the sources list cites each passage as the text does
        assert f"{locator(s.citation())}, {s.section}" in text


def test_one_citation_style_in_the_how_tree_and_the_recheck(kb):
    from assistant.tui.widgets.how_tree import HowTree

    result = consult(normalize(kb, PART_WAY), kb)
    tree = HowTree("Fired rules", tuple(result.recommendation.reasons))

    def walk(node):
        yield node
        for child in node.children:
            yield from walk(child)

    labels = [str(n.label) for n in walk(tree.root) if n.data is not None]
    assert labels and all(not OLD_CITATION.search(label) for label in labels)
    for node in walk(tree.root):
        if node.data is not None and node.data.citations:
            assert locator(node.data.citations[0]) in str(node.label)
    assert not OLD_CITATION.search(how_text(result))
    for c in (c for r in result.recommendation.reasons for c in r.citations):
        assert _passage(c).startswith(f"{locator(c)}, {c.section}")
