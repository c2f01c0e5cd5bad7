"""One chat message: Markdown, with its citations as selectable references."""
from __future__ import annotations

from textual.widgets import Markdown

from ...conversation import Reply
from ..messages import CitationRequested


def sources_line(reply: Reply) -> str:
    if not reply.citations:
        return ""
    refs, seen = [], set()
    for i, c in enumerate(reply.citations):
        if c.paragraph in seen:
            continue  # another phrase of a passage already listed
        seen.add(c.paragraph)
        refs.append(f"[p. {c.page} [{c.paragraph}]](cite:{i})")
    return "\n\n" + "Sources: " + " · ".join(refs)


class ChatMessage(Markdown):
    """A message of the assistant or the user. Clicking a source shows the cited passage."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        text = reply.text + (sources_line(reply) if reply.role == "assistant" else "")
        super().__init__(text, classes=f"message -{reply.role} -{reply.kind}")

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        if event.href.startswith("cite:"):
            event.prevent_default()
            index = int(event.href[5:])
            if 0 <= index < len(self.reply.citations):
                self.post_message(CitationRequested(self.reply.citations[index]))
