"""What `undo` needs: the interview as it was before each change, and putting it back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..consultation.consult import Consultation
from .state import Before

if TYPE_CHECKING:
    from .state import State

UNDO_DEPTH = 200


def snapshot(c: State, what: str) -> Before:
    return Before(what, c.consultation.answers, dict(c.notes), tuple(c.asked), c.asking, dict(c.said))


def remember(c: State, before: Before) -> None:
    c.undo_stack.append(before)
    del c.undo_stack[:-UNDO_DEPTH]


def restore(c: State, before: Before) -> list[str]:
    """Put the answers and notes back as they were; tell the listener each change, so the
    session's history records the undo too. Returns the names of the questions changed."""
    now, want = c.consultation.answers, before.answers
    changed = []
    for qid in now:
        if qid not in want:
            if c.listener:
                c.listener("forget", qid, None)
            c.notes.pop(qid, None)
            changed.append(qid)
    for qid, value in want.items():
        if now.get(qid) != value or c.said.get(qid) != before.said.get(qid):
            if c.listener:
                c.listener("set", qid, tuple(value), before.said.get(qid))
            changed.append(qid)
    c.said = dict(before.said)
    for qid in want:
        note = before.notes.get(qid, "")
        if c.notes.get(qid, "") != note:
            if c.listener:
                c.listener("note", qid, note)
            if qid not in changed:
                changed.append(qid)
        if note:
            c.notes[qid] = note
        else:
            c.notes.pop(qid, None)
    c.consultation = Consultation(c.kb, want)
    c.asked = list(before.asked)
    c.asking = before.asking
    return [q.name for q in map(c.kb.question, changed) if q is not None]
