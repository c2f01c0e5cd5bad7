"""What a consultation returns, as pydantic models: the contract of the JSON output."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..knowledge.schema import Basis, Citation, Confidence, ModelId, Severity

MODEL_ORDER: tuple[ModelId, ...] = (
    "one_foot_in_one_foot_out",
    "two_feet_out",
    "two_feet_in",
    "not_applicable",
)


def model_id(value: str) -> ModelId:
    """A model as the reasoners conclude it (a plain string), checked against the vocabulary."""
    for m in MODEL_ORDER:
        if m == value:
            return m
    raise ValueError(f"'{value}' is not a model")


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


BASIS = "report: the cited passages state it; assistant: the assistant's own reading or suggestion."
SEE = "With basis assistant: passages that raise the problem, never presented as support."


class Statement(Out):
    """A mitigation or a checklist item: its text, whose it is, and its passages."""

    text: str
    basis: Basis = Field(description=BASIS)
    citations: list[Citation] = Field(
        default_factory=list, description="With basis report: the passages that state it."
    )
    see: list[Citation] = Field(default_factory=list, description=SEE)


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
    basis: Basis = Field(description=BASIS)
    matched: list[str] = Field(description="The facts it rests on, in plain words.")
    citations: list[Citation]
    see: list[Citation] = Field(default_factory=list, description=SEE)
    because: list[Reason] = Field(
        default_factory=list, description="How the derived facts it used came about."
    )


class Alternative(Out):
    model: ModelId
    label: str
    why_not: str = Field(description="Why it is not recommended, from the conditions of its nearest rule.")
    basis: Basis = Field(description="The basis of the rule whose conditions why_not names.")
    citations: list[Citation]
    see: list[Citation] = Field(default_factory=list, description=SEE)


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
    summary: str = Field(
        description="What the model is (the catalogue's text); basis and citations are its own."
    )
    basis: Basis = Field(description=BASIS)
    confidence: Confidence = Field(
        description="firm: the conditions it rests on are answered and hold; default: the UN's default model, and no "
        "answer calls for another; inferred: the report does not decide the case, the assistant's "
        "reading; tentative: an unknown or unanswered question could still change it."
    )
    form: Literal["dsrsg_rc_hc", "ersg_rc_hc", "none", "undetermined"]
    form_label: str
    reasons: list[Reason]
    alternatives: list[Alternative]
    assumptions: list[Assumption]
    missing: list[str] = Field(description="Questions not yet settled that could still change the model.")
    citations: list[Citation]
    see: list[Citation] = Field(default_factory=list, description=SEE)


class FlagResult(Out):
    id: str
    severity: Severity
    severity_reason: Statement = Field(
        description="Why the answers raise it at this severity: the explanation of the rule that did, with its basis."
    )
    title: str
    explanation: str
    basis: Basis = Field(description=BASIS)
    details: list[str] = Field(default_factory=list, description="What raised it, in plain words.")
    mitigations: list[Statement] = Field(
        description="What helps, each with its own basis; only those that fit the model."
    )
    citations: list[Citation]
    see: list[Citation] = Field(default_factory=list, description=SEE)
    raised_by: list[str]


class NoteResult(Out):
    id: str
    title: str
    text: str
    basis: Basis = Field(description=BASIS)
    items: list[Statement]
    citations: list[Citation]
    see: list[Citation] = Field(default_factory=list, description=SEE)
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
    sentence: str = Field(description="The change in a sentence: 'If OCHA is not present in the country, …'.")


class UnknownAnswer(Out):
    question: str
    status: Literal["unknown", "unanswered"]
    matters: bool
    models: list[ModelId] = Field(description="The models its possible answers would give, alone.")


class Sensitivity(Out):
    model: ModelId
    single_changes: list[ModelChange]
    pair_changes: list[ModelChange]
    unknowns: list[UnknownAnswer] = Field(
        description="Unknown answers (and unanswered model questions): which matter."
    )


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
