"""`understand QUESTION TEXT...` and `understand --batch FILE.jsonl`: what the chat would do with
typed answers (record, confirm a reading, or ask)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..consultation.matching import did_you_mean, find_question, suggest
from ..consultation.understand import understand as understand_text
from ..errors import InputError
from ..i18n import N_, _, language, ngettext, pgettext, typography
from ..knowledge.bounds import MAX_BYTES
from ..knowledge.yamlfile import parse, read_file
from .common import knowledge, say, show

if TYPE_CHECKING:
    from ..consultation.understand import Understanding
    from ..knowledge.loader import KnowledgeBase
    from ..knowledge.schema import Question

OUTCOME_WORDS = {
    "record": N_("recorded as typed"),
    "confirm": N_("the chat asks the officer to confirm this reading"),
    "ask": N_("nothing recorded: the chat asks which option is meant"),
}
# the outcomes as the text output names them (the JSON keeps the ids)
OUTCOME_NAMES = {"record": N_("record"), "confirm": N_("confirm"), "ask": N_("ask")}


def understand(args: argparse.Namespace) -> int:
    """understand QUESTION TEXT... | understand --batch FILE.jsonl: what the chat would do with
    typed answers. One answer: exit 0. A batch: 0 when every line was read, 1 when any was not."""
    fmt = args.format or ("json" if args.batch is not None else "text")
    if args.batch is not None:
        if args.question is not None:
            raise InputError(_("understand takes QUESTION TEXT, or --batch FILE.jsonl, not both"))
        return _understand_batch(args, fmt)
    if args.question is None or not args.text:
        raise InputError(_("understand takes QUESTION TEXT (e.g. understand hostility not very hostile)"))
    text = " ".join(args.text)
    if not _is_utf8(text):
        raise InputError(_("TEXT: not UTF-8 text"))
    kb = knowledge(args)
    q = _question(kb, args.question)
    u = understand_text(q, text, kb.questions)
    if fmt == "json":
        show(json.dumps(_reading_record(q, text, u), ensure_ascii=False) + "\n", "json")
        return 0
    options = _options_named(q, u.options)
    candidates = _options_named(q, u.candidates) or pgettext("cli", "none")
    lines = [
        f"{q.id} ({q.name}): “{_one_line(text)}”",
        f"  {_(OUTCOME_NAMES[u.outcome])}: "
        + (f"{options}; " if u.outcome != "ask" else "")
        + _(OUTCOME_WORDS[u.outcome]),
        "  " + _("candidates: {candidates}").format(candidates=candidates),
        "  " + _("reading: {reading}").format(reading=_one_line(u.reading)),
    ]
    text_out = "\n".join(lines) + "\n"
    show(typography(text_out) if language() == "fr" else text_out)
    return 0


def _is_utf8(text: str) -> bool:
    """False for text holding lone surrogates (bytes of an argument that were not UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _question(kb: KnowledgeBase, text: str) -> Question:
    """A question by its id, number, name or words of its name; InputError with the closest."""
    lookup = find_question(kb, text)
    if lookup.question is not None:
        return lookup.question
    if lookup.ambiguous:
        ids = ", ".join(q.id for q in lookup.ambiguous)
        raise InputError(
            _("'{text}' could be several questions: {ids}").format(text=_one_line(text), ids=ids)
        )
    hint = lookup.hint() or " " + _("(questions: {ids})").format(ids=", ".join(q.id for q in kb.questions))
    named = _("no question '{text}'").format(text=_one_line(text))
    raise InputError(f"{named}.{hint}" if hint.startswith(" Did") else f"{named}{hint}")


def _options_named(q: Question, ids: Iterable[str]) -> str:
    """'moderate (Moderate: some tension), high (High: …)'."""
    return ", ".join(f"{o} ({q.label_of(o)})" for o in ids)


def _reading_record(q: Question, text: str, u: Understanding) -> dict[str, Any]:
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


def _batch_lines(source: str) -> Iterator[tuple[int, str | None, str]]:
    """(line number, its text, or None and why not) for each line of a file, or of standard
    input (``-``), read as it comes. Lines end at a newline only, as in JSON Lines."""

    def decoded(n: int, raw: bytes) -> tuple[int, str | None, str]:
        try:
            text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError:
            return n, None, _("not UTF-8 text")
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
            yield n, None, _("longer than {n} MB").format(n=MAX_BYTES // (1024 * 1024))
            continue
        yield decoded(n, raw.removesuffix(b"\n"))


def _understand_line(kb: KnowledgeBase, text: str, name: str) -> tuple[dict[str, Any] | None, str]:
    """One batch line read: its reading as JSON, or None and what is wrong with the line."""
    try:
        data = parse(text, name, json_only=True)
    except InputError as exc:
        return None, re.sub(rf"^{re.escape(name)}(:\d+)?: ", "", str(exc), count=1)
    if not isinstance(data, dict):
        return None, _('expected an object: {"question": ID, "text": "..."}')
    if "question" not in data:
        return None, _('no "question" (each line is {"question": ID, "text": "..."})')
    qid = data["question"]
    if not isinstance(qid, str):
        return None, _('"question" must be a question id (a string), not {kind}').format(kind=_kind(qid))
    q = kb.question(qid)
    if q is None:
        ids = [x.id for x in kb.questions]
        near = did_you_mean([repr(x) for x in suggest(qid, ids)]) or " " + _("(questions: {ids})").format(
            ids=", ".join(ids)
        )
        unknown = _("unknown question '{id}'").format(id=qid)
        return None, unknown + (near if near.startswith(" (") else "." + near)
    if "text" not in data:
        return None, _('no "text" (the answer typed for {id})').format(id=q.id)
    if not isinstance(data["text"], str):
        return None, _('"text" must be a string, not {kind}').format(kind=_kind(data["text"]))
    return _reading_record(q, data["text"], understand_text(q, data["text"], kb.questions)), ""


def _kind(value: Any) -> str:
    """What a JSON value is, in words: 'a number', 'a list'…"""
    if isinstance(value, bool):
        return _("true or false")
    kinds = {int: N_("a number"), float: N_("a number"), list: N_("a list"), dict: N_("an object")}
    if value is None:
        return "null"
    return _(kinds[type(value)]) if type(value) in kinds else type(value).__name__


def _one_line(text: str) -> str:
    """Text shown within one line of output: line breaks as \\n and \\r."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _understand_batch(args: argparse.Namespace, fmt: str) -> int:
    """One line out per line in, in order: its reading, or {"line": n, "error": …}; blank lines
    are skipped (their numbers still count). Standard input is answered line by line."""
    source = args.batch
    name = _("standard input") if source == "-" else source
    kb = knowledge(args)
    read = bad = 0
    for n, text, unreadable in _batch_lines(source):
        if text is not None and not text.strip():
            continue
        record, problem = (None, unreadable) if text is None else _understand_line(kb, text, name)
        if record is None:
            bad += 1
            out = {"line": n, "error": problem}
            line = (
                json.dumps(out, ensure_ascii=False)
                if fmt == "json"
                else _("{n}: error: {problem}").format(n=n, problem=_one_line(problem))
            )
        else:
            read += 1
            line = json.dumps(record, ensure_ascii=False) if fmt == "json" else _reading_line(n, record)
        show(line + "\n", fmt)
        if source == "-":
            sys.stdout.flush()
    if not read and not bad:
        raise InputError(_("{name}:1: nothing to read (no lines)").format(name=name))
    if bad:
        say(
            ngettext(
                "{name}: {bad} of {total} line not read",
                "{name}: {bad} of {total} lines not read",
                read + bad,
            ).format(name=name, bad=bad, total=read + bad)
        )
    return 1 if bad else 0


def _reading_line(n: int, record: dict[str, Any]) -> str:
    """A reading on one line: '3: hostility “not very hostile” → confirm moderate; why'."""
    option = record["option"]
    ids = ", ".join(option) if isinstance(option, list) else option
    if record["outcome"] == "ask":
        offered = ", ".join(record["candidates"]) or _("every option")
        what = _("ask (offers {offered})").format(offered=offered)
    else:
        what = f"{_(OUTCOME_NAMES[record['outcome']])} {ids}"
    return f"{n}: {record['question']} “{_one_line(record['text'])}” → {what}; {_one_line(record['reading'])}"
