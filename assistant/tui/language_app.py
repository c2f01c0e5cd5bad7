"""What the assistant's app keeps of its language and its header: switching the language (the
palette's "Language / Langue", or `langue` in the chat), the settings that remember it, and the
header's subtitle, which must be redrawn in the new language. A base of
:class:`.app.IntegrationAssistantApp`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import Language, _, set_language
from .appsettings import AppSettings
from .plain_app import PlainTextApp

if TYPE_CHECKING:
    from ..knowledge.loader import KnowledgeBase
    from ..sessions import SessionStore
    from ..workshop.folder import WorkshopFolder


class LanguageApp(PlainTextApp):
    kb: KnowledgeBase | None
    store: SessionStore | None
    workshop: WorkshopFolder | None
    participant: str | None
    _heading: tuple[bool, str] | None

    def _head(self, read_only: bool, crisis: str) -> None:
        """The header's subtitle: the crisis of the consultation open, "Read-only: " first (so a
        narrow header cannot cut it off)."""
        self._heading = (read_only, crisis)
        self.sub_title = (_("Read-only: ") if read_only else "") + crisis

    # --- language ---------------------------------------------------------------------------
    async def action_switch_language(self) -> None:
        """The palette's "Language / Langue": English to French, French to English. On the chat
        the conversation switches (it asks its question again in the new language)."""
        from .language import other
        from .screens.chat import ChatScreen

        if isinstance(self.screen, ChatScreen):
            await self.screen.switch_language(other())
        else:
            await self.switch_language(other())

    async def switch_language(self, lang: Language) -> None:
        """Everything on the screen from now on in ``lang``, kept for next time in the settings:
        the header, the footer, the screens open (their state kept: answers, the text typed,
        the option moved to); the knowledge in ``lang`` for what opens next. Messages already
        in the chat stay as they were written."""
        from .language import knowledge_in

        set_language(lang)
        problem = self._settings().remember_language(lang)
        if self.kb is not None:
            self.kb = knowledge_in(self.kb, lang)
        title, sub_title = self.TITLE, self.SUB_TITLE
        self.title = _(title) if title else ""
        if self._heading is None:
            self.sub_title = _(sub_title) if sub_title else ""
        else:
            self._head(*self._heading)
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()
        self.screen.refresh_bindings()
        if problem is not None:
            self.notify(problem, severity="warning")

    def _settings(self) -> AppSettings:
        return AppSettings(self.store, self.workshop, self.participant)
