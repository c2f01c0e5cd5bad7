"""The conversation so far, newest at the bottom."""
from __future__ import annotations

from textual.containers import VerticalScroll

from ...conversation import Reply
from .chat_message import ChatMessage
from .how_tree import HowTree


class ChatLog(VerticalScroll):
    """Scrolls to each new message as it arrives."""

    can_focus = True

    async def add_replies(self, replies: list[Reply]) -> None:
        widgets = []
        for reply in replies:
            widgets.append(ChatMessage(reply))
            if reply.kind == "how" and reply.reasons:
                widgets.append(HowTree("Fired rules", reply.reasons))
        if widgets:
            await self.mount_all(widgets)
            self.scroll_end(animate=False)

    def last_cited(self) -> ChatMessage | None:
        for message in reversed(list(self.query(ChatMessage))):
            if message.reply.citations:
                return message
        return None

    async def clear(self) -> None:
        await self.remove_children()
