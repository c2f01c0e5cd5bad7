"""Export in a served workshop: a format, then a download in the participant's own browser.

There is no path to type: the server's disk is not the participant's to choose from.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioSet, Static

from ...i18n import N_, _
from ..widgets.choices import MarkedRadioButton
from .export import FORMATS


class DownloadScreen(ModalScreen["str | None"]):
    """Returns the format chosen, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, what: str, fmt: str = "markdown") -> None:
        super().__init__()
        self.what = what
        self.fmt = fmt if fmt in dict(FORMATS) else "markdown"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]" + _("Download {what}").format(what=self.what) + "[/b]")
            with RadioSet(id="format"):
                for fid, label in FORMATS:
                    yield MarkedRadioButton(_(label), value=fid == self.fmt, id=f"fmt-{fid}")
            yield Static(
                _("It downloads in your browser; the facilitator keeps a copy in the workshop folder."),
                classes="note",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Download"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#ok").focus()

    @on(RadioSet.Changed, "#format")
    def _format(self, event: RadioSet.Changed) -> None:
        self.fmt = FORMATS[event.index][0]  # the buttons are the formats, in order

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(self.fmt)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
