"""How a statement's basis reads, in every output: the report's, or the assistant's own.

A reader of a printed transcript must tell the two apart without a legend, so each statement
opens with words that say whose it is. The words differ by what the statement is: a claim about
the situation, a practice the assistant suggests, or the scenario of a training case.
"""

from __future__ import annotations

from typing import Literal

Role = Literal["claim", "practice", "scenario", "background", "condition"]

REPORT = {"condition": "By the report's conditions"}
ASSISTANT = {
    "claim": "The assistant's reading, not the report's",
    "practice": "Suggested by the assistant, not the report",
    "scenario": "Case scenario, not from the report",
    "background": "Background from outside the report",
    "condition": "By the assistant's reading, not the report's",
}


def lead(basis: str | None, role: Role = "claim") -> str:
    """The words that open a statement, without punctuation: "The report", or the assistant's."""
    if role == "background":
        return ASSISTANT[role]
    return REPORT.get(role, "The report") if basis == "report" else ASSISTANT[role]


def is_report(basis: str | None) -> bool:
    return basis == "report"
