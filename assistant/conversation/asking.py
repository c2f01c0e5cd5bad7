"""What the interview says next: the next question, the brief and its annex when none is left,
the call to predict in training, and what it says of words that settled nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import _, pgettext
from . import text as T
from .effects import Predict
from .replies import Reply

if TYPE_CHECKING:
    from ..consultation.result import Result
    from ..consultation.understand import Understanding
    from ..knowledge.schema import Question
    from .state import State


def one_of(items: list[str]) -> str:
    """“a” or “b” or “c”, in the language in force."""
    word = pgettext("between choices", "or")
    return f" {word} ".join(items)


def with_sensitivity(c: State, result: Result) -> Result:
    """The result with what would change it (a few milliseconds): the brief names the first
    changes, the annex every one."""
    if result.sensitivity is not None:
        return result
    from ..consultation.sensitivity import sensitivity
    from ..reasoning.compiled import compiled

    sens = sensitivity(compiled(c.kb), c.consultation.answers)
    return result.model_copy(update={"sensitivity": sens})


def next_replies(c: State, prefer: str | None = None, previous: tuple[str, ...] | None = None) -> list[Reply]:
    """What follows a change: the next question, the brief and its annex once none is left, or (in
    training) the call to predict."""
    q = c.current_question
    if prefer and prefer in c.questions_left():
        q = c.kb.question(prefer)
    if q is None and c.training is not None:
        c.finished_shown = True
        c.effects.append(Predict())
        return [
            Reply(
                "assistant",
                "predict",
                _(
                    "You have answered every question that can still matter. "
                    "Now predict the model and the conflicts you expect (`predict`, or F9)."
                ),
            )
        ]
    if q is None:
        if c.finished_shown:
            return [
                Reply(
                    "assistant",
                    "info",
                    _("Recommendation updated.") + " " + after_hint(),
                    result=c.result,
                )
            ]
        c.finished_shown = True
        r = with_sensitivity(c, c.result)
        return [
            Reply("assistant", "final", T.final_text(r, c.said), citations=T.final_citations(r), result=r),
            Reply(
                "assistant",
                "annex",
                T.annex_text(r, c.said, c.kb),
                citations=T.annex_citations(r),
                result=r,
            ),
        ]
    c.finished_shown = False
    c.asking = q.id
    answered = len(c.consultation.answers)
    total = answered + len(c.questions_left())
    previous = previous or c.consultation.answers.get(q.id)
    return [
        Reply(
            "assistant",
            "question",
            T.question_text(q, answered + 1, total, previous),
            question=q.id,
            options=T.option_list(q),
            multi=q.multi,
            citations=tuple(q.citations),
        )
    ]


def unclear(q: Question, typed: str, u: Understanding) -> Reply:
    """Words that settled nothing: what they were read as, and the options that fit."""
    fits = [q.label_of(o) for o in u.candidates]
    offer = ""
    if fits:
        offer = " " + _("Which is it: {choices}?").format(
            choices=one_of([T.quoted(T.escape_md(f)) for f in fits])
        )
    words = T.escape_md(typed.strip())
    said = _("I did not record “{typed}” as an answer about {question}: {reading}.").format(
        typed=words, question=q.name, reading=T.escape_md(u.reading.rstrip("."))
    )
    pick = _("Pick an option, type its number, or type `help` for commands.")
    return Reply(
        "assistant",
        "unclear",
        f"{said}{offer} {pick}",
        question=q.id,
        options=T.option_list(q),
        multi=q.multi,
        candidates=u.candidates,
    )


def after_hint() -> str:
    return _("Use `set QUESTION OPTION` to change an answer, `what if …`, `how`, `summary` or `restart`.")
