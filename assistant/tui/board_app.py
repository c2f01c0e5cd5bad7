"""The facilitator's board: a workshop's debriefs gathered live, in a terminal or served."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from ..usertext import visible
from ..workshop.board import DebriefReader, Standing
from ..workshop.folder import WorkshopFolder
from ..workshop.sources import Sources

if TYPE_CHECKING:
    from textual.content import Content

POLL_SECONDS = 2.0  # when the folder cannot be watched, it is read this often


class DebriefsRead(Message):
    """The workshop's debriefs were read afresh."""

    def __init__(self, standing: Standing) -> None:
        super().__init__()
        self.standing = standing


class WorkshopBoardApp(App[None]):
    TITLE = "Workshop board"
    CSS_PATH = "assistant.tcss"
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Theme", id="theme"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        workshop: WorkshopFolder | Sources,
        *,
        kb=None,
        log_file: str | None = None,
        watch: bool = True,
        exports: Path | None = None,
    ) -> None:
        """``workshop``: a served workshop, or any inputs `workshop summary` takes; ``exports``:
        where the summary is exported when they are not a served workshop (whose folder keeps it)."""
        super().__init__()
        self.reader = DebriefReader(workshop)
        self.sources = self.reader.sources
        self.workshop = workshop if isinstance(workshop, WorkshopFolder) else workshop.workshop
        self.exports = exports
        self.kb = kb
        self._log_file = log_file
        self._watch = watch
        self.sub_title = self.workshop.name if self.workshop is not None else self.sources.name
        self.theme = "textual-dark"

    def on_mount(self) -> None:
        from ..knowledge.loader import shipped_knowledge
        from ..reasoning._experta import route_log
        from .screens.board import BoardScreen

        if self._log_file:
            with contextlib.suppress(OSError):
                route_log(logging.FileHandler(self._log_file, encoding="utf-8"))
        self.kb = self.kb or shipped_knowledge()
        self.board = BoardScreen()
        self.push_screen(self.board)
        self.read_debriefs()
        if self._watch:
            self.watch_debriefs()

    @work(thread=True, exclusive=True, group="read")
    def read_debriefs(self) -> None:
        standing = self.reader.read()
        self.board.post_message(DebriefsRead(standing))

    @work(exclusive=True, group="watch")
    async def watch_debriefs(self) -> None:
        """Read again as soon as a debrief arrives (file events); a short poll where there are none."""
        from watchfiles import awatch

        folders = [p for p in self.sources.watched() if p.is_dir()]
        if not folders:
            self.set_interval(POLL_SECONDS, self.read_debriefs)
            return
        try:
            async for _ in awatch(*folders, debounce=50, step=20, recursive=False):
                self.read_debriefs()
        except (OSError, RuntimeError):
            self.set_interval(POLL_SECONDS, self.read_debriefs)

    def keep_export(self, name: str, data: bytes) -> Path:
        """The exported summary, kept in the served workshop's folder, else in ``exports``."""
        if self.workshop is not None:
            return self.workshop.keep_copy(None, name, data)
        from ..workshop.folder import keep_copy

        if self.exports is None:
            raise OSError("no folder to keep the export in")
        return keep_copy(self.exports, name, data)

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's line: a workshop's or folder's name as read, control characters shown as escapes."""
        return super().format_title(visible(title), visible(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # Plain text: messages carry paths and names as read, never markup, control characters shown.
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=markup
        )

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
