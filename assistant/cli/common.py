"""What the commands share: output with user text escaped for the terminal, the knowledge the
global options name, and the reports written to standard output or to a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..errors import InputError
from ..i18n import _
from ..usertext import for_terminal, json_for_terminal

if TYPE_CHECKING:
    from ..knowledge.loader import KnowledgeBase

T = TypeVar("T")


def show(text: str, fmt: str = "text") -> None:
    """Write to standard output, which a terminal may act on: control characters in user text
    are shown escaped (in JSON as \\u escapes, so it is still the same data)."""
    sys.stdout.write(json_for_terminal(text) if fmt == "json" else for_terminal(text))


def say(message: str) -> None:
    """One line to standard error, escaped like standard output."""
    print(f"integration-assistant: {for_terminal(message)}", file=sys.stderr)


def knowledge(args: argparse.Namespace) -> KnowledgeBase:
    """The rule base and dialogues of --rules and --dialogues, else the shipped ones."""
    from ..knowledge.loader import load_knowledge, shipped_knowledge

    if args.rules or args.dialogues:
        return load_knowledge(args.rules, args.dialogues)
    return shipped_knowledge()


def report_from_files(
    args: argparse.Namespace,
    gather: Callable[[], tuple[T, list[str]]],
    render: Callable[[T, str], str],
    default_name: str,
) -> int:
    """A report made from files (a comparison, a workshop summary): --force is refused without
    --output before any file is read, each file passed over is said in a line, and the report goes
    to standard output or, safely, to --output. ``gather`` reads the files: what it made, and the
    problems with the files it skipped."""
    from ..transcripts.files import write_file

    if args.force and args.output is None:
        raise InputError(_("--force goes with --output FILE"))
    fmt = report_format(args)
    made, problems = gather()
    for problem in problems:
        say(_("skipped {problem}").format(problem=problem))
    text = render(made, fmt)
    if args.output is None:
        show(text)
        return 0
    path = (
        args.output / f"{default_name}.{'html' if fmt == 'html' else 'md'}"
        if args.output.is_dir()
        else args.output
    )
    write_file(path, text.encode("utf-8"), force=args.force)
    say(_("wrote {path}").format(path=path))
    return 0


def report_format(args: argparse.Namespace) -> str:
    """A report's --format: as given, else from the --output file's extension (markdown)."""
    if args.format is None:
        suffix = args.output.suffix.lower() if args.output is not None else ""
        args.format = "html" if suffix in (".html", ".htm") else "markdown"
    return str(args.format)
