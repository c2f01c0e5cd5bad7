"""A statement as Markdown, for the chat's messages."""

from __future__ import annotations

from collections.abc import Iterable

from ..knowledge.schema import Citation
from .basis import Role
from .blocks import md_spans, stated


def statement(
    text: str,
    basis: str | None,
    citations: Iterable[Citation] = (),
    see: Iterable[Citation] = (),
    role: Role = "claim",
) -> str:
    """A statement with the words that say whose it is, and its references:
    "*The report:* … (p. 20 ¶45)" or "*Suggested by the assistant, not the report:* … (see p. 25 ¶59)"."""
    return md_spans(stated(text, basis, citations, see, role))
