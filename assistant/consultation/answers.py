"""Answers: checked against the vocabulary, and read from answers files as typed answers are read."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..i18n import _
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Question
from ..knowledge.yamlfile import InputError, line_of, parse, read_text
from .matching import did_you_mean, option_suggestions, plain
from .understand import Said, understand

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


def _then(hint: str) -> str:
    """A hint after a sentence that ends: ". Did you mean …?", or nothing."""
    return f".{hint}" if hint else ""


def named(q: Question, quote: str = "") -> str:
    """A question as a file's error names it: by the id the file uses (in ``quote`` marks), with
    its name where the name says more than the id ("security_situation (Security)"; "hostility")."""
    said = f"{quote}{q.id}{quote}"
    return said if plain(q.name) == plain(q.id) else f"{said} ({q.name})"


def _one_value(q: Question, value: Any) -> str:
    if isinstance(value, bool) and {"yes", "no"} <= set(q.option_ids):
        return "yes" if value else "no"
    if value is None:
        return UNKNOWN
    if not isinstance(value, str):
        raise ValueError(
            _("{question}: expected one of {allowed}, got {value}").format(
                question=named(q), allowed=allowed(q), value=repr(value)
            )
        )
    return value.strip()


def not_an_option(q: Question, value: str) -> str:
    """ "hostility (Hostility): 'hig' is not an option (allowed: …)"."""
    return _("{question}: '{value}' is not an option (allowed: {allowed})").format(
        question=named(q), value=value, allowed=allowed(q)
    )


def normalize(kb: KnowledgeBase, raw: Mapping[str, Any]) -> Answers:
    """Check a mapping of question id to option(s); return the canonical form.

    Raises ValueError naming the question and its allowed options.
    """
    if not isinstance(raw, Mapping):
        raise ValueError(_("answers must be a mapping of question id to option"))
    out: Answers = {}
    for qid, value in raw.items():
        q = kb.question(str(qid))
        if q is None:
            raise ValueError(
                _("unknown question '{question}' (questions: {questions})").format(
                    question=qid, questions=", ".join(x.id for x in kb.questions)
                )
            )
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not q.multi:
            raise ValueError(
                _("{question}: takes one option, not a list (allowed: {allowed})").format(
                    question=named(q), allowed=allowed(q)
                )
            )
        if not values:
            raise ValueError(
                _("{question}: choose at least one option (allowed: {allowed})").format(
                    question=named(q), allowed=allowed(q)
                )
            )
        chosen = [_one_value(q, v) for v in values]
        for v in chosen:
            if v != UNKNOWN and v not in q.option_ids:
                near = did_you_mean(option_suggestions(q, v))
                raise ValueError(not_an_option(q, v) + _then(near))
        if len(set(chosen)) != len(chosen):
            raise ValueError(_("{question}: an option is given twice").format(question=named(q)))
        if len(chosen) > 1:
            alone = [v for v in chosen if v == UNKNOWN or v in q.exclusive]
            if alone:
                raise ValueError(
                    _("{question}: '{option}' cannot be combined with other options").format(
                        question=named(q), option=alone[0]
                    )
                )
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
    """An answers file: the answers, optional session details and notes beside them, and the
    words written for answers that were not option ids (how each was read)."""

    def __init__(self, answers: Answers, document: dict[str, Any], said: dict[str, Said] | None = None):
        self.answers = answers
        self.document = document
        self.said: dict[str, Said] = dict(said or {})


def read_answers(kb: KnowledgeBase, path: Path, *, accept_inferred: bool = False) -> AnswerDocument:
    """Read a YAML or JSON answers file, refusing bad input with file and line."""
    name = str(path)
    text = read_text(path)
    data = parse(text, name)
    return answers_from_data(kb, data, text, name, accept_inferred=accept_inferred)


def answers_from_data(
    kb: KnowledgeBase, data: Any, text: str, name: str, *, accept_inferred: bool = False
) -> AnswerDocument:
    """The answers of a parsed answers file. An answer in words is read as the chat reads it
    (:func:`~.understand.understand`): one that names an option is taken; one read by inference
    is refused, naming the reading, unless ``accept_inferred``; one that names no option is
    refused with the options it could mean."""
    if not isinstance(data, dict):
        raise InputError(
            f"{name}:1: " + _("expected a mapping of question id to option, or a document with 'answers:'")
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
                f"{name}:{line_of(text, prefix) or 1}: "
                + _("'answers' must be a mapping of question id to option")
            )
        for key in data:
            if key not in DOCUMENT_KEYS:
                raise InputError(
                    f"{name}:{line_of(text, (key,)) or 1}: "
                    + _("unknown key '{key}' (beside 'answers' a file may have: {keys})").format(
                        key=key, keys=", ".join(DOCUMENT_KEYS[1:])
                    )
                )
    read: dict[Any, Any] = {}
    said: dict[str, Said] = {}
    for qid, value in raw.items():
        try:
            read[qid], words = read_value(kb, qid, value, accept_inferred=accept_inferred)
            normalize(kb, {qid: read[qid]})
        except ValueError as exc:
            at = (
                (*prefix, qid)
                if not isinstance(exc, Unread) or exc.index is None
                else (*prefix, qid, exc.index)
            )
            line = line_of(text, at)
            raise InputError(f"{name}:{line}: {exc}" if line else f"{name}: {exc}") from None
        if words is not None:
            said[str(qid)] = words
    return AnswerDocument(normalize(kb, read), document, said)


class Unread(ValueError):
    """An answer in words that is not taken: read by inference only, or naming no option.
    ``index``: which item of a list answer it is (None for an answer that is not a list)."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index


def read_value(
    kb: KnowledgeBase, qid: Any, value: Any, *, accept_inferred: bool = False
) -> tuple[Any, Said | None]:
    """An answer as written in a file, as option ids, with the words written for it.

    Option ids (and ``unknown``) are kept as they are, with no words. Words (a label, a synonym,
    "not very hostile"; yes/no written bare for a question whose options are not called so) are
    read as the chat reads them: a reading that names an option is taken (said "exact"), one made
    by inference raises :class:`Unread` naming it unless ``accept_inferred`` (said "inferred"),
    and one that names no option raises :class:`Unread` with the options it could mean. Anything
    else is left for :func:`normalize` to refuse, naming the question and its options."""
    q = kb.question(str(qid))
    if q is None:
        return value, None
    items = value if isinstance(value, list) else [value]
    out: list[Any] = []
    typed: list[str] = []
    worded = inferred = False
    for i, item in enumerate(items):
        index = i if isinstance(value, list) else None
        v = (
            ("yes" if item else "no")
            if isinstance(item, bool) and not {"yes", "no"} <= set(q.option_ids)
            else item
        )
        # An option's number is refused, as before: a file should not depend on the options' order.
        if not isinstance(v, str) or v.strip() in (*q.option_ids, UNKNOWN) or not _worded(v):
            out.append(v)
            typed.append(v if isinstance(v, str) else "")
            continue
        u = understand(q, v, kb.questions)
        worded = True
        if u.outcome == "ask":
            near = [f"“{q.label_of(c)}”" for c in u.candidates] or option_suggestions(q, v)
            raise Unread(not_an_option(q, _shown(v)) + _then(did_you_mean(near)), index)
        if u.outcome == "confirm":
            if not accept_inferred:
                inference = (
                    _(
                        "{question}: “{typed}” reads as {options} by inference ({reading}); write the"
                        " option, or pass --accept-inferred"
                    )
                    if u.reading
                    else _(
                        "{question}: “{typed}” reads as {options} by inference; write the option, or"
                        " pass --accept-inferred"
                    )
                )
                raise Unread(
                    inference.format(
                        question=named(q),
                        typed=_shown(v),
                        options=reading_names(q, u.options),
                        reading=_shown(u.reading),
                    ),
                    index,
                )
            inferred = True
        out.extend(u.options)
        typed.append(v)
    if not worded:
        return value, None  # option ids (or what normalize refuses): nothing was read from words
    words = Said(", ".join(t.strip() for t in typed if t.strip()), "inferred" if inferred else "exact")
    if isinstance(value, list) or len(out) > 1:
        return out, words
    return out[0], words


def _shown(text: str) -> str:
    """Typed text in a one-line message: stripped, line breaks as \\n."""
    return text.strip().replace("\r", "\\r").replace("\n", "\\n")


def _worded(text: str) -> bool:
    """Text with a letter in it: words, not a blank or an option's number ("3", "1, 4")."""
    return any(c.isalpha() for c in text)


def reading_names(q: Question, options: tuple[str, ...] | list[str]) -> str:
    """Option ids with their labels: 'moderate (Moderate: some tension)'."""
    return ", ".join(f"{o} ({q.label_of(o)})" for o in options)


# Typed answers are matched in .matching (one matcher for the chat, its commands and files), and
# read (record, confirm, ask) in .understand.
