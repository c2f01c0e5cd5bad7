"""Screenshots of the terminal UI in French, compared with the accepted SVGs in
tests/__snapshots__/test_tui_snapshots_fr/ (the helpers and the scenarios of
tests/test_tui_snapshots.py, the assistant started in French).

Update after a deliberate change of the look with
    uv run pytest tests/test_tui_snapshots_fr.py --snapshot-update
and look at the new SVGs before accepting them (``rsvg-convert x.svg -o x.png``).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from textual.pilot import Pilot

from assistant import i18n
from assistant.conversation import Conversation
from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import Session, SessionStore
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.training import PredictScreen

from .test_tui_snapshots import (
    SIZE,
    SMALL,
    answered,
    begin_training,
    finish_drc,
    settle,
    training_app,
    until,
)


@pytest.fixture(autouse=True)
def in_french():
    """The assistant in French for the test; the process's language as it was afterwards."""
    before = i18n.language()
    i18n.set_language("fr")
    yield
    i18n.set_language(before)


def new_app() -> IntegrationAssistantApp:
    return IntegrationAssistantApp(Conversation(shipped_knowledge("fr")))


def test_start_screen_fr(snap_compare, tmp_path, monkeypatch):
    """The start screen, a saved session listed with its dates written the French way."""
    monkeypatch.setenv("TZ", "UTC")  # the time a session was saved is shown in local time
    time.tzset()
    kb = shipped_knowledge("fr")
    store = SessionStore(tmp_path / "sessions", kb=kb)
    saved = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)
    store.save(Session.new("Darfour", "A. Dupont", dt.date(2026, 12, 1), kb=kb, now=saved))
    app = IntegrationAssistantApp(kb=kb, store=store)
    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_first_question_at_80x24_fr(snap_compare):
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=settle)


def test_mid_interview_at_80x24_fr(snap_compare):
    """Answers typed in French: a number, « oui », « un seul pays », « non »; then ↓ to an option."""

    run_before = answered("1", "oui", "un seul pays", "non", then_down=True)
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=run_before)


async def finish_drc_fr(pilot: Pilot) -> None:
    """The DRC case answered by `set`, every other question asked answered « je ne sais pas »."""
    await finish_drc(pilot, unsure="je ne sais pas")


def test_brief_at_80x24_fr(snap_compare):
    """The DRC case answered with `set`, the rest « je ne sais pas »: the brief, from its first line."""
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=finish_drc_fr)


def test_training_predict_dialog_at_80x24_fr(snap_compare, tmp_path):
    """F9 in training: the title, whole labels, the flags and the buttons, in French."""

    async def run_before(pilot: Pilot) -> None:
        await begin_training(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(pilot.app.screen, PredictScreen))
        await settle(pilot)

    assert snap_compare(training_app(tmp_path), terminal_size=SMALL, run_before=run_before)
