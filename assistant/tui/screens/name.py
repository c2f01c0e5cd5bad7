"""The participant's name, asked once before training in a workshop: the board shows it."""

from __future__ import annotations

import unicodedata

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

MAX_NAME = 80


def clean_name(typed: str) -> str:
    """The name as typed, without control characters, on one line, at most 80 characters."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in typed)
    return " ".join(text.split())[:MAX_NAME]


class NameScreen(ModalScreen["str | None"]):
    """Returns the participant's name, or None when they step back."""

    BINDINGS = [Binding("escape", "cancel", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Your name[/b]")
            yield Static(
                "The facilitator's board shows it beside your debriefs. Nobody else in the room sees your work.",
                classes="note",
            )
            yield Input(placeholder="e.g. A. Officer", id="name", max_length=MAX_NAME)
            yield Label("", id="name-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Continue", variant="primary", id="ok")
                yield Button("Back", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        name = clean_name(self.query_one("#name", Input).value)
        if not name:
            self.query_one("#name-error", Label).update("Give the name the facilitator knows you by.")
            self.query_one("#name").focus()
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
