"""The words typed for each answer: kept in sessions beside the answer, and shown wherever the
answer is shown (transcripts in every format, the brief, the annex, a training debrief, recheck)."""

from __future__ import annotations

import datetime as dt
import io
import json

import jsonschema
import lxml.html
import pytest
from markdown_it import MarkdownIt
from pydantic import ValidationError

from assistant.cli import main
from assistant.consultation.understand import Said
from assistant.knowledge.yamlfile import InputError
from assistant.sessions import AnswerEvent, AnswerRecord, Session, SessionStore
from assistant.sessions.recorder import SessionRecorder
from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.transcripts import FORMATS, Transcript, build_transcript, export, load_transcript, recheck
from assistant.transcripts.compare import compare, render_html, render_markdown
from assistant.transcripts.schema import SCHEMA_PATH

from .conftest import CASES, load_case
from .test_transcripts import IMG, SCRIPT, text_of

T0 = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
LIBERIA = next(p for p in CASES if "liberia" in p.stem)
WORDS = "the situation is very calm now"
HOSTILE = f"{SCRIPT} *not emphasis* | not a cell {IMG}"


@pytest.fixture(scope="module")
def answers():
    return load_case(LIBERIA)["answers"]


def _at(seconds: int) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def _session(kb, answers, said: dict[str, Said]) -> Session:
    s = Session.new("Liberia", officer="A. Officer", kb=kb, now=T0)
    for i, (qid, value) in enumerate(answers.items(), 1):
        s.set_answer(qid, value, said=said.get(qid), at=_at(i))
    return s


# --- sessions ------------------------------------------------------------------------------------


def test_a_session_keeps_the_words_and_how_they_were_understood(tmp_path, kb, answers):
    s = _session(
        kb,
        answers,
        {
            "security_situation": Said(WORDS, "confirmed"),
            "hostility": Said("low", "exact"),
            "host_consent": Said("2", "picked"),  # a pick keeps no words
        },
    )
    record = s.answers["security_situation"]
    assert (record.said, record.understood) == (WORDS, "confirmed")
    assert (s.answers["host_consent"].said, s.answers["host_consent"].understood) == ("", "picked")
    assert s.said("security_situation") == Said(WORDS, "confirmed")
    assert s.said("host_consent") == Said("", "picked")
    assert s.said("un_presence") is None  # answered without words: not known
    assert s.said("insurgency") is None  # not answered
    assert s.said_by_question() == {
        "security_situation": Said(WORDS, "confirmed"),
        "hostility": Said("low", "exact"),
        "host_consent": Said("", "picked"),
    }
    event = next(e for e in s.history if e.question == "security_situation")
    assert (event.said, event.understood) == (WORDS, "confirmed")

    store = SessionStore(tmp_path / "sessions", kb=kb)
    path = store.save(s)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["answers"]["security_situation"]["said"] == WORDS
    assert raw["answers"]["security_situation"]["understood"] == "confirmed"
    back = store.load(s.id)
    assert back == s and back.said("security_situation") == Said(WORDS, "confirmed")


def test_an_older_session_without_the_words_loads_unchanged(tmp_path, kb):
    """A session saved before the words were kept (format 2) opens with its answers, notes and
    history as they were, and no words."""
    old = {
        "format": "integration-assistant/session",
        "format_version": 2,
        "id": "20240501-120000-abcdef",
        "details": {"crisis": "Liberia", "officer": "A. Officer", "date": "2008-05-01"},
        "answers": {
            "un_presence": {"value": ["multidimensional_pko"], "note": "", "at": "2024-05-01T12:00:01Z"},
            "security_situation": {
                "value": ["very_stable"],
                "note": "as of May",
                "at": "2024-05-01T12:00:03Z",
            },
        },
        "history": [
            {
                "at": "2024-05-01T12:00:01Z",
                "question": "un_presence",
                "action": "set",
                "value": ["multidimensional_pko"],
            },
            {
                "at": "2024-05-01T12:00:02Z",
                "question": "security_situation",
                "action": "set",
                "value": ["stable"],
            },
            {
                "at": "2024-05-01T12:00:03Z",
                "question": "security_situation",
                "action": "set",
                "value": ["very_stable"],
                "note": "as of May",
            },
        ],
        "history_dropped": 0,
        "created": "2024-05-01T12:00:00Z",
        "updated": "2024-05-01T12:00:03Z",
        "app_version": "0.9.0",
        "rulebase_version": "1.0",
        "rulebase_sha256": "0" * 64,
    }
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / f"{old['id']}.json").write_text(json.dumps(old, indent=2), encoding="utf-8")
    store = SessionStore(folder, kb=kb)
    assert [x.id for x in store.list()] == [old["id"]] and store.problems == []
    s = store.load(old["id"])
    assert s.answers_for_engine() == {
        "un_presence": ("multidimensional_pko",),
        "security_situation": ("very_stable",),
    }
    assert s.notes() == {"security_situation": "as of May"}
    assert s.answers["un_presence"].at == dt.datetime(2024, 5, 1, 12, 0, 1, tzinfo=dt.UTC)
    assert [(e.question, e.value, e.said, e.understood) for e in s.history] == [
        ("un_presence", ["multidimensional_pko"], "", None),
        ("security_situation", ["stable"], "", None),
        ("security_situation", ["very_stable"], "", None),
    ]
    assert s.said_by_question() == {} and s.said("security_situation") is None
    assert (s.details.crisis, s.app_version, s.rulebase_sha256) == ("Liberia", "0.9.0", "0" * 64)
    # its transcript shows the answers without words
    md = export(build_transcript(kb, session=s), "markdown").decode("utf-8")
    assert "| Very stable |" in md and "you typed" not in md


def test_re_answering_with_other_words_is_a_change(kb):
    s = Session.new("Darfur", kb=kb, now=T0)
    first, second = Said("calm", "confirmed"), Said("very calm indeed", "confirmed")
    assert s.set_answer("security_situation", "very_stable", said=first, at=_at(1))
    assert not s.set_answer("security_situation", "very_stable", said=first, at=_at(2))  # the same: no event
    assert not s.set_answer("security_situation", "very_stable", at=_at(3))  # words not known: the same
    assert s.said("security_situation") == first
    assert s.set_answer("security_situation", "very_stable", said=second, at=_at(4))  # other words
    assert s.set_answer(
        "security_situation", "very_stable", said=Said("very calm indeed", "exact"), at=_at(5)
    )
    assert s.set_answer("security_situation", "very_stable", note="as of May", at=_at(6))  # keeps the words
    assert s.said("security_situation") == Said("very calm indeed", "exact")
    assert s.set_answer("security_situation", "stable", at=_at(7))  # another answer: its words not known
    assert s.said("security_situation") is None
    sets = [(e.at, e.said, e.understood) for e in s.history if e.action == "set"]
    assert sets == [
        (_at(1), "calm", "confirmed"),
        (_at(4), "very calm indeed", "confirmed"),
        (_at(5), "very calm indeed", "exact"),
        (_at(6), "", None),
        (_at(7), "", None),
    ]


def test_the_words_go_with_an_answer_given_only(kb):
    at = T0.isoformat()
    with pytest.raises(ValidationError, match="go with action 'set'"):
        AnswerEvent.model_validate(
            {"at": at, "question": "hostility", "action": "note", "note": "x", "said": "x"}
        )
    with pytest.raises(ValidationError, match="go with action 'set'"):
        AnswerEvent.model_validate(
            {"at": at, "question": "hostility", "action": "forget", "understood": "exact"}
        )
    with pytest.raises(ValidationError, match="'said' needs 'understood'"):
        AnswerRecord.model_validate({"value": ["low"], "at": at, "said": "low"})
    with pytest.raises(ValidationError, match="picked from the list keeps no 'said'"):
        AnswerRecord.model_validate({"value": ["low"], "at": at, "said": "2", "understood": "picked"})
    with pytest.raises(ValidationError, match="understood"):
        AnswerRecord.model_validate({"value": ["low"], "at": at, "said": "low", "understood": "guessed"})
    event = AnswerEvent.model_validate(
        {
            "at": at,
            "question": "hostility",
            "action": "set",
            "value": ["low"],
            "said": "low",
            "understood": "exact",
        }
    )
    assert (event.said, event.understood) == ("low", "exact")


def test_the_history_gives_up_the_oldest_words_past_its_budget(kb, monkeypatch):
    from assistant.sessions import history

    monkeypatch.setattr(history, "TEXT_BUDGET", 50_000)
    s = Session.new("Bounds", kb=kb, now=T0)
    for i in range(40):  # 40 answers of 2,000 characters typed each: 80,000 in all
        value = "very_stable" if i % 2 else "stable"
        s.set_answer("security_situation", value, said=Said(f"{i:04d} " + "x" * 1995, "confirmed"), at=_at(i))
    sets = [e for e in s.history if e.action == "set"]
    assert len(sets) == 40  # every change is still there
    assert sum(len(e.said) for e in sets) <= 50_000
    assert sets[-1].said.startswith("0039 ") and sets[0].said == ""  # the newest kept, the oldest given up
    assert all(e.understood == "confirmed" for e in sets)
    kept = [bool(e.said) for e in sets]
    assert kept == sorted(kept)  # given up oldest first
    assert s.said("security_situation") == Said("0039 " + "x" * 1995, "confirmed")  # the answer keeps them


def test_the_recorder_passes_the_words_from_the_conversation(tmp_path, kb):
    store = SessionStore(tmp_path / "sessions", kb=kb)
    session = Session.new("Liberia", kb=kb)
    recorder = SessionRecorder(store, session)
    recorder("set", "security_situation", ("very_stable",), Said(WORDS, "confirmed"))
    recorder("set", "hostility", ("low",))  # three arguments, as before: words not known
    recorder("note", "hostility", "as of May")
    recorder("forget", "un_presence", None)  # not answered: nothing to record
    back = store.load(session.id)
    assert back.said("security_situation") == Said(WORDS, "confirmed")
    assert back.said("hostility") is None and back.notes() == {"hostility": "as of May"}
    recorder("set", "security_situation", ("very_stable",), Said("calm", "inferred"))
    assert store.load(session.id).said("security_situation") == Said("calm", "inferred")

    read_only = SessionRecorder(store, store.load(session.id), read_only=True)
    read_only("set", "security_situation", ("very_stable",), Said("changed", "exact"))
    assert store.load(session.id).said("security_situation") == Said("calm", "inferred")


# --- transcripts ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def typed(kb, answers):
    """A session with words typed for some answers, and a word changed on the way."""
    s = Session.new("Liberia", officer="A. Officer", kb=kb, now=T0)
    for i, (qid, value) in enumerate(answers.items(), 1):
        if qid == "security_situation":
            s.set_answer(qid, "stable", said=Said("quite calm", "exact"), at=_at(i))
            value_said = Said(WORDS, "confirmed")
        elif qid == "hostility":
            value_said = Said(HOSTILE, "inferred")
        elif qid == "host_consent":
            value_said = Said("", "picked")
        else:
            value_said = None
        s.set_answer(qid, value, said=value_said, at=_at(100 + i))
    return s


@pytest.fixture(scope="module")
def transcript(kb, typed):
    return build_transcript(kb, session=typed)


def test_a_transcript_holds_the_words_of_each_answer_and_change(transcript):
    by_q = {a.question: a for a in transcript.answers}
    assert (by_q["security_situation"].said, by_q["security_situation"].understood) == (WORDS, "confirmed")
    assert (by_q["hostility"].said, by_q["hostility"].understood) == (HOSTILE, "inferred")
    assert (by_q["host_consent"].said, by_q["host_consent"].understood) == ("", "picked")
    assert (by_q["un_presence"].said, by_q["un_presence"].understood) == ("", None)
    changes = [
        (c.labels, c.said, c.understood) for c in transcript.history if c.question == "security_situation"
    ]
    assert changes == [
        (["Stable, with occasional incidents"], "quite calm", "exact"),
        (["Very stable"], WORDS, "confirmed"),
    ]


def test_headless_transcripts_take_the_words_given(kb, answers):
    t = build_transcript(kb, answers=answers, said={"security_situation": Said(WORDS, "inferred")})
    a = next(a for a in t.answers if a.question == "security_situation")
    assert (a.said, a.understood) == (WORDS, "inferred")
    assert all(not x.said and x.understood is None for x in t.answers if x is not a)
    with pytest.raises(InputError, match="unknown question 'nope'"):
        build_transcript(kb, answers=answers, said={"nope": Said("x", "exact")})
    with pytest.raises(InputError, match="'insurgency', which is not answered"):
        build_transcript(kb, answers=answers, said={"insurgency": Said("x", "exact")})


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_every_format_shows_the_words_beside_the_answer(transcript, fmt):
    text = text_of(fmt, export(transcript, fmt))
    assert f"Very stable (you typed: “{WORDS}”; confirmed)" in text  # in the answers
    assert f"Low: actors broadly cooperate (you typed: “{HOSTILE}”; inferred, not confirmed)" in text
    assert "Full consent and cooperation (picked from the list)" in text
    assert "Multidimensional peacekeeping operation (" not in text  # no words known: none shown
    # in the changes, each answer given with its own words
    assert "Security answered: Stable, with occasional incidents (you typed: “quite calm”)" in text
    assert f"Security answered: Very stable (you typed: “{WORDS}”; confirmed)" in text
    # and beside the answers the reasons rest on
    assert f"security is very stable (you typed: “{WORDS}”; confirmed)" in text


def test_json_holds_the_words_and_validates(transcript):
    data = json.loads(export(transcript, "json"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    a = next(a for a in data["answers"] if a["question"] == "security_situation")
    assert (a["said"], a["understood"]) == (WORDS, "confirmed")
    assert Transcript.model_validate_json(export(transcript, "json")) == transcript
    bad = json.loads(export(transcript, "json"))
    bad["answers"][0]["understood"] = "guessed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_a_transcript_from_before_the_words_loads(tmp_path, kb, answers):
    data = json.loads(export(build_transcript(kb, answers=answers), "json"))
    data["format_version"] = 1
    for a in data["answers"]:
        del a["said"], a["understood"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    t = load_transcript(path)
    assert t.format_version == 1 and all(a.said_as() is None for a in t.answers)
    assert "you typed" not in export(t, "markdown").decode("utf-8")


def test_the_words_are_user_text_in_every_format(transcript):
    html = export(transcript, "html").decode("utf-8")
    tree = lxml.html.document_fromstring(html)
    assert (
        tree.xpath("//script") == []
        and tree.xpath("//img") == []
        and tree.xpath("//em[contains(., 'not')]") == []
    )
    assert HOSTILE in tree.text_content()
    md = export(transcript, "markdown").decode("utf-8")
    parser = MarkdownIt("commonmark").enable("table")
    rendered = parser.render(md)
    assert "<script>" not in rendered and "<img" not in rendered and "<em>not emphasis</em>" not in rendered
    # the table keeps its four columns: the typed "|" is no cell
    rows = lxml.html.document_fromstring(rendered).xpath("//table//tr")
    assert rows and all(len(row.xpath("./td|./th")) == 4 for row in rows)
    hostility = next(row for row in rows if row[0].text_content().startswith("Hostility"))
    assert (
        hostility[1].text_content()
        == f"Low: actors broadly cooperate (you typed: “{HOSTILE}”; inferred, not confirmed)"
    )


def test_docx_shows_the_words_in_the_answer_cell(transcript):
    import docx

    d = docx.Document(io.BytesIO(export(transcript, "docx")))
    table = d.tables[0]
    cells = {row.cells[0].text.split(":")[0]: row.cells[1].text for row in table.rows[1:]}
    assert cells["Security"] == f"Very stable (you typed: “{WORDS}”; confirmed)"
    assert cells["Host government's consent"] == "Full consent and cooperation (picked from the list)"
    assert cells["UN presence"] == "Multidimensional peacekeeping operation"


def test_the_brief_shows_the_words_beside_an_assumption(kb, answers):
    t = build_transcript(
        kb,
        answers={**answers, "ocha_presence": "unknown"},
        said={"ocha_presence": Said("no idea", "confirmed")},
    )
    md = text_of("markdown", export(t, "markdown"))
    brief = md[md.index("Assumptions that matter") : md.index("Annex")]
    assert "It is not known whether OCHA is present in the country" in brief
    assert "(you typed: “no idea”; confirmed)" in brief


def test_the_debrief_shows_the_words_beside_the_learners_answers(kb):
    case = kb.case("liberia-unmil-2008")
    learner = {**key_answers(case), "hostility": ("high",)}
    d = debrief(kb, case, learner, Prediction(model="two_feet_in"))
    t = build_transcript(
        kb,
        answers=learner,
        training=d,
        said={"hostility": Said("they fight us", "confirmed"), "security_situation": Said("calm", "exact")},
    )
    for fmt in ("markdown", "html", "docx"):
        text = text_of(fmt, export(t, fmt))
        debriefed = text[text.index("Training debrief") : text.index("Your prediction")]
        assert (
            "you answered High: some actors are hostile to each other (you typed: “they fight us”; confirmed); the key says"
            in debriefed
        ), fmt
        assert "Security: Very stable (you typed: “calm”), as the key says" in debriefed, fmt


# --- recheck -------------------------------------------------------------------------------------


def test_recheck_lists_the_answers_with_their_words(kb, transcript):
    report = recheck(transcript, kb)
    assert not report.changed
    lines = report.lines()
    assert f"  Security: Very stable (you typed: “{WORDS}”; confirmed)" in lines
    assert "  Host government's consent: Full consent and cooperation (picked from the list)" in lines
    assert "  UN presence: Multidimensional peacekeeping operation" in lines
    assert lines[-1] == "Result: unchanged"
    assert report.new.answers == [a.model_copy(update={"at": None}) for a in transcript.answers]


def test_recheck_prints_the_words_and_names_them_when_an_answer_no_longer_fits(tmp_path, capsys, transcript):
    path = tmp_path / "t.json"
    path.write_bytes(export(transcript, "json"))
    code = main(["recheck", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"Security: Very stable (you typed: “{WORDS}”; confirmed)" in out

    data = json.loads(path.read_text(encoding="utf-8"))
    entry = next(a for a in data["answers"] if a["question"] == "security_situation")
    entry["answer"] = ["spaceship"]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code = main(["recheck", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and "no longer fit" in err and f"(you typed: “{WORDS}”; confirmed)" in err


def test_compare_shows_the_words_beside_each_transcripts_answer(kb, answers, transcript):
    other = build_transcript(kb, answers=answers, said={"security_situation": Said("calm", "exact")})
    c = compare([("a.json", transcript), ("b.json", other)])
    row = next(r for r in c.answers if r.name == "Security")
    assert row.cells == [f"Very stable (you typed: “{WORDS}”; confirmed)", "Very stable (you typed: “calm”)"]
    assert not row.differs  # the same answer, in other words
    hostility = next(r for r in c.answers if r.name == "Hostility")
    md = MarkdownIt("commonmark").enable("table").render(render_markdown(c))
    html = render_html(c)
    for page in (md, html):
        tree = lxml.html.document_fromstring(page)
        assert tree.xpath("//script") == [] and tree.xpath("//img") == []
        assert hostility.cells[0] in tree.text_content()
