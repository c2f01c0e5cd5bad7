"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's footer throws away its keys (a dozen widgets, each restyled twice as it mounts) and
builds them again whenever the screen's bindings may have changed: at every change of focus, and
every time a question's options appear or go. Nearly always the keys shown are the same as
before, and the rebuild was a fifth of the time it takes to open a screen.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A :class:`Footer` that skips the rebuild when the keys it would show are the ones shown."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What the footer draws: each shown key with its label, action and state, and the
        settings that change how they are drawn."""
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (
                    key,
                    binding.key_display,
                    binding.description,
                    binding.action,
                    binding.show,
                    enabled,
                    tooltip,
                )
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            ),
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            keys = self._keys()
            if self._bindings_ready and keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)
