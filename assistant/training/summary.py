"""A workshop summary: a class's training transcripts, aggregated per training case.

    summary = summarize_files(paths)           # InputError (one line naming the file) for a bad one
    text = render_markdown(summary)             # (summary_pages) or render_html: a self-contained page

For each case: how many learners; how many predicted each model (and which the key's answers
give); for each question, how many answered differently from the key, with the key's answer and
the most common other answer; the flags most often missed and most often wrongly expected; and
the scores (average, lowest, highest, and how many fall in each band).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from ..i18n import N_, Language, _, language, using
from ..knowledge.schema import ModelId
from ..knowledge.yamlfile import InputError

if TYPE_CHECKING:
    from ..transcripts.model import Transcript
    from .debrief import Debrief

# Score bands, inclusive at both ends.
BANDS: tuple[tuple[int, int], ...] = ((0, 49), (50, 69), (70, 84), (85, 100))
NOT_ANSWERED = N_("not answered")  # shown through _()
KEYS = N_(" (the key's)")


@dataclass(frozen=True)
class Learner:
    name: str  # the participant named in the transcript, else the file's name
    file: str
    crisis: str
    score: int
    predicted: str
    predicted_label: str
    model_right: bool


@dataclass(frozen=True)
class Count:
    id: str
    label: str
    count: int


@dataclass(frozen=True)
class QuestionStat:
    question: str
    name: str
    key: str  # the key's answer, as labels
    differ: int = 0
    common_other: str | None = None
    common_other_count: int = 0


@dataclass
class CaseSummary:
    case: str
    title: str
    learners: list[Learner]
    key_model: str
    key_model_label: str
    predictions: list[Count]  # every model, in the vocabulary's order
    questions: list[QuestionStat]  # most often answered differently first
    flags_missed: list[Count]  # most often first; only flags missed at least once
    flags_extra: list[Count]
    scores: list[int]
    warnings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.learners)

    @property
    def average(self) -> float:
        return round(sum(self.scores) / len(self.scores), 1) if self.scores else 0.0

    @property
    def bands(self) -> list[tuple[str, int]]:
        return [(f"{lo}–{hi}", sum(lo <= s <= hi for s in self.scores)) for lo, hi in BANDS]

    @property
    def model_right(self) -> int:
        return sum(learner.model_right for learner in self.learners)


@dataclass
class Workshop:
    cases: list[CaseSummary]

    @property
    def transcripts(self) -> int:
        return sum(c.count for c in self.cases)


# --- reading and aggregating -----------------------------------------------------------------


def load_training(path: Path | str) -> Transcript:
    """A training transcript from a JSON file; InputError naming the file for anything else."""
    from ..transcripts.files import load_transcript

    t = load_transcript(path)
    if t.training is None:
        raise InputError(
            _("{file}:1: not a training transcript (it has no training debrief)").format(file=path)
        )
    return t


def summarize_files(
    paths: Iterable[Path | str], home: Path | str | None = None, language: Language | None = None
) -> Workshop:
    """Read every input first (so a bad file named stops the run before any output), then
    aggregate. An input is a file, a workshop folder (its debriefs handed in), a folder of
    debriefs or a participant's home (see :mod:`assistant.workshop.sources`)."""
    return summarize_inputs(paths, home, language)[0]


def summarize_inputs(
    paths: Iterable[Path | str], home: Path | str | None = None, language: Language | None = None
) -> tuple[Workshop, list[str]]:
    """The summary, and a line for each file found in a folder that is not a debrief (skipped);
    its words in ``language`` (by default the language in force)."""
    from ..workshop.sources import read_debriefs

    with using(language or _in_force()):
        found = read_debriefs(list(paths), home)
        return summarize(found.items), found.problems


def _in_force() -> Language:
    return language()


def summarize(items: Sequence[tuple[str, Transcript]], language: Language | None = None) -> Workshop:
    """Aggregate (file name, training transcript) pairs, per case, cases in order of first
    appearance; its words (warnings, "not answered") in ``language``, by default the language in force."""
    with using(language or _in_force()):
        groups: dict[str, list[tuple[str, Transcript, Debrief]]] = {}
        for name, t in items:
            d = t.training
            if d is None:
                raise InputError(
                    _("{file}:1: not a training transcript (it has no training debrief)").format(file=name)
                )
            groups.setdefault(d.case, []).append((name, t, d))
        return Workshop([_case(case, group) for case, group in groups.items()])


def _labels_text(labels: Sequence[str]) -> str:
    return ", ".join(labels) or _(NOT_ANSWERED)


def _case(case: str, group: list[tuple[str, Transcript, Debrief]]) -> CaseSummary:
    """One case's summary, from its (file name, transcript, the transcript's debrief) triples."""
    from ..transcripts.common import flag_title, model_label

    _first, first, d0 = group[0]
    warnings: list[str] = []

    key_models = Counter(d.prediction.expected_model for _n, _t, d in group)
    key_model = key_models.most_common(1)[0][0]
    if len(key_models) > 1:
        warnings.append(
            _(
                "The key's answers give different models in different transcripts "
                "(they were made with different rule bases): the most common is counted."
            )
        )
    if len({t.rulebase.sha256 for _name, t, _d in group}) > 1:
        warnings.append(_("The transcripts were made with different rule bases."))
    titles = Counter(d.title for _n, _t, d in group)
    title = titles.most_common(1)[0][0]

    from ..workshop.sources import learner_name

    learners = []
    for name, t, d in group:
        learners.append(
            Learner(
                name=learner_name(t, name),
                file=name,
                crisis=t.details.crisis,
                score=d.score.total,
                predicted=d.prediction.model,
                predicted_label=model_label(t, d.prediction.model),
                model_right=d.prediction.model == key_model,
            )
        )

    predicted = Counter(d.prediction.model for _n, _t, d in group)
    models = list(get_args(ModelId))
    models += [m for m in predicted if m not in models]
    predictions = [Count(m, model_label(first, m), predicted.get(m, 0)) for m in models]

    # questions: every question of the key, in the key's order (those of later transcripts after)
    order: list[str] = []
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    differ: Counter[str] = Counter()
    others: dict[str, Counter[str]] = {}
    for _n, _t, d in group:
        for c in d.answers:
            if c.question not in names:
                order.append(c.question)
                names[c.question] = c.name
                keys[c.question] = _labels_text(c.key_labels)
            if not c.agrees:
                differ[c.question] += 1
                others.setdefault(c.question, Counter())[_labels_text(c.learner_labels)] += 1
    questions = []
    for q in order:
        common = others.get(q, Counter()).most_common(1)
        questions.append(
            QuestionStat(
                question=q,
                name=names[q],
                key=keys[q],
                differ=differ[q],
                common_other=common[0][0] if common else None,
                common_other_count=common[0][1] if common else 0,
            )
        )
    questions.sort(key=lambda s: -s.differ)  # stable: the key's order among equals

    key_flags = {f.id: i for i, f in enumerate(d0.key_result.flags)}

    def counted(attr: str) -> list[Count]:
        counter: Counter[str] = Counter()
        for _n, _t, d in group:
            counter.update(getattr(d.prediction, attr))
        # most often first; among equals the key's order, then the order first met
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], key_flags.get(kv[0], len(key_flags))))
        return [Count(f, flag_title(first, f), n) for f, n in ranked]

    return CaseSummary(
        case=case,
        title=title,
        learners=learners,
        key_model=key_model,
        key_model_label=model_label(first, key_model),
        predictions=predictions,
        questions=questions,
        flags_missed=counted("flags_missed"),
        flags_extra=counted("flags_extra"),
        scores=[d.score.total for _n, _t, d in group],
        warnings=warnings,
    )


# --- Markdown --------------------------------------------------------------------------------
