"""The one door to Experta: import it safely and keep its logging off the terminal.

Two known traps are handled here and nowhere else:

* experta 1.9.4 pins ``frozendict==1.2``, whose ``__init__`` subclasses ``collections.Mapping``,
  gone since Python 3.10. uv installs a current frozendict through ``override-dependencies``; a
  plain ``pip install .`` gets 1.2, which imports once the old alias exists for the duration of
  that import. The alias is removed again at once.
* importing experta calls ``logging.basicConfig()``, which would print its log lines over a
  running terminal UI. The handler it adds to the root logger is removed, and experta's loggers
  are routed to a handler of ours (nothing by default, a log file when the app sets one).

One bug is fixed here, in a subclass rather than in experta's own classes:

* experta 1.9.4's ``DepthStrategy`` removes an activation that stopped holding (a "fact absent"
  condition no longer true) by looking only at its bisect position and the two neighbours. When
  more than three activations share its rank (same salience, same facts: rules matched by the
  same answer, or rules on ``InitialFact`` alone), the stale one can be missed; it stays on the
  agenda and fires. :class:`DepthStrategy` below searches the whole run of equal keys. The
  shipped rule base is too small to hit it; the same rules copied four times are not.

It also breaks ties among activations of equal rank by rule name: experta queues them in the
order of its own sets, which string hashing shuffles per process, so the same answers gave a
trace in another order in every run, and a recorded trace could not be recomputed.
"""

from __future__ import annotations

import bisect
import collections
import collections.abc
import logging
from collections.abc import Iterable
from typing import Any

_root = logging.getLogger()
_handlers_before = list(_root.handlers)
_level_before = _root.level


def _import_frozendict() -> None:
    if hasattr(collections, "Mapping"):
        import frozendict

        return
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    try:
        import frozendict  # noqa: F401
    finally:
        del collections.Mapping  # type: ignore[attr-defined]


_import_frozendict()

import experta  # noqa: E402
import experta.strategies  # noqa: E402
from experta import AS, NOT, Fact, InitialFact, L, Rule  # noqa: E402

for _h in list(_root.handlers):
    if _h not in _handlers_before:
        _root.removeHandler(_h)
_root.setLevel(_level_before)

from ..logs import LOGGER, route_log  # noqa: E402  (experta's logger: nothing, or the app's log file)


class DepthStrategy(experta.strategies.DepthStrategy):  # type: ignore[misc]  # experta ships no types
    """experta's depth strategy, with stale activations removed wherever they sit among equals."""

    def _update_agenda(self, agenda: Any, added: Iterable[Any], removed: Iterable[Any]) -> None:
        queue = agenda.activations  # sorted by key; the last one fires next
        for act in removed:
            act.key = self.get_key(act)
            lo = bisect.bisect_left(queue, act)
            hi = bisect.bisect_right(queue, act, lo)
            for i in range(lo, hi):
                if queue[i] == act:
                    del queue[i]
                    break
        for act in sorted(added, key=_rule_name):
            act.key = self.get_key(act)
            bisect.insort(queue, act)


def _rule_name(activation: Any) -> str:
    return getattr(activation.rule._wrapped, "__name__", "")


class KnowledgeEngine(experta.KnowledgeEngine):  # type: ignore[misc]  # experta ships no types
    """experta's engine with the agenda fix above."""

    __strategy__ = DepthStrategy


__all__ = [
    "AS",
    "LOGGER",
    "NOT",
    "DepthStrategy",
    "Fact",
    "InitialFact",
    "KnowledgeEngine",
    "L",
    "Rule",
    "experta",
    "route_log",
]
