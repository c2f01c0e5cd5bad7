"""Full garbage collections (tens of milliseconds over everything the app holds) wait for a pause
in the user's keys, rather than land between an answer and its result on the screen."""

import asyncio
import gc
import time

from textual.widgets import Input

from assistant.conversation import Conversation
from assistant.tui import collector
from assistant.tui.app import IntegrationAssistantApp


def test_full_collections_wait_until_the_user_pauses():
    full: list[float] = []

    def seen(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full.append(time.monotonic())

    async def scenario():
        app = IntegrationAssistantApp(Conversation())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled() and gc.get_threshold()[2] == collector.FULL_AFTER
            assert app.screen.query_one("#prompt", Input).has_focus
            gc.callbacks.append(seen)
            try:
                typing_until = time.monotonic() + 4 * collector.QUIET_SECONDS
                answers = iter(["set un_presence 1", "set country_team yes", "set hostility high"] * 10)
                while time.monotonic() < typing_until:  # keys closer together than a pause
                    for key in next(answers).replace(" ", "_"):
                        await pilot.press("space" if key == "_" else key)
                        await asyncio.sleep(0.01)
                    await pilot.press("enter")
                    await asyncio.sleep(0.05)
                assert full == [], "a full collection came while the user was typing"
                await asyncio.sleep(collector.QUIET_SECONDS + 0.5)
                assert len(full) == 1 and app.idle_gc.collections == 1  # once, after the pause
                await asyncio.sleep(collector.QUIET_SECONDS + 0.2)
                assert len(full) == 1  # and not again while nothing happens
            finally:
                gc.callbacks.remove(seen)

    asyncio.run(scenario())
