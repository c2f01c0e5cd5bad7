"""The main screen: the chat, the answer bar, and the side panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from ...conversation import Confirm, Conversation, Effect, Export, Predict, Quit, Reply, SwitchLanguage
from ...conversation.registry import BY_NAME, Command, keyed, narrow_left_out
from ...conversation.text import option_list
from ...i18n import N_, Language, _, normalize
from ..layout import NARROW, SHORT
from ..messages import (
    AnswerSubmitted,
    CitationRequested,
    OptionsChosen,
    ReadingWithdrawn,
    SensitivityFailed,
    SensitivityFinished,
)
from ..widgets.answer_bar import AnswerBar, Choices
from ..widgets.chat_log import ChatLog
from ..widgets.footer import KeyFooter
from ..widgets.header import WordHeader
from ..widgets.side_panel import SidePanel
from .chat_export import TranscriptScreen
from .citation import CitationScreen, CitationsScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual import getters

    from ...consultation.answers import Answers
    from ...sessions.recorder import SessionRecorder
    from ...training.debrief import Prediction
    from ..host import AssistantApp


# Left out of the footer on a narrow terminal, so that Help and Quit fit; they keep working, and the
# help (F1) and the command palette list them.
NARROW_LEFT_OUT = narrow_left_out()
# Where the labels are longer (in French), or the terminal narrower than the footer was made for,
# these keys are left out too, in this order, until the others fit (Help and Quit always show).
NARROW_SPARE = ("f8", "f6", "f3", "f5", "f4", "f2")
WIDE_SPARE = ("ctrl+t", "f7", *NARROW_SPARE)
# The commands' keys, from the registry (the application binds its own: ctrl+t, ctrl+q).
COMMAND_BINDINGS = [
    Binding(key.key, spec.action, key.label, id=spec.name, show=key.show)
    for spec, key in keyed()
    if not key.on_app and spec.action is not None
]


# The registry's commands by the screen's action their keys run ("export", "predict"…), for
# check_action; the commands run through `command(NAME)` are checked by the conversation.
_BY_ACTION = {spec.action: spec for spec in BY_NAME.values() if spec.action is not None}


class ChatScreen(TranscriptScreen):
    """Keyboard first: type, or pick; the Footer lists the commands' keys."""

    if TYPE_CHECKING:
        app = getters.app(AssistantApp)

    # Short labels: at 80 columns the (compact) footer holds Help, Quit and every function key
    # but F7 (see NARROW_LEFT_OUT). The ctrl keys are in the help (F1) and the command palette (ctrl+p).
    BINDINGS = [
        *COMMAND_BINDINGS,
        Binding("pageup", "scroll_chat(-1)", N_("Page up"), show=False),
        Binding("pagedown", "scroll_chat(1)", N_("Page down"), show=False),
        # Priority: the focus moves as the key is read, so keys typed right after it follow.
        Binding("down", "into_choices", show=False, priority=True),
        Binding("up", "out_of_choices", show=False, priority=True),
    ]

    def __init__(
        self, conversation: Conversation, recorder: SessionRecorder | None = None, resumed: bool = False
    ) -> None:
        super().__init__()
        self.conversation = conversation
        self.recorder = recorder
        self.resumed = resumed
        self._batches = 0  # batches of replies waiting for the next frame
        self._panel_shown: bool | None = None  # the user's F8 choice; None: by the terminal's width
        # where the user was in the options before a change of language asked the question again
        self._where: tuple[str | None, int | None, tuple[str, ...]] | None = None

    def on_screen_resume(self) -> None:
        # The app marks only the screen on top when the terminal is resized; catch up when this
        # screen comes (back) on top: pushed after a resize, or uncovered by a closed modal.
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Narrow terminals (80 columns) give the conversation the whole width, the side panel
        showing on F8, and a compact footer that still holds every function key."""
        narrow = self.app.size.width < NARROW  # the app marks the screen -narrow and -short
        footer = self.query_one(KeyFooter)
        footer.compact = narrow
        footer.show_command_palette = not narrow
        footer.leave_out(NARROW_LEFT_OUT if narrow else (), spare=NARROW_SPARE if narrow else WIDE_SPARE)
        if self._panel_shown is None:
            self.query_one(SidePanel).display = not narrow

    def compose(self) -> ComposeResult:
        yield WordHeader()
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ChatLog(id="chat")
                yield AnswerBar(id="answer-bar")
            yield SidePanel(id="side")
        yield KeyFooter()

    async def on_mount(self) -> None:
        title = self.recorder.session.details.crisis if self.recorder else None
        # The first messages come with the screen's first frame: there is no standing to show before them.
        await self.show_replies(
            self.conversation.start(resumed=title if self.resumed else None), at_once=True
        )
        self.query_one(AnswerBar).focus_input()

    # --- attributes down ----------------------------------------------------------------------
    async def show_replies(self, replies: list[Reply], at_once: bool = False) -> None:
        """The conversation's replies, then what it asked of the screen (its effects) with them."""
        # The standing first, painted on its own; the messages (long ones take a while to lay
        # out) follow in the next frame, in one batch with the answer bar.
        effects = self.conversation.take_effects()
        self._batches += 1
        self.refresh_panel()
        if at_once:
            await self._show_replies_batched(replies, effects)
        else:
            self._after_panel_paint(self._show_replies_batched, replies, effects)

    def _after_panel_paint(self, callback: Callable[..., object], *args: object) -> None:
        """``callback(*args)`` once the side panel's new standing is on the screen. The panel's
        widgets tell the screen they changed in messages of their own, which may come after the
        screen's next idle, and the callback would run before the paint: the screen is told now."""
        self.refresh(repaint=False, layout=True)  # the new standing needs a layout anyway
        self.call_after_refresh(callback, *args)

    async def _show_replies_batched(self, replies: list[Reply], effects: list[Effect]) -> None:
        # A change of language asks the question again: the user stays where they were in its options.
        where = (
            self.query_one(AnswerBar).where() if any(isinstance(e, SwitchLanguage) for e in effects) else None
        )
        try:
            with self.app.batch_update():
                await self._show_replies(replies)
        finally:
            self._batches -= 1
        for effect in effects:
            if isinstance(effect, SwitchLanguage):  # at once: what follows is in the new language
                lang = normalize(effect.language)
                if lang is not None:
                    self._where = where
                    await self.app.switch_language(lang)
                continue
            self.act_on(effect)

    def act_on(self, effect: Effect) -> None:
        """What the conversation asked of the interface, by its type."""
        match effect:
            case Predict():
                if self.conversation.training is not None:
                    self.action_predict()
            case Confirm(question, yes_label, no_label):
                self.ask_to_confirm(question, yes_label, no_label)
            case Export(fmt):
                self.action_export(fmt or "markdown")
            case Quit():
                if self.conversation.training is not None:  # an unfinished training asks first
                    self.app.action_quit()
                else:
                    self.app.exit()
            case SwitchLanguage(language):  # `language fr`, `langue anglais`
                lang = normalize(language)
                if lang is not None:
                    self.run_worker(self.app.switch_language(lang), group="language", exclusive=True)

    async def switch_language(self, lang: Language) -> None:
        """The palette's switch of language, here: the conversation switches (it asks its question
        again in the new language), and the screen follows its effect."""
        if "language" in BY_NAME:
            command = [
                Reply("user", "answer", f"language {lang}"),
                *self.conversation.run(Command("language", lang)),
            ]
            await self.show_replies(command)
        else:
            await self.app.switch_language(lang)

    async def relabel(self) -> None:
        """The language has changed: the side panel, the answer bar (the options of the question
        on the table, from the conversation's knowledge; the text typed and the boxes ticked kept)
        and the footer in the new one. The messages already shown stay as they were written."""
        self.refresh_panel()
        where, self._where = self._where, None
        self.query_one(AnswerBar).relabel(self._on_the_table(), where)
        self.refresh_bindings()

    def _on_the_table(self) -> Reply | None:
        """The question on the table, as the answer bar shows it."""
        q = self.conversation.current_question
        if q is None:
            return None
        return Reply("assistant", "question", "", question=q.id, options=option_list(q), multi=q.multi)

    async def _show_replies(self, replies: list[Reply]) -> None:
        chat = self.query_one(ChatLog)
        await chat.add_replies(replies)
        self.sync_picker(replies)
        if self.recorder is not None and self.recorder.last_error:
            self.notify(
                _("Not saved: {error}").format(error=self.recorder.last_error),
                severity="error",
                timeout=10,
                markup=False,
            )

    def sync_picker(self, replies: list[Reply]) -> None:
        """The picker always offers the options of the question on the table: a new question (or
        one asked again) shows afresh; anything else (a note, `why`, a what-if) leaves it as the
        user left it."""
        bar = self.query_one(AnswerBar)
        asked = next((r for r in reversed(replies) if r.kind in ("question", "unclear", "propose")), None)
        if asked is not None:
            bar.show_question(asked)
            return
        on_the_table = self._on_the_table()
        if on_the_table is None:
            bar.show_question(None)
            return
        bar.show_question(on_the_table, keep=True)

    def ask_to_confirm(self, question: str, yes_label: str, no_label: str) -> None:
        """A command that would clear answers asks first, in a dialog (No is the default)."""
        from .confirm import ConfirmScreen

        async def answered(yes: bool | None) -> None:
            await self.show_replies(
                [Reply("user", "answer", "yes" if yes else "no"), *self.conversation.confirm(bool(yes))]
            )
            self.query_one(AnswerBar).focus_input()

        self.app.push_screen(ConfirmScreen(question, yes=yes_label, no=no_label), answered)

    def refresh_panel(self) -> None:
        names = {q.id: q.name for q in self.conversation.kb.questions}
        panel = self.query_one(SidePanel)
        if self.conversation.training is not None:
            panel.show_training(self.conversation.training.title, self.conversation.questions_left(), names)
            return
        panel.show(
            self.conversation.result,
            self.conversation.questions_left(),
            names,
            settled=self.conversation.applicability_settled,
            flags_shown=3 if self.app.size.height < SHORT else 6,
        )
        panel.show_sensitivity(None, names)
        # Started once the new standing is painted: its thread would share the CPU with that paint.
        self._after_panel_paint(self.work_out_sensitivity, dict(self.conversation.consultation.answers))

    @work(thread=True, exclusive=True, group="sensitivity")
    def work_out_sensitivity(self, answers: Answers) -> None:
        """What would change the recommendation, off the UI thread; only the latest run reports."""
        from ...consultation.sensitivity import sensitivity
        from ...reasoning.compiled import compiled

        try:
            sens = sensitivity(compiled(self.conversation.kb), answers)
        except Exception as exc:  # noqa: BLE001 - whatever fails, it is reported in the chat, never a traceback
            self.post_message(SensitivityFailed(str(exc)))
            return
        self.post_message(SensitivityFinished(sens, answers))

    @on(SensitivityFinished)
    async def _sensitivity_ready(self, event: SensitivityFinished) -> None:
        if event.answers is not None and event.answers != self.conversation.consultation.answers:
            return  # worked out for answers that have changed since: a newer run follows
        names = {q.id: q.name for q in self.conversation.kb.questions}
        # The side panel only: the brief and its annex say what would change a final recommendation.
        self.query_one(SidePanel).show_sensitivity(event.sensitivity, names)

    @on(SensitivityFailed)
    def _sensitivity_failed(self, event: SensitivityFailed) -> None:
        self.notify(
            _("Could not work out what would change the recommendation: {error}").format(error=event.error),
            severity="warning",
            markup=False,
        )

    # --- messages up --------------------------------------------------------------------------
    @on(AnswerSubmitted)
    async def _typed(self, event: AnswerSubmitted) -> None:
        c = self.conversation
        # after the brief, Enter on the empty line (or `annex`) opens its annex, and closes it again
        opens = event.text.lower() == "annex" or (not event.text and c.current_question is None)
        if opens and c.proposal is None and self.query_one(ChatLog).toggle_annex():
            return
        if not event.text and self.conversation.proposal is None:
            if self.conversation.current_question is not None:
                self.notify(_("Nothing recorded: type an answer, or ↓ to an option and Enter."), timeout=3)
            return
        await self.show_replies(self.conversation.handle(event.text))

    @on(ReadingWithdrawn)
    async def _withdrawn(self, event: ReadingWithdrawn) -> None:
        if self.conversation.proposal is None:
            return
        await self.show_replies([Reply("user", "answer", "Esc"), *self.conversation.withdraw()])
        self.query_one(AnswerBar).focus_input()

    @on(OptionsChosen)
    async def _chosen(self, event: OptionsChosen) -> None:
        await self.show_replies(self.conversation.choose(event.option_ids))
        self.query_one(AnswerBar).focus_input()

    def on_key(self, event: events.Key) -> None:
        """Typed characters always reach the answer line, whatever has the focus (the options,
        the conversation, the side panel): nothing typed is lost, and nothing typed picks an
        option. Space stays with the checkboxes when they have the focus.

        A printable key that gets here was not taken by the answer line (it takes every one it
        receives). The focus may have moved to the line since the key was sent elsewhere (a
        burst of keys after shift+Tab), so the key is typed there whatever has the focus now.
        """
        if not event.is_printable or event.character is None:
            return
        if event.key == "space" and isinstance(self.focused, Choices):
            return
        event.stop()
        event.prevent_default()
        self.query_one(AnswerBar).type_into_input(event.character)

    def on_paste(self, event: events.Paste) -> None:
        """Pasted text not taken by the answer line goes there too (on one line)."""
        event.stop()
        self.query_one(AnswerBar).type_into_input(" ".join(event.text.split()))

    @on(CitationRequested)
    def _citation(self, event: CitationRequested) -> None:
        self.app.push_screen(CitationScreen(event.citation))

    # --- actions (keys and the command palette) -----------------------------------------------
    async def action_command(self, name: str) -> None:
        await self.show_replies([Reply("user", "answer", name), *self.conversation.run(Command(name))])

    def action_prefill(self, text: str) -> None:
        self.query_one(AnswerBar).prefill(text)

    def action_into_choices(self) -> None:
        if not self.query_one(AnswerBar).enter_choices():
            raise SkipAction()  # an ordinary Down

    def action_out_of_choices(self) -> None:
        if not self.query_one(AnswerBar).leave_choices():
            raise SkipAction()

    def action_scroll_chat(self, pages: int) -> None:
        """PageUp and PageDown scroll the conversation wherever the focus is."""
        chat = self.query_one(ChatLog)
        chat.scroll_page_up(animate=False) if pages < 0 else chat.scroll_page_down(animate=False)

    def action_new_consultation(self) -> None:
        """A new consultation, as the start screen's `n`: this one stays saved as it is."""
        if self.recorder is not None:
            if self.recorder.last_error:
                self.recorder.save()  # one more try before leaving it
            if self.recorder.last_error:
                self.notify(
                    _("This consultation could not be saved ({error}); staying here.").format(
                        error=self.recorder.last_error
                    ),
                    severity="error",
                    timeout=10,
                )
                return
            self.app.new_session(replacing=self)
            return
        if not self.conversation.consultation.answers:
            self.app.new_session(replacing=self)
            return
        from .confirm import ConfirmScreen

        copy = getattr(self.app, "training_copy", None)
        if self.conversation.training is not None and copy is not None and not copy.finished:
            question = _(
                "This training run is not finished. Your answers are kept: resume it from the start "
                "screen. Leave it for a new consultation?"
            )
        elif self.conversation.training is not None:
            question = _("This training run is not saved. Leave them for a new consultation?")
        else:
            question = _("These answers are not saved. Leave them for a new consultation?")
        self.app.push_screen(
            ConfirmScreen(question, yes=_("Leave them"), no=_("Stay")),
            lambda yes: self.app.new_session(replacing=self) if yes else None,
        )

    def action_citations(self) -> None:
        message = self.query_one(ChatLog).last_cited()
        if message is None:
            self.notify(_("No message with sources yet."))
            return
        self.app.push_screen(CitationsScreen(message.reply.citations))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A command's key only where the command is available (the registry says where): Predict
        only in training, Export only outside it (a training run exports its debrief)."""
        spec = _BY_ACTION.get(action)
        return spec is None or spec.available(self.conversation.training is not None)

    def action_predict(self) -> None:
        if self.conversation.training is None:
            self.notify(_("Predictions belong to training."))
            return
        from .training import DebriefScreen, PredictScreen

        def reveal(prediction: Prediction | None) -> None:
            if prediction is None:
                return
            from ...training.debrief import debrief

            case = self.conversation.training
            if case is None:  # predictions belong to training
                return
            answers = self.conversation.consultation.answers
            result = debrief(self.conversation.kb, case, answers, prediction)
            self.app.push_screen(
                DebriefScreen(result, case, self.conversation.kb, answers, said=self.conversation.said)
            )

        self.app.push_screen(PredictScreen(self.conversation.kb), reveal)

    def action_toggle_panel(self) -> None:
        side = self.query_one(SidePanel)
        side.display = not side.display
        self._panel_shown = side.display
