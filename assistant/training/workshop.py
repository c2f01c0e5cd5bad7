"""A workshop summary: a class's training transcripts, aggregated per training case.

    summary = summarize_files(paths)           # InputError (one line naming the file) for a bad one
    text = render_markdown(summary)             # or render_html(summary): a self-contained page

For each case: how many learners; how many predicted each model (and which the key's answers
give); for each question, how many answered differently from the key, with the key's answer and
the most common other answer; the flags most often missed and most often wrongly expected; and
the scores (average, lowest, highest, and how many fall in each band).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape as _html_escape
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from ..knowledge.schema import ModelId
from ..knowledge.yamlfile import InputError
from ..render.page import html_page_start
from ..usertext import visible

if TYPE_CHECKING:
    from ..transcripts.model import Transcript
    from .debrief import Debrief

# Score bands, inclusive at both ends.
BANDS: tuple[tuple[int, int], ...] = ((0, 49), (50, 69), (70, 84), (85, 100))
NOT_ANSWERED = "not answered"
KEYS = " (the key's)"


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
        raise InputError(f"{path}:1: not a training transcript (it has no training debrief)")
    return t


def summarize_files(paths: Iterable[Path | str], home: Path | str | None = None) -> Workshop:
    """Read every input first (so a bad file named stops the run before any output), then
    aggregate. An input is a file, a workshop folder (its debriefs handed in), a folder of
    debriefs or a participant's home (see :mod:`assistant.workshop.sources`)."""
    return summarize_inputs(paths, home)[0]


def summarize_inputs(
    paths: Iterable[Path | str], home: Path | str | None = None
) -> tuple[Workshop, list[str]]:
    """The summary, and a line for each file found in a folder that is not a debrief (skipped)."""
    from ..workshop.sources import read_debriefs

    found = read_debriefs(list(paths), home)
    return summarize(found.items), found.problems


def summarize(items: Sequence[tuple[str, Transcript]]) -> Workshop:
    """Aggregate (file name, training transcript) pairs, per case, cases in order of first appearance."""
    groups: dict[str, list[tuple[str, Transcript, Debrief]]] = {}
    for name, t in items:
        d = t.training
        if d is None:
            raise InputError(f"{name}:1: not a training transcript (it has no training debrief)")
        groups.setdefault(d.case, []).append((name, t, d))
    return Workshop([_case(case, group) for case, group in groups.items()])


def _labels_text(labels: Sequence[str]) -> str:
    return ", ".join(labels) or NOT_ANSWERED


def _case(case: str, group: list[tuple[str, Transcript, Debrief]]) -> CaseSummary:
    """One case's summary, from its (file name, transcript, the transcript's debrief) triples."""
    from ..transcripts.common import flag_title, model_label

    _, first, d0 = group[0]
    warnings: list[str] = []

    key_models = Counter(d.prediction.expected_model for _, _, d in group)
    key_model = key_models.most_common(1)[0][0]
    if len(key_models) > 1:
        warnings.append(
            "The key's answers give different models in different transcripts "
            "(they were made with different rule bases): the most common is counted."
        )
    if len({t.rulebase.sha256 for _, t, _ in group}) > 1:
        warnings.append("The transcripts were made with different rule bases.")
    titles = Counter(d.title for _, _, d in group)
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

    predicted = Counter(d.prediction.model for _, _, d in group)
    models = list(get_args(ModelId))
    models += [m for m in predicted if m not in models]
    predictions = [Count(m, model_label(first, m), predicted.get(m, 0)) for m in models]

    # questions: every question of the key, in the key's order (those of later transcripts after)
    order: list[str] = []
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    differ: Counter[str] = Counter()
    others: dict[str, Counter[str]] = {}
    for _, _, d in group:
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
        for _, _, d in group:
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
        scores=[d.score.total for _, _, d in group],
        warnings=warnings,
    )


# --- Markdown --------------------------------------------------------------------------------


def _md(text: str) -> str:
    from ..render.blocks import escape_md as escape

    return escape(text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_markdown(w: Workshop) -> str:
    out = [
        "# Workshop summary",
        "",
        f"{_plural(w.transcripts, 'training transcript')}, {_plural(len(w.cases), 'case')}.",
        "",
    ]
    for c in w.cases:
        n = c.count
        out += [f"## {_md(c.title)}", "", f"Case {_md(c.case)}: {_plural(n, 'learner')}.", ""]
        out += [f"Warning: {visible(x)}" for x in c.warnings]
        if c.warnings:
            out.append("")
        lo, hi = (min(c.scores), max(c.scores)) if c.scores else (0, 0)
        out += [
            "### Scores",
            "",
            f"Average: **{c.average:g}/100** (lowest {lo}, highest {hi}).",
            "",
            "| Score | Learners |",
            "|---|---:|",
        ]
        out += [f"| {band} | {k} |" for band, k in c.bands]
        out += [
            "",
            "### Predicted model",
            "",
            f"The key's answers give **{_md(c.key_model_label)}**; {c.model_right} of {n} predicted it.",
            "",
            "| Model | Learners |",
            "|---|---:|",
        ]
        out += [f"| {_md(p.label)}{KEYS if p.id == c.key_model else ''} | {p.count} |" for p in c.predictions]
        out += [
            "",
            "### Answers that differ from the key",
            "",
            "| Question | Learners who answered differently | The key's answer | Most common other answer |",
            "|---|---:|---|---|",
        ]
        for q in c.questions:
            other = f"{_md(q.common_other)} ({q.common_other_count})" if q.common_other else "—"
            out.append(f"| {_md(q.name)} | {q.differ} of {n} | {_md(q.key)} | {other} |")
        out += ["", "### Flags most often missed", ""]
        out += _flag_table(c.flags_missed, n, "Learners who missed it", "No learner missed a flag.")
        out += ["", "### Flags wrongly expected", ""]
        out += _flag_table(
            c.flags_extra, n, "Learners who expected it", "No learner expected a flag the key does not raise."
        )
        out += [
            "",
            "### Learners",
            "",
            "| Learner | Crisis | Score | Predicted model | File |",
            "|---|---|---:|---|---|",
        ]
        for learner in c.learners:
            mark = "✓" if learner.model_right else "✗"
            out.append(
                f"| {_md(learner.name)} | {_md(learner.crisis)} | {learner.score} | "
                f"{mark} {_md(learner.predicted_label)} | {_md(learner.file)} |"
            )
        out.append("")
    return "\n".join(out)


def _flag_table(counts: list[Count], n: int, head: str, none: str) -> list[str]:
    if not counts:
        return [none]
    return [f"| Flag | {head} |", "|---|---:|", *(f"| {_md(f.label)} | {f.count} of {n} |" for f in counts)]


# --- HTML ------------------------------------------------------------------------------------

CSS = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #1b1f24; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h2 { border-bottom: 1px solid #d5dae0; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d5dae0; padding: .3rem .45rem; text-align: left; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
th { background: #f2f4f6; }
.user { white-space: pre-wrap; overflow-wrap: anywhere; }
.warning { color: #a4161a; }
svg.chart { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
footer { color: #5b6470; font-size: .8rem; margin-top: 2rem; border-top: 1px solid #d5dae0; padding-top: .5rem; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } svg, table { break-inside: avoid; } }
"""


def _e(text: str) -> str:
    """Text as HTML: escaped, control and bidirectional characters shown as escapes."""
    return _html_escape(visible(text), quote=True)


def _u(text: str) -> str:
    return f'<span class="user">{_e(text)}</span>'


def render_html(w: Workshop, generated_at: dt.datetime | None = None) -> str:
    from .. import __version__
    from ..render.svgchart import Bar, bar_chart

    h = [
        *html_page_start("Workshop summary", CSS),
        "<h1>Workshop summary</h1>",
        f"<p>{_plural(w.transcripts, 'training transcript')}, {_plural(len(w.cases), 'case')}.</p>",
    ]
    for c in w.cases:
        n = c.count
        h += ["<section>", f"<h2>{_u(c.title)}</h2>", f"<p>Case {_u(c.case)}: {_plural(n, 'learner')}.</p>"]
        h += [f'<p class="warning">Warning: {_e(x)}</p>' for x in c.warnings]
        lo, hi = (min(c.scores), max(c.scores)) if c.scores else (0, 0)
        h += [
            "<h3>Scores</h3>",
            f"<p>Average: <strong>{c.average:g}/100</strong> (lowest {lo}, highest {hi}).</p>",
            bar_chart([(band, k) for band, k in c.bands], title="Learners by score", max_value=n),
            _table(["Score", "Learners"], [[_e(b), str(k)] for b, k in c.bands], numeric={1}),
        ]
        h += [
            "<h3>Predicted model</h3>",
            f"<p>The key's answers give <strong>{_e(c.key_model_label)}</strong>; {c.model_right} of {n} predicted it.</p>",
            bar_chart(
                [Bar(p.label, p.count, p.id == c.key_model) for p in c.predictions],
                title="Learners by predicted model (the key's in green)",
                max_value=n,
            ),
            _table(
                ["Model", "Learners"],
                [[_e(p.label) + (KEYS if p.id == c.key_model else ""), str(p.count)] for p in c.predictions],
                numeric={1},
            ),
        ]
        h += [
            "<h3>Answers that differ from the key</h3>",
            bar_chart(
                [(q.name, q.differ) for q in c.questions],
                title="Learners who answered differently from the key",
                max_value=n,
            ),
            _table(
                [
                    "Question",
                    "Learners who answered differently",
                    "The key's answer",
                    "Most common other answer",
                ],
                [
                    [
                        _e(q.name),
                        f"{q.differ} of {n}",
                        _e(q.key),
                        f"{_e(q.common_other)} ({q.common_other_count})" if q.common_other else "—",
                    ]
                    for q in c.questions
                ],
                numeric={1},
            ),
        ]
        for heading, counts, head, none in (
            (
                "Flags most often missed",
                c.flags_missed,
                "Learners who missed it",
                "No learner missed a flag.",
            ),
            (
                "Flags wrongly expected",
                c.flags_extra,
                "Learners who expected it",
                "No learner expected a flag the key does not raise.",
            ),
        ):
            h.append(f"<h3>{heading}</h3>")
            if not counts:
                h.append(f"<p>{none}</p>")
                continue
            h += [
                bar_chart([(f.label, f.count) for f in counts], title=head, max_value=n),
                _table(["Flag", head], [[_e(f.label), f"{f.count} of {n}"] for f in counts], numeric={1}),
            ]
        h += [
            "<h3>Learners</h3>",
            _table(
                ["Learner", "Crisis", "Score", "Predicted model", "File"],
                [
                    [
                        _u(x.name),
                        _u(x.crisis),
                        str(x.score),
                        ("✓ " if x.model_right else "✗ ") + _e(x.predicted_label),
                        _u(x.file),
                    ]
                    for x in c.learners
                ],
                numeric={2},
            ),
            "</section>",
        ]
    when = (generated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    h += [
        f"<footer>Generated {_e(when)} by Integration Assistant {_e(__version__)}.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(h)


def _table(head: list[str], rows: list[list[str]], numeric: Container[int] = frozenset()) -> str:
    """A table of cells that are already HTML (escaped by the caller)."""
    out = ["<table><thead><tr>" + "".join(f"<th>{_e(x)}</th>" for x in head) + "</tr></thead><tbody>"]
    for row in rows:
        out.append(
            "<tr>"
            + "".join(
                f'<td class="n">{x}</td>' if i in numeric else f"<td>{x}</td>" for i, x in enumerate(row)
            )
            + "</tr>"
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def render(w: Workshop, fmt: str) -> str:
    if fmt == "markdown":
        return render_markdown(w)
    if fmt == "html":
        return render_html(w)
    raise InputError(f"unknown summary format '{fmt}' (formats: markdown, html)")
