"""How a citation reads: the printed page and the paragraph, e.g. "p. 20 ¶45" or "p. 20 n. 27".

Paragraph ids stay as they are in the data and the JSON ("p45", "fn27"); people read "¶45" for a
body paragraph and "n. 27" for a footnote, so a reference never looks like two page numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import _
from ..knowledge.schema import Citation

REPORT_TITLE = (
    "Cedric de Coning, The United Nations and the Comprehensive Approach, DIIS Report 2008:14, "
    "Danish Institute for International Studies, Copenhagen 2008"
)


def paragraph_mark(paragraph: str) -> str:
    """'p45' -> '¶45'; 'fn27' -> 'n. 27'."""
    if paragraph.startswith("fn"):
        return f"n. {paragraph[2:]}"
    if paragraph.startswith("p"):
        return f"¶{paragraph[1:]}"
    return paragraph


def locator(c: Citation) -> str:
    """p. 20 ¶45"""
    return f"p. {c.page} {paragraph_mark(c.paragraph)}"


def distinct(citations: Iterable[Citation]) -> list[str]:
    """Each passage's locator once, in order of first appearance."""
    seen: list[str] = []
    for c in citations:
        ref = locator(c)
        if ref not in seen:
            seen.append(ref)
    return seen


def cite(citations: Iterable[Citation], see: Iterable[Citation] = ()) -> str:
    """Short references, with a leading space: " (p. 20 ¶45; p. 21 ¶47)", or " (see p. 25 ¶59)"
    for passages that only raise the problem an assistant's statement answers."""
    support, also = distinct(citations), distinct(see)
    parts = []
    if support:
        parts.append("; ".join(support))
    if also:
        parts.append(_("see {references}").format(references="; ".join(also)))
    return f" ({'; '.join(parts)})" if parts else ""
