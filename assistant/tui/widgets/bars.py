"""Horizontal bars drawn with block characters: counts a room can read from the back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...i18n import _
from ...usertext import visible

if TYPE_CHECKING:
    from rich.console import Group, RenderableType

FULL = "█"
PARTS = " ▏▎▍▌▋▊▉"
MIN_LABEL = 26  # cells a label keeps before the bars are shortened
MIN_BAR = 8


def bar(value: float, max_value: float, width: int) -> str:
    """A bar of ``value`` out of ``max_value`` in ``width`` cells, in eighths of a cell."""
    if max_value <= 0 or value <= 0:
        return ""
    eighths = round(min(value / max_value, 1.0) * width * 8)
    return FULL * (eighths // 8) + (PARTS[eighths % 8] if eighths % 8 else "")


class BarChart(Static):
    """A titled list of (label, count, highlighted) as bars. Labels are plain text: whatever a
    participant typed is shown as typed, never read as markup, its control characters as escapes.

    The chart is laid out for the width it has: bars of ``width`` cells where there is room;
    where there is not, shorter bars, so that a label keeps at least :data:`MIN_LABEL` cells. A
    label longer than its column wraps between words, never inside one (a word longer than the
    column is cut with "…"); where even that leaves too little room, each label goes on a line
    of its own above its bar."""

    bars: list[tuple[str, int, bool]] = []

    DEFAULT_CSS = """
    BarChart { height: auto; margin: 0 0 1 0; }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._chart: tuple[str, list[tuple[str, int, bool]], int, str, int] | None = None

    def show(
        self, title: str, bars: list[tuple[str, int, bool]], max_value: int, note: str = "", width: int = 30
    ) -> None:
        self.bars = list(bars)  # what is shown, for whoever reads the chart's figures
        self._chart = (title, self.bars, max_value, note, width)
        self.update(self._layout(self.content_size.width or 80))

    def on_resize(self) -> None:
        if self._chart is not None:
            self.update(self._layout(self.content_size.width or 80))

    def _layout(self, available: int) -> Group:
        from rich.console import Group

        assert self._chart is not None
        title, shown, max_value, note, width = self._chart
        bars = [(visible(label), count, highlight) for label, count, highlight in shown]
        head = Text(visible(title), style="bold")
        if note:
            head.append(f"  {note}", style="dim")
        if not bars:
            return Group(head, Text("  " + _("none"), style="dim"))
        counts = max(len(str(count)) for _, count, _ in bars)
        longest = max(len(label) for label, _, _ in bars)
        room = available - counts - 2  # two gaps between the three columns
        label_width = max(room - width, min(longest, MIN_LABEL))
        bar_width = min(width, room - label_width)
        if bar_width < MIN_BAR:  # too narrow for a label beside its bar: the label above it
            bar_width = max(1, min(width, available - counts - 1))
            stacked = Table.grid(padding=(0, 1))
            stacked.add_column(width=bar_width, no_wrap=True)
            stacked.add_column(justify="right", no_wrap=True)
            rows: list[RenderableType] = [head]
            for label, count, highlight in bars:
                style = "bold green" if highlight else "cyan"
                rows.append(Text(label, overflow="ellipsis"))
                line = Table.grid(padding=(0, 1))
                line.add_column(width=bar_width, no_wrap=True)
                line.add_column(justify="right", no_wrap=True)
                line.add_row(Text(bar(count, max_value, bar_width), style=style), Text(str(count)))
                rows.append(line)
            return Group(*rows)
        table = Table.grid(padding=(0, 1))
        table.add_column(width=label_width, overflow="ellipsis")
        table.add_column(width=bar_width, no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for label, count, highlight in bars:
            style = "bold green" if highlight else "cyan"
            table.add_row(
                Text(label, overflow="ellipsis"),
                Text(bar(count, max_value, bar_width), style=style),
                Text(str(count)),
            )
        return Group(head, table)
