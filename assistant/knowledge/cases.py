"""A training case, as dialogues/cases/*.yaml hold it: a brief, an answer key with its reasons,
the result expected and the arrangement the report records."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .stated import Id, ModelId, Stated, Strict, Text


class KeyAnswer(Stated):
    """One answer of a training case's key, with why it is the right reading of the case."""

    answer: Id | list[Id]
    why: Text = Field(description="Why the case calls for this answer; basis and citations are its own.")


class BriefPart(Stated):
    """One paragraph of a case brief."""

    text: Text
    outside_report: bool = Field(
        default=False,
        description="True history that the report does not give (basis assistant): shown as background from "
        "outside the report.",
    )


class Expectation(Strict):
    model: ModelId
    flags: list[Id] = Field(default_factory=list)
    not_flags: list[Id] = Field(default_factory=list)


class Arrangement(Stated):
    """What the report records of the UN's actual arrangement in this case, if anything."""

    model: ModelId | None = Field(
        description="The model the report records the UN had; null where the report records none."
    )
    text: Text = Field(description="What the report says of it; basis and citations are its own.")


class Preference(Stated):
    """The model OCHA prefers for the case's context, where the report says so [p45]."""

    model: ModelId
    text: Text = Field(
        description="The preference as the report reports it; basis and citations are its own."
    )


class TrainingCase(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    level: Literal["introductory", "intermediate", "advanced"] = "intermediate"
    brief: Annotated[list[BriefPart], Field(min_length=1)] = Field(
        description="The situation for learners, paragraph by paragraph, without giving the answers away."
    )
    key: dict[Id, KeyAnswer] = Field(description="The answer key: question id to answer and why.")
    expect: Expectation
    report_arrangement: Arrangement
    ocha_preference: Preference | None = None
