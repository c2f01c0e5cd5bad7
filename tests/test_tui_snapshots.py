"""Screenshots of the terminal UI, compared with the accepted SVGs in tests/__snapshots__/.

Update after a deliberate change of the look with
    uv run pytest tests/test_tui_snapshots.py --snapshot-update
and look at the new SVGs before accepting them.
"""

from __future__ import annotations

import pytest_textual_snapshot
from textual.pilot import Pilot
from textual.widgets import Input

from assistant.conversation import Conversation
from assistant.tui.app import IntegrationAssistantApp

from .conftest import CASES, load_case

SIZE = (120, 40)

# pytest-textual-snapshot 1.0 names its extension in `_file_extension`, which syrupy 7 no longer
# reads (it reads `file_extension`), so the screenshots would be written as `.raw` files.
if getattr(pytest_textual_snapshot.SVGImageExtension, "file_extension", "svg") != "svg":
    pytest_textual_snapshot.SVGImageExtension.file_extension = "svg"


def new_app() -> IntegrationAssistantApp:
    return IntegrationAssistantApp(Conversation())


async def settle(pilot: Pilot) -> None:
    """Wait until the background work (what would change the recommendation) has reported, so
    the side panel is the same on every run; and stop the input's cursor blinking, so the cursor
    is drawn the same on every run."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def say(pilot: Pilot, text: str) -> None:
    box = pilot.app.screen.query_one("#prompt", Input)
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def test_start_screen(snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=settle)


def test_mid_interview(snap_compare):
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await say(pilot, "1")  # multidimensional peacekeeping operation
        await say(pilot, "yes")  # a Country Team
        await say(pilot, "this one country only")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run_before)


async def finish_drc(pilot: Pilot) -> None:
    """The DRC case answered by `set`, every other question asked answered "not sure"."""
    case = load_case(next(p for p in CASES if "drc" in p.stem))
    await pilot.pause()
    for qid, value in case["answers"].items():
        await say(pilot, f"set {qid} {value}")
    app = pilot.app
    while app.conversation.current_question is not None:
        await say(pilot, "not sure")
    await settle(pilot)


def test_final_recommendation(snap_compare):
    """The brief, from its first line; the annex folded under it."""
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=finish_drc)


def test_how_tree(snap_compare):
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await say(pilot, "1")
        await say(pilot, "yes")
        await say(pilot, "more than one country")
        await say(pilot, "how")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run_before)


# --- 80x24: a first-class size --------------------------------------------------------------------

SMALL = (80, 24)


def test_first_question_at_80x24(snap_compare):
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=settle)


def test_mid_interview_at_80x24(snap_compare):
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await say(pilot, "1")
        await say(pilot, "yes")
        await say(pilot, "one country")
        await say(pilot, "no")
        await pilot.press("down")  # moved to an option, not yet chosen
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SMALL, run_before=run_before)


def test_brief_at_80x24(snap_compare):
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=finish_drc)


def test_how_tree_at_80x24(snap_compare):
    """Every line of the tree wraps; none is cut."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await say(pilot, "1")
        await say(pilot, "yes")
        await say(pilot, "more than one country")
        await say(pilot, "how")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SMALL, run_before=run_before)


def test_citation_viewer_at_80x24(snap_compare):
    """ctrl+o, Down, Enter: the passage on the whole dialog."""

    async def run_before(pilot: Pilot) -> None:
        await finish_drc(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SMALL, run_before=run_before)
