"""What a consultation returns, as pydantic models: the contract of the JSON output."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..knowledge.schema import ChecklistItem, Citation, Confidence, Mitigation, ModelId, Severity


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class MatchedFact(Out):
    kind: Literal["answer", "fact"]
    name: str = Field(description="Question id, or derived fact name.")
    value: str
    text: str = Field(description="The fact in plain words.")


class TraceStep(Out):
    step: int
    rule: str
    title: str
    topic: str
    salience: int
    matched: list[MatchedFact] = Field(description="The facts this firing matched.")
    derived: MatchedFact = Field(description="What it concluded.")
    citations: list[Citation]


class Reason(Out):
    rule: str
    title: str
    explanation: str
    matched: list[str] = Field(description="The facts it rests on, in plain words.")
    citations: list[Citation]
    because: list["Reason"] = Field(default_factory=list, description="How the derived facts it used came about.")


class Alternative(Out):
    model: ModelId
    label: str
    why_not: str
    citations: list[Citation]


class OtherAnswer(Out):
    option: str
    label: str
    model: ModelId


class Assumption(Out):
    question: str
    status: Literal["unknown", "unanswered"]
    statement: str
    would_change: list[OtherAnswer] = Field(
        default_factory=list, description="Answers that, alone, would give another model."
    )


class Recommendation(Out):
    model: ModelId
    label: str
    summary: str
    confidence: Confidence
    form: Literal["dsrsg_rc_hc", "ersg_rc_hc", "none", "undetermined"]
    form_label: str
    reasons: list[Reason]
    alternatives: list[Alternative]
    assumptions: list[Assumption]
    missing: list[str] = Field(description="Questions not yet settled that could still change the model.")
    citations: list[Citation]


class FlagResult(Out):
    id: str
    severity: Severity
    title: str
    explanation: str
    details: list[str] = Field(default_factory=list, description="What raised it, in plain words.")
    mitigations: list[Mitigation]
    citations: list[Citation]
    raised_by: list[str]


class NoteResult(Out):
    id: str
    title: str
    text: str
    items: list[ChecklistItem]
    citations: list[Citation]
    raised_by: list[str]


class RulebaseInfo(Out):
    name: str
    version: str
    sha256: str
    source: str


class Skipped(Out):
    question: str
    why: str


# --- what would change the recommendation (see sensitivity.py) ---------------------------------

class AnswerChange(Out):
    question: str
    option: str
    label: str
    was: str = Field(description="The answer now: an option label, 'Unknown' or 'Not answered'.")


class ModelChange(Out):
    changes: list[AnswerChange]
    model: ModelId
    label: str


class UnknownAnswer(Out):
    question: str
    status: Literal["unknown", "unanswered"]
    matters: bool
    models: list[ModelId] = Field(description="The models its possible answers would give, alone.")


class Sensitivity(Out):
    model: ModelId
    single_changes: list[ModelChange]
    pair_changes: list[ModelChange]
    unknowns: list[UnknownAnswer] = Field(description="Unknown answers (and unanswered model questions): which matter.")



class Result(Out):
    answers: dict[str, str | list[str]]
    complete: bool = Field(description="No question that could change the result is left.")
    next_question: str | None
    recommendation: Recommendation
    flags: list[FlagResult]
    notes: list[NoteResult]
    skipped: list[Skipped] = Field(description="Unanswered questions that can no longer matter, and why.")
    trace: list[TraceStep]
    rulebase: RulebaseInfo
    sensitivity: Sensitivity | None = Field(
        default=None, description="What would change the recommendation (computed on request)."
    )

