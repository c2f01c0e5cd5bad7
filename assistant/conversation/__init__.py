"""The conversation: typed input and choices in, chat replies and effects out. No Textual here,
so the terminal UI, the browser-served UI and the tests all drive the same conversation.

- :mod:`.interview`: the interview (``Interview``, also known as ``Conversation``);
- :mod:`.registry`: every command and key, from which the help, the keys and the palette are made;
- :mod:`.commands`: the commands' handlers, by theme; :mod:`.undo`: what `undo` restores;
- :mod:`.effects`: what the interview asks of the interface (export, confirm, predict, quit, switch language)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .effects import Confirm, Effect, Export, Predict, Quit, SwitchLanguage

if TYPE_CHECKING:
    from .interview import Conversation, Interview
    from .replies import Reply

__all__ = [
    "Confirm",
    "Conversation",
    "Effect",
    "Export",
    "Interview",
    "Predict",
    "Quit",
    "Reply",
    "SwitchLanguage",
]


def __getattr__(name: str) -> Any:
    """The interview and its replies are imported when first named, not with the package: the
    registry (keys, palette) is read by the start screen, which needs no reasoning."""
    if name in ("Conversation", "Interview"):
        from . import interview

        return getattr(interview, name)
    if name == "Reply":
        from .replies import Reply

        return Reply
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
