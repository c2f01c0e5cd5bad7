"""A transcript as Markdown: the brief, then after a rule the annex; every claim with its page
and paragraph, e.g. (p. 20 ¶45), and whose it is.

User text (crisis, officer, notes) is escaped so that it stays text: Markdown and HTML characters
are backslash-escaped, and a note's line breaks become hard line breaks, so no note can open a
heading, a list, a table or a code block. Control and bidirectional characters, in any text, are
shown as escapes (``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

from ..i18n import using
from ..render.blocks import to_markdown
from .document import document
from .model import Transcript


def render(t: Transcript) -> str:
    with using(t.language):  # the spans' own wording (citations, whose statement) too
        return to_markdown(document(t))


def export(transcript: Transcript) -> bytes:
    return render(transcript).encode("utf-8")
