"""Keeps a saved session in step with a conversation: every change is saved at once."""

from __future__ import annotations

from ..consultation.understand import Said
from ..knowledge.yamlfile import InputError
from .model import Session
from .store import SessionStore


class SessionRecorder:
    """A conversation listener that records each change in the session and saves it.

    A failed save loses nothing in memory: the error is kept in ``last_error`` for the UI to
    show, and the next change tries again. A read-only recorder (the session is open in another
    window) records and saves nothing.
    """

    def __init__(self, store: SessionStore, session: Session, read_only: bool = False):
        self.store = store
        self.session = session
        self.read_only = read_only
        self.last_error: str | None = None

    def __call__(
        self, event: str, qid: str, payload: tuple[str, ...] | str | None, said: Said | None = None
    ) -> None:
        """A change as the conversation reports it: ("set", values, said), ("forget", None),
        ("note", text). ``said``: the words typed for the answer and how they were understood,
        None when not known."""
        if self.read_only:
            return
        if event == "set" and isinstance(payload, tuple):
            changed = self.session.set_answer(qid, list(payload), said=said)
        elif event == "forget":
            changed = self.session.forget(qid)
        elif event == "note" and isinstance(payload, str):
            changed = self.session.set_note(qid, payload)
        else:
            return
        if changed:
            self.save()

    def save(self) -> None:
        if self.read_only:
            return
        try:
            self.store.save(self.session)
            self.last_error = None
        except InputError as exc:
            self.last_error = str(exc)
