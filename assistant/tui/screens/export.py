"""Export the transcript: a format and a path (a file that exists is replaced only once the user
says so: :class:`.confirm.ConfirmScreen`)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from ...i18n import N_, _
from ..widgets.choices import MarkedRadioButton
from ..widgets.line_input import LineInput

FORMATS = [  # labels in English, shown in the language in force
    ("markdown", N_("Markdown (.md)")),
    ("html", N_("Printable web page (.html)")),
    ("json", N_("JSON (.json)")),
    ("docx", N_("Word (.docx)")),
]
SUFFIX = {"markdown": ".md", "html": ".html", "json": ".json", "docx": ".docx"}
# the extension a name is typed with decides the format: a Markdown file is never named .docx
FORMAT_OF = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".docx": "docx",
}
NAME = {
    "markdown": N_("Markdown"),
    "html": N_("a printable web page"),
    "json": N_("JSON"),
    "docx": N_("a Word document"),
}


def reconcile(fmt: str, path: Path) -> tuple[str, Path]:
    """The format and the file name agree: a known extension chooses the format; a name without
    one (or with another) gets the chosen format's extension."""
    known = FORMAT_OF.get(path.suffix.lower())
    if known is not None:
        return known, path
    return fmt, path.with_name(path.name + SUFFIX[fmt])


class FormatList(RadioSet):
    """Arrows choose the format (not only move a highlight); Space chooses too; Enter exports."""

    BINDINGS = [
        Binding("down,right", "next_format", N_("Next format"), show=False),
        Binding("up,left", "previous_format", N_("Previous format"), show=False),
        Binding("space", "toggle_button", N_("Choose"), show=False),
        Binding("enter", "screen.export", N_("Export"), show=False),
    ]

    def action_next_format(self) -> None:
        self.action_next_button()
        self.action_toggle_button()

    def action_previous_format(self) -> None:
        self.action_previous_button()
        self.action_toggle_button()


class ExportScreen(ModalScreen["tuple[str, Path] | None"]):
    """Returns (format, path), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]
    AUTO_FOCUS = "#format"  # arrows choose the format at once; Tab goes to the name

    def __init__(self, suggested: dict[str, str], folder: Path, fmt: str = "markdown") -> None:
        super().__init__()
        self.suggested = suggested  # format -> file name
        self.folder = folder
        self.fmt = fmt if fmt in SUFFIX else "markdown"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Label("[b]" + _("Export the transcript") + "[/b]")
            with FormatList(id="format"):
                for fid, label in FORMATS:
                    yield MarkedRadioButton(_(label), value=fid == self.fmt, id=f"fmt-{fid}")
            yield Label(_("Save as"))
            # the cursor at the end, nothing selected: the name is ready to edit, not to lose
            yield LineInput(str(self.folder / self.suggested[self.fmt]), id="path", select_on_focus=False)
            yield Label("", id="export-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Export"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    @on(RadioSet.Changed, "#format")
    def _format(self, event: RadioSet.Changed) -> None:
        self.fmt = FORMATS[event.index][0]  # the buttons are the formats, in order
        path = self.query_one("#path", Input)
        current = Path(path.value)
        # a name with a format's extension takes the new one; the list and the name never differ
        if current.suffix.lower() in FORMAT_OF and FORMAT_OF[current.suffix.lower()] != self.fmt:
            path.value = str(current.with_suffix(SUFFIX[self.fmt]))

    @on(Input.Changed, "#path")
    def _typed(self, event: Input.Changed) -> None:
        """A known extension typed in the name chooses its format in the list."""
        known = FORMAT_OF.get(Path(event.value.strip()).suffix.lower())
        if known is not None and known != self.fmt:
            self.query_one(f"#fmt-{known}", RadioButton).value = True

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def action_export(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.query_one("#export-error", Label).update(_("Give a file name."))
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            path = path / self.suggested[self.fmt]
        self.dismiss(reconcile(self.fmt, path))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
