"""What each knowledge file parses to, kept so the next launch need not parse its YAML again.

Parsing the YAML takes most of the time to load the knowledge; reading the same data back as
JSON takes a fraction of it. An entry is the file's parsed data as JSON, named by the sha256 of
the file's text: a file that changed has another name, so a stale entry is never read for it.
What is read back is validated as the parsed file would be, and an entry that fails validation
is set aside for the file itself (the loader parses it then).

Nothing in the cache is ever executed: it holds JSON only, never pickle or code. It is used only
in a folder that belongs to the user and that nobody else may write to, so no other user can
put data there for this one to load; an entry that is not whole JSON of the expected shape, or
was written for another text, is ignored and written afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from ..home import APP_NAME, CACHE_ENV
from .bounds import MAX_BYTES

FORMAT = "integration-assistant/parsed-yaml"
FORMAT_VERSION = 1
MAX_ENTRIES = 256  # beyond this, the oldest entries go (each edit of a file adds one)


def default_cache() -> ParsedCache:
    """The cache in $INTEGRATION_ASSISTANT_CACHE, else in the user's cache folder."""
    if os.environ.get(CACHE_ENV):
        return ParsedCache(Path(os.environ[CACHE_ENV]).expanduser())
    from platformdirs import user_cache_dir

    return ParsedCache(Path(user_cache_dir(APP_NAME, appauthor=False)) / "parsed")


def text_key(text: str) -> str:
    """An entry's name: the sha256 of the file's text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _own_and_private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true where there are no owners)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class ParsedCache:
    """Parsed files by the sha256 of their text, as JSON in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _usable_folder(self) -> bool:
        try:
            info = os.stat(self.folder)
        except OSError:
            return False
        return stat.S_ISDIR(info.st_mode) and _own_and_private(info)

    def get(self, text: str) -> Any | None:
        """What ``text`` parsed to when it was last put here, or None (no entry, or one that
        cannot be trusted to be it)."""
        key = text_key(text)
        if not self._usable_folder():
            return None
        try:
            flags = (
                os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            )  # no link, no pipe
            fd = os.open(self.folder / f"{key}.json", flags)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or not _own_and_private(info) or info.st_size > MAX_BYTES:
                return None
            with os.fdopen(os.dup(fd), "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        try:
            entry = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON (ValueError covers bad UTF-8 too)
            return None
        if (
            not isinstance(entry, dict)
            or entry.get("format") != FORMAT
            or entry.get("format_version") != FORMAT_VERSION
            or entry.get("sha256") != key
            or "data" not in entry
        ):
            return None
        return entry["data"]

    def put(self, text: str, data: Any) -> None:
        """Keep what ``text`` parsed to, if JSON gives it back exactly (plain mappings with text
        keys, lists, strings, numbers, booleans, nulls); any failure to write leaves no entry."""
        key = text_key(text)
        entry = {"format": FORMAT, "format_version": FORMAT_VERSION, "sha256": key, "data": data}
        try:
            encoded = json.dumps(entry, allow_nan=False)  # ASCII: any string comes back as it was
            if json.loads(encoded)["data"] != data:
                return  # e.g. a number used as a key, which JSON would turn into text
        except (TypeError, ValueError, RecursionError):  # a date, a set: not JSON
            return
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._usable_folder():
                return
            self._write(self.folder / f"{key}.json", encoded.encode("ascii"))
            self._prune()
        except OSError:
            return

    def _write(self, path: Path, data: bytes) -> None:
        """Whole or not at all: a temporary file (private, 0600) renamed over the entry."""
        fd, tmp = tempfile.mkstemp(prefix=".parsed-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _prune(self) -> None:
        entries = [p for p in self.folder.glob("*.json") if len(p.stem) == 64]
        if len(entries) <= MAX_ENTRIES:
            return
        by_age = sorted(entries, key=lambda p: p.stat().st_mtime)
        for path in by_age[: len(entries) - MAX_ENTRIES]:
            path.unlink(missing_ok=True)
