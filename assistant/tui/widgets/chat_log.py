"""The conversation so far, newest at the bottom."""
from __future__ import annotations

from dataclasses import replace

from textual.containers import VerticalScroll

from ...conversation import Reply
from .chat_message import ChatMessage
from .how_tree import HowTree


class ChatLog(VerticalScroll):
    """Scrolls to each new message as it arrives. Only the latest messages stay on screen: the
    whole record is in the summary, the session and its transcript."""

    can_focus = True
    KEEP = 60  # messages kept mounted; layout time grows with every widget in the log

    def on_mount(self) -> None:
        # Stay at the bottom while messages grow after they are mounted (Markdown blocks and the
        # how tree take their height a refresh or two later), until the user scrolls up.
        self.anchor()

    async def add_replies(self, replies: list[Reply]) -> None:
        widgets = []
        for reply in replies:
            if reply.kind == "how" and reply.reasons:
                # the tree widget shows the chain; the message keeps its first line and assumptions
                head, _, rest = reply.text.partition("\n\n")
                assumptions = rest.partition("Assumptions:")[2]
                text = head + (f"\n\nAssumptions:{assumptions}" if assumptions else "")
                widgets.append(ChatMessage(replace(reply, text=text)))
                widgets.append(HowTree("Fired rules", reply.reasons))
            else:
                widgets.append(ChatMessage(reply))
        if widgets:
            await self.mount_all(widgets)
            excess = len(self.children) - self.KEEP
            if excess > 0:
                await self.remove_children(list(self.children)[:excess])
            self.scroll_end(animate=False)

    def last_cited(self) -> ChatMessage | None:
        for message in reversed(list(self.query(ChatMessage))):
            if message.reply.citations:
                return message
        return None

    async def clear(self) -> None:
        """Remove every message from the screen (the record itself is kept elsewhere)."""
        await self.remove_children()
