"""What the assistant (or the user) says in the chat: Markdown text plus what it cites."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..consultation.result import Reason, Result
from ..knowledge.schema import Citation

Kind = Literal[
    "greeting",
    "question",
    "answer",
    "ack",
    "unclear",
    "why",
    "how",
    "whatif",
    "explain",
    "summary",
    "final",
    "annex",
    "help",
    "skipped",
    "error",
    "info",
    "export",
    "predict",
    "confirm",
    "propose",
]


@dataclass(frozen=True)
class Reply:
    """One chat message."""

    role: Literal["assistant", "user"]
    kind: Kind
    text: str  # Markdown
    citations: tuple[Citation, ...] = ()
    question: str | None = None  # with kind "question": the question id
    options: tuple[tuple[str, str], ...] = ()  # with kind "question": (option id, label), unknown last
    multi: bool = False  # with kind "question": several options may be chosen
    candidates: tuple[str, ...] = ()  # with "propose" and "unclear": the options the typed words fit
    reasons: tuple[Reason, ...] = ()  # with kind "how": the reason trees, for a tree view
    result: Result | None = field(default=None, compare=False)  # the result this message concludes from
    other: Result | None = field(
        default=None, compare=False
    )  # with kind "whatif": the result under the change
