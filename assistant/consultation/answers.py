"""Answers: checking them against the vocabulary, reading answer files, matching typed text."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Question
from ..knowledge.yamlfile import InputError, line_of, parse, read_text

Answers = dict[str, tuple[str, ...]]
# The keys a document with 'answers:' may hold: session details, notes, and the reference-case keys.
DOCUMENT_KEYS = ("answers", "session", "notes", "id", "title", "source", "expect", "report_arrangement")
UNKNOWN_WORDS = ("unknown", "don't know", "dont know", "do not know", "not sure", "no idea", "unsure", "n/a")


def allowed(q: Question) -> str:
    return ", ".join([*q.option_ids, UNKNOWN])


def _one_value(q: Question, value: Any) -> str:
    if isinstance(value, bool) and {"yes", "no"} <= set(q.option_ids):
        return "yes" if value else "no"
    if value is None:
        return UNKNOWN
    if not isinstance(value, str):
        raise ValueError(f"{q.id}: expected one of {allowed(q)}, got {value!r}")
    return value.strip()


def normalize(kb: KnowledgeBase, raw: Mapping[str, Any]) -> Answers:
    """Check a mapping of question id to option(s); return the canonical form.

    Raises ValueError naming the question and its allowed options.
    """
    if not isinstance(raw, Mapping):
        raise ValueError("answers must be a mapping of question id to option")
    out: Answers = {}
    for qid, value in raw.items():
        q = kb.question(str(qid))
        if q is None:
            raise ValueError(f"unknown question '{qid}' (questions: {', '.join(x.id for x in kb.questions)})")
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not q.multi:
            raise ValueError(f"{q.id}: takes one option, not a list (allowed: {allowed(q)})")
        if not values:
            raise ValueError(f"{q.id}: choose at least one option (allowed: {allowed(q)})")
        chosen = [_one_value(q, v) for v in values]
        for v in chosen:
            if v != UNKNOWN and v not in q.option_ids:
                raise ValueError(f"{q.id}: '{v}' is not an option (allowed: {allowed(q)})")
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"{q.id}: an option is given twice")
        if len(chosen) > 1:
            alone = [v for v in chosen if v == UNKNOWN or v in q.exclusive]
            if alone:
                raise ValueError(f"{q.id}: '{alone[0]}' cannot be combined with other options")
        out[q.id] = tuple(v for v in q.option_ids if v in chosen) or (UNKNOWN,)
    return out


def to_plain(kb: KnowledgeBase, answers: Answers) -> dict[str, str | list[str]]:
    """Answers as they are written in files and JSON: a string, or a list for multi-select."""
    plain: dict[str, str | list[str]] = {}
    for q in kb.questions:
        if q.id in answers:
            plain[q.id] = list(answers[q.id]) if q.multi else answers[q.id][0]
    return plain


class AnswerDocument:
    """An answers file: the answers, and optional session details and notes beside them."""

    def __init__(self, answers: Answers, document: dict[str, Any]):
        self.answers = answers
        self.document = document


def read_answers(kb: KnowledgeBase, path: Path) -> AnswerDocument:
    """Read a YAML or JSON answers file, refusing bad input with file and line."""
    name = str(path)
    text = read_text(path)
    data = parse(text, name)
    return answers_from_data(kb, data, text, name)


def answers_from_data(kb: KnowledgeBase, data: Any, text: str, name: str) -> AnswerDocument:
    if not isinstance(data, dict):
        raise InputError(f"{name}:1: expected a mapping of question id to option, or a document with 'answers:'")
    prefix: tuple[Any, ...] = ()
    document: dict[str, Any] = {}
    raw = data
    if "answers" in data:
        prefix = ("answers",)
        raw = data["answers"]
        document = data
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise InputError(f"{name}:{line_of(text, prefix) or 1}: 'answers' must be a mapping of question id to option")
        for key in data:
            if key not in DOCUMENT_KEYS:
                raise InputError(f"{name}:{line_of(text, (key,)) or 1}: unknown key '{key}' "
                                 f"(beside 'answers' a file may have: {', '.join(DOCUMENT_KEYS[1:])})")
    for qid, value in raw.items():
        try:
            normalize(kb, {qid: value})
        except ValueError as exc:
            line = line_of(text, prefix + (qid,))
            raise InputError(f"{name}:{line}: {exc}" if line else f"{name}: {exc}") from None
    return AnswerDocument(normalize(kb, raw), document)


# --- typed answers -----------------------------------------------------------------------------

def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace("_", " ").replace("-", " ")
    return " ".join(re.sub(r"[^\w'?/ ]+", " ", text).split())


def match_option(q: Question, text: str) -> tuple[str, ...] | None:
    """The option(s) typed text stands for: a number, an id, a label or a synonym.

    For multi-select questions several choices may be separated by commas or 'and'.
    Returns None when the text names nothing (or names two options of a single question).
    """
    raw = text.strip()
    if not raw:
        return None
    parts = [raw]
    if q.multi and (whole := _match_one(q, raw, exact=True)) is not None:
        return (whole,)  # a whole label may itself hold "and" or a comma
    if q.multi:
        parts = [p for p in re.split(r",|;|\band\b|\s+&\s+", raw) if p.strip()]
        if len(parts) == 1 and re.fullmatch(r"\s*\d+(\s+\d+)+\s*", raw):
            parts = raw.split()
    chosen: list[str] = []
    for part in parts:
        option = _match_one(q, part)
        if option is None:
            return None
        chosen.append(option)
    if len(chosen) > 1 and any(c == UNKNOWN or c in q.exclusive for c in chosen):
        return None
    return tuple(dict.fromkeys(chosen))


def _match_one(q: Question, text: str, exact: bool = False) -> str | None:
    t = _norm(text)
    if not t:
        return None
    ids = [*q.option_ids, UNKNOWN]
    if t.isascii() and t.isdigit():
        n = int(t)
        return ids[n - 1] if 1 <= n <= len(ids) else None
    table: dict[str, str] = {}
    for o in q.options:
        for word in (o.id, o.label, *o.synonyms):
            table.setdefault(_norm(word), o.id)
    for word in UNKNOWN_WORDS:
        table.setdefault(_norm(word) or word, UNKNOWN)
    if t in table:
        return table[t]
    if exact:
        return None
    # A phrase that contains exactly one option's word ("they are hostile", "OCHA left").
    hits = {oid for word, oid in table.items() if len(word) > 2 and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", t)}
    if len(hits) == 1:
        return hits.pop()
    if len(hits) > 1:
        # One phrase inside another ("not present" holds "present"): the longer one wins.
        found = [(w, oid) for w, oid in table.items() if len(w) > 2 and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", t)]
        longest, oid = max(found, key=lambda f: len(f[0]))
        if all(w in longest or o == oid for w, o in found):
            return oid
    return None
