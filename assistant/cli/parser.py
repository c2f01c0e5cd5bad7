"""The command line's options and subcommands (argparse), with the global options (--rules,
--dialogues, --report, --home) taken before or after the subcommand."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from .. import __version__
from ..usertext import for_terminal

ACCEPT_INFERRED_HELP = (
    "take answers written in words that are read by inference ('not very hostile' as moderate), "
    "as the chat would once the officer confirmed them; without it they are refused, naming the reading"
)

GLOBAL_OPTIONS = ("--rules", "--dialogues", "--report", "--home")


class Parser(argparse.ArgumentParser):
    """argparse, with what the user typed shown escaped in its error messages."""

    def error(self, message: str) -> NoReturn:
        super().error(for_terminal(message))


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="integration-assistant",
        description="Recommends a UN integration model and flags the conflicts to plan for, citing the report.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--rules", type=Path, help="a rule base folder (default: the shipped one)")
    p.add_argument("--dialogues", type=Path, help="a dialogues folder (default: the shipped one)")
    p.add_argument(
        "--resume",
        nargs="?",
        const="latest",
        metavar="ID",
        help="resume a saved session (the latest when no ID is given)",
    )
    p.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="your copy of the report's numbered text (JSON or Markdown): the passage viewer then shows "
        "each quote in its paragraph (default: $INTEGRATION_ASSISTANT_REPORT, or report.json in the home)",
    )
    p.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help="where sessions are saved (default: $INTEGRATION_ASSISTANT_HOME, else the user data folder)",
    )
    sub = p.add_subparsers(dest="command")

    a = sub.add_parser("assess", help="consult the rule base on an answers file, without the chat")
    a.add_argument("file", nargs="?", type=Path, help="answers as YAML or JSON")
    a.add_argument("--batch", type=Path, help="a JSON Lines file: one answers mapping per line")
    a.add_argument(
        "--format",
        choices=["json", "markdown", "html", "docx"],
        default=None,
        help="without --output: the result as JSON (default) or Markdown (html: the transcript page); "
        "with --output: a transcript in this format (default: from the file's extension, else json)",
    )
    a.add_argument(
        "--output",
        "-o",
        type=Path,
        help="write a transcript to this file (or folder) instead of standard output",
    )
    a.add_argument("--force", action="store_true", help="with --output: overwrite an existing file")
    a.add_argument(
        "--skip-invalid",
        action="store_true",
        help="with --batch: write a result for every good line and an error record for each bad one "
        "(exit status 2 still tells that a line was bad)",
    )
    a.add_argument("--accept-inferred", action="store_true", help=ACCEPT_INFERRED_HELP)

    rc = sub.add_parser(
        "recheck", help="replay a JSON transcript against the current rule base and say what changed"
    )
    rc.add_argument("transcript", type=Path, help="a transcript written with --format json --output")

    r = sub.add_parser("rules", help="the compiled rule base, with conditions and citations")
    r.add_argument("--format", choices=["json", "markdown"], default="json")

    sv = sub.add_parser(
        "serve", help="run a workshop: participants join by a link with a code, each in a home of their own"
    )
    sv.add_argument(
        "--workshop",
        metavar="NAME",
        help="the workshop folder under the home, created or reopened (default: today's date)",
    )
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: loopback only; 0.0.0.0 for the room's network)",
    )
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument(
        "--public-url",
        metavar="URL",
        help="the address participants' browsers reach, e.g. https://workshop.example.org",
    )
    sv.add_argument(
        "--max-participants",
        type=int,
        default=40,
        metavar="N",
        help="participants working at once (default: 40)",
    )
    sv.add_argument(
        "--idle-timeout",
        type=float,
        default=30.0,
        metavar="MINUTES",
        help="close an app nobody has typed in for this long (default: 30)",
    )
    sv.add_argument(
        "--new-codes", action="store_true", help="replace the workshop's join and facilitator codes"
    )

    tr = sub.add_parser("train", help="training: work through a case (the chat), or debrief one headless")
    tr.add_argument("case", nargs="?", help="a training case id (without: pick one in the chat)")
    tr.add_argument("--answers", type=Path, help="headless: the learner's answers (YAML or JSON)")
    tr.add_argument("--predict", help="headless: the model the learner predicts")
    tr.add_argument(
        "--predict-flags", default="", help="headless: the flags the learner expects, comma-separated"
    )
    tr.add_argument("--participant", help="headless: the participant's name, in the debrief (officer)")
    tr.add_argument("--format", choices=["json", "markdown", "html", "docx"], default=None)
    tr.add_argument("--output", type=Path, help="write the debrief transcript here")
    tr.add_argument("--force", action="store_true", help="replace an existing output file")
    tr.add_argument("--accept-inferred", action="store_true", help=ACCEPT_INFERRED_HELP)

    q = sub.add_parser("questions", help="the questions and their answer vocabulary")
    q.add_argument("--format", choices=["json", "text"], default="text")

    u = sub.add_parser(
        "understand",
        help="what the chat would do with a typed answer: record it, ask to confirm a reading, or ask",
        description="What the chat would do with TEXT typed for QUESTION: record it as an option, ask the "
        "officer to confirm a reading made by inference, or ask which option is meant.",
    )
    u.add_argument(
        "question",
        nargs="?",
        metavar="QUESTION",
        help="a question's id, number or name (quote a name of several words)",
    )
    u.add_argument("text", nargs="*", metavar="TEXT", help="the answer as the officer would type it")
    u.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help='one {"question": ID, "text": "..."} per line ("-": standard input); one reading per line out',
    )
    u.add_argument(
        "--format",
        choices=["text", "json"],
        default=None,
        help="text (the default for one answer) or json (the default with --batch: JSON Lines)",
    )

    # --rules/--dialogues are global options; accepted after `check` too. SUPPRESS, not None: a
    # subparser's default would overwrite a value given before the subcommand.
    ck = sub.add_parser(
        "check", help="check the rule base: dead and redundant rules, gaps, overlaps, citations"
    )
    ck.add_argument(
        "--rules", type=Path, default=argparse.SUPPRESS, help="a rule base folder (default: the shipped one)"
    )
    ck.add_argument(
        "--dialogues",
        type=Path,
        default=argparse.SUPPRESS,
        help="a dialogues folder (default: the shipped one)",
    )
    ck.add_argument(
        "--report",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="the report's numbered text (JSON or Markdown): every cited paragraph, page and quote is "
        "checked against it (default: $INTEGRATION_ASSISTANT_REPORT, or report.json in the home; "
        "without one, these are not checked)",
    )

    ws = sub.add_parser(
        "workshop", help="for trainers: the live board of a workshop, and summaries of training transcripts"
    )
    wsub = ws.add_subparsers(dest="workshop_command")
    wss = wsub.add_parser(
        "summary", help="per training case: predictions, answers unlike the key, missed flags, scores"
    )
    wss.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="training transcripts (JSON), folders of them, workshop folders (their debriefs) "
        "or participants' homes (their training/ folder)",
    )
    report_options(wss)
    wsb = wsub.add_parser("board", help="the facilitator's live board: results gather as debriefs arrive")
    wsb.add_argument(
        "workshop",
        nargs="*",
        metavar="INPUT",
        help="a workshop name under the home, a workshop folder, a folder of debriefs (followed as "
        "files arrive), participants' homes or files (default: the latest workshop)",
    )
    wsp = wsub.add_parser("participant", help="(started by serve) one participant's app, in their own home")
    wsp.add_argument("folder", type=Path, metavar="WORKSHOP_FOLDER")
    wsp.add_argument("--id", required=True, help="the participant id the server gave")

    cp = sub.add_parser(
        "compare", help="two or more JSON transcripts side by side, marking where they differ"
    )
    cp.add_argument(
        "transcripts",
        nargs="+",
        type=Path,
        metavar="TRANSCRIPT",
        help="transcripts (JSON), folders of them, workshop folders or participants' homes",
    )
    report_options(cp)
    global_options_everywhere(p)
    return p


def global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """The options that apply to every command (--rules, --dialogues, --report, --home) are taken
    after the subcommand too (`serve --home DIR`), at every level. SUPPRESS, not None: a
    subcommand's default would overwrite a value given before the subcommand."""
    top = [a for a in parser._actions if any(o in GLOBAL_OPTIONS for o in a.option_strings)]
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]

    def add(sub: argparse.ArgumentParser) -> None:
        for action in top:
            if not any(o in sub._option_string_actions for o in action.option_strings):
                sub.add_argument(
                    *action.option_strings,
                    type=Path,
                    metavar=action.metavar,
                    default=argparse.SUPPRESS,
                    help=action.help,
                )
        for group in sub._actions:
            if isinstance(group, argparse._SubParsersAction):
                for child in dict.fromkeys(group.choices.values()):
                    add(child)

    for group in subparsers:
        for child in dict.fromkeys(group.choices.values()):
            add(child)


def report_options(parser: argparse.ArgumentParser) -> None:
    """--format/--output/--force of the reports (workshop summary, compare)."""
    parser.add_argument(
        "--format",
        choices=["markdown", "html"],
        default=None,
        help="default: markdown, or from the --output file's extension",
    )
    parser.add_argument(
        "--output", "-o", type=Path, help="write to this file (or folder) instead of standard output"
    )
    parser.add_argument("--force", action="store_true", help="with --output: overwrite an existing file")
