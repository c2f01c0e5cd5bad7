"""Library log records (experta's) go to a handler of ours, never to the terminal.

Kept apart from :mod:`assistant.reasoning._experta` so the app can route them before experta is
imported: experta's import adds a handler to the root logger, which that module removes, and
leaves the ``experta`` logger as set here.
"""

from __future__ import annotations

import logging

LOGGER = logging.getLogger("experta")
LOGGER.propagate = False
if not LOGGER.handlers:
    LOGGER.addHandler(logging.NullHandler())


def route_log(handler: logging.Handler) -> None:
    """Send experta's log records to ``handler`` instead of nowhere."""
    for h in list(LOGGER.handlers):
        LOGGER.removeHandler(h)
    LOGGER.addHandler(handler)
