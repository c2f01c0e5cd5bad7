"""The start screen comes first, the knowledge and the saved sessions load behind it, and what the
user asks for meanwhile is done once they are there."""

import asyncio
import subprocess
import sys
import threading
import time

from textual.widgets import Input, OptionList

from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import Session, SessionStore
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.details import DetailsScreen
from assistant.tui.screens.name import NameScreen
from assistant.tui.screens.start import StartScreen
from assistant.tui.screens.training import CasePickerScreen

from .keys import type_text


def _held_knowledge():
    """A knowledge loader that waits until the test lets it go, as a slow disk would."""
    go = threading.Event()

    def load():
        assert go.wait(30), "the test never let the knowledge load"
        return shipped_knowledge()

    return load, go


async def _until(pilot, predicate, seconds: float = 15) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        await pilot.pause(0.02)
    return False


def _chat_ready(app) -> bool:
    """The chat is on top and its first question is on it."""
    return isinstance(app.screen, ChatScreen) and bool(app.screen.query("ChatMessage.-question"))


def _options(app) -> list[str]:
    options = app.screen.query_one("#start-options", OptionList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


def test_the_start_screen_shows_before_the_knowledge_and_n_typed_meanwhile_starts_the_consultation(tmp_path):
    load, go = _held_knowledge()

    async def scenario():
        app = IntegrationAssistantApp(knowledge=load, sessions=tmp_path / "sessions")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            options = app.screen.query_one("#start-options", OptionList)
            assert _options(app) == ["new", "loading"]  # nothing listed yet but what needs no loading
            assert "Loading the knowledge" in str(options.get_option("loading").prompt)
            assert options.get_option("loading").disabled

            await pilot.press("n")  # typed while the knowledge is still loading
            await pilot.pause()
            assert isinstance(app.screen, DetailsScreen)
            await type_text(pilot, "Darfur")
            await pilot.press("enter", "enter", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, ChatScreen)  # nothing to ask with yet

            go.set()
            assert await _until(pilot, lambda: _chat_ready(app)), "the consultation never opened"
            await pilot.pause()
            assert app.conversation.current_question is not None
            return app.store

    store = asyncio.run(scenario())
    session = store.latest()
    assert session is not None and session.details.crisis == "Darfur"


def test_training_asked_for_while_loading_opens_once_the_cases_are_known(tmp_path):
    load, go = _held_knowledge()

    async def scenario():
        app = IntegrationAssistantApp(knowledge=load, sessions=tmp_path / "sessions")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("t", "t")  # pressed twice while loading: one training picker
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            go.set()
            # the participant's name first (once), then the cases
            assert await _until(pilot, lambda: isinstance(app.screen, NameScreen))
            await pilot.pause(0.2)
            assert sum(isinstance(s, NameScreen) for s in app.screen_stack) == 1
            await pilot.press(*"Amina", "enter")
            assert await _until(pilot, lambda: isinstance(app.screen, CasePickerScreen))
            await pilot.pause(0.2)
            assert sum(isinstance(s, CasePickerScreen) for s in app.screen_stack) == 1

    asyncio.run(scenario())


def test_saved_sessions_join_the_list_once_loaded_and_the_highlight_stays(tmp_path):
    kb = shipped_knowledge()
    store = SessionStore(tmp_path / "sessions", kb=kb)
    saved = Session.new("Liberia", "A. Officer", kb=kb)
    store.save(saved)
    load, go = _held_knowledge()

    async def scenario():
        app = IntegrationAssistantApp(knowledge=load, sessions=tmp_path / "sessions")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            options = app.screen.query_one("#start-options", OptionList)
            assert options.highlighted == 0
            go.set()
            assert await _until(pilot, lambda: not app.screen.has_class("-loading"))
            await pilot.pause()
            assert _options(app) == ["new", "train", f"session:{saved.id}"]  # no more loading line
            assert options.highlighted_option.id == "new"
            await pilot.press("down", "down", "enter")
            assert await _until(pilot, lambda: _chat_ready(app))
            await pilot.pause()
            assert app.conversation is not None and app.sub_title == "Liberia"

    asyncio.run(scenario())


def test_a_resume_asked_on_the_command_line_opens_once_loaded(tmp_path):
    kb = shipped_knowledge()
    store = SessionStore(tmp_path / "sessions", kb=kb)
    saved = Session.new("Burundi", kb=kb)
    saved.set_answer("un_presence", "multidimensional_pko")
    store.save(saved)

    async def scenario():
        app = IntegrationAssistantApp(sessions=tmp_path / "sessions", resume="latest")
        async with app.run_test(size=(120, 40)) as pilot:
            assert await _until(pilot, lambda: _chat_ready(app))
            await pilot.pause()
            assert app.conversation.consultation.answers == {"un_presence": ("multidimensional_pko",)}
            assert app.screen.query_one("#prompt", Input).has_focus  # ready for the next answer

    asyncio.run(scenario())


def test_knowledge_that_does_not_load_ends_the_chat_with_one_line_and_status_2(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "source.yaml").write_text("version: [unclosed\n", encoding="utf-8")
    # A real terminal is not needed to see the app end: the start screen paints headless too.
    code = (
        "import sys; from assistant.cli import main; from assistant.tui.app import IntegrationAssistantApp as A\n"
        "run = A.run; A.run = lambda self, **kw: run(self, headless=True)\n"
        "sys.exit(main(sys.argv[1:]))"
    )
    args = ["--home", str(tmp_path / "home"), "--rules", str(rules)]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("integration-assistant: ")
    assert "source.yaml:2: malformed YAML" in lines[0]
    assert "Traceback" not in done.stderr + done.stdout
