"""Integration Assistant in the terminal."""
from __future__ import annotations

import logging

from textual.app import App
from textual.binding import Binding

from .palette import AssistantCommands


class IntegrationAssistantApp(App[None]):
    """Asks about a crisis, recommends an integration model, flags conflicts, cites the report."""

    TITLE = "Integration Assistant"
    SUB_TITLE = "UN integration models, cited from de Coning (2008)"
    CSS_PATH = "assistant.tcss"
    COMMANDS = App.COMMANDS | {AssistantCommands}
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Theme", id="theme"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, conversation=None, log_file: str | None = None) -> None:
        super().__init__()
        self._conversation = conversation
        self._log_file = log_file
        self.theme = "textual-dark"

    def on_mount(self) -> None:
        from ..conversation import Conversation
        from ..reasoning._experta import route_log
        from .screens.chat import ChatScreen

        if self._log_file:
            route_log(logging.FileHandler(self._log_file, encoding="utf-8"))
        self.conversation = self._conversation or Conversation()
        self.push_screen(ChatScreen(self.conversation))

    def on_resize(self, event) -> None:
        self.screen.set_class(event.size.width < 100, "-narrow")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
