"""Commands that explain without changing anything: why, how, what if, explain, skipped, summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...consultation.explain import Wording, join_and
from ...i18n import _
from ...render.markdown import statement
from .. import text as T
from ..registry import help_text
from ..replies import Reply

if TYPE_CHECKING:
    from ..state import State


def why(c: State, arg: str) -> list[Reply]:
    q = c.find_question(arg) if arg else c.current_question
    if q is None:
        return [
            Reply(
                "assistant",
                "info",
                _("No question is open. Type `how` for the reasoning, or `why skipped QUESTION`."),
            )
        ]
    text = _("**Why I ask about {question}:** {reason}").format(
        question=q.name, reason=statement(q.why, q.basis, q.citations, q.see)
    )
    return [Reply("assistant", "why", text, citations=T.collect(q.citations, q.see))]


def how(c: State, arg: str) -> list[Reply]:
    r = c.result
    return [
        Reply(
            "assistant",
            "how",
            T.how_text(r, c.said),
            citations=T.how_citations(r),
            reasons=tuple(r.recommendation.reasons),
            result=r,
        )
    ]


def what_if(c: State, arg: str) -> list[Reply]:
    parsed = c.split_change(arg)
    if isinstance(parsed, str):
        return [Reply("assistant", "error", parsed + " " + _("Usage: `what if QUESTION OPTION`."))]
    assert parsed.question is not None
    q, chosen = parsed.question, parsed.chosen
    # A what-if records nothing: an inferred reading is said, not asked about.
    reading = ""
    if parsed.inferred and parsed.understood is not None:
        labels = ", ".join(q.label_of(o) for o in chosen)
        reading = (
            _("I read “{typed}” as {question}: {answer}.").format(
                typed=T.escape_md(parsed.understood.text.strip()), question=q.name, answer=T.escape_md(labels)
            )
            + "\n\n"
        )
    now = c.result
    then = c.consultation.what_if(q.id, list(chosen))
    change = join_and([Wording(c.kb).answer(q.id, o) for o in chosen])
    reason = then.recommendation.reasons[0]
    cites = (
        T.collect(reason.citations, reason.see)
        if then.recommendation.model != now.recommendation.model
        else ()
    )
    return [
        Reply(
            "assistant",
            "whatif",
            reading + T.whatif_text(c.kb, change, now, then),
            citations=cites,
            result=now,
            other=then,
        )
    ]


def explain(c: State, arg: str) -> list[Reply]:
    if not arg:
        terms = ", ".join(e.term for e in c.glossary.entries)
        return [Reply("assistant", "explain", _("Terms I can explain: {terms}.").format(terms=terms))]
    entry = c.glossary.find(arg)
    if entry is None:
        q = c.find_question(arg)
        if q is not None:
            return why(c, q.id)
        near = c.glossary.suggest(arg)
        if near:
            hint = _("Did you mean: {terms}?").format(terms=", ".join(e.term for e in near))
        else:
            hint = _("Type `explain` for the list.")
        missing = _("“{term}” is not in my glossary.").format(term=T.escape_md(arg))
        return [Reply("assistant", "explain", f"{missing} {hint}")]
    text = _("**{term}**: {definition}").format(
        term=entry.term, definition=statement(entry.definition, entry.basis, entry.citations, entry.see)
    )
    return [Reply("assistant", "explain", text, citations=T.collect(entry.citations, entry.see))]


def skipped(c: State, arg: str) -> list[Reply]:
    """`skipped`: every question not asked, and why; `why skipped QUESTION`: that one."""
    q = c.find_question(arg) if arg else None
    if q is not None:
        reason = next((s.why for s in c.result.skipped if s.question == q.id), None)
        if reason is None:
            if q.id in c.consultation.answers:
                text = _("{question} is not skipped: it is answered.")
            else:
                text = _("{question} is not skipped: it is still to be asked.")
            return [Reply("assistant", "skipped", text.format(question=q.name))]
        text = _("**{question}** is not asked.").format(question=q.name)
        return [Reply("assistant", "skipped", f"{text} {reason}")]
    if not c.result.skipped:
        return [Reply("assistant", "skipped", _("No question has been skipped so far."))]
    lines = [_("Questions I will not ask, because their answer can no longer change the result:"), ""]
    lines += [
        "- " + _("**{question}**: {reason}").format(question=c.question_by_id(s.question).name, reason=s.why)
        for s in c.result.skipped
    ]
    return [Reply("assistant", "skipped", "\n".join(lines))]


def summary(c: State, arg: str) -> list[Reply]:
    """The answers; outside training also the recommendation and its flags, with their passages."""
    r = c.result
    lines = [_("**Your answers**"), ""]
    answers = c.consultation.answers
    if not answers:
        lines.append(_("None yet."))
    for q in c.kb.questions:
        if q.id in answers:
            note = ""
            if q.id in c.notes:
                note = " " + _("(note: {note})").format(note=T.escape_md(c.notes[q.id]))
            labels = ", ".join(q.label_of(v) for v in answers[q.id])
            answer = f"{labels}{c.words_of(q.id)}{note}"
            lines.append("- " + _("{question}: {answer}").format(question=q.name, answer=answer))
    rec = r.recommendation
    if c.training is None:
        recommendation = _("**Recommendation:** {standing}; structural form: {form}.").format(
            standing=T.standing(r), form=rec.form_label
        )
        lines += ["", recommendation, ""]
        lines += [_("**Flags**"), "", *T.flag_lines(r)]
    left = c.questions_left()
    lines += ["", _("Questions left that can still matter: {n}.").format(n=len(left))]
    # The summary cites what it shows: the model's passages and each flag's.
    cites = (
        ()
        if c.training is not None
        else T.collect(rec.citations, *(cs for f in r.flags for cs in (f.citations, f.see)))
    )
    return [Reply("assistant", "summary", "\n".join(lines), citations=cites, result=r)]


def help_reply(c: State, arg: str) -> list[Reply]:
    return [Reply("assistant", "help", help_text(c.training is not None))]
