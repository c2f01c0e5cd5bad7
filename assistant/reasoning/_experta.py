"""The one door to Experta: import it safely and keep its logging off the terminal.

Two known traps are handled here and nowhere else:

* experta 1.9.4 pins ``frozendict==1.2``, whose ``__init__`` subclasses ``collections.Mapping``,
  gone since Python 3.10. uv installs a current frozendict through ``override-dependencies``; a
  plain ``pip install .`` gets 1.2, which imports once the old alias exists for the duration of
  that import. The alias is removed again at once.
* importing experta calls ``logging.basicConfig()``, which would print its log lines over a
  running terminal UI. The handler it adds to the root logger is removed, and experta's loggers
  are routed to a handler of ours (nothing by default, a log file when the app sets one).
"""
from __future__ import annotations

import collections
import collections.abc
import logging

_root = logging.getLogger()
_handlers_before = list(_root.handlers)
_level_before = _root.level


def _import_frozendict() -> None:
    if hasattr(collections, "Mapping"):
        import frozendict  # noqa: F401
        return
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    try:
        import frozendict  # noqa: F401
    finally:
        del collections.Mapping  # type: ignore[attr-defined]


_import_frozendict()

import experta  # noqa: E402
from experta import AS, NOT, Fact, InitialFact, KnowledgeEngine, L, Rule  # noqa: E402

for _h in list(_root.handlers):
    if _h not in _handlers_before:
        _root.removeHandler(_h)
_root.setLevel(_level_before)

LOGGER = logging.getLogger("experta")
LOGGER.propagate = False
if not LOGGER.handlers:
    LOGGER.addHandler(logging.NullHandler())


def route_log(handler: logging.Handler) -> None:
    """Send experta's log records to ``handler`` instead of nowhere."""
    for h in list(LOGGER.handlers):
        LOGGER.removeHandler(h)
    LOGGER.addHandler(handler)


__all__ = ["AS", "NOT", "Fact", "InitialFact", "KnowledgeEngine", "L", "Rule", "experta", "route_log"]
