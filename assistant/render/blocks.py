"""A document as plain blocks, written once and rendered by each output (chat Markdown, the
Markdown, HTML and Word transcripts).

A block is a heading, a paragraph, a list item, a table, or a page break; its text is a list of
spans, each saying what it is, so each renderer can mark it up in its own way and escape what
needs escaping:

- ``("text", str)``: text of the rule base or the program;
- ``("strong", str)`` and ``("em", str)``: the same, emphasized;
- ``("user", str)``: text a user typed (crisis, officer, notes, the words typed for an answer):
  always escaped, kept as typed;
- ``("code", str)``: an identifier (a question id);
- ``("cite", [Citation])``: the passages that state a claim, as " (p. 20 ¶45)";
- ``("see", [Citation])``: passages an assistant's statement points to, as " (see p. 25 ¶59)";
- ``("basis", (basis, role))``: the words that say whose the statement that follows is;
- ``("severity", "high" | "medium" | "low")``: a flag's severity.

Every renderer shows control and bidirectional characters, in any span, as escapes
(:func:`~assistant.usertext.visible`): a transcript is a file, and any of its text may carry them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..consultation.understand import Said, said_words
from ..i18n import pgettext
from ..knowledge.schema import Citation
from ..usertext import visible
from .basis import Role, lead_colon
from .citations import cite

Span = tuple[str, Any]
Kind = Literal["heading", "para", "item", "table", "pagebreak"]


class _SeverityMarks(Mapping[str, str]):
    """A severity as a reader sees it, its sign and its word in the language in force: "▲ High",
    « ▲ Élevée »."""

    _SIGNS = {"high": "▲", "medium": "■", "low": "▽"}

    def __getitem__(self, severity: str) -> str:
        words = {
            "high": pgettext("severity mark", "High"),
            "medium": pgettext("severity mark", "Medium"),
            "low": pgettext("severity mark", "Low"),
        }
        return f"{self._SIGNS[severity]} {words[severity]}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._SIGNS)

    def __len__(self) -> int:
        return len(self._SIGNS)


SEVERITY_MARK: Mapping[str, str] = _SeverityMarks()


@dataclass
class Block:
    kind: Kind
    spans: list[Span] = field(default_factory=list)
    level: int = 0  # heading level (1-3), or list depth (0 = top)
    marker: Literal["bullet", "check", "number"] = "bullet"
    rows: list[list[list[Span]]] = field(default_factory=list)  # tables: the first row is the header
    anchor: str | None = None  # an id to link to (e.g. a paragraph of the report in the sources)


def heading(text: str, level: int = 2) -> Block:
    return Block("heading", [("text", text)], level=level)


def para(*spans: Span) -> Block:
    return Block("para", list(spans))


def item(*spans: Span, depth: int = 0, marker: Literal["bullet", "check", "number"] = "bullet") -> Block:
    return Block("item", list(spans), level=depth, marker=marker)


def stated(
    text: str,
    basis: str | None,
    citations: Iterable[Citation] = (),
    see: Iterable[Citation] = (),
    role: Role = "claim",
) -> list[Span]:
    """A statement with whose it is and its passages."""
    spans: list[Span] = [("basis", (basis, role)), ("text", text)]
    citations, see = list(citations), list(see)
    if citations:
        spans.append(("cite", citations))
    if see:
        spans.append(("see", see))
    return spans


def said_spans(said: Said | None) -> list[Span]:
    """The words typed for an answer, to follow it: " (you typed: “…”; confirmed)", or
    " (picked from the list)"; none when not known. Worded by
    :func:`~assistant.consultation.understand.said_words`; the words themselves are user text."""
    words = said_words(said)
    if not words or said is None:
        return []
    head, found, tail = words.partition(f"“{said.text}”")
    if said.text and found:
        return [("text", f" ({head}“"), ("user", said.text), ("text", f"”{tail})")]
    if said.text and said.text in words:  # worded otherwise: all of it is escaped as user text
        return [("text", " ("), ("user", words), ("text", ")")]
    return [("text", f" ({words})")]  # no typed words in them: the wording is the program's own


def plain(spans: Iterable[Span]) -> str:
    """Spans as plain text (for the terminal and for tests)."""
    return "".join(_plain(k, v) for k, v in spans)


def _plain(kind: str, value: Any) -> str:
    if kind == "cite":
        return cite(value)
    if kind == "see":
        return cite((), value)
    if kind == "basis":
        return f"{lead_colon(*value)} "
    if kind == "severity":
        return SEVERITY_MARK[value]
    return str(value)


# --- Markdown ------------------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#])")
_BLOCK_START = "+-=>:"
_ORDERED = re.compile(r"\d+(?=[.)])")


def escape_md(text: str) -> str:
    """One line of user text, safe anywhere in a Markdown line (line breaks become spaces;
    control and bidirectional characters are shown as escapes)."""
    return _escape_line(" ".join(visible(text).splitlines()) if text else "")


def escape_md_block(text: str, indent: str) -> str:
    """Multi-line user text inside a list item: each line escaped, hard breaks between them."""
    lines = [_escape_line(line) for line in visible(text).splitlines()] or [""]
    return ("\\\n" + indent).join(line if line.strip() else "\u00a0" for line in lines)


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    body = line.lstrip(" \t")
    lead_blanks = len(line) - len(body)
    if body[:1] and body[0] in _BLOCK_START:
        body = "\\" + body
    elif m := _ORDERED.match(body):
        body = body[: m.end()] + "\\" + body[m.end() :]
    # Leading blanks would make an indented code block or be dropped: keep them, unbreakable.
    return "\u00a0" * lead_blanks + body


def md_spans(spans: Iterable[Span], indent: str = "") -> str:
    """Spans as Markdown; control characters in any of them shown as escapes."""
    out = []
    for kind, value in spans:
        if kind in ("strong", "em"):
            # Emphasis may not end in a space; the space goes after the closing marks.
            mark = "**" if kind == "strong" else "*"
            body = value.rstrip()
            out.append(f"{mark}{body}{mark}{value[len(body) :]}" if body else value)
        elif kind == "user":
            out.append(escape_md_block(value, indent) if "\n" in value else escape_md(value))
        elif kind == "code":
            out.append(f"`{value}`")
        elif kind == "basis":
            out.append(f"*{lead_colon(*value)}* ")
        elif kind == "severity":
            out.append(f"**{SEVERITY_MARK[value]}**")
        else:
            out.append(_plain(kind, value))
    return visible("".join(out))


def to_markdown(blocks: Iterable[Block], page_break: str = "\n---\n") -> str:
    lines: list[str] = []
    prev: Block | None = None
    number = 0
    for b in blocks:
        if b.kind != "item" and prev is not None and prev.kind == "item":
            lines.append("")
        if b.kind == "heading":
            lines += [f"{'#' * max(1, min(b.level, 6))} {md_spans(b.spans)}", ""]
        elif b.kind == "para":
            lines += [md_spans(b.spans), ""]
        elif b.kind == "item":
            number = (
                number + 1 if (prev is not None and prev.kind == "item" and prev.marker == "number") else 1
            )
            pad = "  " * b.level
            mark = {"bullet": "- ", "check": "- [ ] ", "number": f"{number}. "}[b.marker]
            lines.append(f"{pad}{mark}{md_spans(b.spans, pad + ' ' * len(mark))}")
        elif b.kind == "table":
            lines += _md_table(b)
        elif b.kind == "pagebreak":
            lines += [page_break, ""]
        prev = b
    return "\n".join(lines).rstrip() + "\n"


def _md_table(b: Block) -> list[str]:
    def cell(spans: list[Span]) -> str:
        return md_spans(spans).replace("\n", " ")

    if not b.rows:
        return []
    head, *rows = b.rows
    out = ["| " + " | ".join(cell(c) for c in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]
