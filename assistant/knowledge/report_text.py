"""The report's own text, when the user has a copy: to show a quote in its sentence and paragraph.

The assistant ships only short quotations, never the report. A reader who has the numbered text
of the report (as JSON, ``{"items": [{"id": "p44", "page": "20", "text": …}]}``, or as Markdown
with ``[p44] {p. 20} …`` paragraphs) can point the assistant at it with ``--report FILE`` or
``INTEGRATION_ASSISTANT_REPORT``, or put it in the home folder as ``report.json`` or ``report.md``;
the passage viewer then shows each quote highlighted in its sentence, within its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..home import find_report as find_report  # which copy to use: decided where the home is
from .schema import Citation
from .yamlfile import InputError, load_json, read_text

_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_BOUNDARY = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[A-Z“\"(‘])|\n+")
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_MD_PARAGRAPH = re.compile(r"^\[((?:p|fn)\d+)\] \{p\. [\d–-]+\} ?(.*)$")


def clean(text: str) -> str:
    """Report text as shown: no emphasis marks or footnote numbers, single spaces."""
    text = re.sub(rf"[*{_SUPERSCRIPTS}]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def fold(text: str) -> str:
    """For matching only, the same length as ``text``: plain quotes and dashes, lower case."""
    folded = text.translate(_FOLD).lower()
    return folded if len(folded) == len(text) else text.lower()


@dataclass(frozen=True)
class Passage:
    """A paragraph, and where the cited sentence and the quote stand in it (start, end)."""

    text: str
    sentence: tuple[int, int] | None
    quote: tuple[int, int] | None


class ReportText:
    def __init__(self, paragraphs: dict[str, str], path: Path):
        self.paragraphs = {pid: clean(text) for pid, text in paragraphs.items()}
        self.path = path

    @classmethod
    def from_file(cls, path: Path) -> ReportText:
        text = read_text(path)
        name = str(path)
        if text.lstrip().startswith("{"):
            try:
                items = load_json(text)["items"]  # the door every JSON file passes: depth, size, repeats
                paragraphs = {
                    str(i["id"]): str(i["text"]) for i in items if isinstance(i, dict) and i.get("id")
                }
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(
                    f"{name}: not the report's text (expected JSON with numbered 'items'): {exc}"
                ) from None
        else:
            paragraphs = _markdown_paragraphs(text)
        if not paragraphs:
            raise InputError(f"{name}: no numbered paragraphs ([p1] …) found: not the report's text")
        return cls(paragraphs, path)

    def passage(self, citation: Citation) -> Passage | None:
        text = self.paragraphs.get(citation.paragraph)
        if text is None:
            return None
        if not citation.quote:
            return Passage(text, None, None)
        q = fold(clean(citation.quote).strip(' "“”.…'))
        at = fold(text).find(q) if q else -1
        if at < 0:
            return Passage(text, None, None)
        quote = (at, at + len(q))
        starts = [0] + [m.end() for m in _BOUNDARY.finditer(text)]
        ends = [m.start() for m in _BOUNDARY.finditer(text)] + [len(text)]
        sentence = next(((s, e) for s, e in zip(starts, ends, strict=False) if s <= at < e), None)
        if sentence is not None and quote[1] > sentence[1]:
            sentence = (sentence[0], quote[1])  # a quote running over a boundary keeps its whole span
        return Passage(text, sentence, quote)


def _markdown_paragraphs(text: str) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        m = _MD_PARAGRAPH.match(line)
        if m:
            current = m.group(1)
            out[current] = [m.group(2)]
        elif current and line.strip() and not line.startswith("#"):
            out[current].append(line.strip())
        elif not line.strip():
            current = None
    return {pid: "\n".join(lines) for pid, lines in out.items()}
