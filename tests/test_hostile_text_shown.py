"""Text read from a file is shown with its control and bidirectional characters made visible.

One home holds a saved session whose crisis, officer, note and typed words carry an OSC window
title, a screen clear, a colour, a blink and a right-to-left override, and a kept debrief whose
participant's name, crisis and answer names do too. It is fed to the TUI's start screen, to the
resumed chat, to the saved debrief, to the facilitator's board, to ``workshop summary`` and
``compare``, and to every export: none shows a raw ESC, BEL or bidirectional character, each
shows the escapes (``\\x1b``, ``\\u202e``), and the JSON export and the files keep the exact text.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from textual.widgets import Static

from assistant.cli import main
from assistant.consultation.understand import Said
from assistant.sessions import Session, SessionStore
from assistant.settings import FILE_NAME, Settings
from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.training.saved import save_debrief, training_directory
from assistant.training.summary import summarize_files
from assistant.training.summary_pages import render_html as summary_html
from assistant.transcripts import TranscriptDetails, build_transcript, export, load_transcript
from assistant.transcripts.compare import compare_files
from assistant.transcripts.compare import render as render_comparison
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.board_app import WorkshopBoardApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.start import StartScreen
from assistant.tui.screens.training import DebriefScreen
from assistant.workshop.sources import resolve

CRISIS = "E\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED\u202eevil"  # retitles, clears, colours, reverses
NAME = "Mal\x1b[5mlory\u202e\x9b2J"  # blinks, reverses, a C1 CSI
NOTE = "see\x1b[8m hidden\u2066"
LIBERIA = "liberia-unmil-2008"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def assert_shown_safely(text: str, *expected: str) -> None:
    """No raw control or bidirectional character, and the escapes that stand for them shown."""
    found = RAW.search(text)
    assert found is None, (
        f"{found.group()!r} shown raw at {found.start()}: {text[max(0, found.start() - 60) : found.start() + 20]!r}"
    )
    for escape in expected:
        assert escape in text, escape


@pytest.fixture
def home(kb, tmp_path) -> dict:
    """A home (sessions and training folders) holding the hostile session and debrief."""
    store = SessionStore(tmp_path / "sessions", kb=kb)
    session = Session.new(CRISIS, officer=NAME, date=dt.date(2008, 5, 1), kb=kb)
    session.set_answer("un_presence", "multidimensional_pko", note=NOTE, said=Said(CRISIS, "confirmed"))
    session.set_answer("country_team", "yes")
    store.save(session)
    case = kb.case(LIBERIA)
    d = debrief(kb, case, dict(key_answers(case)), Prediction(model="two_feet_in", flags=[]))
    t = build_transcript(kb, training=d, details=TranscriptDetails(crisis=CRISIS, officer=NAME))
    folder = training_directory(tmp_path)
    kept = save_debrief(folder, case, NAME, t)
    doc = json.loads(kept.read_text(encoding="utf-8"))
    doc["answers"][0]["name"] = NAME  # a name the file gives, not only the user's own words
    kept.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return {
        "kb": kb,
        "store": store,
        "session": session,
        "debrief": kept,
        "training": folder,
        "root": tmp_path,
    }


def shown(app) -> str:
    """What the app shows: the screen as exported, and every widget's lines (those scrolled
    out of view too)."""
    lines = [app.export_screenshot()]
    for widget in app.screen.query("*"):
        lines += [widget.render_line(y).text for y in range(widget.size.height)]
    return "\n".join(lines)


async def until(pilot, predicate, timeout: float = 15.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)


# --- the TUI ---------------------------------------------------------------------------------


def test_the_start_screen_and_a_kept_debrief_show_escapes(home):
    async def scenario():
        app = IntegrationAssistantApp(kb=home["kb"], store=home["store"])
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            start = shown(app)
            assert_shown_safely(start, "E\\x1b]0;PWNED\\x07\\x1b[2J", "Mal\\x1b[5mlory\\u202e\\x9b2J")
            assert "🎓 Debrief:" in start
            app.open_saved_debrief(home["debrief"])
            await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
            await pilot.pause(0.2)
            assert_shown_safely(shown(app), "Mal\\x1b[5mlory")

    asyncio.run(scenario())


def test_a_resumed_session_shows_escapes_in_its_header_and_chat(home):
    async def scenario():
        app = IntegrationAssistantApp(kb=home["kb"], store=home["store"], resume=home["session"].id)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await until(
                pilot, lambda: isinstance(app.screen, ChatScreen) and bool(app.screen.query("ChatMessage"))
            )
            await pilot.pause(0.2)
            assert app.sub_title == CRISIS  # the session's own text, kept exact
            # a last export folder (from the settings) that the dialog's field would show raw is not proposed
            folder = home["root"] / "out\x1b[5m"
            folder.mkdir()
            assert Settings(home["root"] / FILE_NAME).set("export_folder", str(folder))
            assert app.export_folder() != folder
            assert_shown_safely(shown(app), "E\\x1b]0;PWNED\\x07")
            messages = "\n".join(
                m.render_line(y).text for m in app.screen.query("ChatMessage") for y in range(m.size.height)
            )
            assert_shown_safely(messages, "E\\x1b]0;PWNED\\x07")  # the crisis resumed, echoed
            app.notify(f"Not opened: {CRISIS}", title=NAME)
            await pilot.pause(0.2)
            toasts = "\n".join(
                line
                for toast in app.screen.query("Toast")
                for line in (toast.render_line(y).text for y in range(toast.size.height))
            )
            assert_shown_safely(toasts, "E\\x1b]0;PWNED", "Mal\\x1b[5mlory")

    asyncio.run(scenario())


def test_the_board_shows_a_hostile_debrief_with_escapes(home):
    folder = home["training"]
    (folder / "stray\x1b[5m.json").write_text('{"something": "else"}', encoding="utf-8")

    async def scenario():
        app = WorkshopBoardApp(resolve([folder]), kb=home["kb"], watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(
                pilot,
                lambda: "1 debrief handed in" in str(app.board.query_one("#board-status", Static).render()),
            )
            await pilot.pause(0.2)
            board = shown(app)
            assert_shown_safely(board, "Mal\\x1b[5mlory\\u202e\\x9b2J", "stray\\x1b[5m.json")

    asyncio.run(scenario())


# --- the command line ------------------------------------------------------------------------


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_workshop_summary_and_compare_print_escapes(home, capsys, tmp_path):
    code, out, err = run_main(capsys, "workshop", "summary", str(home["debrief"]))
    assert code == 0, err
    assert_shown_safely(out + err, "Mal\\\\x1b\\[5mlory\\\\u202e\\\\x9b2J")
    transcript = tmp_path / "session.json"
    transcript.write_bytes(export(build_transcript(home["kb"], session=home["session"]), "json"))
    code, out, err = run_main(capsys, "compare", str(transcript), str(home["debrief"]))
    assert code == 0, err
    assert_shown_safely(out + err, "E\\\\x1b\\]0;PWNED\\\\x07", "Mal\\\\x1b\\[5mlory")


# --- the exports -----------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(name).decode("utf-8") for name in ("word/document.xml", "docProps/core.xml"))


@pytest.mark.parametrize("which", ["session", "debrief"])
def test_every_export_shows_escapes_and_json_keeps_the_exact_text(home, which):
    t = (
        build_transcript(home["kb"], session=home["session"])
        if which == "session"
        else load_transcript(home["debrief"])
    )
    markdown = export(t, "markdown").decode("utf-8")
    assert_shown_safely(markdown, "E\\\\x1b\\]0;PWNED\\\\x07", "Mal\\\\x1b\\[5mlory\\\\u202e")
    html = export(t, "html").decode("utf-8")
    assert_shown_safely(html, "E\\x1b]0;PWNED\\x07\\x1b[2J", "Mal\\x1b[5mlory\\u202e\\x9b2J")
    assert "<title>Integration assessment: E\\x1b]0;PWNED" in html or "<title>Training run: E\\x1b" in html
    word = docx_text(export(t, "docx"))
    assert_shown_safely(word, "E\\x1b]0;PWNED\\x07\\x1b[2J", "Mal\\x1b[5mlory\\u202e\\x9b2J")
    assert "\ufffd" not in word  # shown, not replaced
    doc = json.loads(export(t, "json"))
    assert doc["details"] == {**doc["details"], "crisis": CRISIS, "officer": NAME}
    if which == "session":
        assert "\\\\x1b\\[8m hidden\\\\u2066" in markdown and "\\x1b[8m hidden\\u2066" in html  # the note
        assert doc["answers"][0]["note"] == NOTE and doc["answers"][0]["said"] == CRISIS
        assert 'you typed: “<span class="user">E\\x1b]0;PWNED' in html  # the words typed for an answer


def test_the_workshop_summary_and_comparison_exports_show_escapes(home, tmp_path):
    summary = summarize_files([home["debrief"]])
    page = summary_html(summary)
    assert_shown_safely(page, "Mal\\x1b[5mlory\\u202e\\x9b2J")
    assert main(["workshop", "summary", str(home["debrief"]), "-o", str(tmp_path / "w.md")]) == 0
    assert_shown_safely((tmp_path / "w.md").read_text(encoding="utf-8"), "Mal\\\\x1b\\[5mlory")
    comparison = compare_files([home["debrief"], home["debrief"]])
    for fmt in ("markdown", "html"):
        assert_shown_safely(render_comparison(comparison, fmt), "x1b")
    # the files read keep the exact text
    assert json.loads(Path(home["debrief"]).read_text(encoding="utf-8"))["details"]["officer"] == NAME
    assert home["store"].load(home["session"].id).details.crisis == CRISIS
