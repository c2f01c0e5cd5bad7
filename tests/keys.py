"""Typing text through Textual's Pilot at a typist's pace rather than one idle check per 20 ms.

After every key it presses, the Pilot waits for the app to go idle: it sleeps one tick of
``textual._wait.SLEEP_GRANULARITY`` (20 ms) at a time until a whole tick passes with no CPU
used. Typing a sentence therefore cost a second or more of sleep, most of a UI test's time.
While the characters of a text are typed, the tick is 2 ms: the same wait (the app has done
every piece of work the key caused), checked more often. Enter and whatever follows it are
pressed with the usual tick, so what a test reads after an answer is settled as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import textual._wait
from textual.pilot import Pilot

QUICK_TICK = 1 / 500


@contextmanager
def quick_ticks() -> Iterator[None]:
    saved = textual._wait.SLEEP_GRANULARITY, textual._wait.SLEEP_IDLE
    textual._wait.SLEEP_GRANULARITY, textual._wait.SLEEP_IDLE = QUICK_TICK, QUICK_TICK / 20
    try:
        yield
    finally:
        textual._wait.SLEEP_GRANULARITY, textual._wait.SLEEP_IDLE = saved


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` key by key into whatever has the focus, without pressing Enter."""
    with quick_ticks():
        await pilot.press(*text)
