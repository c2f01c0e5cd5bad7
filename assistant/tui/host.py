"""What the screens ask of the app they run in, beyond Textual's App.

The screens never import the apps (the apps import the screens): they see their app through
these protocols, which :class:`~.app.IntegrationAssistantApp` and
:class:`~.board_app.WorkshopBoardApp` satisfy (each app's module checks it does). For the type
checker, ``getters.app(AssistantApp)`` on a screen gives ``self.app`` both Textual's App and the
protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..consultation.answers import Answers
    from ..i18n import Language
    from ..knowledge.loader import KnowledgeBase
    from ..knowledge.report_text import ReportText
    from ..knowledge.schema import TrainingCase
    from ..training.saved import UnfinishedCopy
    from ..workshop.folder import WorkshopFolder
    from .plain_app import PlainTextApp


class AssistantHost(Protocol):
    """The assistant's app, as its screens see it."""

    kb: KnowledgeBase | None  # None until loaded behind the start screen
    workshop: WorkshopFolder | None  # in a served workshop: the room's folder
    participant: str | None  # ... and this participant's id
    participant_name: str
    training_copy: UnfinishedCopy | None  # the answers of the training run under way, kept

    @property
    def report_text(self) -> ReportText | None: ...

    def shown(self, text: str) -> str: ...

    # --- where to go
    def when_ready(self, then: Callable[[], None]) -> None: ...

    def new_session(self, replacing: Screen[None] | None = None) -> None: ...

    def resume_session(self, session_id: str, fallback_to_start: bool = False) -> None: ...

    def switch_to_start(self) -> None: ...

    def action_quit(self) -> None: ...

    # --- training
    def start_training(self, case_id: str | None = None) -> None: ...

    def begin_training(self, case: TrainingCase, answers: Answers | None = None) -> None: ...

    def resume_training(self, path: Path) -> None: ...

    def open_saved_debrief(self, path: Path) -> None: ...

    def training_folder(self) -> Path | None: ...

    def training_finished(self) -> None: ...

    # --- files
    def export_folder(self) -> Path: ...

    def remember_export_folder(self, folder: Path) -> None: ...

    def deliver(self, data: bytes, filename: str, fmt: str) -> None: ...

    # --- language
    async def switch_language(self, lang: Language) -> None: ...


class BoardHost(Protocol):
    """The facilitator's board app, as its screen sees it."""

    kb: KnowledgeBase | None  # the rule base the key's reasoning is shown from (loaded on mount)

    def keep_export(self, name: str, data: bytes) -> Path: ...


if TYPE_CHECKING:
    # For the type checker only: Textual's App and a protocol in one, for ``getters.app``. The
    # assistant's action_quit asks before quitting an unfinished training, and is not async as
    # App's is (the app overrides it so, too).
    class AssistantApp(AssistantHost, PlainTextApp):  # type: ignore[misc]
        pass

    class BoardApp(BoardHost, PlainTextApp):
        pass
