"""What the assistant's app and the facilitator's board share: text read from files shown as
text, the theme key, and the terminal's size marked on every screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ..i18n import N_
from ..usertext import visible
from . import layout

if TYPE_CHECKING:
    from textual.content import Content
    from textual.notifications import SeverityLevel

DARK, LIGHT = "textual-dark", "textual-light"


class PlainTextApp(App[None]):
    """Notifications and the header's line are plain text, their control characters shown as
    escapes: they carry paths, names and errors as typed or read, never markup. ctrl+t switches
    between the dark and the light theme; every screen is marked ``-narrow`` and ``-short`` as
    :mod:`.layout` says."""

    HORIZONTAL_BREAKPOINTS = layout.HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = layout.VERTICAL_BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_theme", N_("Theme"), id="theme"),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.theme = DARK

    def shown(self, text: str) -> str:
        """Text for the screen (an app may leave out what is not the user's to see)."""
        return text

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        super().notify(
            visible(self.shown(message)),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's line: names as read (a crisis, a workshop), control characters shown as escapes."""
        return super().format_title(visible(title), visible(sub_title))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK
