"""Integration Assistant in the terminal: the app, and where it goes from screen to screen.
Beside it: :mod:`.loading`, :mod:`.session_lock`, :mod:`.downloads`, :mod:`.appsettings`,
:mod:`.trainings`, and :mod:`.plain_app` (what it shares with the board)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App

from ..i18n import N_, _, language
from . import collector, trainings
from .downloads import deliver, without_folders
from .language_app import LanguageApp
from .loading import Loaded, ReportCopy, load, warm_up
from .palette import AssistantCommands
from .session_lock import READ_ONLY, SessionLock, resumed_conversation

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..consultation.answers import Answers
    from ..conversation import Conversation
    from ..knowledge.loader import KnowledgeBase
    from ..knowledge.report_text import ReportText
    from ..knowledge.schema import TrainingCase
    from ..sessions import Session, SessionStore
    from ..training.saved import UnfinishedCopy
    from ..workshop.folder import WorkshopFolder
    from .host import AssistantHost
    from .screens.chat import ChatScreen
    from .screens.start import StartScreen


class IntegrationAssistantApp(LanguageApp):
    """Asks about a crisis, recommends an integration model, flags conflicts, cites the report.

    Given a conversation it opens straight on the chat; otherwise it starts with the list of
    saved sessions (or resumes one), and every answer is saved as it is given. The window that
    opens a session claims it; a session another window has claimed opens read-only.
    """

    TITLE = N_("Integration Assistant")
    SUB_TITLE = N_("UN integration models, cited from de Coning (2008)")
    CSS_PATH = "assistant.tcss"
    COMMANDS = App.COMMANDS | {AssistantCommands}

    def __init__(
        self,
        conversation: Conversation | None = None,
        *,
        kb: KnowledgeBase | None = None,
        store: SessionStore | None = None,
        knowledge: Callable[[], KnowledgeBase] | None = None,
        sessions: Path | None = None,
        resume: str | None = None,
        training: str | None = None,
        log_file: str | None = None,
        report: Path | None = None,
        workshop: WorkshopFolder | None = None,
        participant: str | None = None,
    ) -> None:
        """``kb`` and ``store`` given, the app starts with them; otherwise it paints the start
        screen first and loads them behind it: the knowledge from ``knowledge()`` (default: the
        shipped one), the sessions from the folder ``sessions`` (default: the user's)."""
        super().__init__()
        self.title, self.sub_title = _(self.TITLE), _(self.SUB_TITLE)  # in the language in force
        self._heading: tuple[bool, str] | None = None  # (read-only, crisis) of the open session
        self.kb = kb
        self.store = store
        self.conversation = conversation  # the one on the chat screen, once there is one
        self._given = conversation  # handed to the app: it opens straight on the chat
        self._knowledge = knowledge
        self._sessions = sessions
        self._resume = resume
        self._training = training
        self._log_file = log_file
        self._report = ReportCopy(report)
        self.lock = SessionLock()  # the claim on the open session, while this window may change it
        self._loaded_all = False  # the knowledge and the sessions are loaded
        self._when_ready: list[Callable[[], None]] = []  # what the user asked for meanwhile, in order
        self._start_screen: StartScreen | None = None  # filled once the sessions are loaded
        self.load_error: str | None = None  # why the knowledge could not be loaded (the app then ends)
        self.idle_gc = collector.IdleCollector(self)
        self.training_copy: UnfinishedCopy | None = None  # the training run under way, kept to resume
        # In a served workshop: the room's folder and this participant's id (made by the server).
        self.workshop = workshop
        self.participant = participant
        self.participant_name = (
            workshop.participant_name(participant) if workshop is not None and participant else ""
        )

    # --- lifecycle --------------------------------------------------------------------------
    def on_mount(self) -> None:
        from ..logs import route_log

        if self._log_file:
            with contextlib.suppress(OSError):  # no log file then; still nothing on the screen
                route_log(logging.FileHandler(self._log_file, encoding="utf-8"))
        if self._given is not None:
            from .screens.chat import ChatScreen

            self.kb = self._given.kb
            self._loaded_all = True
            collector.settle()
            self.push_screen(ChatScreen(self._given))
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
        if isinstance(event, events.Key) and self._focus_moved_at_once(event.key):
            return
        await super().on_event(event)

    def _focus_moved_at_once(self, key: str) -> bool:
        """Tab and shift+Tab move the focus now, where the screen binds them to moving it.
        Textual hands a key to the focused control, which passes Tab back up to the screen; the
        keys typed after it (quickly, or pasted: the terminal delivers them at once) were
        meanwhile handed to the same control, and a name typed after Tab went to the list of
        formats, or into the field being left. Moved now, the focus is where those keys go."""
        if key not in ("tab", "shift+tab"):
            return False
        bound = self.screen.active_bindings.get(key)
        moves = {"app.focus_next": self.screen.focus_next, "app.focus_previous": self.screen.focus_previous}
        move = moves.get(bound.binding.action) if bound is not None else None
        if move is None:
            return False  # a control that uses Tab itself keeps it
        move()
        return True

    def on_unmount(self) -> None:
        self.lock.release()

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
                loaded = load(self.kb, self._knowledge, self.store, self._sessions, language())
            except (InputError, OSError) as exc:
                self.call_from_thread(self._load_failed, str(exc))
                return
            self.call_from_thread(self._loaded, loaded)
            # A consultation asked for while loading has opened by now (the chat imported, the
            # engine built): then there is nothing left to warm up.
            warm_up(loaded.kb, consult=self.conversation is None)
        finally:
            collector.settle()  # the collector's switches are the process's, safe from any thread

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        self.exit(return_code=2)

    def _loaded(self, loaded: Loaded) -> None:
        self.kb, self.store, self._loaded_all = loaded.kb, loaded.store, True
        if self._start_screen is not None:
            self._start_screen.fill(loaded.listing, has_cases=bool(loaded.kb.cases))
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

    @property
    def loaded_kb(self) -> KnowledgeBase:
        """The knowledge, once loaded (everything but the start screen waits for it)."""
        if self.kb is None:
            raise RuntimeError("the knowledge is not loaded yet")
        return self.kb

    # --- where to go ------------------------------------------------------------------------
    def show_start(self) -> None:
        from .screens.start import StartScreen

        if self._loaded_all and self.store is not None:
            self._start_screen = StartScreen(self.store.list(), has_cases=bool(self.loaded_kb.cases))
        else:
            self._start_screen = StartScreen(None, has_cases=False)
        self.push_screen(self._start_screen)

    def switch_to_start(self) -> None:
        """Back to the first screen, with the sessions list brought up to date."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.lock.release()
        if self.store is not None:
            self.show_start()
        else:
            self.exit()

    def new_session(self, replacing: Screen[None] | None = None) -> None:
        """Ask the details of a new consultation, then open it; ``replacing``, the chat screen it
        takes the place of (that consultation stays saved as it was)."""
        from .screens.details import Details, DetailsScreen

        def begin(details: Details | None) -> None:
            if details is not None:
                self.when_ready(lambda: start(details))

        def start(details: Details) -> None:
            if self.store is None:  # a conversation handed to the app: nowhere to save
                from ..conversation import Conversation
                from .screens.chat import ChatScreen

                self.conversation = Conversation(self.kb)
                self._head(False, details["crisis"])
                self._show_chat(ChatScreen(self.conversation), replacing)
                return
            from ..sessions import Session

            session = Session.new(details["crisis"], details["officer"], details["date"], kb=self.kb)
            self.open_session(session, resumed=False, replacing=replacing)

        self.push_screen(DetailsScreen(), begin)

    def _show_chat(self, screen: ChatScreen, replacing: Screen[None] | None = None) -> None:
        if replacing is not None and self.screen is replacing:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def resume_session(self, session_id: str, fallback_to_start: bool = False) -> None:
        from ..errors import InputError

        if self.store is None:
            return
        try:
            session = self.store.latest() if session_id == "latest" else self.store.load(session_id)
        except InputError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            if fallback_to_start:
                self.show_start()
            return
        if session is None:
            self.notify(_("No saved session to resume: starting afresh."))
            if fallback_to_start:
                self.show_start()
            return
        self.open_session(session, resumed=True)

    def open_session(self, session: Session, resumed: bool, replacing: Screen[None] | None = None) -> None:
        from .screens.chat import ChatScreen

        if self.store is None:
            return
        read_only = not self.lock.take(self.store, session.id)
        conversation, recorder = resumed_conversation(self.loaded_kb, self.store, session, read_only)
        self.conversation = conversation
        self._head(read_only, session.details.crisis)
        self._show_chat(ChatScreen(conversation, recorder=recorder, resumed=resumed or read_only), replacing)
        if read_only:
            self.notify(_(READ_ONLY), title=_("Read-only"), severity="warning", timeout=20)

    def action_quit(self) -> None:  # type: ignore[override]  # App's is async; the chat calls this one
        """Quitting an unfinished training asks first; its answers stay kept to resume."""
        from .screens.chat import ChatScreen

        screen = self.screen
        copy = self.training_copy
        if (
            isinstance(screen, ChatScreen)
            and screen.conversation.training is not None
            and screen.conversation.consultation.answers
            and copy is not None
            and not copy.finished
        ):
            from .screens.confirm import ConfirmScreen

            question = _(
                "This training run is not finished. Your answers are kept: resume it from the start "
                "screen. Quit now?"
            )
            self.push_screen(ConfirmScreen(question, yes=_("Quit"), no=_("Stay")), self._quit_if)
            return
        self.exit()

    def _quit_if(self, yes: bool | None) -> None:
        if yes:
            self.exit()

    # --- training ---------------------------------------------------------------------------
    def start_training(self, case_id: str | None = None) -> None:
        from .screens.training import open_training

        if not self.participant_name and (self.workshop is not None or self.store is not None):
            from .screens.name import NameScreen

            def named(name: str | None) -> None:
                if name:
                    self.set_participant_name(name)
                    open_training(self, self.loaded_kb, case_id)

            if self.workshop is not None:
                self.push_screen(NameScreen(), named)
            else:
                saved = self._settings().participant_name()
                self.push_screen(NameScreen(initial=saved, local=True), named)
            return
        open_training(self, self.loaded_kb, case_id)

    def begin_training(self, case: TrainingCase, answers: Answers | None = None) -> None:
        """The chat, in training on a case (after its brief, or resumed with ``answers``). With a
        home, its answers are kept as they are given, to resume an unfinished run."""
        from ..conversation import Conversation
        from .screens.chat import ChatScreen

        case = self.loaded_kb.case(case.id) or case  # in the language in force (it may have changed)
        folder = self.training_folder()
        self.training_copy = None
        if folder is not None:
            from ..training.saved import UnfinishedCopy

            self.training_copy = UnfinishedCopy(folder, case.id, self.participant_name, answers)
        conversation = Conversation(self.kb, answers=answers, training=case, listener=self.training_copy)
        if answers:
            conversation.asked = list(answers)
        self.push_screen(ChatScreen(conversation))

    def training_folder(self) -> Path | None:
        """The home's ``training/`` folder (None for a conversation handed to the app)."""
        from ..training.saved import training_directory

        return training_directory(self.store.directory.parent) if self.store is not None else None

    def training_finished(self) -> None:
        """A debrief is saved: the unfinished copy of its run goes."""
        if self.training_copy is not None:
            self.training_copy.discard()
        self.training_copy = None

    def resume_training(self, path: Path) -> None:
        """Resume an unfinished run kept in the training folder."""
        try:
            case, name, answers = trainings.unfinished_run(self.loaded_kb, path)
        except trainings.NotOpened as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        if name:
            self.participant_name = name
        self.begin_training(case, answers)

    def open_saved_debrief(self, path: Path) -> None:
        """A finished training's debrief, kept in the training folder: to read and export again."""
        from .screens.training import DebriefScreen

        try:
            t, debrief, case, answers = trainings.saved_debrief(self.loaded_kb, path)
        except trainings.NotOpened as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        screen = DebriefScreen(
            debrief, case, self.loaded_kb, answers, name=t.details.officer, saved=path, transcript=t
        )
        self.push_screen(screen)

    def set_participant_name(self, name: str) -> None:
        """Kept for next time: in a workshop, in the participant's home there; else in the settings."""
        self.participant_name = name
        problem = self._settings().remember_participant_name(name)
        if problem is not None:
            self.notify(problem, severity="warning")

    # --- files ------------------------------------------------------------------------------
    def shown(self, text: str) -> str:
        """Text for the screen: in a served workshop, without the server's folders."""
        return text if self.workshop is None else without_folders(text, self.workshop, self.participant)

    def deliver(self, data: bytes, filename: str, fmt: str) -> None:
        """Served: the file goes to the participant's browser as a download, and a copy into
        the workshop folder."""
        if self.workshop is not None and self.participant is not None:
            deliver(self, self.workshop, self.participant, data, filename, fmt)

    def export_folder(self) -> Path:
        """Where the export dialog proposes to save: the folder used last, else the documents folder."""
        return self._settings().export_folder()

    def remember_export_folder(self, folder: Path) -> None:
        self._settings().remember_export_folder(folder)

    @property
    def report_text(self) -> ReportText | None:
        """The reader's copy of the report (--report FILE), read when a passage is first shown."""
        from ..errors import InputError

        try:
            return self._report.text()
        except InputError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return None


if TYPE_CHECKING:
    _satisfies: type[AssistantHost] = IntegrationAssistantApp  # what the screens ask of the app
