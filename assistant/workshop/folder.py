"""A workshop folder: one room's codes, its participants' homes and the debriefs they hand in.

    <home>/workshops/<name>/
        workshop.json            the join code, the facilitator's code, the cookie secret (0600)
        participants/<id>/       each participant's own home: sessions, training runs, exports
        debriefs/<case>--<id>.json   the latest debrief of each participant on each case
        cache/                   the knowledge files as parsed, for the room's apps to start quicker

The participant ids are made by the server (never taken from a browser) and checked against
:data:`PARTICIPANT_ID` before any path is built from them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..home import home_directory as home_directory  # the app's home, workshops live under it
from ..i18n import _
from ..knowledge.yamlfile import InputError, read_json
from ..sessions.atomic import atomic_write

WORKSHOPS = "workshops"
SETTINGS = "workshop.json"
SETTINGS_FORMAT = "integration-assistant/workshop"
PARTICIPANT_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def new_code() -> str:
    """An unguessable code for a URL (128 bits)."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class WorkshopFolder:
    path: Path
    join_code: str
    facilitator_code: str
    secret: bytes  # signs the participants' cookies

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def debriefs(self) -> Path:
        return self.path / "debriefs"

    @property
    def participants(self) -> Path:
        return self.path / "participants"

    # --- finding, creating, reopening ----------------------------------------------------------

    @classmethod
    def open(
        cls, home: Path | str | None, name: str, *, create: bool = True, new_codes: bool = False
    ) -> WorkshopFolder:
        """The workshop ``name`` under the home's ``workshops/`` folder, created if need be."""
        if not NAME.fullmatch(name or ""):
            raise InputError(
                _("workshop name '{name}': use letters, digits, '.', '-' and '_' (at most 64)").format(
                    name=name
                )
            )
        path = home_directory(home) / WORKSHOPS / name
        if not create and not (path / SETTINGS).is_file():
            raise InputError(
                _("no workshop '{name}' in {folder}").format(name=name, folder=path.parent)
                + _available(path.parent)
            )
        return cls.at(path, create=create, new_codes=new_codes)

    @classmethod
    def find(cls, home: Path | str | None, which: str | None) -> WorkshopFolder:
        """A workshop for the board or a summary: a folder path, a name under the home, or the
        one changed most recently."""
        if which:
            under_home = (
                NAME.fullmatch(which) and (home_directory(home) / WORKSHOPS / which / SETTINGS).is_file()
            )
            if not under_home and ("/" in which or os.sep in which or Path(which).is_dir()):
                return cls.at(Path(which).expanduser(), create=False)
            return cls.open(home, which, create=False)
        root = home_directory(home) / WORKSHOPS
        found = sorted((p for p in _listdir(root) if (p / SETTINGS).is_file()), key=_changed, reverse=True)
        if not found:
            raise InputError(
                _("no workshop in {folder}: start one with `integration-assistant serve`").format(folder=root)
            )
        return cls.at(found[0], create=False)

    @classmethod
    def at(cls, path: Path, *, create: bool = False, new_codes: bool = False) -> WorkshopFolder:
        settings = path / SETTINGS
        if not settings.is_file():
            if not create:
                raise InputError(
                    _("{path}: not a workshop folder (it has no {file})").format(path=path, file=SETTINGS)
                )
            data = None
        else:
            data = _read_settings(settings)
        if data is None or new_codes:
            secret = bytes.fromhex(data["secret"]) if data else secrets.token_bytes(32)
            data = {
                "format": SETTINGS_FORMAT,
                "created": (data or {}).get("created") or _now(),
                "join_code": new_code(),
                "facilitator_code": new_code(),
                "secret": secret.hex(),
            }
            try:
                path.mkdir(parents=True, exist_ok=True, mode=0o700)
                atomic_write(settings, json.dumps(data, indent=2).encode("utf-8"), private=True)
            except OSError as exc:
                raise InputError(
                    _("{path}: cannot create the workshop folder ({reason})").format(
                        path=path, reason=exc.strerror or exc
                    )
                ) from None
        folder = cls(path, data["join_code"], data["facilitator_code"], bytes.fromhex(data["secret"]))
        for sub in (folder.debriefs, folder.participants):
            try:
                sub.mkdir(exist_ok=True, mode=0o700)
            except OSError as exc:
                raise InputError(
                    _("{path}: cannot be created ({reason})").format(path=sub, reason=exc.strerror or exc)
                ) from None
        return folder

    # --- participants ---------------------------------------------------------------------------

    def participant_home(self, participant: str, *, create: bool = False) -> Path:
        """The home of one participant; ValueError for an id the server could not have made."""
        if not isinstance(participant, str) or not PARTICIPANT_ID.fullmatch(participant):
            raise ValueError("not a participant id")
        home = self.participants / participant
        if create:
            home.mkdir(exist_ok=True, mode=0o700)
        return home

    def participant_name(self, participant: str) -> str:
        """The name a participant gave, or "" when none was given yet."""
        try:
            data = read_json(self.participant_home(participant) / "participant.json")
        except (InputError, ValueError):
            return ""
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else ""

    def set_participant_name(self, participant: str, name: str) -> None:
        home = self.participant_home(participant, create=True)
        atomic_write(
            home / "participant.json",
            json.dumps({"name": name}, ensure_ascii=False).encode("utf-8"),
            private=True,
        )

    # --- what participants hand in --------------------------------------------------------------

    def save_debrief(self, participant: str, case: str, data: bytes) -> Path:
        """A participant's debrief of a case, atomically: the latest attempt is the one counted.
        Every attempt is also kept in the participant's own home (``training/``)."""
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", case):
            raise ValueError("not a case id")
        home = self.participant_home(participant, create=True)
        runs = home / "training"
        runs.mkdir(exist_ok=True, mode=0o700)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        atomic_write(runs / f"{case}-{stamp}.json", data, private=True)
        return atomic_write(self.debriefs / f"{case}--{participant}.json", data, private=True)

    def debrief_files(self) -> list[Path]:
        """The debriefs handed in, in name order (a save in progress, a dot file, is not one)."""
        return debriefs_of(self.path)

    def keep_copy(self, participant: str | None, filename: str, data: bytes) -> Path:
        """A copy of something delivered to a browser, under ``exports/`` of the participant (or of
        the facilitator): never over an earlier copy."""
        base = self.participant_home(participant, create=True) if participant else self.path
        return keep_copy(base / "exports", filename, data)


def debriefs_of(folder: Path | str) -> list[Path]:
    """The debriefs of a workshop folder, read as they stand (nothing is created)."""
    folder = Path(folder)
    if not (folder / SETTINGS).is_file():
        raise InputError(
            _("{path}: a folder, but not a workshop folder (it has no {file})").format(
                path=folder, file=SETTINGS
            )
        )
    return sorted(
        p for p in _listdir(folder / "debriefs") if p.suffix == ".json" and not p.name.startswith(".")
    )


def _read_settings(path: Path) -> dict:
    try:
        data = read_json(path)
    except InputError as exc:
        raise InputError(_("not a usable workshop file: {problem}").format(problem=exc)) from None
    ok = (
        isinstance(data, dict)
        and data.get("format") == SETTINGS_FORMAT
        and all(isinstance(data.get(k), str) and data[k] for k in ("join_code", "facilitator_code", "secret"))
    )
    if not ok:
        raise InputError(_("{path}: not a usable workshop file (codes missing)").format(path=path))
    try:
        bytes.fromhex(data["secret"])
    except ValueError:
        raise InputError(_("{path}: not a usable workshop file (bad secret)").format(path=path)) from None
    return data


def _listdir(folder: Path) -> list[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder)]
    except OSError:
        return []


def _changed(path: Path) -> float:
    times = [p.stat().st_mtime for p in [path / SETTINGS, *_listdir(path / "debriefs")] if p.exists()]
    return max(times, default=0.0)


def _available(root: Path) -> str:
    names = sorted(p.name for p in _listdir(root) if (p / SETTINGS).is_file())
    return " " + _("(workshops: {names})").format(names=", ".join(names)) if names else ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def keep_copy(folder: Path, filename: str, data: bytes) -> Path:
    """``data`` written in ``folder`` (created, private), never over an earlier file: a name taken
    already gets "-1", "-2"… before its suffix."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = Path(filename).name or "export"
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in range(1000):
        target = folder / (name if n == 0 else f"{stem}-{n}{suffix}")
        try:
            return atomic_write(target, data, overwrite=False, private=True)
        except FileExistsError:
            continue
    raise FileExistsError(folder / name)
