"""The command line: `integration-assistant [assess|recheck|rules|questions] …`."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .usertext import for_terminal, json_for_terminal

ACCEPT_INFERRED_HELP = (
    "take answers written in words that are read by inference ('not very hostile' as moderate), "
    "as the chat would once the officer confirmed them; without it they are refused, naming the reading"
)


class _Parser(argparse.ArgumentParser):
    """argparse, with what the user typed shown escaped in its error messages."""

    def error(self, message: str):
        super().error(for_terminal(message))


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
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
    _report_options(wss)
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
    _report_options(cp)
    _global_options_everywhere(p)
    return p


GLOBAL_OPTIONS = ("--rules", "--dialogues", "--report", "--home")


def _global_options_everywhere(parser: argparse.ArgumentParser) -> None:
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


def _report_options(parser: argparse.ArgumentParser) -> None:
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
        if args.command == "train":
            return _train(args)
        if args.command == "questions":
            return _questions(args)
        if args.command == "understand":
            return _understand(args)
        if args.command == "check":
            from .home import find_report, home_directory
            from .knowledge.check import run_check

            report = find_report(args.report, home_directory(args.home))  # as the passage viewer finds it
            return run_check(args.rules, args.dialogues, report=report)
        if args.command == "workshop":
            return _workshop(args)
        if args.command == "compare":
            return _compare(args)
        return _chat(args)
    except InputError as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _show(text: str, fmt: str = "text") -> None:
    """Write to standard output, which a terminal may act on: control characters in user text
    are shown escaped (in JSON as \\u escapes, so it is still the same data)."""
    sys.stdout.write(json_for_terminal(text) if fmt == "json" else for_terminal(text))


def _say(message: str) -> None:
    """One line to standard error, escaped like standard output."""
    print(f"integration-assistant: {for_terminal(message)}", file=sys.stderr)


def _chat(args, training: str | None = None, kb=None) -> int:
    """The chat. It paints its first screen at once and loads the knowledge and the saved
    sessions behind it; a knowledge folder that does not load ends it with the one-line error."""
    import gc

    from .home import find_report, home_directory, log_file

    # Nothing made while starting up is garbage worth a pause: the collector waits until the
    # app has loaded what it keeps (it sets the collector up for the chat then).
    gc.disable()
    from .tui.app import IntegrationAssistantApp

    home = home_directory(args.home)
    app = IntegrationAssistantApp(
        kb=kb,
        knowledge=(lambda: _knowledge(args)) if kb is None else None,
        sessions=home / "sessions",
        resume=args.resume,
        training=training,
        log_file=log_file(args.home),
        report=find_report(args.report, home),
    )
    try:
        app.run()
    finally:
        gc.enable()
    if app.load_error is not None:
        raise InputError(app.load_error)
    return 0


def _log_file(args=None) -> str | None:
    """Where library log records go while the terminal UI runs (see :func:`assistant.home.log_file`)."""
    from .home import log_file

    return log_file(args.home if args is not None else None)


def _serve(args) -> int:
    """serve: a workshop folder under the home, one join link, a facilitator's link."""
    import datetime as dt
    import os

    from .home import CACHE_ENV, find_report, home_directory
    from .workshop.address import listening
    from .workshop.folder import WorkshopFolder
    from .workshop.server import WorkshopServer

    if args.max_participants < 1:
        raise InputError(f"--max-participants {args.max_participants}: give at least 1")
    if not args.idle_timeout > 0:
        raise InputError(f"--idle-timeout {args.idle_timeout:g}: give a number of minutes above 0")
    where = listening(args.host, args.port, args.public_url)
    home = home_directory(args.home).resolve()
    workshop = WorkshopFolder.open(
        home, args.workshop or dt.date.today().isoformat(), new_codes=args.new_codes
    )
    # The room's apps (participants, boards) write nowhere outside the workshop folder: the
    # knowledge files they parse are cached there too, shared by all of them.
    os.environ[CACHE_ENV] = str((workshop.path / "cache").resolve())
    base = [sys.executable, "-m", "assistant"]
    for option in ("rules", "dialogues"):
        if getattr(args, option):
            base += [f"--{option}", str(Path(getattr(args, option)).resolve())]
    report = find_report(args.report, home)  # the facilitator's copy serves every participant
    if report is not None:
        base += ["--report", str(Path(report).resolve())]
    folder = str(workshop.path.resolve())

    def participant_command(participant: str, participant_home: str) -> list[str]:
        return [*base, "--home", participant_home, "workshop", "participant", folder, "--id", participant]

    server = WorkshopServer(
        workshop,
        where,
        participant_command=participant_command,
        board_command=[*base, "--home", str(home), "workshop", "board", folder],
        max_participants=args.max_participants,
        idle_timeout=args.idle_timeout * 60,
    )
    lines = [f"Workshop {workshop.name} (folder {workshop.path})"]
    if where.addresses:
        lines.append(
            f"Listening on all of this machine's addresses ({', '.join(where.addresses)}); the links use "
            f"{where.addresses[0]} (--public-url chooses another)."
        )
    elif args.host in ("0.0.0.0", "::") and args.public_url is None:
        lines.append("This machine has no address but loopback: the links work on this machine only.")
    lines += [
        f"  Participants join at:  {server.join_url}",
        f"  Facilitator's board:   {server.facilitator_url}   (keep this link to yourself)",
        f"Up to {args.max_participants} participants at once; an app nobody types in for "
        f"{args.idle_timeout:g} minutes closes. Ctrl+C stops the workshop.",
    ]
    if (
        not args.host.startswith("127.")
        and args.host != "localhost"
        and not server.public_url.startswith("https:")
    ):
        lines.append(
            "Plain http: anyone on this network can read the traffic. Use TLS through a reverse proxy "
            "on a network you do not trust (see the README)."
        )
    server.banner = for_terminal("\n".join(lines))  # a workshop name or folder as typed, escapes shown
    try:
        server.serve()
    except OSError as exc:
        raise InputError(
            f"--host {args.host} --port {args.port}: cannot listen there ({exc.strerror or exc})"
        ) from None
    return 0


def _knowledge(args):
    from .knowledge.loader import load_knowledge, shipped_knowledge

    if args.rules or args.dialogues:
        return load_knowledge(args.rules, args.dialogues)
    return shipped_knowledge()


def _assess(args) -> int:
    from .consultation.answers import answers_from_data, read_answers
    from .consultation.consult import consult
    from .knowledge.yamlfile import parse, read_text

    kb = _knowledge(args)
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
        raise InputError("assess takes an answers FILE, or --batch FILE.jsonl")
    if args.force and args.output is None:
        raise InputError("--force goes with --output FILE")
    if args.skip_invalid and not args.batch:
        raise InputError("--skip-invalid goes with --batch FILE.jsonl")
    if args.batch and (args.output is not None or args.format in ("html", "docx")):
        raise InputError(
            "--batch writes JSON or Markdown to standard output; --output, html and docx take one answers FILE"
        )
    if args.format == "docx" and args.output is None:
        raise InputError("docx is a binary format: give --output FILE.docx")
    if args.output is not None or (args.format in ("html", "markdown") and not args.batch):
        return _transcript(args, kb)
    if args.batch:
        text = read_text(args.batch)
        out = []
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
        return _batch_results(out, bad, kb, args)
    doc = read_answers(kb, args.file, accept_inferred=args.accept_inferred)
    result = consult(doc.answers, kb, with_sensitivity=True)
    _show(result.model_dump_json(indent=2) + "\n", "json")
    return 0


def _batch_results(good: list, bad: dict[int, str], kb, args) -> int:
    """Every bad line is reported on stderr (exit 2). Without --skip-invalid nothing is written
    to stdout then; with it, each line gets its result or an error record, in input order."""
    for message in bad.values():
        _say(message)
    if bad and not args.skip_invalid:
        return 2
    results = iter(_consult_many([(answers, said) for _, answers, said in good], kb, args.format))
    lines = sorted([n for n, _, _ in good] + list(bad))
    for n in lines:
        if n in bad:
            _show(_error_record(n, bad[n], args.format) + "\n", args.format)
        else:
            _show(next(results) + "\n", args.format)
    return 2 if bad else 0


def _error_record(line: int, message: str, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"line": line, "error": message}, ensure_ascii=False)
    return f"# Line {line}: not consulted\n\n{message}\n"


def _answers_document(path: Path, kb, accept_inferred: bool = False):
    """An answers file for a transcript, with its session details and notes checked (unknown
    keys refused). Printing the result alone (no --output) reads the file as before."""
    from .consultation.answers import answers_from_data
    from .knowledge.yamlfile import parse, read_text
    from .transcripts.headless import document_extras

    name = str(path)
    text = read_text(path)
    doc = answers_from_data(kb, parse(text, name), text, name, accept_inferred=accept_inferred)
    details, notes = document_extras(kb, doc, text, name)
    return doc, details, notes


def _transcript(args, kb) -> int:
    """assess FILE --output PATH (any format), or --format html|markdown to standard output: the
    transcript, with the file's session details and notes."""
    from .transcripts import build_transcript, export, write_transcript

    doc, details, notes = _answers_document(args.file, kb, args.accept_inferred)
    transcript = build_transcript(kb, answers=doc.answers, details=details, notes=notes, said=doc.said)
    if args.output is None:
        _show(export(transcript, args.format).decode("utf-8"), args.format)
        return 0
    path = write_transcript(transcript, args.format, args.output, force=args.force)
    _say(f"wrote {path}")
    return 0


def _train(args) -> int:
    """`train [CASE]` opens the chat in training; with --answers it debriefs headless."""
    kb = _knowledge(args)
    headless = args.answers is not None or args.predict is not None or args.output is not None
    if args.case:
        args.case = _named(args.case, {c.id: [c.title] for c in kb.cases}, "training case")
    if not headless:
        return _chat(args, training=args.case or "", kb=kb)
    from .consultation.answers import read_answers
    from .training.debrief import Prediction, debrief
    from .transcripts import build_transcript, export, write_transcript

    if not args.case:
        raise InputError(f"name the training case (cases: {', '.join(c.id for c in kb.cases)})")
    case = kb.case(args.case)
    if case is None:
        raise InputError(f"no training case '{args.case}' (cases: {', '.join(c.id for c in kb.cases)})")
    if args.answers is None or args.predict is None:
        raise InputError("headless training needs --answers FILE and --predict MODEL")
    args.predict = _named(args.predict, {m.id: [m.label] for m in kb.models.values()}, "model", "--predict")
    flags = _named_many(
        args.predict_flags, {f.id: [f.title] for f in kb.flags.values()}, "flag", "--predict-flags"
    )
    doc = read_answers(kb, args.answers, accept_inferred=args.accept_inferred)
    answers = doc.answers
    result = debrief(kb, case, answers, Prediction(model=args.predict, flags=flags))
    fmt = args.format or (_format_of(args.output) if args.output else "json")
    from .training.saved import clean_name
    from .transcripts.model import TranscriptDetails

    participant = clean_name(args.participant or "")
    details = TranscriptDetails(officer=participant) if participant else None
    if args.output is None:
        if fmt == "docx":
            raise InputError("docx is a binary format: give --output FILE.docx")
        transcript = build_transcript(kb, answers=answers, training=result, said=doc.said, details=details)
        _show(export(transcript, fmt).decode("utf-8"), fmt)
        return 0
    transcript = build_transcript(kb, answers=answers, training=result, said=doc.said, details=details)
    if args.output.is_dir():  # a folder: the file named for the case and the participant
        from .training.saved import debrief_filename

        args.output = args.output / debrief_filename(case, participant, fmt)
    path = write_transcript(transcript, fmt, args.output, force=args.force)
    _say(f"wrote {path} (score {result.score.total}/100)")
    return 0


def _named(text: str, names: dict, what: str, option: str = "") -> str:
    """An id given by its id or its name ("liberia", "two feet in"); InputError with the closest."""
    from .consultation.matching import find_named

    try:
        return find_named(text, names, what)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}" if option else str(exc)) from None


def _named_many(text: str, names: dict, what: str, option: str) -> list[str]:
    from .consultation.matching import find_many

    try:
        return find_many(text, names, what)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


def _format_of(path: Path) -> str:
    return {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}.get(
        path.suffix.lower(), "json"
    )


def _recheck(args) -> int:
    """Exit 0 when the transcript's result still stands, 1 when it changed or was altered."""
    from .knowledge.yamlfile import line_of, read_text
    from .transcripts import load_transcript, recheck
    from .transcripts.model import AnswerMismatch

    transcript = load_transcript(args.transcript)
    try:
        report = recheck(transcript, _knowledge(args))
    except AnswerMismatch as exc:
        line = line_of(read_text(args.transcript), ("answers", exc.index, "answer")) or 1
        raise InputError(f"{args.transcript}:{line}: {exc}") from None
    _show("\n".join([f"Rechecked {args.transcript}", *report.lines()]) + "\n")
    return 1 if report.changed or report.altered else 0


def _consult_one(item: tuple, kb, fmt: str) -> str:
    """One batch line's result: ``item`` is (answers, the words written for them)."""
    from .consultation.consult import consult

    answers, said = item
    result = consult(answers, kb, with_sensitivity=True)
    return result.model_dump_json() if fmt == "json" else _markdown(result, kb, said)


_POOL: dict[str, Any] = {}  # what each worker process of a large batch was given at its start


def _pool_init(kb) -> None:
    _POOL["kb"] = kb


def _pool_consult(item: tuple) -> str:
    line, fmt = item
    return _consult_one(line, _POOL["kb"], fmt)


def _consult_many(batch: list, kb, fmt: str):
    """Results in input order; large batches are spread over the machine's cores."""
    import multiprocessing
    import os

    jobs = min(os.cpu_count() or 1, 8)
    if jobs < 2 or len(batch) < 64 or "fork" not in multiprocessing.get_all_start_methods():
        for line in batch:
            yield _consult_one(line, kb, fmt)
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_pool_init, initargs=(kb,)) as pool:
        yield from pool.imap(_pool_consult, [(line, fmt) for line in batch], chunksize=16)


def _markdown(result, kb, said=None) -> str:
    """One result as the Markdown transcript (the brief, then the annex), with the words written
    for its answers."""
    from .transcripts import build_transcript, export

    answers = {q: tuple(v) if isinstance(v, list) else (v,) for q, v in result.answers.items()}
    transcript = build_transcript(kb, answers=answers, result=result, said=said or None)
    return export(transcript, "markdown").decode("utf-8")


def _rules(args) -> int:
    from .knowledge.export import rulebase_document, rulebase_markdown

    kb = _knowledge(args)
    if args.format == "json":
        _show(json.dumps(rulebase_document(kb), indent=2, ensure_ascii=False) + "\n", "json")
    else:
        _show(rulebase_markdown(kb))
    return 0


def _questions(args) -> int:
    kb = _knowledge(args)
    if args.format == "json":
        doc = [q.model_dump(mode="json", exclude_none=True) | {"accepts_unknown": True} for q in kb.questions]
        _show(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "json")
        return 0
    lines = []
    for q in kb.questions:
        kind = "several" if q.multi else "one"
        lines += [f"{q.id}  ({q.topic}; choose {kind})", f"  {q.prompt}"]
        lines += [f"    {i}. {o.id:<28} {o.label}" for i, o in enumerate(q.options, 1)]
        lines.append(f"    {len(q.options) + 1}. {'unknown':<28} Unknown")
    _show("\n".join(lines) + "\n")
    return 0


OUTCOME_WORDS = {
    "record": "recorded as typed",
    "confirm": "the chat asks the officer to confirm this reading",
    "ask": "nothing recorded: the chat asks which option is meant",
}


def _understand(args) -> int:
    """understand QUESTION TEXT... | understand --batch FILE.jsonl: what the chat would do with
    typed answers. One answer: exit 0. A batch: 0 when every line was read, 1 when any was not."""
    from .consultation.understand import understand

    fmt = args.format or ("json" if args.batch is not None else "text")
    if args.batch is not None:
        if args.question is not None:
            raise InputError("understand takes QUESTION TEXT, or --batch FILE.jsonl, not both")
        return _understand_batch(args, fmt)
    if args.question is None or not args.text:
        raise InputError("understand takes QUESTION TEXT (e.g. understand hostility not very hostile)")
    text = " ".join(args.text)
    if not _is_utf8(text):
        raise InputError("TEXT: not UTF-8 text")
    kb = _knowledge(args)
    q = _question(kb, args.question)
    u = understand(q, text, kb.questions)
    if fmt == "json":
        _show(json.dumps(_reading_record(q, text, u), ensure_ascii=False) + "\n", "json")
        return 0
    options = _options_named(q, u.options)
    candidates = _options_named(q, u.candidates) or "none"
    lines = [
        f"{q.id} ({q.name}): “{_one_line(text)}”",
        f"  {u.outcome}: " + (f"{options}; " if u.outcome != "ask" else "") + OUTCOME_WORDS[u.outcome],
        f"  candidates: {candidates}",
        f"  reading: {_one_line(u.reading)}",
    ]
    _show("\n".join(lines) + "\n")
    return 0


def _is_utf8(text: str) -> bool:
    """False for text holding lone surrogates (bytes of an argument that were not UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _question(kb, text: str):
    """A question by its id, number, name or words of its name; InputError with the closest."""
    from .consultation.matching import find_question

    lookup = find_question(kb, text)
    if lookup.question is not None:
        return lookup.question
    if lookup.ambiguous:
        ids = ", ".join(q.id for q in lookup.ambiguous)
        raise InputError(f"'{_one_line(text)}' could be several questions: {ids}")
    hint = lookup.hint() or f" (questions: {', '.join(q.id for q in kb.questions)})"
    named = f"no question '{_one_line(text)}'"
    raise InputError(f"{named}.{hint}" if hint.startswith(" Did") else f"{named}{hint}")


def _options_named(q, ids) -> str:
    """'moderate (Moderate: some tension), high (High: …)'."""
    return ", ".join(f"{o} ({q.label_of(o)})" for o in ids)


def _reading_record(q, text: str, u) -> dict[str, Any]:
    """One reading as JSON: ``option`` is an id, a list of ids for a multi-select question, or
    null when the chat would ask."""
    option: Any = None
    if u.outcome != "ask" and u.options:
        option = list(u.options) if q.multi else u.options[0]
    return {
        "question": q.id,
        "text": text,
        "outcome": u.outcome,
        "option": option,
        "candidates": list(u.candidates),
        "reading": u.reading,
    }


def _batch_lines(source: str):
    """(line number, its text, or None and why not) for each line of a file, or of standard
    input (``-``), read as it comes. Lines end at a newline only, as in JSON Lines."""
    from .knowledge.bounds import MAX_BYTES
    from .knowledge.yamlfile import read_file

    def decoded(n: int, raw: bytes) -> tuple[int, str | None, str]:
        try:
            text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError:
            return n, None, "not UTF-8 text"
        return n, text, ""

    if source != "-":
        data = read_file(Path(source))
        for n, raw in enumerate(data.split(b"\n"), 1):
            yield decoded(n, raw)
        return
    stream = sys.stdin.buffer
    n = 0
    while True:
        raw = stream.readline(MAX_BYTES + 1)
        if not raw:
            return
        n += 1
        if len(raw) > MAX_BYTES:
            while raw and not raw.endswith(b"\n"):  # the rest of the line is dropped
                raw = stream.readline(MAX_BYTES + 1)
            yield n, None, f"longer than {MAX_BYTES // (1024 * 1024)} MB"
            continue
        yield decoded(n, raw.removesuffix(b"\n"))


def _understand_line(kb, text: str, name: str) -> tuple[dict[str, Any] | None, str]:
    """One batch line read: its reading as JSON, or None and what is wrong with the line."""
    from .consultation.matching import did_you_mean, suggest
    from .consultation.understand import understand
    from .knowledge.yamlfile import parse

    try:
        data = parse(text, name, json_only=True)
    except InputError as exc:
        return None, re.sub(rf"^{re.escape(name)}(:\d+)?: ", "", str(exc), count=1)
    if not isinstance(data, dict):
        return None, 'expected an object: {"question": ID, "text": "..."}'
    if "question" not in data:
        return None, 'no "question" (each line is {"question": ID, "text": "..."})'
    qid = data["question"]
    if not isinstance(qid, str):
        return None, f'"question" must be a question id (a string), not {_kind(qid)}'
    q = kb.question(qid)
    if q is None:
        ids = [x.id for x in kb.questions]
        near = did_you_mean([repr(x) for x in suggest(qid, ids)]) or f" (questions: {', '.join(ids)})"
        return None, f"unknown question '{qid}'{near if near.startswith(' (') else '.' + near}"
    if "text" not in data:
        return None, f'no "text" (the answer typed for {q.id})'
    if not isinstance(data["text"], str):
        return None, f'"text" must be a string, not {_kind(data["text"])}'
    return _reading_record(q, data["text"], understand(q, data["text"], kb.questions)), ""


def _kind(value: Any) -> str:
    """What a JSON value is, in words: 'a number', 'a list'…"""
    if isinstance(value, bool):
        return "true or false"
    kinds = {int: "a number", float: "a number", list: "a list", dict: "an object", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def _one_line(text: str) -> str:
    """Text shown within one line of output: line breaks as \\n and \\r."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _understand_batch(args, fmt: str) -> int:
    """One line out per line in, in order: its reading, or {"line": n, "error": …}; blank lines
    are skipped (their numbers still count). Standard input is answered line by line."""
    source = args.batch
    name = "standard input" if source == "-" else source
    kb = _knowledge(args)
    read = bad = 0
    for n, text, unreadable in _batch_lines(source):
        if text is not None and not text.strip():
            continue
        record, problem = (None, unreadable) if text is None else _understand_line(kb, text, name)
        if record is None:
            bad += 1
            out = {"line": n, "error": problem}
            line = (
                json.dumps(out, ensure_ascii=False) if fmt == "json" else f"{n}: error: {_one_line(problem)}"
            )
        else:
            read += 1
            line = json.dumps(record, ensure_ascii=False) if fmt == "json" else _reading_line(n, record)
        _show(line + "\n", fmt)
        if source == "-":
            sys.stdout.flush()
    if not read and not bad:
        raise InputError(f"{name}:1: nothing to read (no lines)")
    if bad:
        _say(f"{name}: {bad} of {read + bad} line{'s' * (read + bad != 1)} not read")
    return 1 if bad else 0


def _reading_line(n: int, record: dict[str, Any]) -> str:
    """A reading on one line: '3: hostility “not very hostile” → confirm moderate; why'."""
    option = record["option"]
    ids = ", ".join(option) if isinstance(option, list) else option
    if record["outcome"] == "ask":
        offered = ", ".join(record["candidates"]) or "every option"
        what = f"ask (offers {offered})"
    else:
        what = f"{record['outcome']} {ids}"
    return f"{n}: {record['question']} “{_one_line(record['text'])}” → {what}; {_one_line(record['reading'])}"


def _write_report(args, text: str, default_name: str) -> int:
    """A report (workshop summary, comparison) to standard output, or to --output safely."""
    from .transcripts.files import write_file

    if args.output is None:
        if args.force:
            raise InputError("--force goes with --output FILE")
        _show(text)
        return 0
    path = (
        args.output / f"{default_name}.{'html' if args.format == 'html' else 'md'}"
        if args.output.is_dir()
        else args.output
    )
    write_file(path, text.encode("utf-8"), force=args.force)
    _say(f"wrote {path}")
    return 0


def _report_format(args) -> str:
    if args.format is None:
        suffix = args.output.suffix.lower() if args.output is not None else ""
        args.format = "html" if suffix in (".html", ".htm") else "markdown"
    return args.format


def _workshop(args) -> int:
    """workshop summary FILES... | board [WORKSHOP] | participant FOLDER --id ID."""
    if args.workshop_command == "board":
        return _board(args)
    if args.workshop_command == "participant":
        return _participant(args)
    if args.workshop_command != "summary":
        raise InputError("workshop takes a subcommand: summary FILES..., or board [WORKSHOP]")
    from .training.workshop import render, summarize_inputs

    if args.force and args.output is None:
        raise InputError("--force goes with --output FILE")
    fmt = _report_format(args)
    summary, problems = summarize_inputs(args.files, args.home)
    for problem in problems:
        _say(f"skipped {problem}")
    return _write_report(args, render(summary, fmt), "workshop-summary")


def _board(args) -> int:
    """The facilitator's live board of a workshop."""
    from .home import home_directory
    from .tui.board import WorkshopBoardApp
    from .workshop.folder import WorkshopFolder
    from .workshop.sources import resolve

    inputs = args.workshop
    source = resolve(inputs, args.home) if inputs else WorkshopFolder.find(args.home, None)
    exports = home_directory(args.home) / "exports"
    WorkshopBoardApp(source, kb=_knowledge(args), log_file=_log_file(args), exports=exports).run()
    return 0


def _participant(args) -> int:
    """One participant's app, as the workshop server starts it: their own home, their debriefs
    handed in to the workshop folder, exports delivered to their browser."""
    from .sessions import SessionStore
    from .tui.app import IntegrationAssistantApp
    from .workshop.folder import PARTICIPANT_ID, WorkshopFolder

    if not PARTICIPANT_ID.fullmatch(args.id):
        raise InputError(f"--id {args.id}: not a participant id")
    if args.home is None:
        raise InputError("workshop participant needs --home (the participant's own home)")
    workshop = WorkshopFolder.at(args.folder, create=False)
    kb = _knowledge(args)
    store = SessionStore(args.home / "sessions", kb=kb)
    app = IntegrationAssistantApp(
        kb=kb,
        store=store,
        log_file=_log_file(args),
        workshop=workshop,
        participant=args.id,
        report=args.report,
    )
    app.run()
    return 0


def _compare(args) -> int:
    """compare TRANSCRIPT...: two or more transcripts side by side."""
    from .transcripts.compare import compare_inputs, render

    if args.force and args.output is None:
        raise InputError("--force goes with --output FILE")
    fmt = _report_format(args)
    comparison, problems = compare_inputs(args.transcripts, args.home)
    for problem in problems:
        _say(f"skipped {problem}")
    return _write_report(args, render(comparison, fmt), "comparison")
