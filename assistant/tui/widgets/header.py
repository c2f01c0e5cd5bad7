"""The header of every screen: Textual's, with a title that is shortened by whole words.

Textual's header cuts its line where the width ends ("…cited from de …"); this one drops whole
phrases, then words, from the end of the subtitle (then of the title) until the line fits.
"""

from __future__ import annotations

import contextlib

from textual import events
from textual.content import Content
from textual.dom import NoScreen
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from ...usertext import visible

SIDES = 8 + 10  # the icon on the left, the clock's space on the right


def by_words(text: str, width: int) -> str:
    """``text`` if it fits ``width``; else its first phrases (up to a comma) that fit; else as
    many of its first words as fit, then "…"."""
    if len(text) <= width:
        return text
    parts = text.split(", ")  # whole phrases first: "UN integration models", not "…cited from de …"
    while len(parts) > 1:
        parts.pop()
        if len(", ".join(parts)) <= width:
            return ", ".join(parts)
    words = text.split()
    while words and len(" ".join(words)) + 2 > width:
        words.pop()
    return (" ".join(words).rstrip(",;:—-") + " …") if words else ""


def fit_title(title: str, sub_title: str, width: int) -> tuple[str, str]:
    """The title and subtitle shortened by words to fit ``width`` columns together."""
    if not sub_title:
        return by_words(title, width), ""
    if len(title) + 3 + len(sub_title) <= width:
        return title, sub_title
    room = width - len(title) - 3
    short = by_words(sub_title, room) if room > 0 else ""
    if short:
        return title, short
    return by_words(title, width), ""


class WordHeader(Header):
    """A :class:`Header` whose title and subtitle are shortened by whole words to fit."""

    def format_title(self) -> Content:
        width = (self.size.width or self.app.size.width) - SIDES
        # fitted as shown: control characters in a crisis read from a file as escapes
        title, sub_title = fit_title(
            visible(self.screen_title), visible(self.screen_sub_title), max(width, 1)
        )
        return self.app.format_title(title, sub_title)

    def on_resize(self, event: events.Resize) -> None:
        with contextlib.suppress(NoScreen):
            self.query_one(HeaderTitle).update(self.format_title())
