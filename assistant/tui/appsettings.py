"""What the app remembers between runs: the participant's name (in a served workshop in their
home there, else in the settings beside the sessions folder) and the folder the last export
went to."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ..usertext import visible

if TYPE_CHECKING:
    from ..sessions import SessionStore
    from ..settings import Settings
    from ..workshop.folder import WorkshopFolder


class AppSettings:
    """The settings of the home whose sessions the app keeps; none (nothing remembered) for a
    conversation handed to the app."""

    def __init__(
        self,
        store: SessionStore | None,
        workshop: WorkshopFolder | None = None,
        participant: str | None = None,
    ) -> None:
        self.workshop = workshop
        self.participant = participant
        self.settings: Settings | None = None
        if store is not None:
            from ..settings import FILE_NAME, Settings

            self.settings = Settings(store.directory.parent / FILE_NAME)

    def participant_name(self) -> str:
        """The name given last time, or ""."""
        saved = self.settings.get("participant_name") if self.settings is not None else None
        return saved if isinstance(saved, str) else ""

    def remember_participant_name(self, name: str) -> str | None:
        """Keep the name for next time; what to tell the user when it was not kept."""
        if self.workshop is not None and self.participant is not None:
            try:
                self.workshop.set_participant_name(self.participant, name)
            except OSError as exc:
                return _("Your name was not kept for next time ({error}).").format(error=exc.strerror or exc)
        elif self.settings is not None and not self.settings.set("participant_name", name):
            return _("Your name was not kept for next time.")
        return None

    def remember_language(self, lang: str) -> str | None:
        """Keep the language chosen for next time (the settings' ``language``); what to tell the
        user when it was not kept."""
        if self.settings is not None and not self.settings.set("language", lang):
            return _("The language was not kept for next time.")
        return None

    def export_folder(self) -> Path:
        """Where the export dialog proposes to save: the folder used last, else the documents
        folder. A folder whose name holds control characters (the settings file is read as it
        is) is not proposed: the dialog's field would show them raw, and shown as escapes it
        names another path."""
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
