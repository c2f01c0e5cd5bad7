"""The app never discards its own sessions: a long session stays small, an older large one opens,
temporary files of a killed save are cleaned, and transcripts are private."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import stat
import sys
import time
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.sessions import SESSION_FORMAT_VERSION, Session, SessionStore
from assistant.sessions import store as store_module
from assistant.sessions.atomic import atomic_write

T0 = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
WORDS = [
    "the",
    "mission",
    "the",
    "country",
    "team",
    "OCHA",
    "consent",
    "hostility",
    "spoilers",
    "JMAC",
    "report",
    "field",
    "visit",
]


def _long_note(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _long_session(kb, changes: int = 1000, note_words: int = 2500) -> Session:
    """A working session: answers given and changed, and long notes edited a little at a time."""
    rng = random.Random(2008)
    s = Session.new("Darfur", officer="A. Officer", kb=kb, now=T0)
    notes: dict[str, str] = {}
    i = 0
    while len(s.history) < changes:
        i += 1
        at = T0 + dt.timedelta(seconds=i)
        q = rng.choice(kb.questions)
        if q.id not in s.answers or rng.random() < 0.3:
            s.set_answer(q.id, [rng.choice([o for o in q.option_ids if o not in q.exclusive])], at=at)
            continue
        note = notes.get(q.id) or _long_note(rng, note_words)  # about 15,000 characters
        cut = rng.randrange(len(note))
        notes[q.id] = note[:cut] + f" (edit {i}) " + note[cut:]
        s.set_note(q.id, notes[q.id], at=at)
    return s


def test_a_thousand_changes_with_long_notes_stay_small_and_open_again(tmp_path, kb):
    s = _long_session(kb)
    store = SessionStore(tmp_path / "sessions", kb=kb)
    path = store.save(s)
    size = path.stat().st_size
    # Kept in full, every version of every note would take about 1000 x 15 kB = 15 MB.
    assert size < 1_500_000, size
    back = store.load(s.id)
    assert back == s and store.problems == []
    # every earlier version is still there, exactly
    qid = max(s.notes(), key=lambda q: len(s.note_versions(q)))
    versions = back.note_versions(qid)
    assert len(versions) > 20 and all(text is not None for _, text in versions)
    assert versions[0][1] == s.answers[qid].note
    assert all("(edit " in text for _, text in versions)


def test_history_keeps_its_bounds_when_every_version_is_rewritten(kb, monkeypatch):
    from assistant.sessions import history

    monkeypatch.setattr(history, "TEXT_BUDGET", 200_000)
    monkeypatch.setattr(history, "MAX_EVENTS", 300)
    rng = random.Random(1)
    s = Session.new("Bounds", kb=kb, now=T0)
    s.set_answer("hostility", "high", at=T0)
    for i in range(400):  # each version a new 5,000-word text: nothing shared to spare
        s.set_note("hostility", _long_note(rng, 800), at=T0 + dt.timedelta(seconds=i))
    assert len(s.history) == 300 and s.history_dropped == 101
    kept = sum(len(e.note_delta[2]) for e in s.history if e.note_delta is not None)
    assert kept <= 200_000
    versions = s.note_versions("hostility")
    assert versions[0][1] == s.answers["hostility"].note
    texts = [text for _, text in versions]
    assert None in texts and texts.index(None) > 5  # the newest kept, the oldest given up
    assert all(t is None for t in texts[texts.index(None) :])


def test_an_older_session_with_every_version_in_full_opens_and_shrinks(tmp_path, kb):
    """A version-1 session (every note version in full, 24 MB) used to be moved aside as too
    large, leaving no sessions."""
    rng = random.Random(3)
    s = Session.new("Old", kb=kb, now=T0)
    s.set_answer("hostility", "high", at=T0)
    doc = json.loads(s.model_dump_json())
    note = _long_note(rng, 30_000)  # about 200,000 characters
    doc["format_version"] = 1
    doc["history"] += [
        {"at": T0.isoformat(), "question": "hostility", "action": "note", "note": note + f" v{i}"}
        for i in range(120)
    ]
    doc["answers"]["hostility"]["note"] = note + " v119"
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / f"{s.id}.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    assert path.stat().st_size > 20 * 1024 * 1024
    store = SessionStore(folder, kb=kb)
    listing = store.list()
    assert [x.id for x in listing] == [s.id] and listing.problems == []
    session = store.load(s.id)
    assert session.note_versions("hostility")[-1][1] == note + " v0"
    store.save(session)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == SESSION_FORMAT_VERSION


def test_a_session_too_large_to_open_is_left_in_place(tmp_path, kb, monkeypatch):
    monkeypatch.setattr(store_module, "MAX_BYTES", 10_000)
    s = Session.new("Big", kb=kb)
    s.set_answer("hostility", "high", note="x" * 20_000)
    store = SessionStore(tmp_path / "sessions", kb=kb)
    path = SessionStore(tmp_path / "sessions", kb=kb).save(s)
    problems = store.list().problems
    assert len(problems) == 1 and problems[0].moved_to is None
    assert "too large" in problems[0].message and "left in place" in problems[0].message
    assert path.exists()


def test_a_session_too_large_to_open_again_is_not_saved(tmp_path, kb, monkeypatch):
    monkeypatch.setattr(store_module, "MAX_SAVE", 10_000)
    s = Session.new("Big", kb=kb)
    s.set_answer("hostility", "high", note="x" * 20_000)
    store = SessionStore(tmp_path / "sessions", kb=kb)
    with pytest.raises(store_module.InputError, match="cannot save the session: it would take"):
        store.save(s)
    assert not list((tmp_path / "sessions").glob("*.json"))


def test_temporary_files_of_a_killed_save_are_removed_at_start(tmp_path, kb):
    folder = tmp_path / "sessions"
    folder.mkdir()
    # one of today's temporary names, and one of the long names an older version used
    old, older_style = folder / ".ia-k1ll3d00.tmp", folder / ".20240101-000000-abcdef.json.x1y2.tmp"
    young = folder / ".ia-sav1ng00.tmp"
    for f in (old, older_style, young):
        f.write_bytes(b'{"half": ')
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(older_style, (an_hour_ago, an_hour_ago))
    keep = folder / "notes.tmp"  # not hidden: not one of ours
    keep.write_text("mine")
    os.utime(keep, (an_hour_ago, an_hour_ago))
    SessionStore(folder, kb=kb).list()
    assert not old.exists() and not older_style.exists()
    assert young.exists()  # a save may be in progress
    assert keep.exists()


def test_a_250_character_output_name_works(tmp_path, capsys):
    name = tmp_path / ("n" * 245 + ".json")
    assert main(["assess", str(_example()), "--output", str(name)]) == 0
    assert name.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "docx"])
def test_transcripts_are_private(tmp_path, capsys, fmt):
    old = os.umask(0o022)
    try:
        path = tmp_path / f"t.{ {'markdown': 'md'}.get(fmt, fmt) }"
        assert main(["assess", str(_example()), "--format", fmt, "--output", str(path)]) == 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        # a report too, and a file replaced with --force
        atomic_write(tmp_path / "r.md", b"x")
        assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o600
    finally:
        os.umask(old)


def _example() -> Path:
    return Path(__file__).resolve().parents[1] / "examples" / "liberia.yaml"


def test_a_transcript_lists_every_change_with_the_note_it_carried(kb):
    from assistant.transcripts import build_transcript

    s = Session.new("Darfur", kb=kb, now=T0)
    s.set_answer("hostility", "high", note="first reading", at=T0)
    s.set_note("hostility", "first reading, confirmed", at=T0)
    s.set_answer("hostility", "low", at=T0)
    s.set_note("hostility", "confirmed by the JMAC", at=T0)
    assert s.history[0].note is None  # kept as a change to the next version
    changes = build_transcript(kb, session=s).history
    assert [(c.action, c.note) for c in changes] == [
        ("set", "first reading"),
        ("note", "first reading, confirmed"),
        ("set", ""),
        ("note", "confirmed by the JMAC"),
    ]
