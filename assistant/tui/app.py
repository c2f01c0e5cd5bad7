"""Integration Assistant in the terminal."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.binding import Binding

from ..usertext import visible
from . import collector
from .palette import AssistantCommands

if TYPE_CHECKING:
    from textual.content import Content

    from .screens.start import StartScreen

READ_ONLY = (
    "This session is open in another window, so it is read-only here: nothing you answer or note in "
    "this window is recorded. Close the other window, then resume the session to change it."
)
MIME = {
    "markdown": "text/markdown",
    "html": "text/html",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class IntegrationAssistantApp(App[None]):
    """Asks about a crisis, recommends an integration model, flags conflicts, cites the report.

    Given a conversation it opens straight on the chat; otherwise it starts with the list of
    saved sessions (or resumes one), and every answer is saved as it is given. The window that
    opens a session claims it; a session another window has claimed opens read-only.
    """

    TITLE = "Integration Assistant"
    SUB_TITLE = "UN integration models, cited from de Coning (2008)"
    CSS_PATH = "assistant.tcss"
    COMMANDS = App.COMMANDS | {AssistantCommands}
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Theme", id="theme"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        conversation=None,
        *,
        kb=None,
        store=None,
        knowledge: Callable[[], Any] | None = None,
        sessions: Path | None = None,
        resume: str | None = None,
        training: str | None = None,
        log_file: str | None = None,
        report: Path | None = None,
        workshop=None,
        participant: str | None = None,
    ) -> None:
        """``kb`` and ``store`` given, the app starts with them; otherwise it paints the start
        screen first and loads them behind it: the knowledge from ``knowledge()`` (default: the
        shipped one), the sessions from the folder ``sessions`` (default: the user's)."""
        super().__init__()
        self._report = report
        self._report_text: object = None  # loaded on first use: ReportText, or False when unusable
        self._conversation = conversation
        self.kb = kb
        self.store = store
        self._knowledge = knowledge
        self._sessions = sessions
        self._resume = resume
        self._training = training
        self._log_file = log_file
        self._claim = None  # the claim on the open session, while this window may change it
        self._loaded_all = False  # the knowledge and the sessions are loaded
        self._when_ready: list[Callable[[], None]] = []  # what the user asked for meanwhile, in order
        self._start_screen: StartScreen | None = None  # filled once the sessions are loaded
        self.load_error: str | None = None  # why the knowledge could not be loaded (the app then ends)
        self.idle_gc = collector.IdleCollector(self)
        # In a served workshop: the room's folder and this participant's id (made by the server).
        self.workshop = workshop
        self.participant = participant
        self.participant_name = workshop.participant_name(participant) if workshop is not None else ""
        self.theme = "textual-dark"

    def on_mount(self) -> None:
        from ..logs import route_log

        if self._log_file:
            with contextlib.suppress(OSError):  # no log file then; still nothing on the screen
                route_log(logging.FileHandler(self._log_file, encoding="utf-8"))
        if self._conversation is not None:
            from .screens.chat import ChatScreen

            self.kb = self._conversation.kb
            self._loaded_all = True
            collector.settle()
            self.conversation = self._conversation
            self.push_screen(ChatScreen(self._conversation))
            return
        if self.kb is not None and (self.store is not None or self._sessions is None):
            if self.store is None:
                from ..sessions import SessionStore

                self.store = SessionStore(kb=self.kb)
            self._loaded_all = True
            collector.settle()
            self._open_first()
            return
        # Paint first: the start screen now, the knowledge and the saved sessions behind it.
        self.show_start()
        self.call_after_refresh(self._load)

    async def on_event(self, event: events.Event) -> None:
        # Full garbage collections wait for a pause in the user's keys and clicks, rather than
        # land between an answer and its result on the screen.
        if isinstance(event, (events.Key, events.MouseDown)):
            self.idle_gc.input_seen()
        await super().on_event(event)

    def _open_first(self) -> None:
        if self._training is not None:
            self.start_training(self._training or None)
        elif self._resume is not None:
            self.resume_session(self._resume, fallback_to_start=self._start_screen is None)
        elif self._start_screen is None:
            self.show_start()

    # --- loading behind the start screen ----------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """The knowledge and the sessions list, then (the list shown) the chat's modules and one
        consultation run, so the first question comes at once."""
        from ..errors import InputError

        try:
            try:
                if self.kb is None:
                    if self._knowledge is None:
                        from ..knowledge.loader import shipped_knowledge

                        self._knowledge = shipped_knowledge
                    kb = self._knowledge()
                else:
                    kb = self.kb
                store = self.store
                if store is None:
                    from ..sessions import SessionStore

                    store = SessionStore(self._sessions, kb=kb)
                listing = store.list()
            except (InputError, OSError) as exc:
                self.call_from_thread(self._load_failed, str(exc))
                return
            self.call_from_thread(self._loaded, kb, store, listing)
            # A consultation asked for while loading has opened by now (the chat imported, the
            # engine built): then there is nothing left to warm up.
            warm_up(kb, consult=getattr(self, "conversation", None) is None)
        finally:
            collector.settle()  # the collector's switches are the process's, safe from any thread

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        self.exit(return_code=2)

    def _loaded(self, kb, store, listing) -> None:
        self.kb, self.store, self._loaded_all = kb, store, True
        if self._start_screen is not None:
            self._start_screen.fill(listing, has_cases=bool(kb.cases))
        self._open_first()
        waiting, self._when_ready = self._when_ready, []
        for then in waiting:
            then()

    def when_ready(self, then: Callable[[], None]) -> None:
        """Do ``then`` now if the knowledge is loaded, else as soon as it is (keys pressed on the
        start screen while it loads are not lost)."""
        if self._loaded_all:
            then()
        elif then not in self._when_ready:  # a key pressed twice while loading asks once
            self._when_ready.append(then)

    # --- where to go ------------------------------------------------------------------------
    def show_start(self) -> None:
        from .screens.start import StartScreen

        if self._loaded_all:
            self._start_screen = StartScreen(self.store.list(), has_cases=bool(self.kb.cases))
        else:
            self._start_screen = StartScreen(None, has_cases=False)
        self.push_screen(self._start_screen)

    def new_session(self, replacing=None) -> None:
        """Ask the details of a new consultation, then open it; ``replacing``, the chat screen it
        takes the place of (that consultation stays saved as it was)."""
        from .screens.details import DetailsScreen

        def begin(details: dict | None) -> None:
            if details is not None:
                self.when_ready(lambda: start(details))

        def start(details: dict) -> None:
            if self.store is None:  # a conversation handed to the app: nowhere to save
                from ..conversation import Conversation
                from .screens.chat import ChatScreen

                self.conversation = Conversation(self.kb)
                self.sub_title = details["crisis"]
                self._show_chat(ChatScreen(self.conversation), replacing)
                return
            from ..sessions import Session

            session = Session.new(details["crisis"], details["officer"], details["date"], kb=self.kb)
            self.open_session(session, resumed=False, replacing=replacing)

        self.push_screen(DetailsScreen(), begin)

    def _show_chat(self, screen, replacing=None) -> None:
        if replacing is not None and self.screen is replacing:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def resume_session(self, session_id: str, fallback_to_start: bool = False) -> None:
        from ..errors import InputError

        try:
            session = self.store.latest() if session_id == "latest" else self.store.load(session_id)
        except InputError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            if fallback_to_start:
                self.show_start()
            return
        if session is None:
            self.notify("No saved session to resume: starting afresh.")
            self.show_start() if fallback_to_start else None
            return
        self.open_session(session, resumed=True)

    def open_session(self, session, resumed: bool, replacing=None) -> None:
        from ..conversation import Conversation
        from ..sessions.recorder import SessionRecorder
        from .screens.chat import ChatScreen

        self.release_session()
        self._claim = self.store.claim(session.id)
        read_only = self._claim is None
        recorder = SessionRecorder(self.store, session, read_only=read_only)
        conversation = Conversation(self.kb, answers=session.answers_for_engine(), listener=recorder)
        conversation.notes = dict(session.notes())
        conversation.said = session.said_by_question()  # the words typed for each answer
        if read_only:
            conversation.read_only = READ_ONLY
        asked: list[str] = []  # the order `back` walks: each question at its latest answer
        for event in session.history:
            if event.action == "set":
                if event.question in asked:
                    asked.remove(event.question)
                asked.append(event.question)
        conversation.asked = [q for q in asked if q in session.answers]
        recorder.save()
        self.conversation = conversation
        # first, so a narrow header cannot cut it off
        self.sub_title = ("Read-only: " if read_only else "") + session.details.crisis
        self._show_chat(ChatScreen(conversation, recorder=recorder, resumed=resumed or read_only), replacing)
        if read_only:
            self.notify(READ_ONLY, title="Read-only", severity="warning", timeout=20)

    def release_session(self) -> None:
        """Let another window change the session this one had open."""
        if self._claim is not None:
            self._claim.release()
            self._claim = None

    def on_unmount(self) -> None:
        self.release_session()

    def begin_training(self, case, answers=None) -> None:
        """The chat, in training on a case (after its brief, or resumed with ``answers``). With a
        home, its answers are kept as they are given, to resume an unfinished run."""
        from ..conversation import Conversation
        from .screens.chat import ChatScreen

        folder = self.training_folder()
        self.training_copy = None
        if folder is not None:
            from ..training.saved import UnfinishedCopy

            self.training_copy = UnfinishedCopy(folder, case.id, self.participant_name, answers)
        conversation = Conversation(self.kb, answers=answers, training=case, listener=self.training_copy)
        if answers:
            conversation.asked = list(answers)
        self.push_screen(ChatScreen(conversation))

    def start_training(self, case_id: str | None = None) -> None:
        from .screens.training import open_training

        if not self.participant_name and (self.workshop is not None or self.store is not None):
            from .screens.name import NameScreen

            def named(name: str | None) -> None:
                if name:
                    self.set_participant_name(name)
                    open_training(self, case_id)

            if self.workshop is not None:
                self.push_screen(NameScreen(), named)
            else:
                saved = self.settings.get("participant_name") if self.settings is not None else None
                self.push_screen(
                    NameScreen(initial=saved if isinstance(saved, str) else "", local=True), named
                )
            return
        open_training(self, case_id)

    # --- trainings kept in the home ---------------------------------------------------------
    def training_folder(self) -> Path | None:
        """The home's ``training/`` folder (None for a conversation handed to the app)."""
        from ..training.saved import training_directory

        return training_directory(self.store.directory.parent) if self.store is not None else None

    def training_finished(self) -> None:
        """A debrief is saved: the unfinished copy of its run goes."""
        copy = getattr(self, "training_copy", None)
        if copy is not None:
            copy.discard()
        self.training_copy = None

    def resume_training(self, path: Path) -> None:
        """Resume an unfinished run kept in the training folder."""
        from ..errors import InputError
        from ..training.saved import read_unfinished

        try:
            case_id, name, answers = read_unfinished(path)
        except (InputError, OSError) as exc:
            self.notify(f"Not resumed: {exc}", severity="error", timeout=10)
            return
        case = self.kb.case(case_id)
        if case is None:
            self.notify(f"Not resumed: no training case '{case_id}' in this knowledge.", severity="error")
            return
        answers = {q: v for q, v in answers.items() if self.kb.question(q) is not None}
        if name:
            self.participant_name = name
        self.begin_training(case, answers)

    def open_saved_debrief(self, path: Path) -> None:
        """A finished training's debrief, kept in the training folder: to read and export again."""
        from ..errors import InputError
        from ..transcripts import load_transcript
        from .screens.training import DebriefScreen

        try:
            t = load_transcript(path)
        except (InputError, OSError) as exc:
            self.notify(f"Not opened: {exc}", severity="error", timeout=10)
            return
        case = self.kb.case(t.training.case) if t.training is not None else None
        if t.training is None or case is None:
            self.notify(
                f"Not opened: {path.name} is not a debrief of this knowledge's cases.", severity="error"
            )
            return
        answers = {a.question: tuple(a.answer) for a in t.answers}
        self.push_screen(
            DebriefScreen(
                t.training, case, self.kb, answers, name=t.details.officer, saved=path, transcript=t
            )
        )

    def action_quit(self) -> None:  # type: ignore[override]
        """Quitting an unfinished training asks first; its answers stay kept to resume."""
        from .screens.chat import ChatScreen

        screen = self.screen
        copy = getattr(self, "training_copy", None)
        if (
            isinstance(screen, ChatScreen)
            and screen.conversation.training is not None
            and screen.conversation.consultation.answers
            and copy is not None
            and not copy.finished
        ):
            from .screens.export import ConfirmScreen

            self.push_screen(
                ConfirmScreen(
                    "This training run is not finished. Your answers are kept: resume it from the "
                    "start screen. Quit now?",
                    yes="Quit",
                    no="Stay",
                ),
                lambda yes: self.exit() if yes else None,
            )
            return
        self.exit()

    # --- in a workshop ----------------------------------------------------------------------
    def set_participant_name(self, name: str) -> None:
        self.participant_name = name
        if self.workshop is None:
            if self.settings is not None and not self.settings.set("participant_name", name):
                self.notify("Your name was not kept for next time.", severity="warning")
            return
        try:
            self.workshop.set_participant_name(self.participant, name)
        except OSError as exc:
            self.notify(f"Your name was not kept for next time ({exc.strerror or exc}).", severity="warning")

    def shown(self, text: str) -> str:
        """Text for the screen: in a served workshop, without the server's folders."""
        if self.workshop is None:
            return text
        roots = {str(self.workshop.path.resolve()), str(self.workshop.path)}
        if self.participant:
            home = self.workshop.participant_home(self.participant)
            roots |= {str(home.resolve()), str(home)}
        for root in sorted(roots, key=len, reverse=True):
            text = text.replace(root + "/", "").replace(root, "the workshop folder")
        return text

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # Plain text unless asked: messages carry paths, names and errors as typed, never markup,
        # their control characters shown as escapes.
        super().notify(
            visible(self.shown(message)),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's line: the crisis as read from its session, control characters shown as escapes."""
        return super().format_title(visible(title), visible(sub_title))

    def deliver(self, data: bytes, filename: str, fmt: str) -> None:
        """Served: the file goes to the participant's browser as a download, and a copy into
        the workshop folder. There is no server path to choose or to show."""
        import io

        try:
            copy = self.workshop.keep_copy(self.participant, filename, data)
        except OSError as exc:
            self.notify(f"No copy kept in the workshop folder ({exc.strerror or exc}).", severity="warning")
            copy = None
        if self.is_web:
            self.deliver_binary(
                io.BytesIO(data),
                save_directory=copy.parent if copy else None,
                save_filename=filename,
                mime_type=MIME.get(fmt, "application/octet-stream"),
            )
            self.notify(
                f"{filename} is downloading in your browser; the facilitator keeps a copy.", timeout=8
            )
        elif copy is not None:
            self.notify(f"{copy.name} is kept in the workshop folder.", timeout=8)

    def switch_to_start(self) -> None:
        """Back to the first screen, with the sessions list brought up to date."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.release_session()
        if self.store is not None:
            self.show_start()
        else:
            self.exit()

    @property
    def report_text(self):
        """The reader's copy of the report (--report FILE), loaded when a passage is first shown."""
        if self._report_text is None:
            self._report_text = False
            if self._report is not None:
                from ..errors import InputError
                from ..knowledge.report_text import ReportText

                try:
                    self._report_text = ReportText.from_file(self._report)
                except InputError as exc:
                    self.notify(str(exc), severity="error", timeout=10, markup=False)
        return self._report_text or None

    # --- look -------------------------------------------------------------------------------
    def on_resize(self, event) -> None:
        self.screen.set_class(event.size.width < 100, "-narrow")
        self.screen.set_class(event.size.height < 30, "-short")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    # --- remembered between runs ------------------------------------------------------------
    @property
    def settings(self):
        """The settings beside the sessions folder (none for a conversation handed to the app)."""
        from ..settings import FILE_NAME, Settings

        return Settings(self.store.directory.parent / FILE_NAME) if self.store is not None else None

    def export_folder(self) -> Path:
        """Where the export dialog proposes to save: the folder used last, else the documents folder.
        A folder whose name holds control characters (the settings file is read as it is) is not
        proposed: the dialog's field would show them raw, and shown as escapes it names another path."""
        from ..settings import default_export_folder

        last = self.settings.get("export_folder") if self.settings is not None else None
        if (
            isinstance(last, str)
            and visible(last) == last
            and Path(last).is_dir()
            and os.access(last, os.W_OK)
        ):
            return Path(last)
        return default_export_folder()

    def remember_export_folder(self, folder: Path) -> None:
        if self.settings is not None:
            self.settings.set("export_folder", str(folder))


def warm_up(kb, consult: bool = True) -> None:
    """What the first question needs, made ready ahead: the chat's modules, Markdown, one
    consultation run (the rule engine built, the models' validators made), and what reads typed
    answers."""
    from rich.markdown import Markdown

    from ..conversation import Conversation
    from ..sessions.recorder import SessionRecorder  # noqa: F401
    from .screens.chat import ChatScreen  # noqa: F401

    if consult:
        replies = Conversation(kb).start()
        Markdown(replies[-1].text if replies else "")
    # The reading of typed words: its lexicon, and the word list that tells typos from English.
    from ..consultation.understand import english, lexicon

    lexicon()
    english()
