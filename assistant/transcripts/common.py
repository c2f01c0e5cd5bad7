"""What the exporters share: times, titles, labels, the words typed and the score line."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..consultation.result import Result
from ..consultation.understand import Said
from ..render.recommendation import question_words
from .model import Transcript

if TYPE_CHECKING:
    from ..knowledge.loader import KnowledgeBase
    from ..training.debrief import Score

__all__ = [
    "SEVERITY_WORDS",
    "flag_title",
    "heading_of",
    "model_label",
    "question_name",
    "said_by_question",
    "score_line",
    "title_of",
    "when",
]

SEVERITY_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}


def when(value: dt.datetime | None) -> str:
    """A time as a reader wants it: 2025-03-01 14:23 UTC."""
    if value is None:
        return ""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def said_by_question(t: Transcript) -> dict[str, Said]:
    """The words typed for each answer whose words are known, by question id."""
    return {a.question: said for a in t.answers if (said := a.said_as()) is not None}


def heading_of(t: Transcript) -> str:
    """What the document is: a training run or an assessment."""
    return "Training run" if t.training is not None else "Integration assessment"


def title_of(t: Transcript) -> str:
    """The document title (unescaped user text)."""
    return f"{heading_of(t)}: {t.details.crisis}" if t.details.crisis else heading_of(t)


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

    return (
        f"Score: {s.total}/100 (answers {s.answers}/{WEIGHTS['answers']}, model {s.model}/{WEIGHTS['model']}, "
        f"flags {s.flags}/{WEIGHTS['flags']})"
    )
