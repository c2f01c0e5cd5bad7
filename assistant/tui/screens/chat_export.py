"""The chat screen's transcript: F10's dialog, writing the file (or, served, the download) off the
UI thread, and what the conversation says of it. A base of :class:`.chat.ChatScreen`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen

from ...conversation import Conversation, Reply
from ...conversation.text import escape_md
from ...i18n import _
from ..messages import ExportFailed, ExportFinished
from ..widgets.chat_log import ChatLog

if TYPE_CHECKING:
    from textual import getters

    from ...sessions.recorder import SessionRecorder
    from ...transcripts.model import Transcript
    from ..host import AssistantApp


class TranscriptScreen(Screen[None]):
    """What exporting the transcript needs of the chat screen: its conversation and recorder."""

    if TYPE_CHECKING:
        app = getters.app(AssistantApp)

    conversation: Conversation
    recorder: SessionRecorder | None

    def action_export(self, fmt: str = "markdown") -> None:
        from ...transcripts import suggested_filename
        from .confirm import ConfirmScreen
        from .export import ExportScreen

        fmt = {"md": "markdown", "word": "docx", "htm": "html"}.get(fmt.strip().lower(), fmt.strip().lower())
        details = self.recorder.session.details if self.recorder else None
        names = {f: suggested_filename(details, f) for f in ("markdown", "html", "json", "docx")}
        if getattr(self.app, "workshop", None) is not None:  # served: a download, no server path
            from .download import DownloadScreen

            def download(chosen: str | None) -> None:
                if chosen:
                    self.deliver_transcript(chosen, names[chosen])

            self.app.push_screen(DownloadScreen(_("the transcript"), fmt), download)
            return

        def chosen(choice: tuple[str, Path] | None) -> None:
            if choice is None:
                return
            fmt, path = choice
            if path.exists():

                def replace(yes: bool | None) -> None:
                    if yes:
                        self.write_transcript(fmt, path, True)
                    else:
                        self.notify(_("Not exported."))

                self.app.push_screen(
                    ConfirmScreen(_("{path} exists. Replace it?").format(path=path)), replace
                )
            else:
                self.write_transcript(fmt, path, False)

        self.app.push_screen(ExportScreen(names, self.app.export_folder(), fmt), chosen)

    def _transcript(self) -> Transcript:
        """The transcript of this conversation: from its session when it has one."""
        from ...transcripts import build_transcript

        if self.recorder is not None:
            return build_transcript(self.conversation.kb, session=self.recorder.session)
        c = self.conversation
        return build_transcript(c.kb, answers=c.consultation.answers, notes=c.notes)

    @work(thread=True, exclusive=True, group="export")
    def write_transcript(self, fmt: str, path: Path, force: bool) -> None:
        """Build and write the transcript off the UI thread."""
        from ...knowledge.yamlfile import InputError
        from ...transcripts import write_transcript

        try:
            written = write_transcript(self._transcript(), fmt, path, force=force)
        except (InputError, OSError) as exc:
            self.post_message(ExportFailed(str(exc)))
            return
        self.post_message(ExportFinished(written))

    @work(thread=True, exclusive=True, group="export")
    def deliver_transcript(self, fmt: str, filename: str) -> None:
        """Served: build the transcript off the UI thread, then hand it to the browser."""
        from ...knowledge.yamlfile import InputError
        from ...transcripts import export

        try:
            data = export(self._transcript(), fmt)
        except InputError as exc:
            self.post_message(ExportFailed(str(exc)))
            return
        self.app.call_from_thread(self.app.deliver, data, filename, fmt)

    @on(ExportFinished)
    async def _exported(self, event: ExportFinished) -> None:
        from .export import FORMAT_OF, NAME

        path = Path(event.path)
        self.app.remember_export_folder(path.parent)  # a folder that worked, proposed next time
        self.notify(_("Transcript written to {path}").format(path=path), timeout=8, markup=False)
        kind = NAME.get(FORMAT_OF.get(path.suffix.lower(), ""), "")
        where = escape_md(str(path))
        text = (
            _("Saved the transcript to {path}, as {kind}.").format(path=where, kind=_(kind))
            if kind
            else _("Saved the transcript to {path}.").format(path=where)
        )
        saved = Reply("assistant", "info", text)
        await self.query_one(ChatLog).add_replies([saved])

    @on(ExportFailed)
    async def _export_failed(self, event: ExportFailed) -> None:
        """Said in the conversation, not only in a toast that goes: why, and where F10 will try next."""
        self.notify(
            _("Not exported: {error}").format(error=event.error), severity="error", timeout=10, markup=False
        )
        error = event.error.rstrip(".")
        text = _("The transcript was not exported: {error}.").format(error=escape_md(error))
        if getattr(self.app, "workshop", None) is None:
            folder = self.app.export_folder()
            text += " " + _("F10 (or `export`) tries again, proposing {folder}.").format(
                folder=escape_md(str(folder))
            )
        await self.query_one(ChatLog).add_replies([Reply("assistant", "info", text)])
