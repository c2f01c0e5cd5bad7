"""What the assistant remembers for its user between runs (the last export folder), in
``settings.json`` in the assistant's home: the folder that holds ``sessions/``.

A settings file that cannot be read is ignored (the defaults apply) and replaced at the next
change; settings are conveniences, never worth stopping the user for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InputError

FILE_NAME = "settings.json"
LIGHT_LIMIT = 1 << 20  # bytes: a settings file is a few lines; a larger one is not read at start-up


class Settings:
    """A small JSON mapping of names to plain values, written atomically on every change."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _read(self) -> dict[str, Any]:
        from .knowledge.yamlfile import read_json

        try:
            data = read_json(self.path)
        except InputError:
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, name: str, default: Any = None) -> Any:
        return self._read().get(name, default)

    def set(self, name: str, value: Any) -> bool:
        """Remember a value; False (and nothing raised) when it cannot be written."""
        from .sessions.atomic import atomic_write

        data = self._read()
        data[name] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(
                self.path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"), private=True
            )
        except OSError:
            return False
        return True


def language_setting(home: Path | str | None = None) -> Any:
    """The settings file's ``language``, read at start-up with nothing heavier than ``json`` (the
    command line chooses its language before it loads anything); None when there is no such
    setting or the file cannot be read."""
    from .home import home_directory

    path = home_directory(home) / FILE_NAME
    try:
        if not path.is_file():  # nor a FIFO or a device, which could block the start
            return None
        with path.open("rb") as f:
            raw = f.read(LIGHT_LIMIT + 1)
        data = json.loads(raw) if len(raw) <= LIGHT_LIMIT else None
    except (OSError, ValueError, RecursionError):
        return None
    return data.get("language") if isinstance(data, dict) else None


def default_export_folder() -> Path:
    """The user's documents folder, else their home folder: never the current directory, which
    is often a code checkout or a system folder."""
    from platformdirs import user_documents_dir

    for candidate in (Path(user_documents_dir()), Path.home()):
        if candidate.is_dir():
            return candidate
    return Path.cwd()
