"""The conversation so far, newest at the bottom."""

from __future__ import annotations

from dataclasses import replace

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Collapsible

from ...conversation import Reply
from ...i18n import N_, _, typography
from .chat_message import ChatMessage
from .how_tree import HowTree

ANNEX_TITLE = N_("Annex: reasoning, alternatives, all flags, checklists (Enter opens)")
ANNEX_OPEN_TITLE = N_("Annex: reasoning, alternatives, all flags, checklists (Enter on an empty line closes)")


class Annex(Collapsible):
    """The brief's annex, folded; its title says what Enter does now: open it, or close it."""

    def _watch_collapsed(self, collapsed: bool) -> None:
        super()._watch_collapsed(collapsed)
        self.title = _(ANNEX_TITLE) if collapsed else _(ANNEX_OPEN_TITLE)


def _assumptions() -> tuple[str, ...]:
    """How the `how` reply heads its assumptions: in English, and in the language in force."""
    word = _("Assumptions:")
    return ("Assumptions:", word, typography(word))


def _messages(widget: Widget) -> list[ChatMessage]:
    if isinstance(widget, ChatMessage):
        return [widget]
    return list(widget.query(ChatMessage)) if isinstance(widget, Collapsible) else []


class ChatLog(VerticalScroll):
    """Scrolls to each new message as it arrives. Only the latest messages stay on screen: the
    whole record is in the summary, the session and its transcript."""

    can_focus = True
    KEEP = 60  # messages kept mounted; layout time grows with every widget in the log

    def on_mount(self) -> None:
        # Stay at the bottom while messages grow after they are mounted (Markdown blocks and the
        # how tree take their height a refresh or two later), until the user scrolls up.
        self.anchor()

    async def add_replies(self, replies: list[Reply]) -> list[ChatMessage]:
        """Show replies at the bottom; returns their messages."""
        widgets: list[Widget] = []
        for reply in replies:
            if reply.kind == "how" and reply.reasons:
                # the tree widget shows the chain; the message keeps its first line and assumptions
                head, _sep, rest = reply.text.partition("\n\n")
                marker = next((m for m in _assumptions() if m in rest), "Assumptions:")
                assumptions = rest.partition(marker)[2]
                text = head + (f"\n\n{marker}{assumptions}" if assumptions else "")
                widgets.append(ChatMessage(replace(reply, text=text)))
                widgets.append(HowTree(_("Fired rules"), reply.reasons))
            elif reply.kind == "annex":
                # The brief leads; its annex stays folded until the reader opens it.
                widgets.append(
                    Annex(ChatMessage(reply), title=_(ANNEX_TITLE), collapsed=True, classes="annex")
                )
            else:
                widgets.append(ChatMessage(reply))
        if widgets:
            await self.mount_all(widgets)
            excess = len(self.children) - self.KEEP
            if excess > 0:
                await self.remove_children(list(self.children)[:excess])
            self.scroll_end(animate=False)
            # A question, or the brief that ends the interview, is read from its first line: show
            # its start when it is taller than the room left.
            leading = [
                w for w in widgets if isinstance(w, ChatMessage) and w.reply.kind in ("question", "final")
            ]
            if leading:
                self.call_after_refresh(self._show_start_of, leading[-1])
        return [m for w in widgets for m in _messages(w)]

    async def add_after(self, message: ChatMessage, reply: Reply) -> ChatMessage:
        """A late reply to ``message`` (worked out in the background), placed right after it so the
        conversation keeps its order."""
        widget = ChatMessage(reply)
        anchor = self._child_holding(message)
        if anchor is not None:
            await self.mount(widget, after=anchor)
        else:
            await self.mount(widget)
        return widget

    def _child_holding(self, widget: Widget) -> Widget | None:
        """The log's own child that holds ``widget`` (itself, or the folded annex around it)."""
        node: Widget | None = widget
        while node is not None and node.parent is not self:
            node = node.parent if isinstance(node.parent, Widget) else None
        return node

    def _show_start_of(self, message: ChatMessage) -> None:
        """A question or a brief taller than the room left keeps its first lines on screen (its
        title and what it asks, or the recommendation), rather than its last."""
        if message.parent is self and message.region.y < self.region.y:
            self.scroll_to_widget(message, animate=False, top=True)

    def toggle_annex(self) -> bool:
        """Open the latest annex (its title at the top), or close it if open; False when there is none."""
        annexes = list(self.query(Annex))
        if not annexes:
            return False
        annex = annexes[-1]
        annex.collapsed = not annex.collapsed
        if not annex.collapsed:
            self.call_after_refresh(lambda: self.scroll_to_widget(annex, animate=False, top=True))
        return True

    def last_cited(self) -> ChatMessage | None:
        for message in reversed(list(self.query(ChatMessage))):
            if message.reply.citations:
                return message
        return None

    async def clear(self) -> None:
        """Remove every message from the screen (the record itself is kept elsewhere)."""
        await self.remove_children()
