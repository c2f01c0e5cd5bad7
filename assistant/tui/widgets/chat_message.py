"""One chat message: Markdown, with its citations as selectable references.

A message is one widget (a Static holding Rich's Markdown and a line of sources), not a tree of
widgets per paragraph: a long session keeps hundreds of messages, and every widget in the log
costs time at each layout.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from ...conversation import Reply
from ...i18n import _
from ...render.citations import locator
from ...usertext import visible
from ..messages import CitationRequested


def source_refs(reply: Reply) -> list[tuple[str, int]]:
    """The sources a message lists: label and index into its citations, each passage once."""
    refs, seen = [], set()
    for i, c in enumerate(reply.citations):
        if c.paragraph in seen:
            continue  # another phrase of a passage already listed
        seen.add(c.paragraph)
        refs.append((locator(c), i))
    return refs


def sources_text(reply: Reply) -> Text:
    """'Sources: p. 20 ¶45 · …', each reference clickable."""
    text = Text(_("Sources: "), style="dim")
    for n, (label, index) in enumerate(source_refs(reply)):
        if n:
            text.append(" · ", style="dim")
        text.append(label, style=Style(underline=True) + Style.from_meta({"@click": f"cite({index})"}))
    return text


class ChatMessage(Static):
    """A message of the assistant or the user. Clicking a source shows the cited passage."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.source = reply.text  # the Markdown as written
        # the crisis, notes and words echoed from a session file: control characters as escapes
        parts: list[RenderableType] = [Markdown(visible(reply.text))]
        if reply.role == "assistant" and reply.citations:
            parts += [Text(""), sources_text(reply)]
        super().__init__(Group(*parts), classes=f"message -{reply.role} -{reply.kind}")

    def action_cite(self, index: int) -> None:
        if 0 <= index < len(self.reply.citations):
            self.post_message(CitationRequested(self.reply.citations[index]))
