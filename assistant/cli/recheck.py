"""`recheck TRANSCRIPT`: a JSON transcript replayed against the current rule base."""

from __future__ import annotations

import argparse

from ..errors import InputError
from ..i18n import _
from ..knowledge.yamlfile import line_of, read_text
from ..transcripts import load_transcript
from ..transcripts import recheck as replay
from ..transcripts.build import AnswerMismatch
from .common import knowledge, show


def recheck(args: argparse.Namespace) -> int:
    """Exit 0 when the transcript's result still stands, 1 when it changed or was altered."""
    transcript = load_transcript(args.transcript)
    try:
        report = replay(transcript, knowledge(args))
    except AnswerMismatch as exc:
        line = line_of(read_text(args.transcript), ("answers", exc.index, "answer")) or 1
        raise InputError(f"{args.transcript}:{line}: {exc}") from None
    show("\n".join([_("Rechecked {path}").format(path=args.transcript), *report.lines()]) + "\n")
    return 1 if report.changed or report.altered else 0
