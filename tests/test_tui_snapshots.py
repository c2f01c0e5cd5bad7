"""Screenshots of the terminal UI, compared with the accepted SVGs in tests/__snapshots__/.

Update after a deliberate change of the look with
    uv run pytest tests/test_tui_snapshots.py --snapshot-update
and look at the new SVGs before accepting them.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from assistant.conversation import Conversation
from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import SessionStore
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.name import NameScreen
from assistant.tui.screens.training import BriefScreen, DebriefScreen, PredictScreen

from . import snapshots
from .conftest import CASES, load_case, workers_done

SIZE = (120, 40)

snapshots.install()  # compared without the number of questions (see tests/snapshots.py)


def new_app() -> IntegrationAssistantApp:
    return IntegrationAssistantApp(Conversation())


async def settle(pilot: Pilot) -> None:
    """Wait until the background work (what would change the recommendation) has reported, so
    the side panel is the same on every run; and stop the input's cursor blinking, so the cursor
    is drawn the same on every run."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def say(pilot: Pilot, text: str) -> None:
    box = pilot.app.screen.query_one("#prompt", Input)
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def answered(*answers: str, then_down: bool = False):
    """Before the screenshot: each answer typed and sent; then ↓ to an option, not yet chosen."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        for answer in answers:
            await say(pilot, answer)
        if then_down:
            await pilot.press("down")
        await settle(pilot)

    return run_before


def test_start_screen(snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=settle)


def test_mid_interview(snap_compare):
    # a multidimensional peacekeeping operation, a Country Team, this one country only
    run_before = answered("1", "yes", "this one country only")
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run_before)


async def finish_drc(pilot: Pilot, unsure: str = "not sure") -> None:
    """The DRC case: its last answer typed in the chat (`set`), which brings the brief; before it,
    the case's other answers (`set`) and ``unsure`` to every other question asked, handed to the
    app's conversation as a resumed session would hold them, not typed (typing a whole interview
    is tested on its own, and took most of each of these tests' time).

    What is on screen with the brief does not depend on what else the knowledge base asks: the
    chat holds the greeting, the first question, the last `set` and the brief."""
    case = load_case(next(p for p in CASES if "drc" in p.stem))
    *first, (held, value) = case["answers"].items()
    await pilot.pause()
    conversation = pilot.app.conversation
    for qid, answer in first:
        conversation.handle(f"set {qid} {answer}")
    for _ in range(40):
        others = [q for q in conversation.questions_left() if q != held]
        if not others:
            break
        asked = conversation.current_question
        conversation.handle(unsure if asked is not None and asked.id != held else f"set {others[0]} unknown")
    await say(pilot, f"set {held} {value}")
    assert conversation.current_question is None, "the interview did not end"
    await settle(pilot)


def test_final_recommendation(snap_compare):
    """The brief, from its first line; the annex folded under it."""
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=finish_drc)


def test_how_tree(snap_compare):
    run_before = answered("1", "yes", "more than one country", "how")
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run_before)


# --- 80x24: a first-class size --------------------------------------------------------------------

SMALL = (80, 24)


def test_first_question_at_80x24(snap_compare):
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=settle)


def test_mid_interview_at_80x24(snap_compare):
    run_before = answered("1", "yes", "one country", "no", then_down=True)
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=run_before)


def test_brief_at_80x24(snap_compare):
    assert snap_compare(new_app(), terminal_size=SMALL, run_before=finish_drc)


def test_how_tree_at_80x24(snap_compare):
    """Every line of the tree wraps; none is cut."""
    run_before = answered("1", "yes", "more than one country", "how")
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


def test_export_dialog_at_80x24(snap_compare):
    """F10 after the brief: the format list has the focus, the choice is marked ●, the name is
    below it and the buttons show without scrolling."""
    app = new_app()
    app.export_folder = lambda: Path("/home/officer/exports")  # type: ignore[method-assign]

    async def run_before(pilot: Pilot) -> None:
        await finish_drc(pilot)
        await pilot.press("f10")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


# --- training at 80x24 ------------------------------------------------------------------------

TRAINING_CASE = "burundi-binub-2008"


def training_app(home: Path) -> IntegrationAssistantApp:
    kb = shipped_knowledge()
    return IntegrationAssistantApp(
        kb=kb, store=SessionStore(home / "sessions", kb=kb), training=TRAINING_CASE
    )


async def until(pilot: Pilot, ready, tries: int = 100) -> None:
    for _ in range(tries):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen did not come")


def test_training_name_prompt_at_80x24(snap_compare, tmp_path):
    async def run_before(pilot: Pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, NameScreen))
        await pilot.press(*"Amina K.")
        await settle(pilot)

    assert snap_compare(training_app(tmp_path), terminal_size=SMALL, run_before=run_before)


async def begin_training(pilot: Pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, NameScreen))
    await pilot.press(*"Amina K.", "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, BriefScreen))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))


def test_training_predict_dialog_at_80x24(snap_compare, tmp_path):
    """F9: the title, whole labels, the flags and the buttons, without Tab."""

    async def run_before(pilot: Pilot) -> None:
        await begin_training(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(pilot.app.screen, PredictScreen))
        await settle(pilot)

    assert snap_compare(training_app(tmp_path), terminal_size=SMALL, run_before=run_before)


def test_training_debrief_at_80x24(snap_compare, tmp_path):
    """The debrief after a prediction, with its keys in the footer (and saved already)."""

    async def run_before(pilot: Pilot) -> None:
        await begin_training(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(pilot.app.screen, PredictScreen))
        pilot.app.screen.query_one("#model-one_foot_in_one_foot_out").value = True
        await pilot.pause()
        await pilot.click("#ok")
        await until(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen))
        # "kept in <a temporary folder>" (tested elsewhere) comes once the debrief is written
        await until(pilot, lambda: bool(list((tmp_path / "training").glob("*.json"))))
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(training_app(tmp_path), terminal_size=SMALL, run_before=run_before)


def test_board_over_a_plain_folder_at_80x24(snap_compare, tmp_path, monkeypatch):
    """Four exported debriefs in a plain folder: labels whole at 80 columns, names not files."""
    import datetime as dt

    from assistant.tui.board_app import WorkshopBoardApp
    from assistant.tui.screens.board import BoardScreen
    from assistant.workshop.sources import resolve

    from .test_workshop_sources import LIBERIA, debrief_json, status_of

    kb = shipped_knowledge()
    folder = tmp_path / "class"
    folder.mkdir()
    models = ["one_foot_in_one_foot_out", "not_applicable", "two_feet_out", "two_feet_in"]
    for i, model in enumerate(models):
        changes = {"hostility": "high"} if i % 2 else {}
        (folder / f"L{i}.json").write_bytes(debrief_json(kb, LIBERIA, f"Learner {i}", changes, model))
    monkeypatch.setattr(BoardScreen, "clock", staticmethod(lambda: dt.datetime(2026, 12, 5, 9, 30)))
    app = WorkshopBoardApp(resolve([folder]), kb=kb, watch=False)

    async def run_before(pilot: Pilot) -> None:
        await until(pilot, lambda: "4 debriefs handed in" in status_of(app))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
