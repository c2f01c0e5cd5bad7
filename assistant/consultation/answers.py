"""Answers: checking them against the vocabulary, reading answer files, matching typed text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Question
from ..knowledge.yamlfile import InputError, line_of, parse, read_text
from .matching import UNKNOWN_WORDS, did_you_mean, match_option, option_named, option_suggestions  # noqa: F401

Answers = dict[str, tuple[str, ...]]
# The keys a document with 'answers:' may hold: session details, notes, and the reference-case keys.
DOCUMENT_KEYS = (
    "answers",
    "session",
    "notes",
    "id",
    "title",
    "source",
    "expect",
    "report_arrangement",
    "ocha_preference",
)


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
                near = did_you_mean(option_suggestions(q, v))
                raise ValueError(f"{q.id}: '{v}' is not an option (allowed: {allowed(q)}){near}")
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
        raise InputError(
            f"{name}:1: expected a mapping of question id to option, or a document with 'answers:'"
        )
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
            raise InputError(
                f"{name}:{line_of(text, prefix) or 1}: 'answers' must be a mapping of question id to option"
            )
        for key in data:
            if key not in DOCUMENT_KEYS:
                raise InputError(
                    f"{name}:{line_of(text, (key,)) or 1}: unknown key '{key}' "
                    f"(beside 'answers' a file may have: {', '.join(DOCUMENT_KEYS[1:])})"
                )
    raw = {qid: by_name(kb, qid, value) for qid, value in raw.items()}
    for qid, value in raw.items():
        try:
            normalize(kb, {qid: value})
        except ValueError as exc:
            line = line_of(text, (*prefix, qid))
            raise InputError(f"{name}:{line}: {exc}" if line else f"{name}: {exc}") from None
    return AnswerDocument(normalize(kb, raw), document)


def by_name(kb: KnowledgeBase, qid: Any, value: Any) -> Any:
    """An answer written as people write it (an option's label or synonym, as in the chat: "OCHA
    is not present", "Very stable"; yes/no for an option called so), as option ids. Anything
    else is left for ``normalize`` to refuse, naming the question and its options."""
    q = kb.question(str(qid))
    if q is None:
        return value

    def one(v: Any) -> Any:
        if isinstance(v, bool) and not {"yes", "no"} <= set(q.option_ids):
            found = option_named(q, "yes" if v else "no")
            return found if found is not None else v
        if not isinstance(v, str) or v.strip() in q.option_ids or v.strip() == UNKNOWN:
            return v
        found = option_named(q, v)
        return found if found is not None else v

    return [one(v) for v in value] if isinstance(value, list) else one(value)


# Typed answers are matched in .matching (one matcher for the chat, its commands and files).
