"""What the conversation asks of the interface around it, beside its messages: typed objects
the interface acts on by type (a terminal opens a dialog, a headless caller may ignore them).

The interview collects them as it answers (``Interview.effects``); the caller takes them after
each call with ``Interview.take_effects()``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Export:
    """Write the transcript; ``fmt`` is the format named ("markdown", "html", "json", "docx"), if any."""

    fmt: str | None = None


@dataclass(frozen=True)
class Confirm:
    """Ask a yes-or-no question; the answer goes back through ``Interview.confirm(yes)``."""

    question: str
    yes_label: str = "Yes"  # the labels in the language in force: the interview passes them
    no_label: str = "No"


@dataclass(frozen=True)
class Predict:
    """In training: ask for the learner's prediction (then the debrief)."""


@dataclass(frozen=True)
class Quit:
    """Leave the assistant (an unfinished training run asks first)."""


@dataclass(frozen=True)
class SwitchLanguage:
    """The conversation now speaks ``language`` ("en", "fr"): show everything in it (and keep it
    for the next session). The answers are unchanged; the question open is asked again."""

    language: str


Effect = Export | Confirm | Predict | Quit | SwitchLanguage
