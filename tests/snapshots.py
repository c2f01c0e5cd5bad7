"""How the screenshots in tests/__snapshots__/ are compared: the whole SVG, except the number of
questions the knowledge base has.

A screenshot shows the layout: what is on the screen, where, in which style. Among it are counts
that follow the knowledge base ("Question 1 of up to 22", "Questions left: 19", « sur 22 au
plus », « Questions restantes : 19 »). Adding a question to dialogues/questions.yaml changes them
on every screen (and the side panel's "… and 16 more" questions beyond those it lists): so the
comparison reads each of those counts as a number, whatever its value, and a new question does
not ask for new screenshots of screens it does not appear on. The counts themselves are tested
against the knowledge base (tests/test_tui.py reads them from it).

Textual names the SVG's styles after a checksum of the screen's content ("terminal-2292569761"),
which changes with any count: the names are compared without it. Everything else, the numbers of
pages and paragraphs included, is compared as it is.

The comparison is pytest-textual-snapshot's extension with syrupy's public ``matches`` hook
replaced; ``--snapshot-update`` writes the screenshots as before.
"""

from __future__ import annotations

import re

import pytest_textual_snapshot

_SPACE = r"(?:&#160;|\s)"
_COUNTS = [
    re.compile(rf"(of{_SPACE}up{_SPACE}to{_SPACE})\d+"),
    re.compile(rf"(Questions{_SPACE}left:{_SPACE})\d+"),
    re.compile(rf"(\(sur{_SPACE})\d+(?={_SPACE}au{_SPACE}plus)"),
    re.compile(rf"(Questions{_SPACE}restantes{_SPACE}:{_SPACE})\d+"),
    # the questions left beyond those the side panel lists (not the flags beyond it: "(F4 …")
    re.compile(rf"(…{_SPACE}and{_SPACE})\d+(?={_SPACE}more(?!{_SPACE}\(F4))"),
    re.compile(rf"(…{_SPACE}et{_SPACE})\d+(?={_SPACE}de{_SPACE}plus(?!{_SPACE}\(F4))"),
]
_CHECKSUM = re.compile(r"terminal-\d+")
_TEXT = re.compile(r"<text\b[^>]*>[^<]*</text>")
_LENGTH = re.compile(r'\stextLength="[^"]*"')


def _text(match: re.Match[str]) -> str:
    """One run of text with its counts read as numbers (and without its drawn length, which a
    count of another width changes)."""
    element = match.group()
    counted = element
    for pattern in _COUNTS:
        counted = pattern.sub(r"\g<1>#", counted)
    return element if counted == element else _LENGTH.sub("", counted)


def normalized(svg: str) -> str:
    """The screenshot as compared: its question counts and its styles' checksum left out."""
    return _TEXT.sub(_text, _CHECKSUM.sub("terminal", svg))


def _matches(self, *, serialized_data, snapshot_data) -> bool:
    if not isinstance(serialized_data, str) or not isinstance(snapshot_data, str):
        return bool(serialized_data == snapshot_data)
    return normalized(serialized_data) == normalized(snapshot_data)


def install() -> None:
    """Compare screenshots as :func:`normalized` says, and write them as .svg files.

    pytest-textual-snapshot 1.0 names its extension in ``_file_extension``, which syrupy 7 no
    longer reads (it reads ``file_extension``), so the screenshots would be written as ``.raw``
    files."""
    extension = pytest_textual_snapshot.SVGImageExtension
    if getattr(extension, "file_extension", "svg") != "svg":
        extension.file_extension = "svg"
    extension.matches = _matches
