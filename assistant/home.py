"""Where the app keeps its files: the home (sessions, settings, logs), found without loading
anything heavier than platformdirs, and only when no home is given."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "INTEGRATION_ASSISTANT_HOME"
APP_NAME = "integration-assistant"
CACHE_ENV = (
    "INTEGRATION_ASSISTANT_CACHE"  # where parsed knowledge files are kept (default: user cache folder)
)
REPORT_ENV = "INTEGRATION_ASSISTANT_REPORT"
REPORT_NAMES = ("report.json", "report.md")  # the reader's copy of the report, in the home


def home_directory(home: Path | str | None = None) -> Path:
    """The app's home: ``home`` if given, else $INTEGRATION_ASSISTANT_HOME, else the user data folder."""
    if home is not None:
        return Path(home).expanduser()
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def sessions_directory(home: Path | str | None = None) -> Path:
    """The sessions folder: ``sessions`` in the home."""
    return home_directory(home) / "sessions"


def log_file(home: Path | str | None = None) -> str | None:
    """Where library log records go while the terminal UI runs (never to the screen): under the
    home when one is given, else the user log folder; None when that folder cannot be made."""
    if home is not None:
        folder = Path(home).expanduser() / "logs"
    else:
        from platformdirs import user_log_dir

        folder = Path(user_log_dir(APP_NAME))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(folder / "assistant.log")


def find_report(explicit: Path | None, home: Path | None) -> Path | None:
    """The reader's copy of the report (see :mod:`assistant.knowledge.report_text`): the one given,
    else the environment's, else one in the home."""
    if explicit is not None:
        return explicit
    if os.environ.get(REPORT_ENV):
        return Path(os.environ[REPORT_ENV])
    for name in REPORT_NAMES:
        if home is not None and (home / name).is_file():
            return home / name
    return None
