"""The command line: `integration-assistant [assess|recheck|rules|questions] …`."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .knowledge.yamlfile import InputError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="integration-assistant",
        description="Recommends a UN integration model and flags the conflicts to plan for, citing the report.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--rules", type=Path, help="a rule base folder (default: the shipped one)")
    p.add_argument("--dialogues", type=Path, help="a dialogues folder (default: the shipped one)")
    sub = p.add_subparsers(dest="command")

    a = sub.add_parser("assess", help="consult the rule base on an answers file, without the chat")
    a.add_argument("file", nargs="?", type=Path, help="answers as YAML or JSON")
    a.add_argument("--batch", type=Path, help="a JSON Lines file: one answers mapping per line")
    a.add_argument("--format", choices=["json", "markdown", "html", "docx"], default=None,
                   help="without --output: the result as JSON (default) or Markdown (html: the transcript page); "
                        "with --output: a transcript in this format (default: from the file's extension, else json)")
    a.add_argument("--output", "-o", type=Path, help="write a transcript to this file (or folder) instead of standard output")
    a.add_argument("--force", action="store_true", help="with --output: overwrite an existing file")

    rc = sub.add_parser("recheck", help="replay a JSON transcript against the current rule base and say what changed")
    rc.add_argument("transcript", type=Path, help="a transcript written with --format json --output")

    r = sub.add_parser("rules", help="the compiled rule base, with conditions and citations")
    r.add_argument("--format", choices=["json", "markdown"], default="json")

    sv = sub.add_parser("serve", help="serve the assistant to browsers, one session per browser")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    sv.add_argument("--port", type=int, default=8000)

    q = sub.add_parser("questions", help="the questions and their answer vocabulary")
    q.add_argument("--format", choices=["json", "text"], default="text")

    # --rules/--dialogues are global options; accepted after `check` too. SUPPRESS, not None: a
    # subparser's default would overwrite a value given before the subcommand.
    ck = sub.add_parser("check", help="check the rule base: dead and redundant rules, gaps, overlaps, citations")
    ck.add_argument("--rules", type=Path, default=argparse.SUPPRESS, help="a rule base folder (default: the shipped one)")
    ck.add_argument("--dialogues", type=Path, default=argparse.SUPPRESS, help="a dialogues folder (default: the shipped one)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "assess":
            return _assess(args)
        if args.command == "recheck":
            return _recheck(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "questions":
            return _questions(args)
        if args.command == "check":
            from .knowledge.check import run_check

            return run_check(args.rules, args.dialogues)
        return _chat(args)
    except InputError as exc:
        print(f"integration-assistant: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _chat(args) -> int:
    from .conversation import Conversation
    from .tui.app import IntegrationAssistantApp

    app = IntegrationAssistantApp(Conversation(_knowledge(args)))
    app.run()
    return 0


def _serve(args) -> int:
    import shlex

    from textual_serve.server import Server

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: not a port number")
    command = [sys.executable, "-m", "assistant"]
    for option in ("rules", "dialogues"):
        if getattr(args, option):
            command += [f"--{option}", str(Path(getattr(args, option)).resolve())]
    print(f"Serving Integration Assistant on http://{args.host}:{args.port} (Ctrl+C stops)", file=sys.stderr)
    Server(shlex.join(command), host=args.host, port=args.port, title="Integration Assistant").serve()
    return 0


def _knowledge(args):
    from .knowledge.loader import load_knowledge, shipped_knowledge

    if args.rules or args.dialogues:
        return load_knowledge(args.rules, args.dialogues)
    return shipped_knowledge()


def _assess(args) -> int:
    from .consultation.answers import answers_from_data, read_answers
    from .consultation.consult import consult
    from .knowledge.yamlfile import read_text

    kb = _knowledge(args)
    if args.format is None:
        suffix = args.output.suffix.lower() if args.output is not None else ""
        args.format = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}.get(suffix, "json")
    if (args.file is None) == (args.batch is None):
        raise InputError("assess takes an answers FILE, or --batch FILE.jsonl")
    if args.force and args.output is None:
        raise InputError("--force goes with --output FILE")
    if args.batch and (args.output is not None or args.format in ("html", "docx")):
        raise InputError("--batch writes JSON or Markdown to standard output; --output, html and docx take one answers FILE")
    if args.format == "docx" and args.output is None:
        raise InputError("docx is a binary format: give --output FILE.docx")
    if args.output is not None or args.format == "html":
        return _transcript(args, kb)
    if args.batch:
        text = read_text(args.batch)
        out = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{args.batch}:{n}: malformed JSON: {exc.msg}") from None
            try:
                doc = answers_from_data(kb, data, line, f"{args.batch}")
            except InputError as exc:
                # Each line is one document: whatever line the message gave, it is line n of the file.
                where = re.escape(str(args.batch))
                raise InputError(re.sub(rf"^{where}(:\d+)?:", f"{args.batch}:{n}:", str(exc), count=1)) from None
            out.append(doc.answers)
        # Every line is checked before any is consulted, so an error leaves no partial output.
        for rendered in _consult_many(out, kb, args.format):
            sys.stdout.write(rendered + "\n")
        return 0
    doc = read_answers(kb, args.file)
    result = consult(doc.answers, kb, with_sensitivity=True)
    if args.format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(_markdown(result, kb))
    return 0


def _answers_document(path: Path, kb):
    """An answers file for a transcript, with its session details and notes checked (unknown
    keys refused). Printing the result alone (no --output) reads the file as before."""
    from .consultation.answers import answers_from_data
    from .knowledge.yamlfile import parse, read_text
    from .transcripts.headless import document_extras

    name = str(path)
    text = read_text(path)
    doc = answers_from_data(kb, parse(text, name), text, name)
    details, notes = document_extras(kb, doc, text, name)
    return doc, details, notes


def _transcript(args, kb) -> int:
    """assess FILE --output PATH (any format), or --format html to standard output."""
    from .transcripts import build_transcript, export, write_transcript

    doc, details, notes = _answers_document(args.file, kb)
    transcript = build_transcript(kb, answers=doc.answers, details=details, notes=notes)
    if args.output is None:
        sys.stdout.write(export(transcript, args.format).decode("utf-8"))
        return 0
    path = write_transcript(transcript, args.format, args.output, force=args.force)
    print(f"integration-assistant: wrote {path}", file=sys.stderr)
    return 0


def _recheck(args) -> int:
    """Exit 0 when the transcript's result still stands, 1 when it changed."""
    from .transcripts import load_transcript, recheck

    transcript = load_transcript(args.transcript)
    report = recheck(transcript, _knowledge(args))
    sys.stdout.write("\n".join([f"Rechecked {args.transcript}", *report.lines()]) + "\n")
    return 1 if report.changed else 0


def _consult_one(answers, kb, fmt: str) -> str:
    from .consultation.consult import consult

    result = consult(answers, kb, with_sensitivity=True)
    return result.model_dump_json() if fmt == "json" else _markdown(result, kb)


_POOL_KB = None


def _pool_init(kb) -> None:
    global _POOL_KB
    _POOL_KB = kb


def _pool_consult(item: tuple) -> str:
    answers, fmt = item
    return _consult_one(answers, _POOL_KB, fmt)


def _consult_many(batch: list, kb, fmt: str):
    """Results in input order; large batches are spread over the machine's cores."""
    import multiprocessing
    import os

    jobs = min(os.cpu_count() or 1, 8)
    if jobs < 2 or len(batch) < 64 or "fork" not in multiprocessing.get_all_start_methods():
        for answers in batch:
            yield _consult_one(answers, kb, fmt)
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_pool_init, initargs=(kb,)) as pool:
        yield from pool.imap(_pool_consult, [(a, fmt) for a in batch], chunksize=16)


def _markdown(result, kb) -> str:
    from .render.markdown import render

    return render(result, kb)


def _rules(args) -> int:
    from .knowledge.export import rulebase_document, rulebase_markdown

    kb = _knowledge(args)
    if args.format == "json":
        sys.stdout.write(json.dumps(rulebase_document(kb), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(rulebase_markdown(kb))
    return 0


def _questions(args) -> int:
    kb = _knowledge(args)
    if args.format == "json":
        doc = [q.model_dump(mode="json", exclude_none=True) | {"accepts_unknown": True} for q in kb.questions]
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return 0
    for q in kb.questions:
        kind = "several" if q.multi else "one"
        print(f"{q.id}  ({q.topic}; choose {kind})")
        print(f"  {q.prompt}")
        for i, o in enumerate(q.options, 1):
            print(f"    {i}. {o.id:<28} {o.label}")
        print(f"    {len(q.options) + 1}. {'unknown':<28} Unknown")
    return 0
