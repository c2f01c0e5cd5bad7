"""Commands that change the answers: back, set, undo, note, restart (and its yes or no)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...consultation.consult import Consultation
from ...i18n import _, ngettext
from ..effects import Confirm
from ..replies import Reply
from ..undo import remember, restore, snapshot

if TYPE_CHECKING:
    from ..state import State


def back(c: State, arg: str) -> list[Reply]:
    if c.read_only:
        return [Reply("assistant", "error", c.read_only)]
    if not c.asked:
        return [Reply("assistant", "info", _("There is no earlier answer to go back to."))]
    q = c.question_by_id(c.asked[-1])
    remember(c, snapshot(c, _("going back from {question}").format(question=q.name)))
    qid = c.asked.pop()
    previous = c.consultation.answers.get(qid)
    c.consultation.forget(qid)
    c.said.pop(qid, None)
    c.notes.pop(qid, None)  # a withdrawn answer takes its note with it, as in the session
    if c.listener:
        c.listener("forget", qid, None)
    if previous:
        was = ", ".join(q.label_of(v) for v in previous)
        text = _("Back to {question} (it was: {answer}).").format(question=q.name, answer=was)
    else:
        text = _("Back to {question}.").format(question=q.name)
    return [
        Reply("assistant", "info", text),
        *c.next_replies(prefer=q.id, previous=previous),
    ]


def set_answer(c: State, arg: str) -> list[Reply]:
    parsed = c.split_change(arg)
    if isinstance(parsed, str):
        return [Reply("assistant", "error", parsed + " " + _("Usage: `set QUESTION OPTION`."))]
    assert parsed.question is not None and parsed.understood is not None
    return c.understood(parsed.question, parsed.understood, via_interview=False)


def undo(c: State, arg: str) -> list[Reply]:
    if not c.undo_stack:
        return [Reply("assistant", "info", _("There is nothing to undo in this conversation."))]
    before = c.undo_stack.pop()
    asking = c.current_question
    answers = c.consultation.answers
    changed = restore(c, before)
    what = _("Undone: {what}.").format(what=before.what)
    if len(changed) > 6:
        more = len(changed) - 6
        what += " " + ngettext(
            "As before: {questions} and {n} more.", "As before: {questions} and {n} more.", more
        ).format(questions=", ".join(changed[:6]), n=more)
    elif len(changed) > 1:
        what += " " + _("As before: {questions}.").format(questions=", ".join(changed))
    replies = [Reply("assistant", "info", what)]
    now = c.current_question
    if now != asking or (now is None and c.consultation.answers != answers):
        replies += c.next_replies()
    return replies


def note(c: State, arg: str) -> list[Reply]:
    """`note TEXT` on the last answer, or `note QUESTION: TEXT` on any answered question."""
    if c.read_only:
        return [Reply("assistant", "error", c.read_only)]
    qid, text = None, arg
    if ":" in arg:
        head, rest = arg.split(":", 1)
        q = c.find_question(head)
        if q is not None:
            qid, text = q.id, rest.lstrip()
    if qid is None:
        if not c.asked and not c.consultation.answers:
            return [Reply("assistant", "error", _("Answer a question first; a note goes with an answer."))]
        qid = c.asked[-1] if c.asked else list(c.consultation.answers)[-1]
    name = c.question_by_id(qid).name
    if qid not in c.consultation.answers:
        return [
            Reply(
                "assistant",
                "error",
                _("{question} is not answered yet; a note goes with an answer.").format(question=name),
            )
        ]
    if not text:
        return [Reply("assistant", "error", _("Usage: `note TEXT`, or `note QUESTION: TEXT`."))]
    if c.notes.get(qid) != text:
        remember(c, snapshot(c, _("the note on {question}").format(question=name)))
    c.notes[qid] = text
    if c.listener:
        c.listener("note", qid, text)
    return [Reply("assistant", "info", _("Note kept with {question}.").format(question=name))]


def restart(c: State, arg: str) -> list[Reply]:
    """Clearing every answer asks first (a :class:`Confirm`, or `yes`/`no` typed); the cleared
    answers stay in the session's history, and `undo` brings them back."""
    if c.read_only:
        return [Reply("assistant", "error", c.read_only)]
    n = len(c.consultation.answers)
    if not n:
        return [Reply("assistant", "info", _("There are no answers to clear."))]
    c.pending = "restart"
    question = ngettext(
        "Clear all {n} answer and start the interview again? They stay in the "
        "session's history, and `undo` brings them back.",
        "Clear all {n} answers and start the interview again? They stay in the "
        "session's history, and `undo` brings them back.",
        n,
    ).format(n=n)
    c.effects.append(Confirm(question.replace("`", ""), yes_label=_("Clear them"), no_label=_("Keep them")))
    typed = _("Type `yes` to clear them, `no` to keep them.")
    return [Reply("assistant", "confirm", f"{question} {typed}")]


def confirmed_restart(c: State, yes: bool) -> list[Reply]:
    """The answer to `restart`'s question."""
    if not yes:
        return [Reply("assistant", "info", _("Nothing cleared: your answers are kept."))]
    remember(c, snapshot(c, _("the restart")))
    for qid in list(c.consultation.answers):
        if c.listener:
            c.listener("forget", qid, None)
    c.consultation = Consultation(c.kb)
    c.notes.clear()
    c.said.clear()
    c.asked.clear()
    c.finished_shown = False
    c.asking = None
    return [
        Reply(
            "assistant", "info", _("Answers cleared: starting the interview again (`undo` brings them back).")
        ),
        *c.next_replies(),
    ]
