"""Exporting transcripts to bytes, suggesting file names, writing and reading transcript files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from ..i18n import Language, _, using
from ..knowledge.bounds import DataProblem
from ..knowledge.yamlfile import InputError, load_json, read_text, validate
from ..sessions.atomic import atomic_write
from .build import in_language
from .model import TRANSCRIPT_FORMAT, TRANSCRIPT_FORMAT_VERSION, Transcript, TranscriptDetails

Format = Literal["markdown", "html", "json", "docx"]
FORMATS: tuple[str, ...] = ("markdown", "html", "json", "docx")
EXTENSIONS = {"markdown": "md", "html": "html", "json": "json", "docx": "docx"}
MAX_NAME = 80
# Names Windows reserves for devices, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def exporter(fmt: str) -> Callable[[Transcript], bytes]:
    """The ``export(transcript) -> bytes`` function of a format (InputError for an unknown one)."""
    if fmt == "markdown":
        from .to_markdown import export
    elif fmt == "html":
        from .to_html import export
    elif fmt == "json":
        from .to_json import export
    elif fmt == "docx":
        from .to_docx import export  # imports python-docx (lxml) only when needed
    else:
        raise InputError(
            _("unknown transcript format '{format}' (formats: {formats})").format(
                format=fmt, formats=", ".join(FORMATS)
            )
        )
    return export


def export(transcript: Transcript, fmt: str, language: Language | None = None) -> bytes:
    """The transcript in one of FORMATS, as bytes, in the language it was written in, or in
    ``language`` (worked out again in it: :func:`~assistant.transcripts.model.in_language`)."""
    write = exporter(fmt)
    if language is not None:
        transcript = in_language(transcript, language)
    with using(transcript.language):
        return write(transcript)


def suggested_filename(details: TranscriptDetails | object, fmt: str) -> str:
    """A safe file name for a transcript, from the crisis name and date.

    ASCII letters, digits, '-' and '_' only (plus the extension's dot), at most 80 characters,
    never empty, never starting with a dot, never a reserved Windows device name.
    e.g. ``Darfur-UNAMID-2008-05-01.html``. A year the name already gives is not given twice: the
    date carries it ("South Sudan 2026" on 2026-12-05: ``South-Sudan-2026-12-05.md``).
    """
    ext = "." + EXTENSIONS.get(fmt, "txt")
    crisis = getattr(details, "crisis", "") or ""
    date = getattr(details, "date", None)
    ascii_text = unicodedata.normalize("NFKD", crisis).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text)
    stem = re.sub(r"-{2,}", "-", stem).strip("-_")
    if isinstance(date, dt.date):  # the date that follows gives the year
        stem = re.sub(rf"(?:^|[-_]){date.year}(?=$|[-_])", "", stem).strip("-_")
    if not stem:
        stem = "integration-assessment"
    if stem.split("-")[0].upper() in _RESERVED or stem.upper() in _RESERVED:
        stem = f"assessment-{stem}"
    suffix = f"-{date.isoformat()}" if isinstance(date, dt.date) else ""
    room = MAX_NAME - len(ext) - len(suffix)
    stem = stem[:room].rstrip("-_") or "assessment"
    return f"{stem}{suffix}{ext}"


def write_transcript(
    transcript: Transcript, fmt: str, path: Path | str, force: bool = False, language: Language | None = None
) -> Path:
    """Write the transcript in ``fmt`` to ``path``, atomically; returns the path written.

    If ``path`` is an existing folder, the file goes into it under :func:`suggested_filename`.
    An existing file is never overwritten unless ``force``: InputError names the file and says to
    use --force. Other failures (no such folder, permission denied) are InputError too.
    ``language``: as for :func:`export`.
    """
    path = Path(path)
    if path.is_dir():
        path = path / suggested_filename(transcript.details, fmt)
    return write_file(path, export(transcript, fmt, language), force=force)


def write_file(path: Path | str, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically, as transcripts are written; returns the path.

    An existing file is never overwritten unless ``force``; every failure is an InputError of
    one line naming the file.
    """
    path = Path(path)
    exists = _("{path}: already exists; use --force to overwrite it").format(path=path)
    if not force and os.path.lexists(path):
        raise InputError(exists)
    if not path.parent.is_dir():
        raise InputError(_("{path}: no such folder: {folder}").format(path=path, folder=path.parent))
    try:
        atomic_write(path, data, overwrite=force)
    except FileExistsError:
        raise InputError(exists) from None
    except IsADirectoryError:
        raise InputError(_("{path}: is a folder").format(path=path)) from None
    except OSError as exc:
        raise InputError(
            _("{path}: cannot be written ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None
    return path


def load_transcript(path: Path | str) -> Transcript:
    """Read a JSON transcript; InputError (one line naming the file) for anything else."""
    path = Path(path)
    name = str(path)
    text = read_text(path)
    try:
        data = load_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            _("{file}:{line}: not a JSON transcript (malformed JSON: {problem})").format(
                file=name, line=exc.lineno, problem=exc.msg
            )
        ) from None
    except DataProblem as exc:
        raise InputError(f"{name}:{exc.line or 1}: {exc.message}") from None
    if not isinstance(data, dict) or data.get("format") != TRANSCRIPT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        if isinstance(found, str):
            raise InputError(
                _("{file}:1: not an Integration Assistant transcript (format {format})").format(
                    file=name, format=repr(found)
                )
            )
        raise InputError(_("{file}:1: not an Integration Assistant transcript").format(file=name))
    version = data.get("format_version")
    if isinstance(version, int) and version > TRANSCRIPT_FORMAT_VERSION:
        raise InputError(
            _("{file}:1: transcript format {version} is newer than this app reads ({readable})").format(
                file=name, version=version, readable=TRANSCRIPT_FORMAT_VERSION
            )
        )
    return validate(Transcript, data, text, name)
