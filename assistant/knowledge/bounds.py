"""What any file the program reads may hold: the bounds every file meets at the door.

A file must be a regular file (links followed: no device, named pipe or socket) of bounded size,
read without waiting; its data may nest at most 64 levels, hold no lone surrogate (half of a
UTF-16 pair, no character) and no value inside itself, and, for YAML, expand to at most 5 MB
once its aliases are followed. :mod:`~assistant.knowledge.yamlfile` applies these to every file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..usertext import LONE_SURROGATE
from .lines import line_of

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64  # a transcript, the deepest document written, nests 13 levels
MAX_EXPANDED = MAX_BYTES  # YAML: characters of text plus one per value, once aliases are expanded
MAX_DIGITS = 4300  # Python's own limit for turning digits into a number


class DataProblem(ValueError):
    """Parsed data that is refused (too deep, too large, a repeated key…): a message without the
    file's name, and the line when it is known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class TooLarge(DataProblem):
    """A file, or the data it expands to, past its size bound."""


_KIND = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file (links followed); OSError or DataProblem otherwise.

    The file is opened without waiting (a named pipe with no writer must not hang the program)
    and checked once open, so what is read is what was checked.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataProblem("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise DataProblem(
                f"not a regular file ({_KIND.get(stat.S_IFMT(info.st_mode), 'a special file')})"
            )
        if info.st_size > limit:
            raise TooLarge(f"too large ({info.st_size} bytes; at most {limit})")
        chunks, size = [], 0
        while size <= limit:  # the file may grow while it is read
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise TooLarge(f"too large (more than {limit} bytes)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_data(data: Any, text: str = "", limit: int | None = None) -> None:
    """Refuse data nested more than MAX_DEPTH levels, holding a lone surrogate, referring to
    itself, or (given ``limit``) larger than ``limit`` once YAML aliases are expanded: a value
    counts one, a text one per character, and an aliased value every time it is used.

    Each distinct value is visited once, without recursion, so a document of aliases that
    would expand to gigabytes is measured in a moment. DataProblem says what and, given the
    text, on which line.
    """
    if not isinstance(data, (dict, list)):
        _scalar_size(data, text, ())
        return
    sizes: dict[int, tuple[int, int]] = {}  # id of a list or mapping -> (expanded size, height)
    open_: set[int] = set()  # entered, not yet measured: the current path from the top
    stack: list[tuple[Any, tuple[Any, ...], bool]] = [(data, (), False)]
    while stack:
        node, path, measured = stack.pop()
        if not measured:
            if id(node) in sizes:
                continue  # an alias of a value already measured
            open_.add(id(node))
            stack.append((node, path, True))
            for key, child in _items(node):
                if isinstance(child, (dict, list)):
                    if id(child) in open_:
                        raise DataProblem(
                            "a value that contains itself (a YAML alias inside its own anchor)",
                            _line(text, path),
                        )
                    if len(path) < MAX_DEPTH + 1:
                        stack.append((child, (*path, key), False))
                else:
                    _scalar_size(child, text, (*path, key))
                if isinstance(node, dict):
                    _scalar_size(key, text, path)
            continue
        size, height = 1, 0
        for key, child in _items(node):
            if isinstance(node, dict):
                size += _scalar_size(key)
            if isinstance(child, (dict, list)):
                if id(child) not in sizes:  # beyond MAX_DEPTH: left unvisited, and too deep anyway
                    raise DataProblem(
                        f"nested more than {MAX_DEPTH} levels deep", _line(text, path) or deep_line(text)
                    )
                child_size, child_height = sizes[id(child)]
                size += child_size
                height = max(height, child_height + 1)
            else:
                size += _scalar_size(child)
        open_.discard(id(node))
        sizes[id(node)] = (size, height)
        if limit is not None and size > limit:
            raise TooLarge(
                f"more than {limit} characters once its YAML aliases (*name) are expanded: too large"
            )
        if height + len(path) >= MAX_DEPTH:
            deepest = path
            while isinstance(node, (dict, list)) and len(deepest) < MAX_DEPTH:
                key, node = max(_items(node), key=lambda kv: sizes.get(id(kv[1]), (0, -1))[1])
                deepest = (*deepest, key)
            raise DataProblem(
                f"nested more than {MAX_DEPTH} levels deep", _line(text, deepest) or deep_line(text)
            )


def _items(node: dict[Any, Any] | list[Any]) -> Iterable[tuple[Any, Any]]:
    return node.items() if isinstance(node, dict) else enumerate(node)


def _scalar_size(value: Any, text: str = "", path: tuple[Any, ...] | None = None) -> int:
    """A scalar's expanded size; with ``path``, also refuse a lone surrogate in it."""
    if not isinstance(value, str):
        return 1
    if path is not None and not value.isascii() and (m := LONE_SURROGATE.search(value)):
        raise DataProblem(
            f"text holding a lone surrogate ({m.group().encode('unicode_escape').decode()}), "
            "half of a character pair and no character",
            _line(text, path),
        )
    return 1 + len(value)


def _line(text: str, path: tuple[Any, ...]) -> int | None:
    if not text:
        return None
    try:
        return line_of(text, path)
    except RecursionError:
        return None


def deep_line(text: str) -> int:
    """The line where brackets first nest deeper than MAX_DEPTH (strings skipped)."""
    depth = 0
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]', text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, m.start()) + 1
        elif token in "]}":
            depth -= 1
    return 1


def long_number_line(text: str) -> int | None:
    """The line of the first number longer than MAX_DIGITS digits, or None when there is none."""
    m = re.search(rf"\d{{{MAX_DIGITS + 1},}}", text)
    return text.count("\n", 0, m.start()) + 1 if m else None
