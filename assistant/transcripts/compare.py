"""Two or more transcripts side by side: every answer (with the words typed for it), then the
results, marking where they differ.

    comparison = compare_files(paths)         # InputError (one line naming the file) for a bad one
    text = render_markdown(comparison)          # or render_html(comparison)

Columns are labelled by crisis, else officer, else both, else file name: the first of these that
tells every transcript apart (training runs: by the participant's name first). Transcripts of different training cases (or different crises, or
made with different rule bases) are still compared, with a warning at the top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape as _html_escape
from pathlib import Path

from ..consultation.understand import said_words
from ..i18n import Language, _, language, ngettext, using
from ..knowledge.yamlfile import InputError
from ..render.page import html_page_start
from ..usertext import visible
from .common import confidence_word, day, model_label, separator, severity_word
from .model import Transcript, TranscriptAnswer

NONE = "—"
DIFFERS = "≠"


@dataclass(frozen=True)
class Row:
    name: str
    cells: list[str]
    differs: bool
    key: str | None = None  # the training key's answer, when every transcript is of the same case


@dataclass
class Comparison:
    files: list[str]
    transcripts: list[Transcript]
    labels: list[str]
    warnings: list[str] = field(default_factory=list)
    answers: list[Row] = field(default_factory=list)
    results: list[Row] = field(default_factory=list)
    training: list[Row] = field(default_factory=list)
    key_case: str | None = None  # the case, when every transcript is a training run of the same one

    @property
    def differences(self) -> int:
        return sum(r.differs for r in self.answers + self.results + self.training)


def compare_files(
    paths: Iterable[Path | str], home: Path | str | None = None, language: Language | None = None
) -> Comparison:
    return compare_inputs(paths, home, language)[0]


def compare_inputs(
    paths: Iterable[Path | str], home: Path | str | None = None, language: Language | None = None
) -> tuple[Comparison, list[str]]:
    """The comparison of the transcripts the inputs give (files, a folder of transcripts, a
    workshop folder, a participant's home: see :mod:`assistant.workshop.sources`), and a line
    for each file found in a folder that is not a transcript (skipped). Its words (rows,
    warnings) are in ``language``, by default the language in force."""
    from ..workshop.sources import read_debriefs

    named = list(paths)
    with using(language or _in_force()):
        if not named:
            raise InputError(_("compare takes two or more transcripts"))
        found = read_debriefs(named, home, training=False)
        if len(found.items) < 2:
            raise InputError(
                _("compare takes two or more transcripts ({found} found in {inputs})").format(
                    found=len(found.items), inputs=", ".join(map(str, named))
                )
            )
        return compare(found.items), found.problems


def _in_force() -> Language:
    return language()


def _name(t: Transcript) -> str:
    from ..workshop.sources import learner_name

    return learner_name(t, "").strip()


def _labels(files: Sequence[str], ts: Sequence[Transcript]) -> list[str]:
    def both(t: Transcript) -> str:
        return " / ".join(x for x in (t.details.crisis.strip(), _name(t)) if x)

    def run(t: Transcript) -> str:
        return " / ".join(x for x in (_name(t), t.training.title if t.training else "") if x)

    schemes: list[Callable[[str, Transcript], str]] = [
        lambda f, t: t.details.crisis.strip(),
        lambda f, t: _name(t),
        lambda f, t: both(t),
        lambda f, t: Path(f).name,
        lambda f, t: f,
    ]
    if all(t.training is not None for t in ts):  # training runs: the learners, by name
        schemes[:3] = [lambda f, t: _name(t), lambda f, t: run(t)]
    for scheme in schemes:
        labels = [" ".join(scheme(f, t).split()) for f, t in zip(files, ts, strict=False)]
        if all(labels) and len(set(labels)) == len(labels):
            return labels
    return [f"{i}. {Path(f).name}" for i, f in enumerate(files, 1)]


def _grouped(what: Sequence[str], files: Sequence[str]) -> str:
    """Liberia (a.json, b.json); Burundi (c.json)."""
    groups: dict[str, list[str]] = {}
    for w, f in zip(what, files, strict=False):
        groups.setdefault(w, []).append(Path(f).name)
    return separator().join(f"{w} ({', '.join(names)})" for w, names in groups.items())


def _differs(values: Sequence[object]) -> bool:
    return len(set(values)) > 1


def compare(items: Sequence[tuple[str, Transcript]], language: Language | None = None) -> Comparison:
    """Compare (file name, transcript) pairs, in the order given; the rows' names and the
    warnings in ``language`` (by default the language in force)."""
    with using(language or _in_force()):
        return _compare(items)


def _compare(items: Sequence[tuple[str, Transcript]]) -> Comparison:
    if len(items) < 2:
        raise InputError(_("compare takes two or more transcripts"))
    files = [f for f, _ in items]
    ts = [t for _, t in items]
    c = Comparison(files=files, transcripts=ts, labels=_labels(files, ts))

    cases = [t.training.case if t.training else None for t in ts]
    if _differs(cases):
        what = [t.training.title if t.training else _("not a training run") for t in ts]
        c.warnings.append(
            _("these transcripts are of different training cases: {cases}.").format(
                cases=_grouped(what, files)
            )
        )
    else:
        crises = [" ".join(t.details.crisis.split()) for t in ts]
        if _differs([x for x in crises if x]):
            what = [x or _("no crisis named") for x in crises]
            c.warnings.append(
                _("these transcripts are of different crises: {crises}.").format(crises=_grouped(what, files))
            )
    if _differs([t.rulebase.sha256 for t in ts]):
        versions = ", ".join(dict.fromkeys(t.rulebase.version for t in ts))
        c.warnings.append(
            _(
                "these transcripts were made with different rule bases (versions {versions}); "
                "their results may differ for that reason alone."
            ).format(versions=versions)
        )
    if cases[0] is not None and not _differs(cases):
        c.key_case = cases[0]

    # the answers: every question answered in any transcript, each transcript's order kept
    order: list[str] = []
    names: dict[str, str] = {}
    for t in ts:
        prev = -1
        for a in t.answers:
            names.setdefault(a.question, a.name)
            if a.question in order:
                prev = order.index(a.question)
            else:
                prev += 1
                order.insert(prev, a.question)
    keys: dict[str, str] = {}
    key_debrief = ts[0].training if c.key_case is not None else None
    if key_debrief is not None:
        for check in key_debrief.answers:
            keys[check.question] = ", ".join(check.key_labels)
            if check.question not in names:
                names[check.question] = check.name
                order.append(check.question)
    by_question = [{a.question: a for a in t.answers} for t in ts]
    for q in order:
        given = [m.get(q) for m in by_question]
        cells = [_answer(a) if a else NONE for a in given]
        ids = [tuple(a.answer) if a else None for a in given]
        c.answers.append(Row(names[q], cells, _differs(ids), keys.get(q) if c.key_case else None))

    # the results
    recs = [t.result.recommendation for t in ts]
    c.results.append(Row(_("Model"), [r.label for r in recs], _differs([r.model for r in recs])))
    c.results.append(
        Row(
            _("Confidence"),
            [confidence_word(r.confidence) for r in recs],
            _differs([r.confidence for r in recs]),
        )
    )
    c.results.append(
        Row(_("Structural form"), [r.form_label for r in recs], _differs([r.form for r in recs]))
    )
    flags: dict[str, str] = {}
    for t in ts:
        for f in t.result.flags:
            flags.setdefault(f.id, f.title)
    for fid, title in flags.items():
        sev = [next((f.severity for f in t.result.flags if f.id == fid), None) for t in ts]
        c.results.append(
            Row(
                _("Flag: {title}").format(title=title),
                [severity_word(s) if s else NONE for s in sev],
                _differs(sev),
            )
        )

    # training runs: the case, the score and the prediction
    if any(t.training for t in ts):
        ds = [t.training for t in ts]
        c.training.append(Row(_("Training case"), [d.title if d else NONE for d in ds], _differs(cases)))
        totals = [d.score.total if d else None for d in ds]
        c.training.append(
            Row(_("Score"), [f"{x}/100" if x is not None else NONE for x in totals], _differs(totals))
        )
        models = [d.prediction.model if d else None for d in ds]
        c.training.append(
            Row(
                _("Predicted model"),
                [
                    (("✓ " if d.prediction.model_right else "✗ ") + model_label(t, d.prediction.model))
                    if d
                    else NONE
                    for t, d in zip(ts, ds, strict=False)
                ],
                _differs(models),
            )
        )
        agreed = [
            _("{count} of {total}").format(count=d.score.answers_agreed, total=d.score.answers_total)
            if d
            else NONE
            for d in ds
        ]
        c.training.append(Row(_("Answers that agree with the key"), agreed, _differs(agreed)))
    return c


# --- Markdown --------------------------------------------------------------------------------


def _answer(a: TranscriptAnswer) -> str:
    """An answer's labels, and the words typed for it (the cell is escaped as a whole)."""
    typed = said_words(a.said_as())
    return ", ".join(a.labels) + (f" ({typed})" if typed else "")


def _md(text: str) -> str:
    from ..render.blocks import escape_md as escape

    return escape(text)


def _md_table(c: Comparison, rows: list[Row], first: str, key: bool = False) -> list[str]:
    head = ["", first, *(_md(x) for x in c.labels)] + ([_("Key")] if key else [])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [DIFFERS if r.differs else "", _md(r.name), *(_md(x) for x in r.cells)]
        if key:
            cells.append(_md(r.key or NONE))
        out.append("| " + " | ".join(cells) + " |")
    return out


def _title(c: Comparison) -> str:
    n = len(c.transcripts)
    return ngettext("Comparison of {n} transcript", "Comparison of {n} transcripts", n).format(n=n)


def _marks(c: Comparison) -> str:
    n = c.differences
    return ngettext(
        "{mark} marks the rows where the transcripts differ ({n} row).",
        "{mark} marks the rows where the transcripts differ ({n} rows).",
        n,
    ).format(mark=DIFFERS, n=n)


def render_markdown(c: Comparison, language: Language | None = None) -> str:
    """The comparison as Markdown, in ``language`` (by default the language in force)."""
    with using(language or _in_force()):
        return _render_markdown(c)


def _render_markdown(c: Comparison) -> str:
    out = [f"# {_title(c)}", ""]
    if c.warnings:
        out += [
            _("Warning: {warning}").format(warning=_md(w)) + ("  " if i < len(c.warnings) - 1 else "")
            for i, w in enumerate(c.warnings)
        ]
        out.append("")
    for label, f, t in zip(c.labels, c.files, c.transcripts, strict=False):
        out.append("- " + _("{name}: {text}").format(name=f"**{_md(label)}**", text=_legend(f, t, _md)))
    out += ["", _marks(c), "", "## " + _("Answers"), ""]
    out += (
        _md_table(c, c.answers, _("Question"), key=c.key_case is not None)
        if c.answers
        else [_("No questions answered.")]
    )
    out += ["", "## " + _("Results"), ""]
    out += _md_table(c, c.results, "")
    if c.training:
        out += ["", "## " + _("Training"), ""]
        out += _md_table(c, c.training, "")
    out.append("")
    return "\n".join(out)


def _legend(f: str, t: Transcript, esc: Callable[[str], str]) -> str:
    parts = [_("file {file}").format(file=esc(f))]
    d = t.details
    if d.crisis:
        parts.append(_("crisis {crisis}").format(crisis=esc(d.crisis)))
    if d.officer:
        parts.append(_("officer {officer}").format(officer=esc(d.officer)))
    if d.date:
        parts.append(_("date {date}").format(date=day(d.date)))
    if t.training:
        parts.append(_("training case {case}").format(case=esc(t.training.title)))
    parts.append(_("rule base {version}").format(version=t.rulebase.version))
    return separator().join(parts)


# --- HTML ------------------------------------------------------------------------------------

CSS = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #1b1f24; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h2 { border-bottom: 1px solid #d5dae0; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid #d5dae0; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f2f4f6; }
tr.differs td { background: #fff4e0; }
td.mark { color: #a4161a; font-weight: bold; text-align: center; }
.user { white-space: pre-wrap; overflow-wrap: anywhere; }
.warning { color: #a4161a; font-weight: bold; }
@media print { body { margin: 0; max-width: none; } tr { break-inside: avoid; } }
"""


def _e(text: str) -> str:
    """Text as HTML: escaped, control and bidirectional characters shown as escapes."""
    return _html_escape(visible(text), quote=True)


def _u(text: str) -> str:
    return f'<span class="user">{_e(text)}</span>'


def _html_table(c: Comparison, rows: list[Row], first: str, key: bool = False) -> list[str]:
    head = ["", _e(first), *(_u(x) for x in c.labels)] + ([_e(_("Key"))] if key else [])
    out = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for r in rows:
        cells = [_e(r.name), *(_e(x) for x in r.cells)] + ([_e(r.key or NONE)] if key else [])
        tr = '<tr class="differs">' if r.differs else "<tr>"
        mark = DIFFERS if r.differs else ""
        out.append(f'{tr}<td class="mark">{mark}</td>' + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def render_html(c: Comparison, language: Language | None = None) -> str:
    """The comparison as a self-contained HTML page, in ``language`` (by default the language in force)."""
    with using(language or _in_force()):
        return _render_html(c)


def _render_html(c: Comparison) -> str:
    title = _title(c)
    h = [*html_page_start(title, CSS), f"<h1>{_e(title)}</h1>"]
    h += ['<p class="warning">' + _e(_("Warning: {warning}").format(warning=w)) + "</p>" for w in c.warnings]
    h.append("<ul>")
    h += [
        "<li>"
        + _("{name}: {text}").format(name=f"<strong>{_u(label)}</strong>", text=_legend(f, t, _u))
        + "</li>"
        for label, f, t in zip(c.labels, c.files, c.transcripts, strict=False)
    ]
    h += [
        "</ul>",
        f"<p>{_e(_marks(c))}</p>",
        "<h2>" + _e(_("Answers")) + "</h2>",
    ]
    h += (
        _html_table(c, c.answers, _("Question"), key=c.key_case is not None)
        if c.answers
        else ["<p>" + _e(_("No questions answered.")) + "</p>"]
    )
    h += ["<h2>" + _e(_("Results")) + "</h2>", *_html_table(c, c.results, "")]
    if c.training:
        h += ["<h2>" + _e(_("Training")) + "</h2>", *_html_table(c, c.training, "")]
    h += ["</body>", "</html>", ""]
    return "\n".join(h)


def render(c: Comparison, fmt: str, language: Language | None = None) -> str:
    if fmt == "markdown":
        return render_markdown(c, language)
    if fmt == "html":
        return render_html(c, language)
    raise InputError(_("unknown comparison format '{format}' (formats: markdown, html)").format(format=fmt))
