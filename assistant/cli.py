"""The command line: `integration-assistant [assess|rules|questions] …`."""
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
    a.add_argument("--format", choices=["json", "markdown"], default="json")

    r = sub.add_parser("rules", help="the compiled rule base, with conditions and citations")
    r.add_argument("--format", choices=["json", "markdown"], default="json")

    q = sub.add_parser("questions", help="the questions and their answer vocabulary")
    q.add_argument("--format", choices=["json", "text"], default="text")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "assess":
            return _assess(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "questions":
            return _questions(args)
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
    if (args.file is None) == (args.batch is None):
        raise InputError("assess takes an answers FILE, or --batch FILE.jsonl")
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
            result = consult(doc.answers, kb)
            out.append(result.model_dump_json() if args.format == "json" else _markdown(result, kb))
        sys.stdout.write("\n".join(out) + ("\n" if out else ""))
        return 0
    doc = read_answers(kb, args.file)
    result = consult(doc.answers, kb)
    if args.format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(_markdown(result, kb))
    return 0


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
