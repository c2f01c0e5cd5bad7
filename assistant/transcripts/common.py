"""What the exporters share: times, titles, labels, the words typed and the score line."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..consultation.result import Result
from ..consultation.understand import Said
from ..i18n import _, language, long_date
from ..render.labels import SEVERITY_WORDS as SEVERITY_WORDS
from ..render.labels import confidence_word as confidence_word
from ..render.labels import severity_word as severity_word
from ..render.recommendation import question_words
from .model import Transcript

if TYPE_CHECKING:
    from ..knowledge.loader import KnowledgeBase
    from ..render.blocks import Span
    from ..training.debrief import Score

__all__ = [
    "SEVERITY_WORDS",
    "confidence_word",
    "day",
    "fill",
    "flag_title",
    "heading_of",
    "listed",
    "model_label",
    "question_name",
    "quoted",
    "said_by_question",
    "score_line",
    "severity_word",
    "title_of",
    "when",
]


def when(value: dt.datetime | None) -> str:
    """A time as a reader wants it: 2025-03-01 14:23 UTC (in French: 1er mars 2025, 14 h 23 UTC)."""
    if value is None:
        return ""
    utc = value.astimezone(dt.UTC)
    if language() == "fr":
        return f"{long_date(utc.year, utc.month, utc.day, 'fr')}, {utc.hour} h {utc.minute:02d} UTC"
    return utc.strftime("%Y-%m-%d %H:%M UTC")


def day(value: dt.date) -> str:
    """A date: 2026-12-05 (in French: 5 décembre 2026)."""
    if language() == "fr":
        return long_date(value.year, value.month, value.day, "fr")
    return value.isoformat()


def separator() -> str:
    """Between the items of a list: "; " (in French a narrow no-break space before the semicolon)."""
    return "\u202f; " if language() == "fr" else "; "


def listed(items: list[str]) -> str:
    """Items in a line: "a; b"."""
    return separator().join(items)


def quoted(quotes: list[str]) -> list[Span]:
    """The report's own words, in its English, in quotation marks: “…”; “…” (in French « … » ; « … »).
    Each is a ``("quote", text)`` span, which HTML marks as English."""
    left, right = ("«\u00a0", "\u00a0»") if language() == "fr" else ("“", "”")
    out: list[Span] = []
    for i, q in enumerate(quotes):
        if i:
            out.append(("text", separator()))
        out += [("text", left), ("quote", q), ("text", right)]
    return out


_FIELD = re.compile(r"\{(\w+)\}")


def fill(template: str, **values: Any) -> list[Span]:
    """A translated sentence as spans: its words as text, each ``{name}`` replaced by the span (or
    list of spans) given for it; ``fill(_("{name}: {answer}"), name=("strong", n), answer=…)``.
    A value that is a plain string is text."""
    out: list[Span] = []
    for i, part in enumerate(_FIELD.split(template)):
        if i % 2 == 0:
            if part:
                out.append(("text", part))
            continue
        value = values[part]
        if isinstance(value, str):
            out.append(("text", value))
        elif isinstance(value, tuple):
            out.append(value)
        else:
            out += value
    return out


def said_by_question(t: Transcript) -> dict[str, Said]:
    """The words typed for each answer whose words are known, by question id."""
    return {a.question: said for a in t.answers if (said := a.said_as()) is not None}


def heading_of(t: Transcript) -> str:
    """What the document is: a training run or an assessment."""
    return _("Training run") if t.training is not None else _("Integration assessment")


def title_of(t: Transcript) -> str:
    """The document title (unescaped user text)."""
    if not t.details.crisis:
        return heading_of(t)
    return _("{heading}: {crisis}").format(heading=heading_of(t), crisis=t.details.crisis)


def _shipped() -> KnowledgeBase | None:
    from ..knowledge.loader import shipped_knowledge
    from ..knowledge.yamlfile import InputError

    try:
        return shipped_knowledge()
    except InputError:  # a transcript renders without the rule base; ids stand in for labels
        return None


def _results(t: Transcript) -> list[Result]:
    """Every result a transcript holds: its own, and a training run's key and learner results."""
    return [t.result] + ([t.training.key_result, t.training.learner_result] if t.training else [])


def model_label(t: Transcript, model: str) -> str:
    """A model's label, from the transcript's own results where it can be found."""
    for r in _results(t):
        rec = r.recommendation
        if rec.model == model:
            return rec.label
        for a in rec.alternatives:
            if a.model == model:
                return a.label
    kb = _shipped()
    if kb is not None and model in kb.models:
        return kb.models[model].label
    return model


def question_name(t: Transcript, qid: str) -> str:
    """A question's name ("Security"), from the transcript's own answers and changes where it
    is found, else from the shipped rule base; a question known to neither reads as its id in
    words ("Security situation"), never as the id itself."""
    for a in t.answers:
        if a.question == qid:
            return a.name
    for c in t.history:
        if c.question == qid:
            return c.name
    if t.training is not None:
        for check in t.training.answers:
            if check.question == qid:
                return check.name
    kb = _shipped()
    q = kb.question(qid) if kb is not None else None
    return q.name if q is not None else question_words(qid)


def flag_title(t: Transcript, flag: str) -> str:
    """A flag's title, from the transcript's own results where it can be found."""
    for r in _results(t):
        for f in r.flags:
            if f.id == flag:
                return f.title
    kb = _shipped()
    if kb is not None and flag in kb.flags:
        return kb.flags[flag].title
    return flag


def score_line(s: Score) -> str:
    """Score: 72/100 (answers 42/50, model 30/30, flags 0/20)."""
    from ..training.debrief import WEIGHTS

    return _(
        "Score: {total}/100 (answers {answers}/{answers_out_of}, model {model}/{model_out_of}, "
        "flags {flags}/{flags_out_of})"
    ).format(
        total=s.total,
        answers=s.answers,
        answers_out_of=WEIGHTS["answers"],
        model=s.model,
        model_out_of=WEIGHTS["model"],
        flags=s.flags,
        flags_out_of=WEIGHTS["flags"],
    )
