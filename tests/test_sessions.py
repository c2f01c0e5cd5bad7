"""Sessions: the model's helpers, the store's round trip, and every kind of unusable file."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.knowledge.yamlfile import InputError
from assistant.sessions import (
    HOME_ENV,
    Session,
    SessionStore,
    SessionUnusable,
    default_directory,
)
from assistant.sessions import store as store_module

from .conftest import CASES, load_case

HOSTILE = "Côte d’Ivoire — \"quoted\" 'single'\n  second line\ttab  \r\n<b>&amp;</b> 🌍 "
T0 = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def _session(kb, crisis: str = "Liberia", n: int = 0) -> Session:
    s = Session.new(
        crisis, officer="A. Officer", date=dt.date(2008, 5, 1), kb=kb, now=T0 + dt.timedelta(minutes=n)
    )
    case = load_case(next(p for p in CASES if "liberia" in p.stem))
    for i, (qid, value) in enumerate(case["answers"].items()):
        s.set_answer(qid, value, at=T0 + dt.timedelta(minutes=n, seconds=i + 1))
    return s


@pytest.fixture
def store(tmp_path, kb):
    return SessionStore(tmp_path / "sessions", kb=kb)


# --- the model -------------------------------------------------------------------------------


def test_new_session_has_a_file_safe_unique_id(kb):
    ids = {Session.new("x", kb=kb).id for _ in range(50)}
    assert len(ids) == 50
    assert all(i[:8].isdigit() and all(c.isalnum() or c == "-" for c in i) for i in ids)


def test_helpers_record_every_change_in_order(kb):
    s = Session.new("Darfur", kb=kb, now=T0)
    multi = next(q for q in kb.questions if q.multi)
    singles = [o for o in multi.option_ids if o not in multi.exclusive][:2]
    assert s.set_answer("un_presence", "multidimensional_pko", note="first", at=T0)
    assert not s.set_answer("un_presence", ["multidimensional_pko"], at=T0)  # no change, no event
    assert s.set_answer(multi.id, list(reversed(singles)), at=T0)
    assert s.answers[multi.id].value == singles  # canonical option order
    assert s.set_note("un_presence", "second", at=T0)
    assert s.set_answer("un_presence", "political_mission", at=T0)
    assert s.answers["un_presence"].note == "second"  # a re-answer keeps the note
    assert s.forget(multi.id, at=T0)
    assert not s.forget(multi.id, at=T0)
    assert [(e.question, e.action, e.value) for e in s.history] == [
        ("un_presence", "set", ["multidimensional_pko"]),
        (multi.id, "set", singles),
        ("un_presence", "note", None),
        ("un_presence", "set", ["political_mission"]),
        (multi.id, "forget", None),
    ]
    assert s.note_versions("un_presence") == [(T0, "second"), (T0, "first")]
    assert s.note_versions(multi.id) == []
    assert s.answers_for_engine() == {"un_presence": ("political_mission",)}


def test_bad_answers_are_refused_with_one_line(kb):
    s = Session.new("x", kb=kb)
    with pytest.raises(InputError, match="unknown question 'nope'"):
        s.set_answer("nope", "yes")
    with pytest.raises(InputError, match="un_presence: 'spaceship' is not an option"):
        s.set_answer("un_presence", "spaceship")
    with pytest.raises(InputError, match="not answered yet"):
        s.set_note("hostility", "a note")
    with pytest.raises(InputError, match="unknown question"):
        s.forget("nope")
    assert s.history == [] and s.answers == {}


def test_answers_for_engine_give_the_same_result(kb):
    case = load_case(next(p for p in CASES if "darfur" in p.stem))
    s = Session.new("Darfur", kb=kb)
    for qid, value in case["answers"].items():
        s.set_answer(qid, value)
    assert s.answers_for_engine() == normalize(kb, case["answers"])
    assert consult(s.answers_for_engine(), kb) == consult(normalize(kb, case["answers"]), kb)


# --- the store -------------------------------------------------------------------------------


def test_round_trip_keeps_user_text_exactly(store, kb):
    s = _session(kb, crisis=HOSTILE)
    s.set_details(officer=HOSTILE)
    s.set_note("hostility", HOSTILE)
    s.set_answer("host_consent", "limited", note="  leading and trailing  ")
    path = store.save(s)
    assert path == store.directory / f"{s.id}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["details"]["crisis"] == HOSTILE and raw["details"]["officer"] == HOSTILE
    assert raw["answers"]["hostility"]["note"] == HOSTILE
    back = store.load(s.id)
    assert back == s
    assert back.details.crisis == HOSTILE
    assert back.answers["host_consent"].note == "  leading and trailing  "
    assert back.history == s.history
    assert back.answers["hostility"].at.tzinfo is not None


def test_list_and_latest_newest_first(store, kb):
    older, newer = _session(kb, "Older", 0), _session(kb, "Newer", 30)
    store.save(newer)
    store.save(older)
    listing = store.list()
    assert [x.crisis for x in listing] == ["Newer", "Older"]
    assert listing.problems == []
    assert listing[0].answered == len(newer.answers) and listing[0].date == dt.date(2008, 5, 1)
    assert store.latest() == newer
    older.set_answer("hostility", "high", at=T0 + dt.timedelta(hours=2))
    store.save(older)
    assert store.latest().id == older.id


def test_empty_or_missing_folder(tmp_path, kb):
    st = SessionStore(tmp_path / "nowhere", kb=kb)
    assert list(st.list()) == [] and st.list().problems == []
    assert st.latest() is None
    with pytest.raises(InputError, match="no session"):
        st.load("20240101-000000-abcdef")


@pytest.mark.parametrize("bad", ["../etc/passwd", "", ".hidden", "a/b", "x" * 100])
def test_load_refuses_ids_that_are_not_ids(store, bad):
    with pytest.raises(InputError, match="not a session id"):
        store.load(bad)


def test_directory_from_argument_environment_and_platformdirs(tmp_path, monkeypatch, kb):
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    assert default_directory() == tmp_path / "home" / "sessions"
    assert SessionStore(kb=kb).directory == tmp_path / "home" / "sessions"
    assert SessionStore(tmp_path / "given", kb=kb).directory == tmp_path / "given"
    monkeypatch.delenv(HOME_ENV)
    from platformdirs import user_data_dir

    assert default_directory() == Path(user_data_dir("integration-assistant", appauthor=False)) / "sessions"


def test_save_is_atomic_and_leaves_no_temporary_files(store, kb, monkeypatch):
    s = _session(kb)
    for i in range(5):
        s.set_note("hostility", f"note {i}")
        store.save(s)
    assert sorted(p.name for p in store.directory.iterdir()) == [f"{s.id}.json"]
    before = (store.directory / f"{s.id}.json").read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    s.set_note("hostility", "lost")
    with pytest.raises(InputError, match=r"cannot save the session.*No space left"):
        store.save(s)
    monkeypatch.undo()
    assert sorted(p.name for p in store.directory.iterdir()) == [f"{s.id}.json"]
    assert (store.directory / f"{s.id}.json").read_bytes() == before


# --- unusable files --------------------------------------------------------------------------


def _good_text(kb) -> str:
    return _session(kb, "Good").model_dump_json(indent=2)


def _corrupt_files(kb) -> dict[str, bytes | None]:
    good = json.loads(_good_text(kb))
    unknown_q = json.loads(_good_text(kb))
    unknown_q["answers"]["no_such_question"] = unknown_q["answers"].pop("hostility")
    wrong_types = json.loads(_good_text(kb))
    wrong_types["answers"]["hostility"]["value"] = "low"
    wrong_types["created"] = 12
    bad_option = json.loads(_good_text(kb))
    bad_option["answers"]["hostility"]["value"] = ["catastrophic"]
    extra = json.loads(_good_text(kb))
    extra["surprise"] = True
    bad_event = json.loads(_good_text(kb))
    bad_event["history"][0]["value"] = None
    text = _good_text(kb)
    return {
        "not-json": b"this is not JSON at all\n",
        "truncated": text[: len(text) // 2].encode(),
        "foreign": json.dumps({"format": "someone-else/notes", "id": "foreign"}).encode(),
        "no-marker": json.dumps({"answers": {}}).encode(),
        "a-list": b"[1, 2, 3]",
        "unknown-question": json.dumps(unknown_q).encode(),
        "wrong-types": json.dumps(wrong_types).encode(),
        "bad-option": json.dumps(bad_option).encode(),
        "extra-key": json.dumps(extra).encode(),
        "bad-event": json.dumps(bad_event).encode(),
        "other-id": json.dumps(good).encode(),  # a valid session under another file name
        "empty": b"",
        "blank": b"  \n",
        "binary": b"\xff\xfe\x00\x01garbage",
        "folder": None,  # a directory named like a session
    }


KINDS = [
    "not-json",
    "truncated",
    "foreign",
    "no-marker",
    "a-list",
    "unknown-question",
    "wrong-types",
    "bad-option",
    "extra-key",
    "bad-event",
    "other-id",
    "empty",
    "blank",
    "binary",
    "folder",
]


def test_every_kind_is_tested(kb):
    assert sorted(_corrupt_files(kb)) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_unusable_file_is_moved_aside_untouched_and_reported(store, kb, kind):
    good = _session(kb, "Good", 5)
    store.save(good)
    content = _corrupt_files(kb)[kind]
    bad = store.directory / f"{kind}.json"
    if content is None:
        bad.mkdir()
        (bad / "inside.txt").write_text("keep me")
    else:
        bad.write_bytes(content)

    listing = store.list()

    assert [x.id for x in listing] == [good.id]  # the others are still listed
    assert len(listing.problems) == 1
    problem = listing.problems[0]
    assert problem.path == bad
    assert problem.moved_to is not None and problem.moved_to.name.startswith(f"{kind}.json.corrupt-")
    line = problem.message
    assert "\n" not in line and str(bad) in line and problem.moved_to.name in line
    assert not os.path.lexists(bad)
    if content is None:
        assert (problem.moved_to / "inside.txt").read_text() == "keep me"
    else:
        assert problem.moved_to.read_bytes() == content  # byte-identical
    assert store.problems == [problem]
    # Nothing is left to report the second time; the moved file stays.
    assert store.list().problems == [] and problem.moved_to.exists()


def test_messages_say_what_is_wrong(store, kb):
    files = _corrupt_files(kb)
    for kind in ("not-json", "truncated", "foreign", "unknown-question", "empty", "folder", "other-id"):
        path = store.directory / f"{kind}.json"
        store.directory.mkdir(parents=True, exist_ok=True)
        if files[kind] is None:
            path.mkdir()
        else:
            path.write_bytes(files[kind])
    reasons = {p.path.stem: p.reason for p in store.list().problems}
    assert "malformed JSON" in reasons["not-json"]
    assert "truncated JSON" in reasons["truncated"]
    assert (
        "not an Integration Assistant session" in reasons["foreign"]
        and "someone-else/notes" in reasons["foreign"]
    )
    assert "unknown question 'no_such_question'" in reasons["unknown-question"]
    assert reasons["empty"] == "empty file"
    assert "folder" in reasons["folder"]
    assert "does not match its file name" in reasons["other-id"]


def test_moving_aside_never_overwrites(store, kb, monkeypatch):
    fixed = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    monkeypatch.setattr(store_module, "utcnow", lambda: fixed)
    store.directory.mkdir(parents=True)
    taken = store.directory / "x.json.corrupt-20240102T030405Z"
    taken.write_bytes(b"an earlier corrupt file")
    (store.directory / "x.json").write_bytes(b"{")
    problem = store.list().problems[0]
    assert problem.moved_to == store.directory / "x.json.corrupt-20240102T030405Z-1"
    assert taken.read_bytes() == b"an earlier corrupt file"
    assert problem.moved_to.read_bytes() == b"{"


def test_load_of_an_unusable_file_moves_it_aside(store, kb):
    store.directory.mkdir(parents=True)
    (store.directory / "20240101-000000-abcdef.json").write_bytes(
        b'{"format": "integration-assistant/session"'
    )
    with pytest.raises(SessionUnusable) as err:
        store.load("20240101-000000-abcdef")
    assert isinstance(err.value, InputError)
    assert "20240101-000000-abcdef.json" in str(err.value) and "moved aside" in str(err.value)
    assert err.value.problem.moved_to.exists()
    assert store.latest() is None


def test_newer_format_is_reported_and_left_in_place(store, kb):
    data = json.loads(_session(kb, "Future").model_dump_json())
    data["format_version"] = 99
    store.directory.mkdir(parents=True)
    path = store.directory / f"{data['id']}.json"
    path.write_text(json.dumps(data))
    problems = store.list().problems
    assert len(problems) == 1 and problems[0].moved_to is None
    assert "newer version" in problems[0].message and "left in place" in problems[0].message
    assert path.exists()


def test_temporary_and_moved_files_are_not_sessions(store, kb):
    s = _session(kb)
    store.save(s)
    (store.directory / f".{s.id}.json.abc123.tmp").write_bytes(b"{half")
    (store.directory / "old.json.corrupt-20240101T000000Z").write_bytes(b"{")
    (store.directory / "README.txt").write_text("hello")
    listing = store.list()
    assert [x.id for x in listing] == [s.id] and listing.problems == []
