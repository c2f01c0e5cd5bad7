"""The facilitator's board app: a workshop's debriefs gathered live, in a terminal or served.
Its one screen is :class:`~.screens.board.BoardScreen`."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from ..i18n import N_, _
from ..workshop.board import DebriefReader
from ..workshop.folder import WorkshopFolder
from .plain_app import PlainTextApp
from .screens.board import BoardScreen, DebriefsRead

if TYPE_CHECKING:
    from ..knowledge.loader import KnowledgeBase
    from ..workshop.sources import Sources
    from .host import BoardHost

POLL_SECONDS = 2.0  # when the folder cannot be watched, it is read this often


class WorkshopBoardApp(PlainTextApp):
    """Per case, who finished, what they predicted, where they differ from the key; read again
    as debriefs arrive."""

    TITLE = N_("Workshop board")
    CSS_PATH = "assistant.tcss"

    def __init__(
        self,
        workshop: WorkshopFolder | Sources,
        *,
        kb: KnowledgeBase | None = None,
        log_file: str | None = None,
        watch: bool = True,
        exports: Path | None = None,
    ) -> None:
        """``workshop``: a served workshop, or any inputs `workshop summary` takes; ``exports``:
        where the summary is exported when they are not a served workshop (whose folder keeps it)."""
        super().__init__()
        self.title = _(self.TITLE)
        self.reader = DebriefReader(workshop)
        self.sources = self.reader.sources
        self.workshop = workshop if isinstance(workshop, WorkshopFolder) else workshop.workshop
        self.exports = exports
        self.kb = kb
        self._log_file = log_file
        self._watch = watch
        self.sub_title = self.workshop.name if self.workshop is not None else self.sources.name
        self.board = BoardScreen()

    def on_mount(self) -> None:
        from ..knowledge.loader import shipped_knowledge
        from ..logs import route_log

        if self._log_file:
            with contextlib.suppress(OSError):
                route_log(logging.FileHandler(self._log_file, encoding="utf-8"))
        self.kb = self.kb or shipped_knowledge()
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


if TYPE_CHECKING:
    _satisfies: type[BoardHost] = WorkshopBoardApp  # what the board's screen asks of the app
