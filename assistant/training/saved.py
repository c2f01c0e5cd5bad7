"""Trainings kept in the home's ``training/`` folder: every finished debrief, at once, and a
resumable copy of an unfinished run.

A finished debrief is the training transcript (JSON), named with the time, the case and the
participant (``2026-12-05-2301-burundi-binub-2008-Amina-K.json``); an unfinished run is the
answers given so far (``unfinished-burundi-binub-2008-Amina-K.json``), replaced as each answer
is given and removed once its debrief is saved. All are written atomically and privately (0600).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..knowledge.yamlfile import InputError, read_json
from ..sessions.atomic import atomic_write

if TYPE_CHECKING:
    from ..consultation.answers import Answers
    from ..knowledge.schema import TrainingCase
    from ..transcripts.model import Transcript

FOLDER = "training"
UNFINISHED_KIND = "integration-assistant/unfinished-training"
UNFINISHED_PREFIX = "unfinished-"
MAX_NAME = 80


def clean_name(typed: str, limit: int = 80) -> str:
    """A name as typed, without control characters, on one line, at most ``limit`` characters."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in typed)
    return " ".join(text.split())[:limit]


def training_directory(home: Path) -> Path:
    return Path(home) / FOLDER


def safe_part(text: str) -> str:
    """Text as a file-name part: ASCII letters, digits and '-' ("Amina K." -> "Amina-K")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    part = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text)
    return part.strip("-")


def case_slug(case: TrainingCase) -> str:
    """The case's id, spelled as its title spells it: ``burundi-binub-2008`` -> ``Burundi-BINUB-2008``."""
    title_words = {w.lower(): w for w in re.findall(r"[A-Za-z0-9]+", case.title)}
    words = [title_words.get(w.lower(), w.capitalize()) for w in case.id.split("-") if w]
    return safe_part("-".join(words)) or "training"


def debrief_filename(case: TrainingCase, name: str, fmt: str) -> str:
    """The default export file name of a debrief: the case, then the participant's name."""
    from ..transcripts.files import EXTENSIONS

    ext = "." + EXTENSIONS.get(fmt, "txt")
    stem = case_slug(case)
    who = safe_part(name)
    if who:
        stem = f"{stem}-{who}"
    return stem[: MAX_NAME - len(ext)].rstrip("-") + ext


def save_debrief(
    folder: Path, case: TrainingCase, name: str, transcript: Transcript, when: dt.datetime | None = None
) -> Path:
    """Write a finished training's transcript (JSON) into ``folder``, never over another file."""
    from ..transcripts import export

    when = (when or dt.datetime.now()).astimezone()
    folder.mkdir(parents=True, exist_ok=True)
    who = safe_part(name)
    stem = f"{when:%Y-%m-%d-%H%M%S}-{case.id}" + (f"-{who}" if who else "")
    stem = stem[: MAX_NAME - 8]
    data = export(transcript, "json")
    for n in range(1000):
        path = folder / (f"{stem}-{n}.json" if n else f"{stem}.json")
        try:
            return atomic_write(path, data, overwrite=False, private=True)
        except FileExistsError:
            continue
    raise OSError(_("no free file name for the debrief in {folder}").format(folder=folder))


def unfinished_path(folder: Path, case_id: str, name: str) -> Path:
    who = safe_part(name)
    return folder / (f"{UNFINISHED_PREFIX}{case_id}" + (f"-{who}" if who else "") + ".json")


def save_unfinished(folder: Path, case_id: str, name: str, answers: Answers) -> Path:
    """Keep the answers of an unfinished run, to resume from the start screen."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "kind": UNFINISHED_KIND,
        "case": case_id,
        "participant": name,
        "saved": dt.datetime.now(dt.UTC).isoformat(),
        "answers": {qid: list(values) for qid, values in answers.items()},
    }
    path = unfinished_path(folder, case_id, name)
    return atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"), private=True)


@dataclass(frozen=True)
class SavedTraining:
    """One file of the training folder, as the start screen lists it."""

    path: Path
    case: str
    participant: str
    saved: dt.datetime
    finished: bool
    answered: int = 0
    score: int | None = None
    title: str = ""


def read_unfinished(path: Path) -> tuple[str, str, dict[str, tuple[str, ...]]]:
    """(case id, participant, answers) of an unfinished run; InputError when it is not one."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("kind") != UNFINISHED_KIND:
        raise InputError(_("{file}: not an unfinished training").format(file=path.name))
    answers = data.get("answers")
    if not isinstance(data.get("case"), str) or not isinstance(answers, dict):
        raise InputError(_("{file}: not an unfinished training").format(file=path.name))
    out: dict[str, tuple[str, ...]] = {}
    for qid, values in answers.items():
        if isinstance(qid, str) and isinstance(values, list) and all(isinstance(v, str) for v in values):
            out[qid] = tuple(values)
    participant = data.get("participant")
    return data["case"], participant if isinstance(participant, str) else "", out


def _when(path: Path, text: Any) -> dt.datetime:
    if isinstance(text, str):
        try:
            when = dt.datetime.fromisoformat(text)
            return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def list_trainings(folder: Path) -> list[SavedTraining]:
    """The trainings kept in ``folder``, latest first; files that are neither are left out."""
    from ..transcripts import load_transcript

    found: list[SavedTraining] = []
    try:
        paths = sorted(folder.glob("*.json"))
    except OSError:
        return found
    for path in paths:
        try:
            if path.name.startswith(UNFINISHED_PREFIX):
                case, who, answers = read_unfinished(path)
                data = read_json(path)
                found.append(
                    SavedTraining(path, case, who, _when(path, data.get("saved")), False, len(answers))
                )
                continue
            t = load_transcript(path)
        except (InputError, OSError, ValueError):
            continue
        if t.training is None:
            continue
        found.append(
            SavedTraining(
                path,
                t.training.case,
                t.details.officer,
                t.generated_at,
                True,
                len(t.training.answers),
                t.training.score.total,
                t.training.title,
            )
        )
    found.sort(key=lambda s: s.saved, reverse=True)
    return found


class UnfinishedCopy:
    """A conversation listener that keeps an unfinished run's answers in the training folder,
    replaced at each change; :meth:`discard` once its debrief is saved."""

    def __init__(self, folder: Path, case_id: str, name: str, answers: Answers | None = None):
        self.folder = folder
        self.case_id = case_id
        self.name = name
        self.answers: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (answers or {}).items()}
        self.finished = False
        self.last_error: str | None = None

    @property
    def path(self) -> Path:
        return unfinished_path(self.folder, self.case_id, self.name)

    def __call__(self, event: str, qid: str, payload: object, said: object = None) -> None:
        if event == "set" and isinstance(payload, tuple):
            self.answers[qid] = payload
        elif event == "forget":
            self.answers.pop(qid, None)
        else:
            return
        self.save()

    def save(self) -> None:
        if self.finished:
            return
        try:
            if self.answers:
                save_unfinished(self.folder, self.case_id, self.name, self.answers)
            else:
                self.path.unlink(missing_ok=True)
            self.last_error = None
        except OSError as exc:
            self.last_error = exc.strerror or str(exc)

    def discard(self) -> None:
        """The run is finished (its debrief saved): no copy to resume any more."""
        self.finished = True
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
