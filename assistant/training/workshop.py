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

from ..i18n import N_, Language, _, language, ngettext, using
from ..knowledge.schema import ModelId
from ..knowledge.yamlfile import InputError
from ..usertext import visible

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


def _md(text: str) -> str:
    from ..render.blocks import escape_md as escape

    return escape(text)


def _totals(w: Workshop) -> str:
    """ "12 training transcripts, 2 cases." in the language in force."""
    transcripts = ngettext("{n} training transcript", "{n} training transcripts", w.transcripts).format(
        n=w.transcripts
    )
    cases = ngettext("{n} case", "{n} cases", len(w.cases)).format(n=len(w.cases))
    return _("{transcripts}, {cases}.").format(transcripts=transcripts, cases=cases)


def _learners(case: str, n: int) -> str:
    """ "Case burundi-binub-2008: 3 learners." (``case`` already escaped)."""
    return ngettext("Case {case}: {n} learner.", "Case {case}: {n} learners.", n).format(case=case, n=n)


def _average(c: CaseSummary, strong: tuple[str, str]) -> str:
    lo, hi = (min(c.scores), max(c.scores)) if c.scores else (0, 0)
    average = f"{c.average:g}" if language() == "en" else f"{c.average:g}".replace(".", ",")
    return _("Average: {average} (lowest {lowest}, highest {highest}).").format(
        average=f"{strong[0]}{average}/100{strong[1]}", lowest=lo, highest=hi
    )


def _of(count: int, n: int) -> str:
    return _("{count} of {total}").format(count=count, total=n)


def _key_gives(c: CaseSummary, model: str) -> str:
    return _("The key's answers give {model}; {right} of {n} predicted it.").format(
        model=model, right=c.model_right, n=c.count
    )


def render_markdown(w: Workshop, language: Language | None = None) -> str:
    """The summary as Markdown, in ``language`` (by default the language in force)."""
    with using(language or _in_force()):
        return _render_markdown(w)


def _render_markdown(w: Workshop) -> str:
    out = ["# " + _("Workshop summary"), "", _totals(w), ""]
    for c in w.cases:
        n = c.count
        out += [f"## {_md(c.title)}", "", _learners(_md(c.case), n), ""]
        out += [_("Warning: {warning}").format(warning=visible(x)) for x in c.warnings]
        if c.warnings:
            out.append("")
        out += [
            "### " + _("Scores"),
            "",
            _average(c, ("**", "**")),
            "",
            "| " + _("Score") + " | " + _("Learners") + " |",
            "|---|---:|",
        ]
        out += [f"| {band} | {k} |" for band, k in c.bands]
        out += [
            "",
            "### " + _("Predicted model"),
            "",
            _key_gives(c, f"**{_md(c.key_model_label)}**"),
            "",
            "| " + _("Model") + " | " + _("Learners") + " |",
            "|---|---:|",
        ]
        out += [
            f"| {_md(p.label)}{_(KEYS) if p.id == c.key_model else ''} | {p.count} |" for p in c.predictions
        ]
        out += [
            "",
            "### " + _("Answers that differ from the key"),
            "",
            "| "
            + " | ".join(
                [
                    _("Question"),
                    _("Learners who answered differently"),
                    _("The key's answer"),
                    _("Most common other answer"),
                ]
            )
            + " |",
            "|---|---:|---|---|",
        ]
        for q in c.questions:
            other = f"{_md(q.common_other)} ({q.common_other_count})" if q.common_other else "—"
            out.append(f"| {_md(q.name)} | {_of(q.differ, n)} | {_md(q.key)} | {other} |")
        out += ["", "### " + _("Flags most often missed"), ""]
        out += _flag_table(c.flags_missed, n, _("Learners who missed it"), _("No learner missed a flag."))
        out += ["", "### " + _("Flags wrongly expected"), ""]
        out += _flag_table(
            c.flags_extra,
            n,
            _("Learners who expected it"),
            _("No learner expected a flag the key does not raise."),
        )
        out += [
            "",
            "### " + _("Learners"),
            "",
            "| "
            + " | ".join([_("Learner"), _("Crisis"), _("Score"), _("Predicted model"), _("File")])
            + " |",
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
    return [
        "| " + _("Flag") + f" | {head} |",
        "|---|---:|",
        *(f"| {_md(f.label)} | {_of(f.count, n)} |" for f in counts),
    ]


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


def render_html(
    w: Workshop, generated_at: dt.datetime | None = None, language: Language | None = None
) -> str:
    """The summary as a self-contained HTML page, in ``language`` (by default the language in force)."""
    with using(language or _in_force()):
        return _render_html(w, generated_at)


def _render_html(w: Workshop, generated_at: dt.datetime | None) -> str:
    from .. import __version__
    from ..render.svgchart import Bar, bar_chart
    from ..transcripts.common import page_start, when

    title = _("Workshop summary")
    h = [
        *page_start(title, CSS),
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(_totals(w))}</p>",
    ]
    for c in w.cases:
        n = c.count
        h += ["<section>", f"<h2>{_u(c.title)}</h2>", f"<p>{_learners(_u(c.case), n)}</p>"]
        h += [
            '<p class="warning">' + _e(_("Warning: {warning}").format(warning=x)) + "</p>" for x in c.warnings
        ]
        h += [
            "<h3>" + _e(_("Scores")) + "</h3>",
            f"<p>{_average(c, ('<strong>', '</strong>'))}</p>",
            bar_chart([(band, k) for band, k in c.bands], title=_("Learners by score"), max_value=n),
            _table([_("Score"), _("Learners")], [[_e(b), str(k)] for b, k in c.bands], numeric={1}),
        ]
        h += [
            "<h3>" + _e(_("Predicted model")) + "</h3>",
            f"<p>{_key_gives(c, f'<strong>{_e(c.key_model_label)}</strong>')}</p>",
            bar_chart(
                [Bar(p.label, p.count, p.id == c.key_model) for p in c.predictions],
                title=_("Learners by predicted model (the key's in green)"),
                max_value=n,
            ),
            _table(
                [_("Model"), _("Learners")],
                [
                    [_e(p.label) + (_e(_(KEYS)) if p.id == c.key_model else ""), str(p.count)]
                    for p in c.predictions
                ],
                numeric={1},
            ),
        ]
        h += [
            "<h3>" + _e(_("Answers that differ from the key")) + "</h3>",
            bar_chart(
                [(q.name, q.differ) for q in c.questions],
                title=_("Learners who answered differently from the key"),
                max_value=n,
            ),
            _table(
                [
                    _("Question"),
                    _("Learners who answered differently"),
                    _("The key's answer"),
                    _("Most common other answer"),
                ],
                [
                    [
                        _e(q.name),
                        _of(q.differ, n),
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
                _("Flags most often missed"),
                c.flags_missed,
                _("Learners who missed it"),
                _("No learner missed a flag."),
            ),
            (
                _("Flags wrongly expected"),
                c.flags_extra,
                _("Learners who expected it"),
                _("No learner expected a flag the key does not raise."),
            ),
        ):
            h.append(f"<h3>{_e(heading)}</h3>")
            if not counts:
                h.append(f"<p>{_e(none)}</p>")
                continue
            h += [
                bar_chart([(f.label, f.count) for f in counts], title=head, max_value=n),
                _table([_("Flag"), head], [[_e(f.label), _of(f.count, n)] for f in counts], numeric={1}),
            ]
        h += [
            "<h3>" + _e(_("Learners")) + "</h3>",
            _table(
                [_("Learner"), _("Crisis"), _("Score"), _("Predicted model"), _("File")],
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
    moment = when(generated_at or dt.datetime.now(dt.UTC))
    h += [
        "<footer>"
        + _e(
            _("Generated {when} by Integration Assistant {version}.").format(when=moment, version=__version__)
        )
        + "</footer>",
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


def render(w: Workshop, fmt: str, language: Language | None = None) -> str:
    if fmt == "markdown":
        return render_markdown(w, language)
    if fmt == "html":
        return render_html(w, language=language)
    raise InputError(_("unknown summary format '{format}' (formats: markdown, html)").format(format=fmt))
