"""A yes/no question in a dialog: replace a file, clear the answers, quit a training run."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...i18n import N_, _


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; No is the default (Enter, Escape or n), y says yes."""

    BINDINGS = [
        Binding("escape", "no", N_("No")),
        Binding("y", "yes", N_("Yes")),
        Binding("n", "no", N_("No")),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        """``yes`` and ``no``: the buttons' labels (default: "Yes, replace it" and "No")."""
        super().__init__()
        self.question = question
        self.yes_label = yes if yes is not None else _("Yes, replace it")
        self.no_label = no if no is not None else _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                self.question, markup=False, id="question"
            )  # it names a path the user typed; a Static wraps
            with Horizontal(classes="buttons"):
                yield Button(_("{label} (y)").format(label=self.yes_label), variant="warning", id="yes")
                yield Button(_("{label} (n)").format(label=self.no_label), variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
