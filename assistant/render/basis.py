"""How a statement's basis reads, in every output: the report's, or the assistant's own.

A reader of a printed transcript must tell the two apart without a legend, so each statement
opens with words that say whose it is. The words differ by what the statement is: a claim about
the situation, a practice the assistant suggests, or the scenario of a training case. They are
read in the language in force (« Le rapport : », « Lecture de l'assistant, non du rapport : »).
"""

from __future__ import annotations

from typing import Literal

from ..i18n import N_, _

Role = Literal["claim", "practice", "scenario", "background", "condition"]

THE_REPORT = N_("The report")
REPORT = {"condition": N_("By the report's conditions")}
ASSISTANT = {
    "claim": N_("The assistant's reading, not the report's"),
    "practice": N_("Suggested by the assistant, not the report"),
    "scenario": N_("Case scenario, not from the report"),
    "background": N_("Background from outside the report"),
    "condition": N_("By the assistant's reading, not the report's"),
}


def lead(basis: str | None, role: Role = "claim") -> str:
    """The words that open a statement, without punctuation: "The report", or the assistant's."""
    if role == "background":
        return _(ASSISTANT[role])
    return _(REPORT.get(role, THE_REPORT)) if basis == "report" else _(ASSISTANT[role])


def lead_colon(basis: str | None, role: Role = "claim") -> str:
    """The opening words with their colon: "The report:"; « Le rapport : »."""
    return _("{lead}:").format(lead=lead(basis, role))


def is_report(basis: str | None) -> bool:
    return basis == "report"
