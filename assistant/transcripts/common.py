"""What the exporters share: wording, and the page-and-number form of citations."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..knowledge.schema import Citation
from ..render.markdown import CONFIDENCE_WORDS
from .model import Transcript

__all__ = [
    "CONFIDENCE_WORDS", "SEVERITY_WORDS", "Ref", "refs", "when", "title_of", "heading_of", "model_label", "flag_title",
    "score_line", "sensitivity_items",
]

SEVERITY_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}


@dataclass(frozen=True)
class Ref:
    page: str
    number: int

    def text(self) -> str:
        return f"p. {self.page} [{self.number}]"


def refs(t: Transcript, citations: list[Citation]) -> list[Ref]:
    """A claim's citations as page and source number, each passage once."""
    return [Ref(c.page, n) for c, n in t.refs(citations)]


def when(value: dt.datetime | None) -> str:
    """A time as a reader wants it: 2025-03-01 14:23 UTC."""
    if value is None:
        return ""
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def heading_of(t: Transcript) -> str:
    """What the document is: a training run or an assessment."""
    return "Training run" if t.training is not None else "Integration assessment"


def title_of(t: Transcript) -> str:
    """The document title (unescaped user text)."""
    return f"{heading_of(t)}: {t.details.crisis}" if t.details.crisis else heading_of(t)


def _shipped():
    try:
        from ..knowledge.loader import shipped_knowledge

        return shipped_knowledge()
    except Exception:  # a transcript renders without the rule base; ids stand in for labels
        return None


def _results(t: Transcript) -> list:
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


def score_line(t: Transcript) -> str:
    """Score: 72/100 (answers 42/50, model 30/30, flags 0/20)."""
    from ..training.debrief import WEIGHTS

    s = t.training.score
    return (f"Score: {s.total}/100 (answers {s.answers}/{WEIGHTS['answers']}, model {s.model}/{WEIGHTS['model']}, "
            f"flags {s.flags}/{WEIGHTS['flags']})")


def sensitivity_items(t: Transcript) -> list[str]:
    """What would change the recommendation, one plain sentence each (empty without it)."""
    sens = t.result.sensitivity
    if sens is None:
        return []
    names = {a.question: a.name for a in t.answers}

    def name(qid: str) -> str:
        return names.get(qid, qid.replace("_", " "))

    items = [f"{name(c.changes[0].question)}: {c.changes[0].label} (now: {c.changes[0].was}) would give {c.label}."
             for c in sens.single_changes]
    items += [
        "Together, " + " and ".join(f"{name(x.question)}: {x.label}" for x in c.changes) + f" would give {c.label}."
        for c in sens.pair_changes
    ]
    if not items:
        items.append("No change of one or two answers would give another model.")
    matter = [name(u.question) for u in sens.unknowns if u.matters]
    if matter:
        items.append("Unknown or unanswered answers that matter: " + ", ".join(matter) + ".")
    return items
