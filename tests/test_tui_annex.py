"""After the brief: Enter on the empty line (or `annex`) opens the annex, and its title then says
how to close it."""

from __future__ import annotations

import asyncio

from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.widgets.chat_log import ANNEX_OPEN_TITLE, ANNEX_TITLE, Annex, ChatLog

from .test_tui_brief import finished_conversation


async def _to_the_brief(app, pilot) -> Annex:
    chat = app.screen.query_one(ChatLog)
    app.screen.query_one("#prompt").value = "unknown"
    await pilot.press("enter")
    for _ in range(40):
        await pilot.pause(0.05)
        if chat.query(Annex):
            break
    assert app.conversation.current_question is None
    return chat.query_one(Annex)


def test_enter_on_the_empty_line_opens_the_annex_and_its_title_says_how_to_close_it():
    async def main() -> None:
        app = IntegrationAssistantApp(finished_conversation())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            annex = await _to_the_brief(app, pilot)
            assert annex.collapsed and annex.title == ANNEX_TITLE and "Enter opens" in annex.title
            assert app.focused is app.screen.query_one("#prompt")
            await pilot.press("enter")  # the empty line
            await pilot.pause()
            assert not annex.collapsed
            assert "opens" not in annex.title and "closes" in annex.title and annex.title == ANNEX_OPEN_TITLE
            await pilot.pause(0.1)
            chat = app.screen.query_one(ChatLog)
            # its title on screen, at the top of the conversation
            assert chat.region.y <= annex.region.y < chat.region.y + 3
            await pilot.press("enter")  # and closes it again
            await pilot.pause()
            assert annex.collapsed and annex.title == ANNEX_TITLE

    asyncio.run(main())


def test_typing_annex_opens_it():
    async def main() -> None:
        app = IntegrationAssistantApp(finished_conversation())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            annex = await _to_the_brief(app, pilot)
            said = len(app.conversation.said)
            app.screen.query_one("#prompt").value = "annex"
            await pilot.press("enter")
            await pilot.pause()
            assert not annex.collapsed and "closes" in annex.title
            assert len(app.conversation.said) == said  # not taken as an answer

    asyncio.run(main())
