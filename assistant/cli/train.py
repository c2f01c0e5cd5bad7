"""`train [CASE]`: the chat in training; with --answers and --predict, a debrief headless."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .chat import chat
from .common import knowledge, say, show


def train(args: argparse.Namespace) -> int:
    """`train [CASE]` opens the chat in training; with --answers it debriefs headless."""
    kb = knowledge(args)
    headless = args.answers is not None or args.predict is not None or args.output is not None
    if args.case:
        args.case = _named(args.case, {c.id: [c.title] for c in kb.cases}, "training case")
    if not headless:
        return chat(args, training=args.case or "", kb=kb)
    from ..consultation.answers import read_answers
    from ..training.debrief import Prediction, debrief
    from ..training.saved import clean_name, debrief_filename
    from ..transcripts import build_transcript, export, write_transcript
    from ..transcripts.model import TranscriptDetails

    if not args.case:
        raise InputError(
            _("name the training case (cases: {cases})").format(cases=", ".join(c.id for c in kb.cases))
        )
    case = kb.case(args.case)
    if case is None:
        raise InputError(
            _("no training case '{case}' (cases: {cases})").format(
                case=args.case, cases=", ".join(c.id for c in kb.cases)
            )
        )
    if args.answers is None or args.predict is None:
        raise InputError(_("headless training needs --answers FILE and --predict MODEL"))
    args.predict = _named(args.predict, {m.id: [m.label] for m in kb.models.values()}, "model", "--predict")
    flags = _named_many(
        args.predict_flags, {f.id: [f.title] for f in kb.flags.values()}, "flag", "--predict-flags"
    )
    doc = read_answers(kb, args.answers, accept_inferred=args.accept_inferred)
    answers = doc.answers
    result = debrief(kb, case, answers, Prediction(model=args.predict, flags=flags))
    fmt = args.format or (_format_of(args.output) if args.output else "json")
    participant = clean_name(args.participant or "")
    details = TranscriptDetails(officer=participant) if participant else None
    if args.output is None:
        if fmt == "docx":
            raise InputError(_("docx is a binary format: give --output FILE.docx"))
        transcript = build_transcript(kb, answers=answers, training=result, said=doc.said, details=details)
        show(export(transcript, fmt).decode("utf-8"), fmt)
        return 0
    transcript = build_transcript(kb, answers=answers, training=result, said=doc.said, details=details)
    if args.output.is_dir():  # a folder: the file named for the case and the participant
        args.output = args.output / debrief_filename(case, participant, fmt)
    path = write_transcript(transcript, fmt, args.output, force=args.force)
    say(_("wrote {path} (score {score}/100)").format(path=path, score=result.score.total))
    return 0


def _named(text: str, names: Mapping[str, Iterable[str]], what: str, option: str = "") -> str:
    """An id given by its id or its name ("liberia", "two feet in"); InputError with the closest."""
    from ..consultation.matching import find_named

    try:
        return find_named(text, names, what)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}" if option else str(exc)) from None


def _named_many(text: str, names: Mapping[str, Iterable[str]], what: str, option: str) -> list[str]:
    from ..consultation.matching import find_many

    try:
        return find_many(text, names, what)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


def _format_of(path: Path) -> str:
    return {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}.get(
        path.suffix.lower(), "json"
    )
