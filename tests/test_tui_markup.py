"""User text in the chat screens is shown as typed: markup in it is text, never style or action."""

import asyncio
import datetime as dt

from textual.widgets import Input, Label, OptionList

from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import Session, SessionStore
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.start import StartScreen

CRISIS = "[@click=app.quit]Darfur[/]"
OFFICER = "[b]A. Officer[/b]"


def _lines(widget) -> list[str]:
    """What a widget shows, line by line, as plain text."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def _store(tmp_path, crisis=CRISIS, officer=OFFICER):
    kb = shipped_knowledge()
    store = SessionStore(tmp_path / "sessions", kb=kb)
    session = Session.new(crisis, officer=officer, date=dt.date(2008, 5, 1), kb=kb)
    session.set_answer("un_presence", "multidimensional_pko", note="[link=https://example.org]x[/link]")
    store.save(session)
    return kb, store, session


def test_session_list_shows_markup_as_typed_and_a_click_never_runs_it(tmp_path):
    kb, store, _session = _store(tmp_path)

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            options = app.screen.query_one("#start-options", OptionList)
            shown = "\n".join(_lines(options))
            assert f"↻ {CRISIS}, {OFFICER} (2008-05-01)" in shown
            # Click on the crisis name, where the action link used to be.
            row = next(i for i, line in enumerate(_lines(options)) if CRISIS in line)
            column = _lines(options)[row].index("Darfur")
            at = options.content_offset
            await pilot.click(options, offset=(at.x + column + 2, at.y + row))
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert isinstance(app.screen, ChatScreen)  # the click picked the session, nothing else
            assert app.sub_title == CRISIS

    asyncio.run(scenario())


def test_notifications_and_dialogs_show_paths_and_dates_as_typed(tmp_path):
    kb, store, session = _store(tmp_path)
    folder = tmp_path / "[@click=app.quit]exports"
    folder.mkdir()

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=store, resume=session.id)
        app.export_folder = lambda: folder  # type: ignore[method-assign]
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("f10")
            await pilot.pause()
            await pilot.press("enter")  # the suggested path, in that folder
            for _ in range(20):
                await pilot.pause(0.1)
                if list(folder.iterdir()):
                    break
            await pilot.pause(0.3)
            assert list(folder.iterdir())
            # a long path wraps: the toast's lines joined give it back
            toasts = "".join(line.strip() for toast in app.screen.query("Toast") for line in _lines(toast))
            assert "[@click=app.quit]exports" in toasts, toasts
            # the overwrite question names the path as typed too
            await pilot.press("f10")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            question = app.screen.query_one("#question")
            assert "[@click=app.quit]exports" in "".join(
                line.strip() for line in _lines(question)
            )  # a long path wraps

    asyncio.run(scenario())


def test_a_bad_date_is_shown_as_typed(tmp_path):
    kb = shipped_knowledge()

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=SessionStore(tmp_path / "sessions", kb=kb))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # New consultation
            await pilot.pause()
            app.screen.query_one("#crisis", Input).value = "Darfur"
            app.screen.query_one("#date", Input).value = "[@click=app.quit]soon[/]"
            await pilot.click("#ok")
            await pilot.pause()
            error = app.screen.query_one("#details-error", Label)
            assert "“[@click=app.quit]soon[/]” is not a date" in "\n".join(_lines(error))

    asyncio.run(scenario())


def test_typed_text_and_notes_in_the_chat_are_shown_as_typed(tmp_path):
    kb, store, session = _store(tmp_path)
    typed = "[@click=app.quit]they are hostile[/]"

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=store, resume=session.id)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for text in (typed, "note [b]per JMAC[/b] <i>3 May</i>", "summary"):
                app.screen.query_one("#prompt", Input).value = text
                await pilot.press("enter")
                await pilot.pause()
            shown = "\n".join(line for m in app.screen.query("ChatMessage") for line in _lines(m))
            assert typed in shown
            assert "[b]per JMAC[/b] <i>3 May</i>" in shown
            assert f"Welcome back to {CRISIS}" in shown
            said = next(
                m
                for m in app.screen.query("ChatMessage")
                if m.reply.role == "user" and "hostile" in m.reply.text
            )
            row = next(i for i, line in enumerate(_lines(said)) if "they are" in line)
            await pilot.click(said, offset=(_lines(said)[row].index("they") + 2, row))
            await pilot.pause()
            assert app.is_running and app.return_code is None

    asyncio.run(scenario())
