"""The first screen: a new consultation, a saved one to resume, training, or a training kept earlier.

It is painted before the knowledge and the saved sessions are loaded: until then it says so,
offers a new consultation at once (its details are asked while the loading goes on), and keeps
what the user asks for (``t``) to do as soon as the loading is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _, ngettext
from ...usertext import visible
from ..language import day, when
from ..widgets.footer import KeyFooter
from ..widgets.header import WordHeader

if TYPE_CHECKING:  # the sessions' models are loaded behind this screen, not before it
    from textual import getters

    from ...sessions import SessionListing
    from ..host import AssistantApp

LOADING = N_("Loading the knowledge and your saved sessions…")


class StartScreen(Screen[None]):
    """Pick what to do. Files that were not usable sessions are listed as moved aside."""

    if TYPE_CHECKING:
        app = getters.app(AssistantApp)

    BINDINGS = [
        Binding("n", "new", N_("New consultation"), id="new"),
        Binding("t", "train", N_("Training"), id="train"),
    ]

    def __init__(self, listing: SessionListing | None, has_cases: bool) -> None:
        """``listing`` None: the sessions are still loading (see :meth:`fill`)."""
        super().__init__()
        self.listing = listing
        self.has_cases = has_cases

    def compose(self) -> ComposeResult:
        yield WordHeader()
        with Vertical(id="start"):
            yield Static(self._intro(), id="start-intro")
            if self.listing is None:
                self.add_class("-loading")
            else:
                yield from self._problems(self.listing)
            # crisis and officer are shown as typed: markup in them is text, never an action, and
            # their control characters are shown as escapes
            yield OptionList(*self._options(), id="start-options", markup=False)
        yield KeyFooter()

    @staticmethod
    def _intro() -> str:
        return (
            "[b]"
            + _("Integration Assistant")
            + "[/b]\n"
            + _(
                "Recommends a UN integration model for a crisis and flags the conflicts to plan for, "
                "citing de Coning (2008) page by page. Every answer is saved as you go."
            )
        )

    async def relabel(self) -> None:
        """The language has changed: the screen in the new one, the option the user is on kept."""
        options = self.query_one("#start-options", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option is not None else None
        await self.recompose()
        if highlighted is not None:
            options = self.query_one("#start-options", OptionList)
            options.highlighted = options.get_option_index(highlighted)
        self.query_one("#start-options").focus()

    def _problems(self, listing: SessionListing) -> list[Static]:
        shown = self.app.shown  # a served workshop shows no server folders
        problems = listing.problems
        lines = [Static(f"⚠ {visible(shown(p.message))}", classes="problem", markup=False) for p in problems]
        if problems:
            lines.append(
                Static(
                    _("Those files were left untouched beside the others; you can start afresh."),
                    classes="problem",
                )
            )
        return lines

    def _options(self) -> list[Option]:
        options = [Option("＋ " + _("New consultation"), id="new")]
        if self.listing is None:  # in the list, where what it loads will show: nothing moves then
            options.append(Option(_(LOADING), id="loading", disabled=True))
        if self.has_cases:
            options.append(Option("🎓 " + _("Training: work through a case from the report"), id="train"))
        options.extend(self._trainings())
        for s in self.listing or ():
            who = f", {s.officer}" if s.officer else ""
            # "{n} answers" for any number in English, as ever; French says « 1 réponse »
            answers = ngettext("{n} answers", "{n} answers", s.answered).format(n=s.answered)
            line = _("{crisis}{who} ({date}): {answers}, saved {when}").format(
                crisis=s.crisis or _("Untitled"),
                who=who,
                date=day(s.date),
                answers=answers,
                when=when(s.updated),
            )
            options.append(Option(visible("↻ " + line), id=f"session:{s.id}"))
        return options

    def _trainings(self) -> list[Option]:
        """The trainings kept in the home: unfinished ones to resume, finished debriefs to open."""
        if self.listing is None or not self.has_cases:
            return []
        folder = self.app.training_folder()
        if folder is None:
            return []
        from ...training.saved import list_trainings

        options = []
        kb = self.app.kb
        for t in list_trainings(folder):
            case = kb.case(t.case) if kb is not None else None
            title = case.title if case is not None else (t.title or t.case)
            who = f", {t.participant}" if t.participant else ""
            saved = when(t.saved)
            if t.finished:
                text = "🎓 " + _("Debrief: {title}{who}: score {score}/100, {when}").format(
                    title=title, who=who, score=t.score, when=saved
                )
                options.append(Option(visible(text), id=f"debrief:{t.path.name}"))
            else:
                n = t.answered
                answers = ngettext("{n} answer", "{n} answers", n).format(n=n)
                text = "↻ " + _("Unfinished training: {title}{who}: {answers}, saved {when}").format(
                    title=title, who=who, answers=answers, when=saved
                )
                options.append(Option(visible(text), id=f"unfinished:{t.path.name}"))
        return options

    def fill(self, listing: SessionListing, has_cases: bool) -> None:
        """The loading is done: the saved sessions (and training) join the list, the option the
        user is on staying highlighted."""
        self.listing, self.has_cases = listing, has_cases
        if not self.is_mounted:
            return  # composed later, from the listing
        options = self.query_one("#start-options", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option is not None else None
        options.clear_options()
        options.add_options(self._options())
        if highlighted is not None:
            options.highlighted = options.get_option_index(highlighted)
        if listing.problems:
            self.query_one("#start", Vertical).mount_all(self._problems(listing), before=options)
        self.remove_class("-loading")

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
        elif choice.startswith(("unfinished:", "debrief:")):
            folder = self.app.training_folder()
            if folder is None:
                return
            kind, _, name = choice.partition(":")
            if kind == "unfinished":
                self.app.resume_training(folder / name)
            else:
                self.app.open_saved_debrief(folder / name)

    def action_new(self) -> None:
        self.app.new_session()

    def action_train(self) -> None:
        if self.listing is None:  # still loading: training opens once it is known to have cases
            self.app.when_ready(self._train_when_loaded)
        elif self.has_cases:
            self.app.start_training()

    def _train_when_loaded(self) -> None:
        if self.has_cases:
            self.app.start_training()
        else:
            self.notify(_("This knowledge has no training cases."))
