"""The first screen: a new consultation, a saved one to resume, or training."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...sessions import SessionListing


class StartScreen(Screen):
    """Pick what to do. Files that were not usable sessions are listed as moved aside."""

    BINDINGS = [Binding("n", "new", "New consultation", id="new"), Binding("t", "train", "Training", id="train")]

    def __init__(self, listing: SessionListing, has_cases: bool) -> None:
        super().__init__()
        self.listing = listing
        self.has_cases = has_cases

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static(
                "[b]Integration Assistant[/b]\n"
                "Recommends a UN integration model for a crisis and flags the conflicts to plan for, "
                "citing de Coning (2008) page by page. Every answer is saved as you go.",
                id="start-intro",
            )
            for problem in self.listing.problems:
                shown = getattr(self.app, "shown", str)  # a served workshop shows no server folders
                yield Static(f"⚠ {shown(problem.message)}", classes="problem")
            if self.listing.problems:
                yield Static("Those files were left untouched beside the others; you can start afresh.", classes="problem")
            options = [Option("＋ New consultation", id="new")]
            if self.has_cases:
                options.append(Option("🎓 Training: work through a case from the report", id="train"))
            for s in self.listing:
                who = f", {s.officer}" if s.officer else ""
                when = s.updated.astimezone().strftime("%Y-%m-%d %H:%M")
                options.append(Option(
                    f"↻ {s.crisis or 'Untitled'}{who} ({s.date}): {s.answered} answers, saved {when}",
                    id=f"session:{s.id}",
                ))
            yield OptionList(*options, id="start-options")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start-options").focus()

    @on(OptionList.OptionSelected, "#start-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        if choice == "new":
            self.action_new()
        elif choice == "train":
            self.action_train()
        elif choice.startswith("session:"):
            self.app.resume_session(choice.removeprefix("session:"))

    def action_new(self) -> None:
        self.app.new_session()

    def action_train(self) -> None:
        if self.has_cases:
            self.app.start_training()
