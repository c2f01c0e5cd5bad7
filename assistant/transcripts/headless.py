"""Session details and notes written beside ``answers:`` in an answers file.

    session: {crisis: "Liberia", officer: "A. Officer", date: 2008-05-01}
    notes: {hostility: "as of the May field visit"}
    answers: {...}

Top-level keys other than answers, session, notes and the reference-case keys (id, title,
source, expect, report_arrangement) are refused by the answers reader, naming the key and its
line; notes on questions that do not exist or are not answered are refused here. Without ``session.crisis`` the ``title`` is
used as the crisis name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..consultation.answers import AnswerDocument, named
from ..i18n import _
from ..knowledge.loader import KnowledgeBase
from ..knowledge.yamlfile import InputError, line_of
from .model import TranscriptDetails

APOSTROPHE = "'"  # around a question id in an error, as the file writes it

SESSION_KEYS = ("crisis", "officer", "date")


def _bad_date() -> str:
    return _("{where}: session.date must be a date such as 2008-05-01")


def document_extras(
    kb: KnowledgeBase, doc: AnswerDocument, text: str, name: str
) -> tuple[TranscriptDetails, dict[str, str]]:
    """The details and notes of an answers document, checked; InputError names file and line."""
    data = doc.document
    if not data:
        return TranscriptDetails(), {}

    def where(*path: Any) -> str:
        return f"{name}:{line_of(text, path) or 1}"

    session = data.get("session")
    if session is None:
        session = {}
    if not isinstance(session, dict):
        raise InputError(
            _("{where}: 'session' must be a mapping with crisis, officer, date").format(
                where=where("session")
            )
        )
    for key in session:
        if key not in SESSION_KEYS:
            raise InputError(
                _("{where}: unknown key 'session.{key}' (allowed: {allowed})").format(
                    where=where("session", key), key=key, allowed=", ".join(SESSION_KEYS)
                )
            )
    fields: dict[str, Any] = {}
    for key in ("crisis", "officer"):
        value = session.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(
                _("{where}: session.{key} must be text (put it in quotes)").format(
                    where=where("session", key), key=key
                )
            )
        fields[key] = value
    date = session.get("date")
    if date is not None:
        if isinstance(date, dt.datetime):
            date = date.date()
        elif isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date)
            except ValueError:
                raise InputError(_bad_date().format(where=where("session", "date"))) from None
        elif not isinstance(date, dt.date):
            raise InputError(_bad_date().format(where=where("session", "date")))
        fields["date"] = date
    title = data.get("title")
    if "crisis" not in fields and isinstance(title, str):
        fields["crisis"] = title

    raw_notes = data.get("notes")
    if raw_notes is None:
        raw_notes = {}
    if not isinstance(raw_notes, dict):
        raise InputError(
            _("{where}: 'notes' must be a mapping of question id to text").format(where=where("notes"))
        )
    notes: dict[str, str] = {}
    for qid, note in raw_notes.items():
        q = kb.question(str(qid))
        if q is None:
            raise InputError(
                _("{where}: a note for unknown question '{question}' (questions: {questions})").format(
                    where=where("notes", qid), question=qid, questions=", ".join(x.id for x in kb.questions)
                )
            )
        if note is None:
            continue
        if not isinstance(note, str):
            raise InputError(
                _("{where}: the note for {question} must be text (put it in quotes)").format(
                    where=where("notes", qid), question=named(q, APOSTROPHE)
                )
            )
        if q.id not in doc.answers:
            raise InputError(
                _("{where}: a note for {question}, which is not answered in this file").format(
                    where=where("notes", qid), question=named(q, APOSTROPHE)
                )
            )
        notes[q.id] = note
    return TranscriptDetails(**fields), notes
