"""The report's numbered text as the quote check reads it: paragraphs by id, normalized for
comparison, and their printed pages. Apart from the check itself, so the checker can hold one
without importing the check that reads it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..report_text import ReportText
from ..yamlfile import InputError, load_json, read_text

_MD_PAGE = re.compile(r"^\[((?:p|fn)\d+)\] \{p\. ([\d–-]+)\}", re.MULTILINE)
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def norm(text: str) -> str:
    """Text as quotes are compared (the same as ../shared/tools/verify)."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = re.sub(r"[*_¹²³⁴⁵⁶⁷⁸⁹⁰]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class NumberedText:
    """The report's numbered paragraphs and their printed pages, as read from ``path``."""

    path: Path
    paragraphs: dict[str, str]  # id -> text, normalized for comparison
    pages: dict[str, str]  # id -> printed page(s), "20" or "19-20"
    quotes: int = field(default=0)  # counted while checking
    citations: int = field(default=0)

    @classmethod
    def from_file(cls, path: Path) -> NumberedText:
        report = ReportText.from_file(path)  # the same door as the passage viewer: InputError if not the text
        text = read_text(path)
        if text.lstrip().startswith("{"):
            items = load_json(text)["items"]
            found = {
                str(i["id"]): str(i.get("page") or "") for i in items if isinstance(i, dict) and i.get("id")
            }
        else:
            found = {m.group(1): m.group(2) for m in _MD_PAGE.finditer(text)}
        return cls(
            path=path,
            paragraphs={pid: norm(t) for pid, t in report.paragraphs.items()},
            pages={pid: found.get(pid, "").replace("–", "-") for pid in report.paragraphs},
        )


def load_report(path: Path) -> NumberedText:
    """The numbered text at ``path``, or an InputError naming it."""
    try:
        return NumberedText.from_file(path)
    except InputError as exc:
        raise InputError(f"report text {exc}") from None
