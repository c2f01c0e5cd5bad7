"""The command line's options and subcommands (argparse), with the global options (--rules,
--dialogues, --report, --home, --lang) taken before or after the subcommand.

Its words are the language's in force (:mod:`assistant.i18n`), argparse's own ("usage:",
"options", "error:", its error messages) included: they are argparse's gettext messages, which
:class:`Parser` and :class:`Formatter` pass through the project's catalogs instead."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__
from ..i18n import LANGUAGES, N_, NBSP, _, language, parse_option
from ..usertext import for_terminal

ACCEPT_INFERRED_HELP = N_(
    "take answers written in words that are read by inference ('not very hostile' as moderate), "
    "as the chat would once the officer confirmed them; without it they are refused, naming the reading"
)

GLOBAL_OPTIONS = ("--rules", "--dialogues", "--report", "--home", "--lang")

# argparse's error messages (Python 3.11 onwards), as they read in English → their marked text.
# Each is matched whole; one that is not listed shows in English.
_ARGPARSE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), t)
    for p, t in (
        (r"the following arguments are required: (?P<a>.+)", N_("the following arguments are required: {a}")),
        (r"unrecognized arguments: (?P<a>.+)", N_("unrecognized arguments: {a}")),
        (r"argument (?P<a>\S+): expected one argument", N_("argument {a}: expected one argument")),
        (
            r"argument (?P<a>\S+): expected at least one argument",
            N_("argument {a}: expected at least one argument"),
        ),
        (
            r"argument (?P<a>\S+): invalid choice: (?P<v>.+) \(choose from (?P<c>.+)\)",
            N_("argument {a}: invalid choice: {v} (choose from {c})"),
        ),
        (r"argument (?P<a>\S+): invalid int value: (?P<v>.+)", N_("argument {a}: invalid whole number: {v}")),
        (r"argument (?P<a>\S+): invalid float value: (?P<v>.+)", N_("argument {a}: invalid number: {v}")),
        (
            r"ambiguous option: (?P<a>\S+) could match (?P<c>.+)",
            N_("ambiguous option: {a} could match {c}"),
        ),
    )
]


def argparse_message(message: str) -> str:
    """One of argparse's error messages in the language in force."""
    if language() == "en":
        return message
    for pattern, text in _ARGPARSE_ERRORS:
        m = pattern.fullmatch(message)
        if m:
            return _(text).format(**m.groupdict())
    return message


class Formatter(argparse.HelpFormatter):
    """argparse's help, its own words ("usage:", the section headings) in the language in force."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        # argparse writes "heading:"; French sets a non-breaking space before the colon
        super().start_section(heading + NBSP if heading and language() == "fr" else heading)


class Parser(argparse.ArgumentParser):
    """argparse, with what the user typed shown escaped in its error messages, and its words in
    the language in force."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any):
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False  # ours, with its words translated, below
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            2,
            _("{prog}: error: {message}\n").format(
                prog=self.prog, message=for_terminal(argparse_message(message))
            ),
        )


def language_option(value: str) -> str:
    """``--lang``: en or fr (argparse's type); the command line refuses anything else first."""
    try:
        return parse_option(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("unknown language '{value}': choose one of {offered}").format(
                value=value, offered=", ".join(LANGUAGES)
            )
        ) from None


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="integration-assistant",
        description=_(
            "Recommends a UN integration model and flags the conflicts to plan for, citing the report."
        ),
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    p.add_argument("--rules", type=Path, help=_("a rule base folder (default: the shipped one)"))
    p.add_argument("--dialogues", type=Path, help=_("a dialogues folder (default: the shipped one)"))
    p.add_argument(
        "--resume",
        nargs="?",
        const="latest",
        metavar="ID",
        help=_("resume a saved session (the latest when no ID is given)"),
    )
    p.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help=_(
            "your copy of the report's numbered text (JSON or Markdown): the passage viewer then shows "
            "each quote in its paragraph (default: $INTEGRATION_ASSISTANT_REPORT, or report.json in the home)"
        ),
    )
    p.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help=_("where sessions are saved (default: $INTEGRATION_ASSISTANT_HOME, else the user data folder)"),
    )
    p.add_argument(
        "--lang",
        type=language_option,
        metavar="LANG",
        help=_(
            "the language of the assistant: en or fr (default: $INTEGRATION_ASSISTANT_LANG, the "
            "settings file's, else the locale's)"
        ),
    )
    sub = p.add_subparsers(dest="command")

    a = sub.add_parser("assess", help=_("consult the rule base on an answers file, without the chat"))
    a.add_argument("file", nargs="?", type=Path, help=_("answers as YAML or JSON"))
    a.add_argument("--batch", type=Path, help=_("a JSON Lines file: one answers mapping per line"))
    a.add_argument(
        "--format",
        choices=["json", "markdown", "html", "docx"],
        default=None,
        help=_(
            "without --output: the result as JSON (default) or Markdown (html: the transcript page); "
            "with --output: a transcript in this format (default: from the file's extension, else json)"
        ),
    )
    a.add_argument(
        "--output",
        "-o",
        type=Path,
        help=_("write a transcript to this file (or folder) instead of standard output"),
    )
    a.add_argument("--force", action="store_true", help=_("with --output: overwrite an existing file"))
    a.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_(
            "with --batch: write a result for every good line and an error record for each bad one "
            "(exit status 2 still tells that a line was bad)"
        ),
    )
    a.add_argument("--accept-inferred", action="store_true", help=_(ACCEPT_INFERRED_HELP))

    rc = sub.add_parser(
        "recheck", help=_("replay a JSON transcript against the current rule base and say what changed")
    )
    rc.add_argument("transcript", type=Path, help=_("a transcript written with --format json --output"))

    r = sub.add_parser("rules", help=_("the compiled rule base, with conditions and citations"))
    r.add_argument("--format", choices=["json", "markdown"], default="json")

    sv = sub.add_parser(
        "serve",
        help=_("run a workshop: participants join by a link with a code, each in a home of their own"),
    )
    sv.add_argument(
        "--workshop",
        metavar="NAME",
        help=_("the workshop folder under the home, created or reopened (default: today's date)"),
    )
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("address to bind (default: loopback only; 0.0.0.0 for the room's network)"),
    )
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument(
        "--public-url",
        metavar="URL",
        help=_("the address participants' browsers reach, e.g. https://workshop.example.org"),
    )
    sv.add_argument(
        "--max-participants",
        type=int,
        default=40,
        metavar="N",
        help=_("participants working at once (default: 40)"),
    )
    sv.add_argument(
        "--idle-timeout",
        type=float,
        default=30.0,
        metavar="MINUTES",
        help=_("close an app nobody has typed in for this long (default: 30)"),
    )
    sv.add_argument(
        "--new-codes", action="store_true", help=_("replace the workshop's join and facilitator codes")
    )

    tr = sub.add_parser("train", help=_("training: work through a case (the chat), or debrief one headless"))
    tr.add_argument("case", nargs="?", help=_("a training case id (without: pick one in the chat)"))
    tr.add_argument("--answers", type=Path, help=_("headless: the learner's answers (YAML or JSON)"))
    tr.add_argument("--predict", help=_("headless: the model the learner predicts"))
    tr.add_argument(
        "--predict-flags", default="", help=_("headless: the flags the learner expects, comma-separated")
    )
    tr.add_argument("--participant", help=_("headless: the participant's name, in the debrief (officer)"))
    tr.add_argument("--format", choices=["json", "markdown", "html", "docx"], default=None)
    tr.add_argument("--output", type=Path, help=_("write the debrief transcript here"))
    tr.add_argument("--force", action="store_true", help=_("replace an existing output file"))
    tr.add_argument("--accept-inferred", action="store_true", help=_(ACCEPT_INFERRED_HELP))

    q = sub.add_parser("questions", help=_("the questions and their answer vocabulary"))
    q.add_argument("--format", choices=["json", "text"], default="text")

    u = sub.add_parser(
        "understand",
        help=_("what the chat would do with a typed answer: record it, ask to confirm a reading, or ask"),
        description=_(
            "What the chat would do with TEXT typed for QUESTION: record it as an option, ask the "
            "officer to confirm a reading made by inference, or ask which option is meant."
        ),
    )
    u.add_argument(
        "question",
        nargs="?",
        metavar="QUESTION",
        help=_("a question's id, number or name (quote a name of several words)"),
    )
    u.add_argument("text", nargs="*", metavar="TEXT", help=_("the answer as the officer would type it"))
    u.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help=_(
            'one {"question": ID, "text": "..."} per line ("-": standard input); one reading per line out'
        ),
    )
    u.add_argument(
        "--format",
        choices=["text", "json"],
        default=None,
        help=_("text (the default for one answer) or json (the default with --batch: JSON Lines)"),
    )

    # --rules/--dialogues are global options; accepted after `check` too. SUPPRESS, not None: a
    # subparser's default would overwrite a value given before the subcommand.
    ck = sub.add_parser(
        "check", help=_("check the rule base: dead and redundant rules, gaps, overlaps, citations")
    )
    ck.add_argument(
        "--rules",
        type=Path,
        default=argparse.SUPPRESS,
        help=_("a rule base folder (default: the shipped one)"),
    )
    ck.add_argument(
        "--dialogues",
        type=Path,
        default=argparse.SUPPRESS,
        help=_("a dialogues folder (default: the shipped one)"),
    )
    ck.add_argument(
        "--report",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help=_(
            "the report's numbered text (JSON or Markdown): every cited paragraph, page and quote is "
            "checked against it (default: $INTEGRATION_ASSISTANT_REPORT, or report.json in the home; "
            "without one, these are not checked)"
        ),
    )

    ws = sub.add_parser(
        "workshop",
        help=_("for trainers: the live board of a workshop, and summaries of training transcripts"),
    )
    wsub = ws.add_subparsers(dest="workshop_command")
    wss = wsub.add_parser(
        "summary", help=_("per training case: predictions, answers unlike the key, missed flags, scores")
    )
    wss.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=_(
            "training transcripts (JSON), folders of them, workshop folders (their debriefs) "
            "or participants' homes (their training/ folder)"
        ),
    )
    report_options(wss)
    wsb = wsub.add_parser("board", help=_("the facilitator's live board: results gather as debriefs arrive"))
    wsb.add_argument(
        "workshop",
        nargs="*",
        metavar="INPUT",
        help=_(
            "a workshop name under the home, a workshop folder, a folder of debriefs (followed as "
            "files arrive), participants' homes or files (default: the latest workshop)"
        ),
    )
    wsp = wsub.add_parser(
        "participant", help=_("(started by serve) one participant's app, in their own home")
    )
    wsp.add_argument("folder", type=Path, metavar="WORKSHOP_FOLDER")
    wsp.add_argument("--id", required=True, help=_("the participant id the server gave"))

    cp = sub.add_parser(
        "compare", help=_("two or more JSON transcripts side by side, marking where they differ")
    )
    cp.add_argument(
        "transcripts",
        nargs="+",
        type=Path,
        metavar="TRANSCRIPT",
        help=_("transcripts (JSON), folders of them, workshop folders or participants' homes"),
    )
    report_options(cp)
    global_options_everywhere(p)
    return p


def global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """The options that apply to every command (--rules, --dialogues, --report, --home, --lang) are taken
    after the subcommand too (`serve --home DIR`), at every level. SUPPRESS, not None: a
    subcommand's default would overwrite a value given before the subcommand."""
    top = [a for a in parser._actions if any(o in GLOBAL_OPTIONS for o in a.option_strings)]
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]

    def add(sub: argparse.ArgumentParser) -> None:
        for action in top:
            if not any(o in sub._option_string_actions for o in action.option_strings):
                sub.add_argument(
                    *action.option_strings,
                    type=action.type if action.type is not None else str,
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
        help=_("default: markdown, or from the --output file's extension"),
    )
    parser.add_argument(
        "--output", "-o", type=Path, help=_("write to this file (or folder) instead of standard output")
    )
    parser.add_argument("--force", action="store_true", help=_("with --output: overwrite an existing file"))
