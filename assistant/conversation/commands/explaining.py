"""Commands that explain without changing anything: why, how, what if, explain, skipped, summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...consultation.explain import Wording, join_and
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
                "No question is open. Type `how` for the reasoning, or `why skipped QUESTION`.",
            )
        ]
    text = f"**Why I ask about {q.name}:** {statement(q.why, q.basis, q.citations, q.see)}"
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
        return [Reply("assistant", "error", parsed + " Usage: `what if QUESTION OPTION`.")]
    assert parsed.question is not None
    q, chosen = parsed.question, parsed.chosen
    # A what-if records nothing: an inferred reading is said, not asked about.
    reading = ""
    if parsed.inferred and parsed.understood is not None:
        labels = ", ".join(q.label_of(o) for o in chosen)
        reading = (
            f"I read “{T.escape_md(parsed.understood.text.strip())}” as {q.name}: {T.escape_md(labels)}.\n\n"
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
        return [Reply("assistant", "explain", f"Terms I can explain: {terms}.")]
    entry = c.glossary.find(arg)
    if entry is None:
        q = c.find_question(arg)
        if q is not None:
            return why(c, q.id)
        near = c.glossary.suggest(arg)
        hint = (
            f" Did you mean: {', '.join(e.term for e in near)}?" if near else " Type `explain` for the list."
        )
        return [Reply("assistant", "explain", f"“{T.escape_md(arg)}” is not in my glossary.{hint}")]
    text = f"**{entry.term}**: {statement(entry.definition, entry.basis, entry.citations, entry.see)}"
    return [Reply("assistant", "explain", text, citations=T.collect(entry.citations, entry.see))]


def skipped(c: State, arg: str) -> list[Reply]:
    """`skipped`: every question not asked, and why; `why skipped QUESTION`: that one."""
    q = c.find_question(arg) if arg else None
    if q is not None:
        reason = next((s.why for s in c.result.skipped if s.question == q.id), None)
        if reason is None:
            state = "answered" if q.id in c.consultation.answers else "still to be asked"
            return [Reply("assistant", "skipped", f"{q.name} is not skipped: it is {state}.")]
        return [Reply("assistant", "skipped", f"**{q.name}** is not asked. {reason}")]
    if not c.result.skipped:
        return [Reply("assistant", "skipped", "No question has been skipped so far.")]
    lines = ["Questions I will not ask, because their answer can no longer change the result:", ""]
    lines += [f"- **{c.question_by_id(s.question).name}**: {s.why}" for s in c.result.skipped]
    return [Reply("assistant", "skipped", "\n".join(lines))]


def summary(c: State, arg: str) -> list[Reply]:
    """The answers; outside training also the recommendation and its flags, with their passages."""
    r = c.result
    lines = ["**Your answers**", ""]
    answers = c.consultation.answers
    if not answers:
        lines.append("None yet.")
    for q in c.kb.questions:
        if q.id in answers:
            note = f" (note: {T.escape_md(c.notes[q.id])})" if q.id in c.notes else ""
            labels = ", ".join(q.label_of(v) for v in answers[q.id])
            lines.append(f"- {q.name}: {labels}{c.words_of(q.id)}{note}")
    rec = r.recommendation
    if c.training is None:
        lines += ["", f"**Recommendation:** {T.standing(r)}; structural form: {rec.form_label}.", ""]
        lines += ["**Flags**", "", *T.flag_lines(r)]
    left = c.questions_left()
    lines += ["", f"Questions left that can still matter: {len(left)}."]
    # The summary cites what it shows: the model's passages and each flag's.
    cites = (
        ()
        if c.training is not None
        else T.collect(rec.citations, *(cs for f in r.flags for cs in (f.citations, f.see)))
    )
    return [Reply("assistant", "summary", "\n".join(lines), citations=cites, result=r)]


def help_reply(c: State, arg: str) -> list[Reply]:
    return [Reply("assistant", "help", help_text(c.training is not None))]
