"""In a served workshop: a file goes to the participant's browser as a download (and a copy into
the workshop folder), and the server's folders are never shown to the participant."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from textual.app import App

    from ..workshop.folder import WorkshopFolder

MIME = {
    "markdown": "text/markdown",
    "html": "text/html",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def deliver(
    app: App[None], workshop: WorkshopFolder, participant: str, data: bytes, filename: str, fmt: str
) -> None:
    """The file to the browser, a copy into the workshop folder. There is no server path to
    choose or to show."""
    try:
        copy = workshop.keep_copy(participant, filename, data)
    except OSError as exc:
        app.notify(
            _("No copy kept in the workshop folder ({error}).").format(error=exc.strerror or exc),
            severity="warning",
        )
        copy = None
    if app.is_web:
        app.deliver_binary(
            io.BytesIO(data),
            save_directory=copy.parent if copy else None,
            save_filename=filename,
            mime_type=MIME.get(fmt, "application/octet-stream"),
        )
        app.notify(
            _("{name} is downloading in your browser; the facilitator keeps a copy.").format(name=filename),
            timeout=8,
        )
    elif copy is not None:
        app.notify(_("{name} is kept in the workshop folder.").format(name=copy.name), timeout=8)


def without_folders(text: str, workshop: WorkshopFolder, participant: str | None) -> str:
    """``text`` without the server's folders: the workshop's and the participant's home."""
    roots = {str(workshop.path.resolve()), str(workshop.path)}
    if participant:
        home = workshop.participant_home(participant)
        roots |= {str(home.resolve()), str(home)}
    for root in sorted(roots, key=len, reverse=True):
        text = text.replace(root + "/", "").replace(root, _("the workshop folder"))
    return text
