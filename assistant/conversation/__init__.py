"""The conversation: typed input and choices in, chat replies out. No Textual here, so the
terminal UI, the browser-served UI and the tests all drive the same conversation."""

from .replies import Reply
from .session import Conversation

__all__ = ["Conversation", "Reply"]
