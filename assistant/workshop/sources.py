"""Where a class's debriefs come from, for `workshop summary`, `compare` and `workshop board` alike.

An input is one of:

- a served workshop folder (it has ``workshop.json``): the debriefs handed in to it;
- a participant's home (it has a ``training/`` folder): the latest debrief of each case kept there;
- a plain folder of debrief transcripts (JSON), e.g. a shared drive participants save to;
- a file (a JSON transcript);
- a workshop's name under the home.

    sources = resolve(["class/", "extra.json"], home)   # InputError (one line) for a missing input
    found = read(sources)                                # .items, .problems (a line per file skipped)

A file found in a folder that is not a debrief is skipped with a line naming it; a file named
on its own that is not one is an error naming it (it was asked for by name).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ..knowledge.yamlfile import InputError
from .folder import NAME, SETTINGS, WORKSHOPS, WorkshopFolder, home_directory

if TYPE_CHECKING:
    from ..transcripts.model import Transcript

TRAINING = "training"  # a home's folder of finished trainings
UNFINISHED = "unfinished-"  # a resumable copy of an unfinished training there, not a debrief
HOME_SETTINGS = "settings.json"  # a home's own settings, beside its training/ folder


@dataclass(frozen=True)
class Source:
    path: Path  # as named
    kind: str  # "workshop", "home", "folder" or "file"
    folder: Path  # the folder read (and watched): for a file, the folder it is in

    def files(self) -> list[Path]:
        if self.kind == "file":
            return [self.path]
        return json_files(self.folder)


@dataclass(frozen=True)
class Sources:
    sources: tuple[Source, ...]

    @property
    def workshop(self) -> WorkshopFolder | None:
        """The served workshop, when that is the one input (the board keeps its exports there)."""
        if len(self.sources) == 1 and self.sources[0].kind == "workshop":
            return WorkshopFolder.at(self.sources[0].path, create=False)
        return None

    @property
    def name(self) -> str:
        names = [s.path.name or str(s.path) for s in self.sources]
        return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"

    def watched(self) -> list[Path]:
        """The folders to follow for new debriefs."""
        return list(dict.fromkeys(s.folder for s in self.sources))

    def files(self) -> list[tuple[Source, Path]]:
        """Every file to read, each once, in the order of the inputs."""
        seen: set[Path] = set()
        out: list[tuple[Source, Path]] = []
        for source in self.sources:
            for path in source.files():
                key = _key(path)
                if key not in seen or source.kind == "file":  # a file named twice is read twice
                    seen.add(key)
                    out.append((source, path))
        return out


def resolve(inputs: list[Path | str] | tuple[Path | str, ...], home: Path | str | None = None) -> Sources:
    """The inputs named, each checked to exist; InputError (one line naming it) for one that does not."""
    if not inputs:
        raise InputError(_("no input: name a workshop folder, a folder of debriefs, a home or files"))
    return Sources(tuple(source(p, home) for p in inputs))


def source(given: Path | str, home: Path | str | None = None) -> Source:
    path = Path(given).expanduser()
    if path.exists() and not path.is_dir():  # a device or a pipe too: reading it says what it is
        return Source(path, "file", path.parent)
    if path.is_dir():
        if (path / SETTINGS).is_file():
            WorkshopFolder.at(path, create=False)  # a usable one, or the one-line reason it is not
            return Source(path, "workshop", path / "debriefs")
        if (path / TRAINING).is_dir() and not json_files(path):
            return Source(path, "home", path / TRAINING)
        return Source(path, "folder", path)
    if NAME.fullmatch(str(given)):
        under_home = home_directory(home) / WORKSHOPS / str(given)
        if (under_home / SETTINGS).is_file():
            return source(under_home)
        raise InputError(
            _("{path}: no such file or folder, nor a workshop in {folder}").format(
                path=given, folder=under_home.parent
            )
        )
    raise InputError(_("{path}: no such file or folder").format(path=given))


def json_files(folder: Path) -> list[Path]:
    """The JSON files of a folder, in name order: not a save in progress (a dot file), not an
    unfinished training's copy."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(
        Path(e.path)
        for e in entries
        if e.name.lower().endswith(".json")
        and not e.name.startswith((".", UNFINISHED))
        and e.name not in (SETTINGS, HOME_SETTINGS)
        and _is_file(e)
    )


@dataclass
class Found:
    items: list[tuple[str, Transcript]] = field(default_factory=list)  # (file, transcript)
    problems: list[str] = field(default_factory=list)  # one line per file skipped


Stamp = tuple[int, int, int]


class Reader:
    """Reads the sources' debriefs; again only the files that changed since the last read."""

    def __init__(self, sources: Sources, *, training: bool = True, strict: bool = False) -> None:
        self.sources = sources
        self.training = training  # only training transcripts (debriefs) count
        self.strict = strict  # a file named on its own that is not one is an error, not a line
        self._cache: dict[Path, tuple[Stamp, Transcript | str]] = {}

    def read(self) -> Found:
        found = Found()
        cache: dict[Path, tuple[Stamp, Transcript | str]] = {}
        latest: dict[tuple[Path, str], int] = {}  # in a home, the latest debrief of each case
        for src, path in self.sources.files():
            try:
                st = os.stat(path)
            except OSError:
                if src.kind == "file":
                    self._problem(found, path, _("{path}: no such file").format(path=path))
                continue  # replaced or removed while listing: the next change brings it back
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            hit = self._cache.get(path)
            value = hit[1] if hit is not None and hit[0] == stamp else self._load(path)
            cache[path] = (stamp, value)
            if isinstance(value, str):
                self._problem(found, path, value, named=src.kind == "file")
                continue
            label = str(path) if src.kind == "file" else path.name
            if src.kind == "home" and value.training is not None:
                key = (src.folder, value.training.case)
                if key in latest:
                    i = latest[key]
                    if found.items[i][1].generated_at <= value.generated_at:
                        found.items[i] = (label, value)
                    continue
                latest[key] = len(found.items)
            found.items.append((label, value))
        self._cache = cache
        return found

    def _load(self, path: Path) -> Transcript | str:
        from ..transcripts.files import load_transcript

        try:
            t = load_transcript(path)
        except InputError as exc:
            return str(exc)
        if self.training and t.training is None:
            return _("{path}:1: not a training transcript (it has no training debrief)").format(path=path)
        return t

    def _problem(self, found: Found, path: Path, message: str, named: bool = True) -> None:
        if named and self.strict:
            raise InputError(message)
        if not named:
            message = message.replace(str(path), path.name)  # in a folder: its name says enough
        found.problems.append(message)


def read_debriefs(
    inputs: list[Path | str] | tuple[Path | str, ...],
    home: Path | str | None = None,
    *,
    training: bool = True,
) -> Found:
    """The transcripts of the inputs, for a report: a file named that is not one is an error;
    a file in a folder that is not one is skipped, with a line in ``problems``."""
    sources = resolve(inputs, home)
    found = Reader(sources, training=training, strict=True).read()
    if not found.items and not any(s.kind == "workshop" for s in sources.sources):
        named = ", ".join(str(p) for p in inputs)
        wanted = (
            _(
                "{inputs}: no debrief transcripts found (give a workshop folder, a folder of debriefs, "
                "a participant's home or files)"
            )
            if training
            else _(
                "{inputs}: no transcripts found (give a workshop folder, a folder of debriefs, "
                "a participant's home or files)"
            )
        )
        raise InputError(wanted.format(inputs=named))
    return found


def learner_name(t: Transcript, file: str) -> str:
    """Who did it: the participant's name in the transcript, else the file's name."""
    d = t.details
    for attr in ("officer", "participant"):
        value = getattr(d, attr, "")
        if isinstance(value, str) and value.strip():
            return value
    return Path(file).name


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False
