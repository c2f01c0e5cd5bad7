"""The words for a recommendation's confidence and a flag's severity, in the language in force:
read by the transcripts, the debrief and the workshop's reveal alike."""

from __future__ import annotations

from ..i18n import N_, _, pgettext

SEVERITY_WORDS = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}  # shown through _()


def severity_word(severity: str) -> str:
    """High, Medium, Low: in the language in force."""
    return _(SEVERITY_WORDS[severity])


def confidence_word(confidence: str) -> str:
    """A recommendation's confidence (firm, default, inferred, tentative) in the language in force."""
    words = {
        "firm": pgettext("confidence", "firm"),
        "default": pgettext("confidence", "default"),
        "inferred": pgettext("confidence", "inferred"),
        "tentative": pgettext("confidence", "tentative"),
    }
    return words.get(confidence, confidence)
