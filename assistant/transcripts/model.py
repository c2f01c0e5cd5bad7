"""A transcript: one consultation, written down for the record.

It holds who asked about which crisis, every answer (with its question, labels, note, the words
typed for it and time),
the full :class:`~assistant.consultation.result.Result`, and the numbered list of every passage
of the report the result cites, in order of first appearance. A training run's transcript also
holds its :class:`~assistant.training.debrief.Debrief` (``training``): its answers and result are
the learner's, and the debrief's citations are numbered with all the others. The exporters print citations as
page references with these numbers ([1], [2]…). Its JSON Schema is committed in
``schemas/transcript.schema.json`` (regenerate with ``python -m assistant.transcripts.schema``).
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..consultation.result import Result
from ..consultation.understand import How, Said
from ..i18n import Language
from ..knowledge.schema import Citation
from ..sessions.model import SAID, UNDERSTOOD, as_said, check_said
from ..training.debrief import Debrief
from ..usertext import UserText

TRANSCRIPT_FORMAT: Final = "integration-assistant/transcript"
# 2: answers and changes keep the words typed (said, understood). Version 1 transcripts read as
# they are: their answers have no words.
TRANSCRIPT_FORMAT_VERSION: Final = 2


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TranscriptRulebase(_Out):
    name: str
    version: str
    sha256: str
    source: str = Field(description="The report the rule base cites.")


class TranscriptDetails(_Out):
    """What the consultation was about; text as the user typed it."""

    crisis: UserText = ""
    officer: UserText = ""
    date: dt.date | None = None
    session_id: str | None = Field(default=None, description="The saved session it came from, if any.")


class TranscriptAnswer(_Out):
    question: str = Field(description="Question id.")
    name: str = Field(description="The question's short name.")
    prompt: str = Field(description="The question as asked.")
    answer: list[str] = Field(description="Option ids chosen.")
    labels: list[str] = Field(description="The chosen options' labels, in the same order.")
    note: UserText = Field(default="", description="The user's note, as typed.")
    said: UserText = Field(default="", description=SAID)
    understood: How | None = Field(default=None, description=UNDERSTOOD)
    at: AwareDatetime | None = Field(
        default=None, description="When it was answered (UTC); null when headless."
    )

    @model_validator(mode="after")
    def _said_fits(self) -> TranscriptAnswer:
        check_said(self.said, self.understood)
        return self

    def said_as(self) -> Said | None:
        """The words typed for the answer and how they were understood; None when not known."""
        return as_said(self.said, self.understood)


class TranscriptChange(_Out):
    """One change to the answers, as the session recorded it."""

    at: AwareDatetime
    question: str = Field(description="Question id.")
    name: str = Field(description="The question's short name.")
    action: Literal["set", "forget", "note"]
    answer: list[str] = Field(default_factory=list, description="With 'set': the option ids chosen.")
    labels: list[str] = Field(default_factory=list, description="With 'set': their labels.")
    note: str = Field(default="", description="The note given with the change, as typed.")
    said: UserText = Field(
        default="",
        description="With 'set': the words typed for the answer, exactly; empty when picked from the list, "
        "not known, or no longer kept by the session's history.",
    )
    understood: How | None = Field(
        default=None,
        description="With 'set': how the words were understood (as in answers); null when not known.",
    )

    @model_validator(mode="after")
    def _said_fits(self) -> TranscriptChange:
        if self.action != "set" and (self.said or self.understood is not None):
            raise ValueError("'said' and 'understood' go with action 'set', and only there")
        check_said(self.said, self.understood)
        return self

    def said_as(self) -> Said | None:
        """The words typed for the answer given and how they were understood; None when not known."""
        return as_said(self.said, self.understood)


class SourceRef(_Out):
    """A passage cited somewhere in the result; renderers refer to it as [number]."""

    number: int = Field(ge=1)
    source: str
    section: str
    page: str
    paragraph: str
    quote: str | None = None
    as_cited_in: str | None = None

    def citation(self) -> Citation:
        return Citation(**self.model_dump(exclude={"number"}))


class Transcript(_Out):
    format: Literal["integration-assistant/transcript"] = TRANSCRIPT_FORMAT
    format_version: Literal[1, 2] = TRANSCRIPT_FORMAT_VERSION
    generated_at: AwareDatetime
    app_version: str
    rulebase: TranscriptRulebase
    details: TranscriptDetails
    answers: list[TranscriptAnswer] = Field(description="One per answered question, in dialogue order.")
    history: list[TranscriptChange] = Field(
        default_factory=list,
        description="Every change to the answers, in order (from a saved session; empty when headless).",
    )
    result: Result
    training: Debrief | None = Field(
        default=None,
        description="For a training run: the debrief (the learner's answers against the case's key, the prediction, "
        "the score, the key's result and the report's recorded arrangement). answers and result are the learner's.",
    )
    sources: list[SourceRef] = Field(
        description="Every distinct passage cited in the result (and the training debrief), in order of first appearance."
    )
    language: Language = Field(
        default="en",
        description="The language it was written in: en or fr (absent in older transcripts: English). The "
        "texts of the answers, the result and the debrief are in it; the report's quotations stay in English.",
    )

    _numbers: dict[Citation, int] | None = PrivateAttr(default=None)

    def number(self, citation: Citation) -> int:
        """The source number of a citation in this transcript's result."""
        if self._numbers is None:
            self._numbers = {s.citation(): s.number for s in self.sources}
        return self._numbers[citation]
