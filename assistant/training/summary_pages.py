"""A workshop summary as a page: Markdown for the terminal and files, a self-contained HTML page
to print or share (:mod:`.summary` makes the summary itself)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from html import escape as _html_escape
from typing import TYPE_CHECKING

from ..i18n import Language, _, language, ngettext, using
from ..knowledge.yamlfile import InputError
from ..render.page import html_page_start
from ..usertext import visible

if TYPE_CHECKING:
    pass
from .summary import KEYS, CaseSummary, Count, Workshop, _in_force


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
    from ..transcripts.common import when

    title = _("Workshop summary")
    h = [
        *html_page_start(title, CSS),
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
