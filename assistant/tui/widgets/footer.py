"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's footer throws away its keys (a dozen widgets, each restyled twice as it mounts) and
builds them again whenever the screen's bindings may have changed: at every change of focus, and
every time a question's options appear or go. Nearly always the keys shown are the same as
before, and the rebuild was a fifth of the time it takes to open a screen.

On a narrow terminal a screen may leave some keys out of the footer (:meth:`KeyFooter.leave_out`)
so that the ones that must show (Help, Quit) fit; the keys left out still work, and the help
and the command palette list them.

The keys' labels are written in English where they are bound (marked ``N_``) and shown in the
language in force: a change of language rebuilds the footer. Labels longer in another language
may not fit where the English ones do: a screen names keys to spare, left out one by one (in
its order) while the keys shown are wider than the footer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ...i18n import _, language


class KeyFooter(Footer):
    """A :class:`Footer` that skips the rebuild when the keys it would show are the ones shown."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None
        self._left_out: frozenset[str] = frozenset()
        self._spare: tuple[str, ...] = ()  # left out in this order while the keys do not fit
        self._spared: frozenset[str] = frozenset()  # those left out so far

    def leave_out(self, keys: Iterable[str], spare: Iterable[str] = ()) -> None:
        """Show every key but these (by key, as "f7" or "ctrl+t"); they keep working. ``spare``:
        more keys to leave out, one by one in this order, while the keys shown do not fit."""
        left_out, spared = frozenset(keys), tuple(spare)
        if left_out != self._left_out or spared != self._spare:
            self._left_out, self._spare, self._spared = left_out, spared, frozenset()
            self._show_keys()
        if self._spare:
            self.call_after_refresh(self._fit_width)

    def _show_keys(self) -> None:
        hidden = self._left_out | self._spared
        for key in self.query(FooterKey):
            key.display = key.key not in hidden

    def _needed(self) -> int | None:
        """The columns the keys shown take, each as wide as its label (None while the keys are
        not drawn as the footer is: compact or not)."""
        shown = [key for key in self.query(FooterKey) if key.display]
        if any(key.compact != self.compact for key in shown if not key.has_class("-command-palette")):
            return None
        zero = Size(0, 0)
        return sum(
            key.get_content_width(zero, zero) + key.styles.gutter.width + key.styles.margin.width
            for key in shown
        )

    def _fit_width(self, tries: int = 5) -> None:
        """Leave out the next key to spare while the keys shown are wider than the footer; then
        look again."""
        if not self._spare or not self.is_attached or not self.size.width:
            return
        needed = self._needed()
        if needed is None:  # the keys are not drawn as the footer is yet: look again after a refresh
            if tries:
                self.call_after_refresh(self._fit_width, tries - 1)
            return
        if needed <= self.size.width:
            return
        following = next((key for key in self._spare if key not in self._spared), None)
        if following is None:
            return
        self._spared |= {following}
        self._show_keys()
        self.call_after_refresh(self._fit_width)

    def compose(self) -> ComposeResult:
        self._spared = frozenset()  # the labels may have changed (another language): fitted afresh
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if not widget.has_class("-command-palette"):  # that one stays as Textual draws it
                    # Textual makes a key compact, then gives it the footer's setting once it is
                    # mounted: styled twice, a quarter of the CPU a screen takes to open. Given
                    # the setting now (the class that goes with it too), it is styled once.
                    widget.set_reactive(FooterKey.compact, self.compact)
                    widget.set_class(self.compact, "-compact")
                widget.description = _(widget.description) if widget.description else ""
                if widget.key in self._left_out:
                    widget.display = False
            yield widget
        if self._spare:
            self.call_after_refresh(self._fit_width)

    def _keys(self) -> tuple[object, ...]:
        """What the footer draws: each shown key with its label, action and state, and the
        settings that change how they are drawn."""
        return (
            language(),
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
