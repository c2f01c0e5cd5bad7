"""Full garbage collections (tens of milliseconds over everything the app holds) wait for a pause
in the user's keys, rather than land between an answer and its result on the screen.

The collector's timing is tested on a clock the test moves, so a loaded machine cannot fail it;
how many full collections a real session at typing speed meets between an Enter and the screen
showing its result is measured by ``benchmarks/tui.py``."""

import asyncio
import gc

import pytest
from textual.widgets import Input

from assistant.conversation import Conversation
from assistant.tui import collector
from assistant.tui.app import IntegrationAssistantApp


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Timers:
    """An app's ``set_timer``, run by hand: each timer fires when the clock reaches its time."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.pending: list[tuple[float, object]] = []

    def set_timer(self, delay: float, callback) -> None:
        self.pending.append((self.clock.now + delay, callback))

    def advance(self, seconds: float, step: float = 0.01) -> None:
        end = self.clock.now + seconds
        while self.clock.now < end - 1e-9:
            self.clock.now = min(end, self.clock.now + step)
            due = [t for t in self.pending if t[0] <= self.clock.now + 1e-9]
            self.pending = [t for t in self.pending if t not in due]
            for _, callback in due:
                callback()


@pytest.fixture
def idle(monkeypatch):
    clock = Clock()
    timers = Timers(clock)
    monkeypatch.setattr(collector, "monotonic", clock)
    full: list[float] = []
    monkeypatch.setattr(collector.gc, "collect", lambda *generation: full.append(clock.now))
    return collector.IdleCollector(timers), timers, full


def test_no_full_collection_while_the_user_types(idle):
    gc_, timers, full = idle
    for _ in range(200):  # keys 0.1 s apart for 20 s: never a pause
        gc_.input_seen()
        timers.advance(0.1)
    assert full == [] and gc_.collections == 0


def test_one_full_collection_after_a_pause_and_none_while_nothing_happens(idle):
    gc_, timers, full = idle
    for _ in range(10):
        gc_.input_seen()
        timers.advance(0.1)
    last_key = timers.clock.now - 0.1
    timers.advance(collector.QUIET_SECONDS + 0.1)
    assert len(full) == 1 and gc_.collections == 1
    assert full[0] >= last_key + collector.QUIET_SECONDS - 1e-6  # only once the user had paused
    timers.advance(60)
    assert len(full) == 1  # and not again while nothing happens
    gc_.input_seen()
    timers.advance(collector.QUIET_SECONDS + 0.1)
    assert len(full) == 2  # the next pause after a key: once more


def test_the_app_leaves_full_collections_to_its_idle_collector(monkeypatch):
    """The running app has the collector's thresholds, and keys arm its idle collector."""
    seen: list[int] = []

    async def scenario():
        app = IntegrationAssistantApp(Conversation())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled() and gc.get_threshold()[2] == collector.FULL_AFTER
            assert app.screen.query_one("#prompt", Input).has_focus
            monkeypatch.setattr(app.idle_gc, "input_seen", lambda: seen.append(1))
            await pilot.press("1")
            await pilot.pause()

    asyncio.run(scenario())
    assert seen, "a key did not reach the idle collector"
