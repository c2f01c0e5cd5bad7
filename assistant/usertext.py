"""User text (crisis, officer, notes, what was typed): kept exactly in files, made whole when it
comes in, and shown escaped where a terminal would act on it.

* A lone surrogate (half of a UTF-16 pair, e.g. from a JSON ``"\\ud83d"``) is no character and
  cannot be written as UTF-8. Files holding one are refused by the reader, naming the line;
  text handed to the models in memory has no line to name, so it is made whole (U+FFFD).
* Shown, control characters (ESC, BEL, the C1 set…) and the bidirectional overrides (U+202E…)
  would move the cursor, retitle the window or reorder what is read. Wherever text read from a
  file is shown (the command line's output, the TUI and the board, the Markdown, HTML and Word
  exports) they are shown as escapes (``\\x1b``, ``\\u202e``) by :func:`visible`, where the text
  is rendered; the files themselves (sessions, transcripts, JSON exports) keep the text as is.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls but tab and newline, DEL, the C1 controls, the line and paragraph separators, and
# the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def whole(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (the replacement character)."""
    if text.isascii() or not LONE_SURROGATE.search(text):
        return text
    return LONE_SURROGATE.sub("\ufffd", text)


def _whole(value: Any) -> Any:
    return whole(value) if isinstance(value, str) else value


class _MadeWhole:
    """pydantic field metadata: the value is made whole before it is validated as a str. Written
    as a schema hook rather than ``BeforeValidator`` so this module (which the command line
    needs at start) does not import pydantic."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(_whole, handler(source))


UserText = Annotated[str, _MadeWhole()]
"""A str field holding user text: made whole on validation."""


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text to show (on a terminal, in the TUI, in a Markdown, HTML or Word export): control and
    bidirectional characters shown as escapes (``\\x1b``, ``\\u202e``); tab and newline kept. The
    escapes are plain characters, so showing text twice over changes nothing more."""
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub(_escape, whole(text))


for_terminal = visible
"""Text to print on a terminal: the same as :func:`visible`."""


def _json_escape(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def json_for_terminal(text: str) -> str:
    """JSON text to print on a terminal: the same characters as JSON escapes (\\u001b, \\u202e),
    so the JSON still means exactly the same data."""
    return _UNSAFE.sub(_json_escape, text)
