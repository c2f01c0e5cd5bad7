"""The main screen: the chat, the answer bar, and the side panel."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...conversation import Conversation, Reply
from ...conversation.text import sensitivity_text
from ..messages import (
    AnswerSubmitted,
    ExportFailed,
    ExportFinished,
    ExportStarted,
    CitationRequested,
    OptionsChosen,
    SensitivityFailed,
    SensitivityFinished,
    SensitivityStarted,
)
from ..widgets.answer_bar import AnswerBar
from ..widgets.chat_log import ChatLog
from ..widgets.side_panel import SidePanel
from .citation import CitationScreen, CitationsScreen


class ChatScreen(Screen):
    """Keyboard first: type, or pick; the Footer lists the commands' keys."""

    BINDINGS = [
        Binding("f1", "command('help')", "Help", id="help"),
        Binding("f2", "command('why')", "Why?", id="why"),
        Binding("f3", "command('how')", "How?", id="how"),
        Binding("f4", "command('summary')", "Summary", id="summary"),
        Binding("ctrl+b", "command('back')", "Back", id="back"),
        Binding("ctrl+o", "citations", "Sources", id="sources"),
        Binding("f5", "prefill('set ')", "Set", id="set"),
        Binding("f6", "prefill('what if ')", "What if", id="whatif"),
        Binding("f7", "prefill('explain ')", "Explain", id="explain"),
        Binding("ctrl+n", "command('restart')", "Restart", id="restart"),
        Binding("f8", "toggle_panel", "Panel", id="panel"),
        Binding("f10", "export", "Export", id="export"),
        Binding("f9", "predict", "Predict", id="predict"),
    ]

    def __init__(self, conversation: Conversation, recorder=None, resumed: bool = False) -> None:
        super().__init__()
        self.conversation = conversation
        self.recorder = recorder
        self.resumed = resumed

    def on_screen_resume(self) -> None:
        # The app marks only the screen on top when the terminal is resized; catch up when this
        # screen comes (back) on top: pushed after a resize, or uncovered by a closed modal.
        self.set_class(self.app.size.width < 100, "-narrow")
        self.set_class(self.app.size.height < 30, "-short")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ChatLog(id="chat")
                yield AnswerBar(id="answer-bar")
            yield SidePanel(id="side")
        yield Footer()

    async def on_mount(self) -> None:
        title = self.recorder.session.details.crisis if self.recorder else None
        await self.show_replies(self.conversation.start(resumed=title if self.resumed else None))
        self.query_one(AnswerBar).focus_input()

    # --- attributes down ----------------------------------------------------------------------
    async def show_replies(self, replies: list[Reply]) -> None:
        # The standing first, painted on its own; the messages (long ones take a while to lay
        # out) follow in the next frame, in one batch with the answer bar.
        self.refresh_panel(final=any(r.kind == "final" for r in replies))
        self.call_after_refresh(self._show_replies_batched, replies)

    async def _show_replies_batched(self, replies: list[Reply]) -> None:
        with self.app.batch_update():
            await self._show_replies(replies)

    async def _show_replies(self, replies: list[Reply]) -> None:
        await self.query_one(ChatLog).add_replies(replies)
        asked = next((r for r in reversed(replies) if r.kind in ("question", "unclear")), None)
        if asked is not None or any(r.kind in ("final", "info", "ack") for r in replies):
            self.query_one(AnswerBar).show_question(asked)
        if self.recorder is not None and self.recorder.last_error:
            self.notify(f"Not saved: {self.recorder.last_error}", severity="error", timeout=10, markup=False)
        if any(r.kind == "predict" for r in replies) and self.conversation.training is not None:
            self.action_predict()
        export = next((r for r in replies if r.kind == "export"), None)
        if export is not None:
            self.action_export(export.fmt or "markdown")
        if self.conversation.quit_requested:
            self.app.exit()

    def refresh_panel(self, final: bool = False) -> None:
        names = {q.id: q.name for q in self.conversation.kb.questions}
        panel = self.query_one(SidePanel)
        if self.conversation.training is not None:
            panel.show_training(self.conversation.training.title, self.conversation.questions_left(), names)
            return
        panel.show(self.conversation.result, self.conversation.questions_left(), names)
        panel.show_sensitivity(None, names)
        self.work_out_sensitivity(dict(self.conversation.consultation.answers), final)

    @work(thread=True, exclusive=True, group="sensitivity")
    def work_out_sensitivity(self, answers: dict, final: bool) -> None:
        """What would change the recommendation, off the UI thread; only the latest run reports."""
        from ...consultation.sensitivity import sensitivity
        from ...reasoning.compiled import compiled

        self.post_message(SensitivityStarted())
        try:
            sens = sensitivity(compiled(self.conversation.kb), answers)
        except Exception as exc:  # reported on screen, never a traceback
            self.post_message(SensitivityFailed(str(exc)))
            return
        self.post_message(SensitivityFinished(sens, final))

    @on(SensitivityFinished)
    async def _sensitivity_ready(self, event: SensitivityFinished) -> None:
        names = {q.id: q.name for q in self.conversation.kb.questions}
        self.query_one(SidePanel).show_sensitivity(event.sensitivity, names)
        if event.final:
            text = sensitivity_text(event.sensitivity, names)
            await self.query_one(ChatLog).add_replies([Reply("assistant", "info", text)])

    @on(SensitivityFailed)
    def _sensitivity_failed(self, event: SensitivityFailed) -> None:
        self.notify(f"Could not work out what would change the recommendation: {event.error}", severity="warning",
                    markup=False)

    # --- messages up --------------------------------------------------------------------------
    @on(AnswerSubmitted)
    async def _typed(self, event: AnswerSubmitted) -> None:
        await self.show_replies(self.conversation.handle(event.text))

    @on(OptionsChosen)
    async def _chosen(self, event: OptionsChosen) -> None:
        await self.show_replies(self.conversation.choose(event.option_ids))
        self.query_one(AnswerBar).focus_input()

    @on(CitationRequested)
    def _citation(self, event: CitationRequested) -> None:
        self.app.push_screen(CitationScreen(event.citation))

    # --- actions (keys and the command palette) -----------------------------------------------
    async def action_command(self, name: str) -> None:
        from ...conversation.commands import Command

        await self.show_replies([Reply("user", "answer", name), *self.conversation.run(Command(name))])

    def action_prefill(self, text: str) -> None:
        self.query_one(AnswerBar).prefill(text)

    def action_citations(self) -> None:
        message = self.query_one(ChatLog).last_cited()
        if message is None:
            self.notify("No message with sources yet.")
            return
        self.app.push_screen(CitationsScreen(message.reply.citations))

    def check_action(self, action: str, parameters) -> bool | None:
        """Show Predict only in training, Export only outside it (a training run exports its debrief)."""
        if action == "predict":
            return self.conversation.training is not None
        if action == "export":
            return self.conversation.training is None
        return True

    def action_export(self, fmt: str = "markdown") -> None:
        from ...transcripts import suggested_filename
        from .export import ConfirmScreen, ExportScreen

        fmt = {"md": "markdown", "word": "docx", "htm": "html"}.get(fmt.strip().lower(), fmt.strip().lower())
        details = self.recorder.session.details if self.recorder else None
        names = {f: suggested_filename(details, f) for f in ("markdown", "html", "json", "docx")}
        if getattr(self.app, "workshop", None) is not None:  # served: a download, no server path
            from .download import DownloadScreen

            self.app.push_screen(DownloadScreen("the transcript", fmt),
                                 lambda chosen: self.deliver_transcript(chosen, names[chosen]) if chosen else None)
            return

        def chosen(choice) -> None:
            if choice is None:
                return
            fmt, path = choice
            if path.exists():
                self.app.push_screen(
                    ConfirmScreen(f"{path} exists. Replace it?"),
                    lambda yes: self.write_transcript(fmt, path, True) if yes else self.notify("Not exported."),
                )
            else:
                self.write_transcript(fmt, path, False)

        self.app.push_screen(ExportScreen(names, self.app.export_folder(), fmt), chosen)

    @work(thread=True, exclusive=True, group="export")
    def write_transcript(self, fmt: str, path, force: bool) -> None:
        """Build and write the transcript off the UI thread."""
        from ...knowledge.yamlfile import InputError
        from ...transcripts import build_transcript, write_transcript

        self.post_message(ExportStarted(path))
        try:
            if self.recorder is not None:
                transcript = build_transcript(self.conversation.kb, session=self.recorder.session)
            else:
                transcript = build_transcript(
                    self.conversation.kb, answers=self.conversation.consultation.answers, notes=self.conversation.notes
                )
            written = write_transcript(transcript, fmt, path, force=force)
        except (InputError, OSError) as exc:
            self.post_message(ExportFailed(str(exc)))
            return
        self.post_message(ExportFinished(written))

    @work(thread=True, exclusive=True, group="export")
    def deliver_transcript(self, fmt: str, filename: str) -> None:
        """Served: build the transcript off the UI thread, then hand it to the browser."""
        from ...knowledge.yamlfile import InputError
        from ...transcripts import build_transcript, export

        try:
            if self.recorder is not None:
                transcript = build_transcript(self.conversation.kb, session=self.recorder.session)
            else:
                transcript = build_transcript(
                    self.conversation.kb, answers=self.conversation.consultation.answers, notes=self.conversation.notes
                )
            data = export(transcript, fmt)
        except InputError as exc:
            self.post_message(ExportFailed(str(exc)))
            return
        self.app.call_from_thread(self.app.deliver, data, filename, fmt)

    @on(ExportFinished)
    def _exported(self, event: ExportFinished) -> None:
        self.notify(f"Transcript written to {event.path}", timeout=8, markup=False)

    @on(ExportFailed)
    def _export_failed(self, event: ExportFailed) -> None:
        self.notify(f"Not exported: {event.error}", severity="error", timeout=10, markup=False)

    def action_predict(self) -> None:
        if self.conversation.training is None:
            self.notify("Predictions belong to training.")
            return
        from .training import DebriefScreen, PredictScreen

        def reveal(prediction) -> None:
            if prediction is None:
                return
            from ...training.debrief import debrief

            case = self.conversation.training
            answers = self.conversation.consultation.answers
            result = debrief(self.conversation.kb, case, answers, prediction)
            self.app.push_screen(DebriefScreen(result, case, self.conversation.kb, answers))

        self.app.push_screen(PredictScreen(self.conversation.kb), reveal)

    def action_toggle_panel(self) -> None:
        side = self.query_one(SidePanel)
        side.display = not side.display
