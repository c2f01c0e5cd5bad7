"""What the exporters share: wording, and the page-and-number form of citations."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..knowledge.schema import Citation
from ..render.markdown import CONFIDENCE_WORDS
from .model import Transcript

__all__ = ["CONFIDENCE_WORDS", "SEVERITY_WORDS", "Ref", "refs", "when", "title_of"]

SEVERITY_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}


@dataclass(frozen=True)
class Ref:
    page: str
    number: int

    def text(self) -> str:
        return f"p. {self.page} [{self.number}]"


def refs(t: Transcript, citations: list[Citation]) -> list[Ref]:
    """A claim's citations as page and source number, each passage once."""
    return [Ref(c.page, n) for c, n in t.refs(citations)]


def when(value: dt.datetime | None) -> str:
    """A time as a reader wants it: 2025-03-01 14:23 UTC."""
    if value is None:
        return ""
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def title_of(t: Transcript) -> str:
    """The document title (unescaped user text)."""
    return f"Integration assessment: {t.details.crisis}" if t.details.crisis else "Integration assessment"
