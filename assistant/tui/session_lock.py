"""A saved session opened in this window: the claim that lets this window change it, and the
conversation resumed from it (read-only when another window holds the claim)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import N_, _

if TYPE_CHECKING:  # the sessions' models load behind the start screen, not before it
    from ..conversation import Conversation
    from ..knowledge.loader import KnowledgeBase
    from ..sessions import Session, SessionClaim, SessionStore
    from ..sessions.recorder import SessionRecorder

READ_ONLY = N_(
    "This session is open in another window, so it is read-only here: nothing you answer or note in "
    "this window is recorded. Close the other window, then resume the session to change it."
)


class SessionLock:
    """The claim on the session this window has open, while it may change it (at most one)."""

    def __init__(self) -> None:
        self._claim: SessionClaim | None = None

    def take(self, store: SessionStore, session_id: str) -> bool:
        """Let go of the session held so far and claim this one: False when another window
        holds it (it then opens read-only)."""
        self.release()
        self._claim = store.claim(session_id)
        return self._claim is not None

    def release(self) -> None:
        """Let another window change the session this one had open."""
        if self._claim is not None:
            self._claim.release()
            self._claim = None


def resumed_conversation(
    kb: KnowledgeBase, store: SessionStore, session: Session, read_only: bool
) -> tuple[Conversation, SessionRecorder]:
    """The conversation of a saved session, where it was left, and the recorder that saves it."""
    from ..conversation import Conversation
    from ..sessions.recorder import SessionRecorder

    recorder = SessionRecorder(store, session, read_only=read_only)
    conversation = Conversation(kb, answers=session.answers_for_engine(), listener=recorder)
    conversation.notes = dict(session.notes())
    conversation.said = session.said_by_question()  # the words typed for each answer
    if read_only:
        conversation.read_only = _(READ_ONLY)
    asked: list[str] = []  # the order `back` walks: each question at its latest answer
    for event in session.history:
        if event.action == "set":
            if event.question in asked:
                asked.remove(event.question)
            asked.append(event.question)
    conversation.asked = [q for q in asked if q in session.answers]
    recorder.save()
    return conversation, recorder
