"""`assess FILE` and `assess --batch FILE.jsonl`: the rule base consulted on answers files,
without the chat; with --output (or html, markdown) the transcript of one."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..consultation.answers import answers_from_data, read_answers
from ..consultation.consult import consult
from ..errors import InputError
from ..i18n import _
from ..knowledge.yamlfile import parse, read_text
from .batch import Line, batch_results
from .common import knowledge, say, show

if TYPE_CHECKING:
    from ..consultation.answers import AnswerDocument
    from ..knowledge.loader import KnowledgeBase
    from ..transcripts.model import TranscriptDetails


def assess(args: argparse.Namespace) -> int:
    kb = knowledge(args)
    if args.format is None:
        suffix = args.output.suffix.lower() if args.output is not None else ""
        args.format = {
            ".md": "markdown",
            ".markdown": "markdown",
            ".html": "html",
            ".htm": "html",
            ".docx": "docx",
        }.get(suffix, "json")
    if (args.file is None) == (args.batch is None):
        raise InputError(_("assess takes an answers FILE, or --batch FILE.jsonl"))
    if args.force and args.output is None:
        raise InputError(_("--force goes with --output FILE"))
    if args.skip_invalid and not args.batch:
        raise InputError(_("--skip-invalid goes with --batch FILE.jsonl"))
    if args.batch and (args.output is not None or args.format in ("html", "docx")):
        raise InputError(
            _(
                "--batch writes JSON or Markdown to standard output; --output, html and docx take one "
                "answers FILE"
            )
        )
    if args.format == "docx" and args.output is None:
        raise InputError(_("docx is a binary format: give --output FILE.docx"))
    if args.output is not None or (args.format in ("html", "markdown") and not args.batch):
        return _transcript(args, kb)
    if args.batch:
        text = read_text(args.batch)
        out: list[Line] = []
        bad: dict[int, str] = {}  # line number → what is wrong with it
        # JSON Lines end at "\n" only: a JSON string may hold U+2028 or a form feed, which
        # str.splitlines would also break at.
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                data = parse(line, f"{args.batch}", json_only=True)
                doc = answers_from_data(kb, data, line, f"{args.batch}", accept_inferred=args.accept_inferred)
            except InputError as exc:
                # Each line is one document: whatever line the message gave, it is line n of the file.
                where = re.escape(str(args.batch))
                bad[n] = re.sub(rf"^{where}(:\d+)?:", f"{args.batch}:{n}:", str(exc), count=1)
                continue
            out.append((n, doc.answers, doc.said))
        return batch_results(out, bad, kb, args)
    doc = read_answers(kb, args.file, accept_inferred=args.accept_inferred)
    result = consult(doc.answers, kb, with_sensitivity=True)
    show(result.model_dump_json(indent=2) + "\n", "json")
    return 0


def _answers_document(
    path: Path, kb: KnowledgeBase, accept_inferred: bool = False
) -> tuple[AnswerDocument, TranscriptDetails, dict[str, str]]:
    """An answers file for a transcript, with its session details and notes checked (unknown
    keys refused). Printing the result alone (no --output) reads the file as before."""
    from ..transcripts.headless import document_extras

    name = str(path)
    text = read_text(path)
    doc = answers_from_data(kb, parse(text, name), text, name, accept_inferred=accept_inferred)
    details, notes = document_extras(kb, doc, text, name)
    return doc, details, notes


def _transcript(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    """assess FILE --output PATH (any format), or --format html|markdown to standard output: the
    transcript, with the file's session details and notes."""
    from ..transcripts import build_transcript, export, write_transcript

    doc, details, notes = _answers_document(args.file, kb, args.accept_inferred)
    transcript = build_transcript(kb, answers=doc.answers, details=details, notes=notes, said=doc.said)
    if args.output is None:
        show(export(transcript, args.format).decode("utf-8"), args.format)
        return 0
    path = write_transcript(transcript, args.format, args.output, force=args.force)
    say(_("wrote {path}").format(path=path))
    return 0
