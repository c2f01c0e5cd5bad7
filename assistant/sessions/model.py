"""A saved consultation: who asked about which crisis, the answers, and every change to them.

A :class:`Session` is plain data (pydantic, ``extra="forbid"``) that the chat UI edits through
its helper methods and :class:`~assistant.sessions.store.SessionStore` saves after every change.
User text (crisis, officer, notes) is kept exactly as typed: nothing is stripped or folded.

Answers are checked against the knowledge base when a session is built or loaded: pass the
knowledge base as validation context (``Session.model_validate(data, context={"kb": kb})``;
the store does this) or the shipped one is used. A session remembers that knowledge base and
checks every later answer against it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from .. import __version__
from ..consultation.answers import Answers, normalize
from ..consultation.understand import How, Said
from ..i18n import Language, _
from ..i18n import normalize as language_of
from ..knowledge.loader import KnowledgeBase, shipped_knowledge
from ..knowledge.yamlfile import InputError
from ..usertext import UserText, whole
from . import history

SESSION_FORMAT = "integration-assistant/session"
# 2: earlier versions of a note are kept as changes to the next one (note_delta), and the
# history is bounded (note_dropped, history_dropped). Version 1 files are read and converted.
# 3: answers and 'set' changes keep the words typed (said, understood). Older files read as
# they are: their answers have no words.
SESSION_FORMAT_VERSION = 3
SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


UTCDatetime = Annotated[AwareDatetime, AfterValidator(_utc)]
SessionId = Annotated[str, StringConstraints(pattern=SESSION_ID_PATTERN)]


def new_session_id(now: dt.datetime | None = None) -> str:
    """A short unique, file-name-safe id: UTC date and time, and a random suffix.

    e.g. ``20250301-142355-9f3a1c``; ids sort by creation time.
    """
    now = now or utcnow()
    return f"{_utc(now):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionDetails(_Data):
    """What the session is about. Text is kept exactly as typed."""

    crisis: UserText = Field(description="The crisis or country the consultation is about, as typed.")
    officer: UserText = Field(default="", description="Who is consulting, as typed.")
    date: dt.date = Field(default_factory=lambda: utcnow().date(), description="The date of the assessment.")


SAID = "The words typed for the answer, exactly; empty when picked from the list, or not known."
UNDERSTOOD = (
    "How the words were understood: exact (they name the option), confirmed (read, and confirmed by "
    "the officer), picked (from the list), inferred (read, not confirmed); null when not known."
)


def as_said(text: str, how: How | None) -> Said | None:
    """The :class:`Said` that stored ``said`` and ``understood`` fields hold; None when not known."""
    return None if how is None else Said(text, how)


def stored_said(said: Said | None) -> tuple[str, How | None]:
    """A :class:`Said` as stored: (said, understood); a pick from the list keeps no words."""
    if said is None:
        return "", None
    return ("" if said.how == "picked" else whole(said.text)), said.how


def check_said(said: str, understood: How | None) -> None:
    """ValueError unless the stored words fit how they were understood."""
    if said and understood is None:
        raise ValueError("'said' needs 'understood'")
    if said and understood == "picked":
        raise ValueError("an answer picked from the list keeps no 'said'")


class AnswerRecord(_Data):
    """The current answer to one question."""

    value: list[str] = Field(
        min_length=1, description="Option ids: one, unless the question is multi-select."
    )
    note: UserText = Field(default="", description="The user's note on this answer, as typed.")
    said: UserText = Field(default="", description=SAID)
    understood: How | None = Field(default=None, description=UNDERSTOOD)
    at: UTCDatetime = Field(description="When it was answered (UTC).")

    @model_validator(mode="after")
    def _said_fits(self) -> AnswerRecord:
        check_said(self.said, self.understood)
        return self


class AnswerEvent(_Data):
    """One change, as it happened."""

    at: UTCDatetime
    question: str
    action: Literal["set", "forget", "note"]
    value: list[str] | None = Field(default=None, description="With 'set': the option ids chosen.")
    note: UserText | None = Field(
        default=None,
        description="With 'note' (or 'set' with a note): the note, when it is the question's latest version.",
    )
    note_delta: tuple[int, int, UserText] | None = Field(
        default=None,
        description="An earlier version of the note, as a change to the next version: the characters it "
        "shares with that version's start and end, and its own text between them.",
    )
    note_dropped: bool = Field(
        default=False, description="An earlier version whose text the history no longer keeps."
    )
    said: UserText = Field(
        default="",
        description="With 'set': the words typed for the answer, exactly; empty when picked from the list, "
        "not known, or no longer kept by the history.",
    )
    understood: How | None = Field(
        default=None,
        description="With 'set': how the words were understood (as in the answer); null when not known.",
    )

    @model_validator(mode="after")
    def _fits_action(self) -> AnswerEvent:
        if (self.value is not None) != (self.action == "set"):
            raise ValueError("'value' goes with action 'set', and only there")
        if self.action != "set" and (self.said or self.understood is not None):
            raise ValueError("'said' and 'understood' go with action 'set', and only there")
        check_said(self.said, self.understood)
        forms = (self.note is not None) + (self.note_delta is not None) + self.note_dropped
        if forms > 1:
            raise ValueError("a note is kept as 'note', 'note_delta' or 'note_dropped', one of them")
        if self.action == "note" and not forms:
            raise ValueError("action 'note' needs 'note'")
        if self.action == "forget" and forms:
            raise ValueError("action 'forget' takes no 'note'")
        return self


class Session(_Data):
    """A consultation in progress or done, as saved on disk."""

    format: Literal["integration-assistant/session"]
    format_version: int = SESSION_FORMAT_VERSION
    id: SessionId
    details: SessionDetails
    answers: dict[str, AnswerRecord] = Field(default_factory=dict)
    history: list[AnswerEvent] = Field(
        default_factory=list, description="Every change, in order; bounded (see assistant.sessions.history)."
    )
    history_dropped: int = Field(
        default=0, ge=0, description="How many of the oldest changes the history no longer keeps."
    )
    created: UTCDatetime
    updated: UTCDatetime
    app_version: str = Field(description="The app version that last changed the answers.")
    rulebase_version: str = Field(description="The rule base the answers were last checked against.")
    rulebase_sha256: str
    language: Language = Field(
        default="en",
        description="The language the consultation was held in: en or fr (absent in older files: English). "
        "Any session can be exported in either language.",
    )

    _kb: KnowledgeBase | None = PrivateAttr(default=None)

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        crisis: str,
        officer: str = "",
        date: dt.date | None = None,
        *,
        kb: KnowledgeBase | None = None,
        now: dt.datetime | None = None,
        language: Language | None = None,
    ) -> Session:
        """A new, empty session (not yet saved), held in ``language`` (by default the language of
        ``kb``'s texts, the shipped knowledge being in the language in force)."""
        kb = kb or shipped_knowledge()
        now = _utc(now or utcnow())
        details = SessionDetails(crisis=crisis, officer=officer, date=date or now.date())
        return cls.model_validate(
            {
                "format": SESSION_FORMAT,
                "format_version": SESSION_FORMAT_VERSION,
                "id": new_session_id(now),
                "details": details,
                "created": now,
                "updated": now,
                "app_version": __version__,
                "rulebase_version": kb.version,
                "rulebase_sha256": kb.sha256,
                "language": language or language_of(kb.language) or "en",
            },
            context={"kb": kb},
        )

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Session:
        if self.format_version > SESSION_FORMAT_VERSION:
            raise ValueError(
                f"format_version {self.format_version} is newer than this app reads ({SESSION_FORMAT_VERSION})"
            )
        if self.format_version < 1:
            raise ValueError(f"format_version must be at least 1, not {self.format_version}")
        kb = (info.context or {}).get("kb") if info is not None else None
        kb = kb or shipped_knowledge()
        for qid, record in self.answers.items():
            record.value = list(_checked(kb, qid, record.value)[qid])
        self._kb = kb
        # An older session (every note version in full) is brought to the bounded form, and is
        # written in the current format from its next save on.
        self.history_dropped += history.compact(self.history)
        self.format_version = SESSION_FORMAT_VERSION
        return self

    def __eq__(self, other: object) -> bool:
        """Equal when the saved data is (the knowledge base a session checks against is not data)."""
        if not isinstance(other, Session):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base this session checks its answers against."""
        if self._kb is None:
            self._kb = shipped_knowledge()
        return self._kb

    # --- changes -------------------------------------------------------------------------------

    def set_answer(
        self,
        qid: str,
        values: str | Sequence[str],
        note: str | None = None,
        *,
        said: Said | None = None,
        at: dt.datetime | None = None,
    ) -> bool:
        """Answer (or re-answer) a question with one option id, or several for a multi-select one.

        ``note`` replaces the answer's note; None keeps the note it had. ``said``: the words the
        officer typed and how they were understood; None (not known) keeps the words of the same
        answer, and gives a changed answer none. Raises InputError (one line naming the question
        and its options) for an unknown question or option. Returns False, recording nothing,
        when the answer, note and words were already so.
        """
        raw: list[str] = [values] if isinstance(values, str) else list(values)
        note = None if note is None else whole(note)
        try:
            value = list(_checked(self.kb, qid, raw)[qid])
        except ValueError as exc:
            raise InputError(str(exc)) from None
        words, how = stored_said(said)
        old = self.answers.get(qid)
        same = old is not None and old.value == value
        if (
            same
            and old is not None
            and (note is None or note == old.note)
            and (said is None or (words, how) == (old.said, old.understood))
        ):
            return False
        when = self._stamp(at)
        keep = old.note if old is not None else ""
        kept_words, kept_how = (old.said, old.understood) if said is None and same and old else (words, how)
        self.answers[qid] = AnswerRecord(
            value=value,
            note=keep if note is None else note,
            said=kept_words,
            understood=kept_how,
            at=when,
        )
        self._record(
            AnswerEvent(
                at=when, question=qid, action="set", value=value, note=note, said=words, understood=how
            )
        )
        return True

    def forget(self, qid: str, *, at: dt.datetime | None = None) -> bool:
        """Withdraw an answer (and its note), as if the question had never been answered.

        Returns False, recording nothing, when the question was not answered.
        """
        if qid not in self.answers:
            if self.kb.question(qid) is None:
                raise InputError(_unknown(self.kb, qid))
            return False
        del self.answers[qid]
        self._record(AnswerEvent(at=self._stamp(at), question=qid, action="forget"))
        return True

    def set_note(self, qid: str, text: str, *, at: dt.datetime | None = None) -> bool:
        """Set the note on an answered question ("" clears it). Returns False if unchanged.

        Raises InputError for an unknown or unanswered question.
        """
        text = whole(text)
        record = self.answers.get(qid)
        if record is None:
            if self.kb.question(qid) is None:
                raise InputError(_unknown(self.kb, qid))
            raise InputError(
                _("{question}: not answered yet; answer it before adding a note").format(question=qid)
            )
        if record.note == text:
            return False
        record.note = text
        self._record(AnswerEvent(at=self._stamp(at), question=qid, action="note", note=text))
        return True

    def set_details(
        self,
        *,
        crisis: str | None = None,
        officer: str | None = None,
        date: dt.date | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Change the session details (the history records answers only)."""
        if crisis is not None:
            self.details.crisis = whole(crisis)
        if officer is not None:
            self.details.officer = whole(officer)
        if date is not None:
            self.details.date = date
        self.updated = _utc(at or utcnow())

    # --- reading -------------------------------------------------------------------------------

    def answers_for_engine(self) -> Answers:
        """The answers as :func:`assistant.consultation.consult.consult` takes them."""
        return {qid: tuple(r.value) for qid, r in self.answers.items()}

    def notes(self) -> dict[str, str]:
        """The non-empty notes, by question id."""
        return {qid: r.note for qid, r in self.answers.items() if r.note}

    def said(self, qid: str) -> Said | None:
        """What the officer typed for a question's answer and how it was understood; None when
        the question is not answered or the words are not known (a session from before)."""
        record = self.answers.get(qid)
        return None if record is None else as_said(record.said, record.understood)

    def said_by_question(self) -> dict[str, Said]:
        """The words typed for each answer whose words are known, by question id."""
        return {qid: said for qid in self.answers if (said := self.said(qid)) is not None}

    def note_versions(self, qid: str) -> list[tuple[dt.datetime, str | None]]:
        """Every version a question's note has had, newest first: (when, text), the text None
        where the bounded history no longer keeps it."""
        return [(event.at, text) for event, text in history.note_versions(self.history, qid)]

    def history_notes(self) -> list[str | None]:
        """The note each change in ``history`` carried, in order (None: none, or no longer kept)."""
        return history.notes(self.history)

    def _record(self, event: AnswerEvent) -> None:
        self.history_dropped += history.record(self.history, event)

    def _stamp(self, at: dt.datetime | None) -> dt.datetime:
        when = _utc(at or utcnow())
        self.updated = when
        self.app_version = __version__
        self.rulebase_version = self.kb.version
        self.rulebase_sha256 = self.kb.sha256
        return when


def _unknown(kb: KnowledgeBase, qid: str) -> str:
    return _("unknown question '{question}' (questions: {questions})").format(
        question=qid, questions=", ".join(q.id for q in kb.questions)
    )


def _checked(kb: KnowledgeBase, qid: str, values: list[str]) -> Answers:
    """Validate one question's option ids: the canonical answer, or ValueError naming the question."""
    q = kb.question(qid)
    if q is None:
        raise ValueError(_unknown(kb, qid))
    raw: Any = values
    if not q.multi and len(values) == 1:
        raw = values[0]
    return normalize(kb, {qid: raw})
