"""Horizontal bar charts as inline SVG: no JavaScript, no external assets, every text escaped.

    bar_chart([("Two feet in", 5), ("Two feet out", 2)], title="Predicted model")

gives an ``<svg>`` element to put straight into an HTML page: one row per item, its label on
the left (shortened with an ellipsis when too long; the full label is the row's tooltip), a bar
whose length is proportional to its value, and the value after the bar. A highlighted item is
drawn in the accent colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..i18n import _
from ..usertext import visible

ROW = 24  # height of a row, px
BAR = 16  # height of a bar
CHAR = 7  # rough width of a character at 12px sans-serif
MAX_LABEL = 40  # characters before a label is shortened
COLOURS = {"bar": "#4a6fa5", "accent": "#2f6f3e", "ink": "#1b1f24", "muted": "#5b6470", "rule": "#d5dae0"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    highlight: bool = False


def _e(text: str) -> str:
    """Text as SVG: escaped, control and bidirectional characters shown as escapes."""
    return escape(visible(text), quote=True)


def _short(label: str) -> str:
    label = " ".join(visible(label).split())
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(
    items: Sequence[Bar | tuple[str, int] | tuple[str, int, bool]],
    *,
    title: str,
    width: int = 640,
    max_value: int | None = None,
    unit: str = "",
) -> str:
    """An SVG horizontal bar chart of ``items`` (label, value[, highlight]), in the order given.

    ``max_value`` sets the value of a full-length bar (default: the largest value, at least 1);
    ``unit`` follows each value (e.g. " learners"). Values below zero are drawn as zero.
    """
    bars = [b if isinstance(b, Bar) else Bar(*b) for b in items]
    top = max([max_value or 0, *(b.value for b in bars), 1])
    label_w = min(MAX_LABEL, max([len(_short(b.label)) for b in bars] or [4])) * CHAR + 12
    count_w = (len(str(top)) + len(unit)) * CHAR + 12
    bar_w = max(width - label_w - count_w, 60)
    height = ROW * max(len(bars), 1) + 28
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
        f"<title>{_e(title)}</title>",
        f'<text x="0" y="14" font-weight="bold" fill="{COLOURS["ink"]}">{_e(title)}</text>',
    ]
    if not bars:
        out.append(f'<text x="0" y="40" fill="{COLOURS["muted"]}">{_e(_("none"))}</text>')
    for i, b in enumerate(bars):
        y = 24 + i * ROW
        value = max(b.value, 0)
        length = round(bar_w * value / top, 1)
        colour = COLOURS["accent"] if b.highlight else COLOURS["bar"]
        mid = y + BAR / 2 + 4
        out.append(f'<g class="bar"><title>{_e(b.label)}: {value}{_e(unit)}</title>')
        out.append(
            f'<text x="{label_w - 8}" y="{mid}" text-anchor="end" fill="{COLOURS["ink"]}">{_e(_short(b.label))}</text>'
        )
        out.append(f'<rect x="{label_w}" y="{y}" width="{length}" height="{BAR}" fill="{colour}"/>')
        out.append(
            f'<text x="{label_w + length + 4}" y="{mid}" fill="{COLOURS["muted"]}">{value}{_e(unit)}</text>'
        )
        out.append("</g>")
    out.append(f'<line x1="{label_w}" y1="22" x2="{label_w}" y2="{height - 4}" stroke="{COLOURS["rule"]}"/>')
    out.append("</svg>")
    return "\n".join(out)
