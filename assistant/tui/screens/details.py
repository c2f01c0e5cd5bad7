"""Session details: the crisis, the officer (optional), the date."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from ...i18n import N_, _
from ..widgets.line_input import LineInput

FIELDS = ("crisis", "officer", "date")


class Details(TypedDict):
    """A new consultation's details, as the form gives them."""

    crisis: str
    officer: str
    date: dt.date


class Field(LineInput):
    """A field of the form. Enter moves to the next field at once; keys typed after it which still
    reach this field (typed quickly, or pasted: the terminal delivers them before the field has
    handled the Enter) are passed on, in order, to where the focus went: nothing meant for the
    next field ends up in this one. (Tab and shift+Tab move the focus before any later key is
    handed on: the app sees to that for every screen.)"""

    passed_to: Input | None = None

    def _on_focus(self, event: events.Focus) -> None:
        self.passed_to = None  # back here: keys are this field's again

    async def _on_key(self, event: events.Key) -> None:
        if self.passed_to is not None:
            event.stop()
            event.prevent_default()
            self.passed_to.post_message(events.Key(event.key, event.character))
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            screen = self.screen
            if isinstance(screen, DetailsScreen):  # the one form these fields are made for
                self.passed_to = screen.advance(self)


class DetailsScreen(ModalScreen["Details | None"]):
    """Returns {crisis, officer, date}, or None when cancelled. Enter moves from field to field
    and, on the last, starts; the form fits a 24-row terminal, Start included."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]
    AUTO_FOCUS = "#crisis"
    NO_CRISIS = N_("Name the crisis (it heads the transcript).")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="details"):
            yield Label("[b]" + _("New consultation") + "[/b]")
            with Grid(id="details-form"):
                yield Label(_("Crisis or country"))
                yield Field(placeholder=_("e.g. Darfur, 2026 planning"), id="crisis")
                yield Label(_("Officer (optional)"))
                yield Field(placeholder=_("your name"), id="officer")
                yield Label(_("Date (YYYY-MM-DD)"))
                yield Field(dt.date.today().isoformat(), id="date")
            yield Label("", id="details-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Start"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def advance(self, field: Input) -> Input | None:
        """Enter in a field: the next field, focused at once; on the last, start (or say what
        is missing). Returns the field now focused, if the focus moved on."""
        i = FIELDS.index(field.id)
        if field.id == "crisis" and not field.value.strip():  # stays, and says why at once
            self.query_one("#details-error", Label).update(_(self.NO_CRISIS))
            return None
        if field.id == "crisis":
            self.query_one("#details-error", Label).update("")
        if i + 1 < len(FIELDS):
            following = self.query_one(f"#{FIELDS[i + 1]}", Input)
            self.set_focus(following)
            return following
        self._ok()
        return None

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        crisis = self.query_one("#crisis", Input).value
        officer = self.query_one("#officer", Input).value
        raw_date = self.query_one("#date", Input).value.strip()
        error = self.query_one("#details-error", Label)
        if not crisis.strip():
            error.update(_(self.NO_CRISIS))
            self.set_focus(self.query_one("#crisis"))
            return
        try:
            date = dt.date.fromisoformat(raw_date) if raw_date else dt.date.today()
        except ValueError:
            # as typed, never markup
            error.update(Content(_("“{typed}” is not a date like 2026-05-03.").format(typed=raw_date)))
            self.set_focus(self.query_one("#date"))
            return
        self.dismiss(Details(crisis=crisis, officer=officer, date=date))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
