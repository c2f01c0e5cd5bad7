"""The assistant's commands in the command palette (ctrl+p), as the registry lists them, in the
language in force; and the entry that switches the language (English, French)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..conversation.registry import palette_entries
from ..i18n import _
from .language import PALETTE_HELP, PALETTE_TITLE

# (title, the screen's action, help): made from the registry of commands and keys (in English,
# translated where shown); then the switch of language, which the app runs on any screen.
ENTRIES = palette_entries()
LANGUAGE_ENTRY = (PALETTE_TITLE, "app.switch_language", PALETTE_HELP)


def entries() -> list[tuple[str, str, str]]:
    """The palette's entries as shown now: (title, action, help) in the language in force."""
    listed = [
        (_(title), action, _(help_text))
        for title, action, help_text in ENTRIES
        if "language" not in action  # the app's own entry switches it, on every screen
    ]
    return [*listed, (PALETTE_TITLE, LANGUAGE_ENTRY[1], _(PALETTE_HELP))]


class AssistantCommands(Provider):
    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    async def discover(self) -> Hits:
        for title, action, help_text in entries():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=help_text)
