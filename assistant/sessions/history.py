"""A session's history of changes, kept bounded by design.

Every change is recorded, but a note edited a hundred times must not make a file a hundred times
its size. So:

* each question's notes form a chain of versions (every event that carries a note); the latest
  version keeps its text, and each earlier one is stored as a change to the version after it
  (``note_delta``: how much of the next version's start and end it shares, and the text between).
  Editing a long note a little costs a little.
* each answer given keeps the words typed for it (``said``); the current answer's words are also
  kept with the answer itself.
* when the earlier note versions and the words typed together hold more than
  :data:`TEXT_BUDGET` characters, the oldest give up their text (``note_dropped``; ``said``
  emptied, ``understood`` kept); the event, its time and its question stay.
* at most :data:`MAX_EVENTS` changes are kept; older ones are dropped and counted.

The functions here work in place on a list of events shaped as :class:`AnswerEvent` says: the
session's own (:class:`assistant.sessions.model.AnswerEvent`) are, and this module need not
import them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypeVar


class AnswerEvent(Protocol):
    """What the history reads and rewrites of an event."""

    question: str
    note: str | None
    note_delta: tuple[int, int, str] | None
    note_dropped: bool
    said: str


Event = TypeVar("Event", bound=AnswerEvent)  # a list of them keeps its own type

TEXT_BUDGET = 1_000_000  # characters of earlier note versions and words typed kept
MAX_EVENTS = 5_000  # changes kept; a long working session makes a few hundred


def delta(old: str, new: str) -> tuple[int, int, str]:
    """``old`` as a change to ``new``: [characters shared at the start, at the end, old's middle]."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return start, end, old[start : len(old) - end]


def undo(new: str, change: tuple[int, int, str]) -> str:
    """The version a :func:`delta` was taken from, given the version after it."""
    start, end, middle = change
    return new[:start] + middle + new[len(new) - end :]


def carries_note(event: AnswerEvent) -> bool:
    return event.note is not None or event.note_delta is not None or event.note_dropped


def record(history: list[Event], event: Event) -> int:
    """Append ``event``; if it carries a note, turn the question's previous version into a change
    to this one. Then keep the history within its bounds. Returns how many events were dropped."""
    if event.note is not None:
        for earlier in reversed(history):
            if earlier.question == event.question and carries_note(earlier):
                if earlier.note is not None:
                    earlier.note_delta = delta(earlier.note, event.note)
                    earlier.note = None
                break
    history.append(event)
    return bound(history)


def compact(history: list[Event]) -> int:
    """Bring a history in any form (every version in full, as older sessions kept it) to the
    bounded form. Returns how many events were dropped."""
    newer: dict[str, str | None] = {}  # question -> the text of the version after; None: not held
    for event in reversed(history):
        if not carries_note(event):
            continue
        newest = event.question not in newer  # no later version: this one keeps its text
        after = newer.get(event.question)
        text: str | None = None
        if newest:
            text = event.note  # the latest version keeps its text as it is
            if text is None:
                event.note_delta, event.note_dropped = None, True
        elif after is None:  # the version after it is gone: so is this one
            event.note, event.note_delta, event.note_dropped = None, None, True
        elif event.note is not None:
            text = event.note
            event.note_delta, event.note = delta(text, after), None
        elif event.note_delta is not None:
            text = undo(after, event.note_delta)
        newer[event.question] = text
    return bound(history)


def bound(history: list[Event]) -> int:
    """Drop the oldest events past MAX_EVENTS, then the oldest earlier note texts and words typed
    past TEXT_BUDGET."""
    dropped = max(0, len(history) - MAX_EVENTS)
    if dropped:
        del history[:dropped]
    kept = sum(_size(e) for e in history)
    for event in history:
        if kept <= TEXT_BUDGET:
            break
        # only earlier note versions and the words typed give up their text, oldest first
        kept -= _size(event)
        if event.note_delta is not None:
            event.note_delta, event.note_dropped = None, True
        if event.said:
            event.said = ""
    return dropped


def _size(event: Event) -> int:
    size = len(event.said)
    if event.note_delta is not None:
        size += len(event.note_delta[2])
    return size


def notes(history: list[Event]) -> list[str | None]:
    """The note each change carried, in the history's order: its text, or None when it carried
    none or the history no longer keeps it."""
    texts: list[str | None] = [None] * len(history)
    newer: dict[str, str | None] = {}
    for i in range(len(history) - 1, -1, -1):
        event = history[i]
        if not carries_note(event):
            continue
        after = newer.get(event.question)
        if event.note is not None:
            text = event.note
        elif event.note_delta is not None and after is not None:
            text = undo(after, event.note_delta)
        else:
            text = None
        texts[i] = newer[event.question] = text
    return texts


def note_versions(history: list[Event], question: str) -> Iterator[tuple[Event, str | None]]:
    """Every version of a question's note, newest first: (event, text), text None where the
    history no longer holds it."""
    text: str | None = None
    for event in reversed(history):
        if event.question != question or not carries_note(event):
            continue
        if event.note is not None:
            text = event.note
        elif event.note_delta is not None and text is not None:
            text = undo(text, event.note_delta)
        else:
            text = None
        yield event, text
