"""What every file of the knowledge is made of: ids and texts, citations of the report, and
statements with their basis (the report's, or the assistant's own). Every model forbids unknown
keys and is frozen: a typo in a YAML file is an error with its file and line."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Severity = Literal["high", "medium", "low"]
Confidence = Literal["firm", "default", "inferred", "tentative"]
Basis = Literal["report", "assistant"]
ModelId = Literal["one_foot_in_one_foot_out", "two_feet_out", "two_feet_in", "not_applicable"]
FormId = Literal["dsrsg_rc_hc", "ersg_rc_hc", "none"]

UNKNOWN = "unknown"
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


class Strict(BaseModel):
    # defer_build: validators are built on first use, not at import, so start-up stays quick.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Citation(Strict):
    """A passage of the report that supports a claim."""

    source: str = Field(
        default="de Coning 2008, The United Nations and the Comprehensive Approach, DIIS Report 2008:14",
        description="The work cited; the report unless a primary source is named.",
    )
    section: Text = Field(description="The report's section heading, as printed.")
    page: Annotated[str, StringConstraints(pattern=r"^\d+(-\d+)?$")] = Field(
        description='Printed page, or a range such as "20-21".'
    )
    paragraph: Annotated[str, StringConstraints(pattern=r"^(p|fn)\d+$")] = Field(
        description='Paragraph id in the numbered report, e.g. "p45" or "fn25".'
    )
    quote: Text | None = Field(default=None, description="A short phrase, verbatim from that paragraph.")
    as_cited_in: Text | None = Field(
        default=None, description="A primary source the report relies on, cited as in the report."
    )


BASIS_HELP = (
    "report: a cited passage states it (the quote, read in its paragraph, supports the claim itself); "
    "assistant: the assistant's own inference or suggested practice, or a condition the report does not name."
)
SUPPORT_HELP = "With basis report: the passages that state it (at least one with a quote)."
SEE_HELP = "With basis assistant: passages that raise the problem, shown as 'see', never as support."


class Stated(Strict):
    """A statement the assistant shows, with its basis: the report's, or the assistant's own."""

    basis: Basis | None = Field(default=None, description=BASIS_HELP)
    citations: list[Citation] = Field(default_factory=list, description=SUPPORT_HELP)
    see: list[Citation] = Field(default_factory=list, description=SEE_HELP)
