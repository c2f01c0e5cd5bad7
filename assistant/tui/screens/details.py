"""Session details: the crisis, the officer (optional), the date."""
from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class DetailsScreen(ModalScreen["dict | None"]):
    """Returns {crisis, officer, date}, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]New consultation[/b]")
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

    def on_mount(self) -> None:
        self.query_one("#crisis").focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        order = ["crisis", "officer", "date"]
        i = order.index(event.input.id)
        if i + 1 < len(order):
            self.query_one(f"#{order[i + 1]}").focus()
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
            self.query_one("#crisis").focus()
            return
        try:
            date = dt.date.fromisoformat(raw_date) if raw_date else dt.date.today()
        except ValueError:
            error.update(Content(f"“{raw_date}” is not a date like 2026-05-03."))  # as typed, never markup
            self.query_one("#date").focus()
            return
        self.dismiss({"crisis": crisis, "officer": officer, "date": date})

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
