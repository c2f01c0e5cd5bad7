"""A text input whose editing keys take effect in the order they were typed.

Textual inserts a typed character as soon as the input has the key, but runs an editing key
(Backspace, Delete, ctrl+u, the arrows, Enter…) as a binding, once the key has gone back up to
the app; the keys typed after it (quickly, or while the app was busy drawing) have meanwhile
been handed to the input and inserted first. "helo", Backspace, "lo" typed in one go gave
"helol", not "hello"; ctrl+u and a name gave an empty field. Here the input's own editing keys
run as the input takes them, between the characters around them.
"""

from __future__ import annotations

from functools import cache

from textual import events
from textual.binding import Binding
from textual.widgets import Input


@cache
def editing_keys() -> dict[str, str]:
    """Each key Textual's input binds, with its action ("backspace": "delete_left")."""
    keys: dict[str, str] = {}
    for binding in Input.BINDINGS:
        if isinstance(binding, Binding):
            for key in binding.key.split(","):
                keys.setdefault(key.strip(), binding.action)
    return keys


class LineInput(Input):
    """An :class:`Input` that runs its editing keys in turn with the characters typed around
    them. A subclass that handles a key itself (and prevents the default) keeps it."""

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Textual's input inserts it now
        action = editing_keys().get(event.key)
        if action is not None:
            event.stop()  # not up to the app, which would run it again
            await self.run_action(action)
