"""Training: pick a case, read the brief, answer, predict, then the debrief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Header,
    Label,
    Markdown,
    OptionList,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from ...conversation.text import brief_paragraphs
from ...i18n import N_, _
from ...knowledge.schema import TrainingCase
from ..language import case_level
from ..widgets.choices import MarkedRadioButton, TickList
from ..widgets.footer import KeyFooter

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from textual import getters
    from textual.app import App

    from ...consultation.answers import Answers
    from ...consultation.understand import Said
    from ...knowledge.loader import KnowledgeBase
    from ...training.debrief import Debrief, Prediction  # noqa: F401 (Prediction: named in a string)
    from ...transcripts.model import Transcript
    from ..host import AssistantApp


def open_training(app: App[None], kb: KnowledgeBase, case_id: str | None) -> None:
    """Start training on a case (or let the learner pick one)."""
    if case_id:
        case = kb.case(case_id)
        if case is None:
            app.notify(
                _("No training case '{case}'. Cases: {cases}").format(
                    case=case_id, cases=", ".join(c.id for c in kb.cases)
                ),
                severity="error",
                timeout=10,
                markup=False,
            )
            app.push_screen(CasePickerScreen(kb.cases))
            return
        app.push_screen(BriefScreen(case))
    else:
        app.push_screen(CasePickerScreen(kb.cases))


class CasePickerScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"))]

    def __init__(self, cases: list[TrainingCase]) -> None:
        super().__init__()
        self.cases = cases

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            # a Static, not a Label: it wraps at any width rather than being cut
            yield Static(
                "[b]"
                + _("Training")
                + "[/b]"
                + _(
                    ": pick a case from the report. You will read a brief, answer the "
                    "questions yourself, predict the model and the conflicts, and then see the debrief."
                ),
                id="cases-intro",
            )
            yield OptionList(
                *[Option(f"{c.title}  ({case_level(c.level)})", id=c.id) for c in self.cases], id="cases"
            )
        yield KeyFooter()

    async def relabel(self) -> None:
        """The language has changed: the cases from the knowledge in the new one."""
        kb = getattr(self.app, "kb", None)
        if kb is not None:
            self.cases = kb.cases
        await self.recompose()
        self.query_one("#cases").focus()

    def on_mount(self) -> None:
        self.query_one("#cases").focus()

    @on(OptionList.OptionSelected, "#cases")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        case = next(c for c in self.cases if c.id == event.option.id)
        self.app.push_screen(BriefScreen(case))


class BriefScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(AssistantApp)

    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("enter", "begin", N_("Begin"), id="begin"),
    ]

    def __init__(self, case: TrainingCase) -> None:
        super().__init__()
        self.case = case

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="brief"):
            paragraphs = "\n\n".join(brief_paragraphs(self.case))
            level = _("Level: {level}").format(level=case_level(self.case.level))
            yield Markdown(f"# {self.case.title}\n\n_{level}_\n\n{paragraphs}")
            yield Button(_("Begin answering"), variant="primary", id="begin")
        yield KeyFooter()

    async def relabel(self) -> None:
        """The language has changed: the brief in the new one."""
        if self.app.kb is not None:
            self.case = self.app.kb.case(self.case.id) or self.case
        await self.recompose()
        self.query_one("#brief").focus()

    def on_mount(self) -> None:
        # The brief, from its title: the arrows and PageDown read on, Enter begins (focusing the
        # button below the brief would scroll it out of sight in 24 rows).
        self.query_one("#brief").focus()

    @on(Button.Pressed, "#begin")
    def action_begin(self) -> None:
        # The app opens the chat: training screens sit below the chat screen, never import it.
        self.app.begin_training(self.case)


class PredictScreen(ModalScreen["Prediction | None"]):
    """The learner's prediction: one model, and the flags they expect."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self.kb = kb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="predict"):
            yield Static(
                "[b]" + _("Your prediction") + "[/b]" + _(": which model does the reasoning give?"),
                id="predict-title",
            )
            with RadioSet(id="model"):
                for m in self.kb.models.values():
                    yield MarkedRadioButton(m.label, id=f"model-{m.id}")
            yield Static(_("Which conflicts do you expect flagged? (Space to tick)"), id="flags-title")
            yield TickList[str](*[(f.title, f.id) for f in self.kb.flags.values()], id="flags")
            yield Label("", id="predict-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Reveal"), variant="primary", id="ok")
                yield Button(_("Not yet"), id="cancel")

    def on_mount(self) -> None:
        # In 24 rows (the screen marked -short), a tighter layout keeps the title, the flags and
        # the buttons all in view.
        self.query_one("#model").focus()
        self.query_one("#predict").scroll_home(animate=False)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        from ...training.debrief import Prediction

        pressed = self.query_one("#model", RadioSet).pressed_index  # the buttons are the models, in order
        if pressed < 0:
            self.query_one("#predict-error", Label).update(_("Choose a model first."))
            return
        model = list(self.kb.models.values())[pressed].id
        flags = list(self.query_one("#flags", SelectionList).selected)
        self.dismiss(Prediction(model=model, flags=flags))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class DebriefScreen(Screen[None]):
    """The reveal: the learner's reading against the key, the results, the report, the score."""

    if TYPE_CHECKING:
        app = getters.app(AssistantApp)

    BINDINGS = [
        Binding("f10", "export", N_("Export"), id="export"),
        Binding("escape", "done", N_("Done"), id="done"),
    ]

    def __init__(
        self,
        debrief: Debrief,
        case: TrainingCase,
        kb: KnowledgeBase,
        answers: Answers,
        said: Mapping[str, Said] | None = None,
        name: str | None = None,
        saved: Path | None = None,
        transcript: Transcript | None = None,
    ) -> None:
        """``name``: the participant's (default: the app's); ``saved``: the file in the training
        folder it was opened from (it is then not saved again), ``transcript`` what it holds."""
        super().__init__()
        self._participant = name
        self.saved = saved
        self._transcript: Transcript | None = transcript
        self.debrief = debrief
        self.case = case
        self.kb = kb
        self.answers = answers  # the learner's, all of them
        # the words the learner typed for them, by question id
        self.said = {qid: words for qid, words in (said or {}).items() if qid in answers}

    def compose(self) -> ComposeResult:
        from ...render.blocks import to_markdown
        from ...transcripts.training import debrief_blocks

        yield Header()
        with VerticalScroll(id="debrief"):
            # The debrief as the transcript words it: whose each statement is, its pages and ¶.
            yield Markdown(to_markdown(debrief_blocks(self.transcript(), level=1)))
            with Horizontal(classes="buttons"):
                yield Button(_("Export the debrief"), variant="primary", id="export")
                yield Button(_("Done"), id="done")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.saved is not None:
            return  # a debrief kept earlier, opened again
        self.keep()
        if self.app.workshop is not None:
            self.hand_in()

    @property
    def participant(self) -> str:
        return self._participant if self._participant is not None else self.app.participant_name

    def keep(self) -> None:
        """Save the debrief in the home's training folder at once: whatever key follows, it is kept."""
        from ...knowledge.yamlfile import InputError
        from ...training.saved import save_debrief

        folder = self.app.training_folder()
        if folder is None or self.app.workshop is not None:
            return  # in a served workshop, handing in keeps it in the participant's home
        try:
            self.saved = save_debrief(folder, self.case, self.participant, self.transcript())
        except (InputError, OSError, ValueError) as exc:
            self.notify(
                _("Your debrief could not be kept: {error}. Export it (F10).").format(error=exc),
                severity="error",
                timeout=20,
            )
            return
        self.app.training_finished()
        self.notify(_("Your debrief is kept in {path}").format(path=self.saved), timeout=8)

    def transcript(self) -> Transcript:
        from ...transcripts import build_transcript
        from ...transcripts.model import TranscriptDetails

        if self._transcript is None:
            name = self.participant
            self._transcript = build_transcript(
                self.kb,
                answers=self.answers,
                said=self.said,
                training=self.debrief,
                details=TranscriptDetails(officer=name) if name else None,
            )
        return self._transcript

    @work(thread=True, exclusive=True, group="hand-in")
    def hand_in(self) -> None:
        """In a workshop, the debrief goes to the workshop folder at once, with the participant's name."""
        from ...knowledge.yamlfile import InputError
        from ...transcripts import export

        workshop, participant = self.app.workshop, self.app.participant
        if workshop is None or participant is None:
            return
        try:
            data = export(self.transcript(), "json")
            workshop.save_debrief(participant, self.case.id, data)
        except (InputError, OSError, ValueError) as exc:
            self.app.call_from_thread(
                self.notify,
                _("Your debrief did not reach the facilitator: {error}").format(error=exc),
                severity="error",
                timeout=15,
            )
            return
        self.app.call_from_thread(self.app.training_finished)
        self.app.call_from_thread(
            self.notify, _("Your debrief has reached the facilitator's board."), timeout=6
        )

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.app.switch_to_start()

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from ...training.saved import debrief_filename
        from .confirm import ConfirmScreen
        from .export import ExportScreen

        names = {
            f: debrief_filename(self.case, self.participant, f) for f in ("markdown", "html", "json", "docx")
        }
        if self.app.workshop is not None:  # served: a download, no server path
            from .download import DownloadScreen

            def download(fmt: str | None) -> None:
                if fmt:
                    self.deliver(fmt, names[fmt])

            self.app.push_screen(DownloadScreen(_("the debrief"), "json"), download)
            return

        def chosen(choice: tuple[str, Path] | None) -> None:
            if choice is None:
                return
            fmt, path = choice
            self.app.remember_export_folder(path.parent)

            def replace(yes: bool | None) -> None:
                if yes:
                    self.write(fmt, path, True)

            if path.exists():
                self.app.push_screen(
                    ConfirmScreen(_("{path} exists. Replace it?").format(path=path)), replace
                )
            else:
                self.write(fmt, path, False)

        self.app.push_screen(ExportScreen(names, self.app.export_folder(), "json"), chosen)

    @work(thread=True, exclusive=True, group="export")
    def deliver(self, fmt: str, filename: str) -> None:
        from ...knowledge.yamlfile import InputError
        from ...transcripts import export

        try:
            data = export(self.transcript(), fmt)
        except InputError as exc:
            self.app.call_from_thread(
                self.notify, _("Not exported: {error}").format(error=exc), severity="error", timeout=10
            )
            return
        self.app.call_from_thread(self.app.deliver, data, filename, fmt)

    @work(thread=True, exclusive=True, group="export")
    def write(self, fmt: str, path: Path, force: bool) -> None:
        from ...knowledge.yamlfile import InputError
        from ...transcripts import write_transcript

        try:
            transcript = self.transcript()
            written = write_transcript(transcript, fmt, path, force=force)
        except (InputError, OSError) as exc:
            self.app.call_from_thread(
                self.notify,
                _("Not exported: {error}").format(error=exc),
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.app.call_from_thread(
            self.notify, _("Debrief written to {path}").format(path=written), timeout=8, markup=False
        )
