"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's footer throws away its keys (a dozen widgets, each restyled twice as it mounts) and
builds them again whenever the screen's bindings may have changed: at every change of focus, and
every time a question's options appear or go. Nearly always the keys shown are the same as
before, and the rebuild was a fifth of the time it takes to open a screen.

On a narrow terminal a screen may leave some keys out of the footer (:meth:`KeyFooter.leave_out`)
so that the ones that must show (Help, Quit) fit; the keys left out still work, and the help
and the command palette list them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """A :class:`Footer` that skips the rebuild when the keys it would show are the ones shown."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None
        self._left_out: frozenset[str] = frozenset()

    def leave_out(self, keys: Iterable[str]) -> None:
        """Show every key but these (by key, as "f7" or "ctrl+t"); they keep working."""
        left_out = frozenset(keys)
        if left_out != self._left_out:
            self._left_out = left_out
            for key in self.query(FooterKey):
                key.display = key.key not in left_out

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key in self._left_out:
                widget.display = False
            yield widget

    def _keys(self) -> tuple[object, ...]:
        """What the footer draws: each shown key with its label, action and state, and the
        settings that change how they are drawn."""
        return (
            self.compact,
            self.show_command_palette,
            self._left_out,
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
