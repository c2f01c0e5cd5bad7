"""Sessions in the chat: a bad session file at start, autosave, notes and export."""
import asyncio

from textual.widgets import Input, OptionList, Static

from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import SessionStore
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.start import StartScreen


def test_a_corrupt_session_file_is_reported_moved_aside_and_a_fresh_start_offered(tmp_path):
    kb = shipped_knowledge()
    folder = tmp_path / "sessions"
    folder.mkdir()
    bad = folder / "20260101-000000-abcdef.json"
    bad.write_bytes(b'{"format": "integration-assistant/session", "id": "20260101-0')  # truncated

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=SessionStore(folder, kb=kb))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            problems = " ".join(str(s.render()) for s in app.screen.query(".problem").results(Static))
            assert bad.name in problems
            options = app.screen.query_one("#start-options", OptionList)
            assert options.get_option_at_index(0).id == "new"

    asyncio.run(scenario())
    assert not bad.exists()
    moved = [p for p in folder.iterdir() if p.name.startswith(bad.name + ".corrupt-")]
    assert len(moved) == 1
    assert moved[0].read_bytes() == b'{"format": "integration-assistant/session", "id": "20260101-0'


def test_new_consultation_saves_every_answer_and_note_as_typed(tmp_path):
    kb = shipped_knowledge()
    store = SessionStore(tmp_path / "sessions", kb=kb)

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # New consultation
            await pilot.pause()
            app.screen.query_one("#crisis", Input).value = "Darfur <script>alert(1)</script>"
            app.screen.query_one("#officer", Input).value = "A.  Officer"
            await pilot.click("#ok")
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            for text in ("set un_presence 1", "set country_team yes", "note per JMAC,  3 May"):
                app.screen.query_one("#prompt", Input).value = text
                await pilot.press("enter")
                await pilot.pause()

    asyncio.run(scenario())
    session = store.latest()
    assert session.details.crisis == "Darfur <script>alert(1)</script>"
    assert session.details.officer == "A.  Officer"
    assert session.answers_for_engine() == {"un_presence": ("multidimensional_pko",), "country_team": ("yes",)}
    assert session.notes() == {"country_team": "per JMAC,  3 May"}
    assert [e.action for e in session.history] == ["set", "set", "note"]


def test_export_from_the_chat_asks_before_replacing_a_file(tmp_path, monkeypatch):
    kb = shipped_knowledge()
    store = SessionStore(tmp_path / "sessions", kb=kb)
    monkeypatch.setattr(IntegrationAssistantApp, "export_folder", staticmethod(lambda: tmp_path))

    async def scenario():
        from assistant.tui.screens.export import ConfirmScreen, ExportScreen

        app = IntegrationAssistantApp(kb=kb, store=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            app.screen.query_one("#crisis", Input).value = "Export test"
            await pilot.click("#ok")
            await pilot.pause()
            app.screen.query_one("#prompt", Input).value = "set geographic_mandate multi_country"
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("f10")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            path = tmp_path / app.screen.query_one("#path", Input).value.split("/")[-1]
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert path.exists() and "Two feet out" in path.read_text(encoding="utf-8")
            path.write_text("mine")
            app.screen.query_one("#prompt", Input).value = "export markdown"
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")  # the same name again
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            await pilot.pause()
            assert path.read_text() == "mine"  # kept

    asyncio.run(scenario())
