"""Messages widgets post to their ancestors (named in the past tense)."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from ..consultation.answers import Answers
from ..consultation.result import Sensitivity
from ..knowledge.schema import Citation


class AnswerSubmitted(Message):
    """The user typed something (a command or an answer) and pressed Enter."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ReadingWithdrawn(Message):
    """The user turned down the reading proposed for their words (Escape)."""


class OptionsChosen(Message):
    """The user picked options for the current question (keys, arrows and Enter, or a click)."""

    def __init__(self, option_ids: tuple[str, ...]) -> None:
        super().__init__()
        self.option_ids = option_ids


class CitationRequested(Message):
    """A citation reference was selected in a message."""

    def __init__(self, citation: Citation) -> None:
        super().__init__()
        self.citation = citation


class SensitivityFinished(Message):
    """What would change the recommendation is worked out."""

    def __init__(self, sensitivity: Sensitivity, answers: Answers | None = None) -> None:
        super().__init__()
        self.sensitivity = sensitivity
        self.answers = answers  # the answers it was worked out for


class SensitivityFailed(Message):
    """What would change the recommendation could not be worked out."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ExportFinished(Message):
    """The transcript is written to ``path``."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ExportFailed(Message):
    """The transcript was not exported: ``error`` says why."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error
