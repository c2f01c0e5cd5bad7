"""The participant's name, asked once before training: in a workshop the board shows it; on
one's own it goes into the debriefs (and their file names), kept in the settings for next time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...i18n import N_, _
from ...training.saved import clean_name
from ..widgets.line_input import LineInput

__all__ = ["MAX_NAME", "NameScreen", "clean_name"]

MAX_NAME = 80


class NameScreen(ModalScreen["str | None"]):
    """Returns the participant's name, or None when they step back."""

    BINDINGS = [Binding("escape", "cancel", N_("Back"))]

    def __init__(self, initial: str = "", local: bool = False) -> None:
        """``initial``: the name given last time, to keep or edit; ``local``: training on one's own."""
        super().__init__()
        self.initial = clean_name(initial)
        self.local = local

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]" + _("Your name") + "[/b]")
            if self.local:
                note = _(
                    "Your debriefs carry it, and their file names: a facilitator collecting them sees "
                    "whose each one is. It is kept for next time."
                )
            else:
                note = _(
                    "The facilitator's board shows it beside your debriefs. Nobody else in the room sees your work."
                )
            yield Static(note, classes="note")
            yield LineInput(self.initial, placeholder=_("e.g. A. Officer"), id="name", max_length=MAX_NAME)
            yield Label("", id="name-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Continue"), variant="primary", id="ok")
                yield Button(_("Back"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        name = clean_name(self.query_one("#name", Input).value)
        if not name:
            self.query_one("#name-error", Label).update(_("Give the name the facilitator knows you by."))
            self.query_one("#name").focus()
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
