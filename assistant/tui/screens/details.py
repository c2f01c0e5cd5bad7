"""Session details: the crisis, the officer (optional), the date."""
from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


FIELDS = ("crisis", "officer", "date")


class DetailsScreen(ModalScreen["dict | None"]):
    """Returns {crisis, officer, date}, or None when cancelled. Enter moves from field to field
    and, on the last, starts; the form fits a 24-row terminal, Start included."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#crisis"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="details"):
            yield Label("[b]New consultation[/b]")
            with Grid(id="details-form"):
                yield Label("Crisis or country")
                yield Input(placeholder="e.g. Darfur, 2026 planning", id="crisis")
                yield Label("Officer (optional)")
                yield Input(placeholder="your name", id="officer")
                yield Label("Date (YYYY-MM-DD)")
                yield Input(dt.date.today().isoformat(), id="date")
            yield Label("", id="details-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Start", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        # Keys typed quickly all reach the field that had the focus when they were read, before
        # the focus moved: count from the field focused now, so each Enter moves one field on.
        focused = self.focused.id if self.focused is not None else None
        i = max(FIELDS.index(event.input.id), FIELDS.index(focused) if focused in FIELDS else 0)
        if i + 1 < len(FIELDS):
            self.set_focus(self.query_one(f"#{FIELDS[i + 1]}"))
        else:
            self._ok()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        crisis = self.query_one("#crisis", Input).value
        officer = self.query_one("#officer", Input).value
        raw_date = self.query_one("#date", Input).value.strip()
        error = self.query_one("#details-error", Label)
        if not crisis.strip():
            error.update("Name the crisis (it heads the transcript).")
            self.set_focus(self.query_one("#crisis"))
            return
        try:
            date = dt.date.fromisoformat(raw_date) if raw_date else dt.date.today()
        except ValueError:
            error.update(f"“{raw_date}” is not a date like 2026-05-03.")
            self.set_focus(self.query_one("#date"))
            return
        self.dismiss({"crisis": crisis, "officer": officer, "date": date})

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
