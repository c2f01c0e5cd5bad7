"""What a command handler and `undo` may read and change of an interview: its state, as a
Protocol. The handlers type their interview with it rather than with the class, so the interview
(which runs them) and they do not import each other; :class:`.interview.Interview` satisfies it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..consultation.answers import Answers
    from ..consultation.consult import Consultation
    from ..consultation.matching import Change
    from ..consultation.result import Result
    from ..consultation.understand import Said, Understanding
    from ..i18n import Language
    from ..knowledge.loader import KnowledgeBase
    from ..knowledge.schema import Question, TrainingCase
    from .effects import Effect
    from .glossary import Glossary
    from .replies import Reply


@dataclass(frozen=True)
class Before:
    """The interview as it was before one change, and what that change was: what `undo` restores."""

    what: str
    answers: Answers
    notes: dict[str, str]
    asked: tuple[str, ...]
    asking: str | None
    said: dict[str, Said]


class State(Protocol):
    kb: KnowledgeBase
    language: Language
    training: TrainingCase | None
    consultation: Consultation
    glossary: Glossary
    listener: Callable[..., None] | None
    asked: list[str]
    effects: list[Effect]
    finished_shown: bool
    asking: str | None
    notes: dict[str, str]
    read_only: str | None
    undo_stack: list[Before]
    pending: str | None
    said: dict[str, Said]

    @property
    def result(self) -> Result: ...

    @property
    def current_question(self) -> Question | None: ...

    def question_by_id(self, qid: str) -> Question: ...

    def questions_left(self) -> list[str]: ...

    def understood(self, q: Question, u: Understanding, via_interview: bool) -> list[Reply]: ...

    def words_of(self, qid: str) -> str: ...

    def next_replies(
        self, prefer: str | None = None, previous: tuple[str, ...] | None = None
    ) -> list[Reply]: ...

    def find_question(self, words: str) -> Question | None: ...

    def split_change(self, arg: str) -> Change | str: ...

    def switch_language(self, lang: Language) -> None: ...
