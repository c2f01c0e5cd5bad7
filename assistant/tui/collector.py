"""When Python's garbage collector may pause the app.

A full collection walks every object the app holds (the knowledge, Textual's caches: over 100,000
objects) and takes tens of milliseconds. Left to itself it runs at random moments, among them
between an answer and the screen showing its result. So:

* while the app starts, the collector waits (the entry point turns it off before importing the
  UI); what start-up loaded lives as long as the app, and is then moved out of the collector's
  way for good (``gc.freeze``) before it runs again;
* from then on only the young generations are collected as the app goes (quick: they hold what
  was made since the last collection), and full collections run once the user has paused: no key
  or click for :data:`QUIET_SECONDS`. A full collection still comes unasked after
  :data:`FULL_AFTER` young ones, for a user who never pauses.
"""

from __future__ import annotations

import gc
from functools import cache
from time import monotonic
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

QUIET_SECONDS = 0.5  # an answer is on the screen well before this; the user is reading it
FULL_AFTER = 1000  # collections of the middle generation before a full one comes unasked (CPython: 10)


@cache  # start-up ends once per process
def settle() -> None:
    """Start-up is over: what it made is kept out of every later collection, and the collector
    runs again, full collections left to :class:`IdleCollector`. Once per process."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_AFTER)
    gc.enable()


class IdleCollector:
    """Runs a full collection when the user has paused after doing something."""

    def __init__(self, app: MessagePump, quiet: float = QUIET_SECONDS) -> None:
        """``app``: what sets the timers (the app)."""
        self.app = app
        self.quiet = quiet
        self.collections = 0  # full collections run so far (for the benchmark)
        self._last_input = 0.0
        self._armed = False

    def input_seen(self) -> None:
        """A key or a click: collect once the user has paused after it."""
        self._last_input = monotonic()
        if not self._armed:
            self._armed = True
            self.app.set_timer(self.quiet, self._check)

    def _check(self) -> None:
        wait = self._last_input + self.quiet - monotonic()
        if wait > 0.001:
            self.app.set_timer(wait, self._check)
            return
        self._armed = False
        gc.collect()
        self.collections += 1
