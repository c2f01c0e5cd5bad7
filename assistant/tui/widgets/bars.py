"""Horizontal bars drawn with block characters: counts a room can read from the back."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

FULL = "█"
PARTS = " ▏▎▍▌▋▊▉"


def bar(value: float, max_value: float, width: int) -> str:
    """A bar of ``value`` out of ``max_value`` in ``width`` cells, in eighths of a cell."""
    if max_value <= 0 or value <= 0:
        return ""
    eighths = round(min(value / max_value, 1.0) * width * 8)
    return FULL * (eighths // 8) + (PARTS[eighths % 8] if eighths % 8 else "")


class BarChart(Static):
    """A titled list of (label, count, highlighted) as bars. Labels are plain text: whatever a
    participant typed is shown as typed, never read as markup."""

    bars: list[tuple[str, int, bool]] = []

    DEFAULT_CSS = """
    BarChart { height: auto; margin: 0 0 1 0; }
    """

    def show(
        self, title: str, bars: list[tuple[str, int, bool]], max_value: int, note: str = "", width: int = 30
    ) -> None:
        self.bars = list(bars)  # what is shown, for whoever reads the chart's figures
        table = Table.grid(padding=(0, 1))
        table.add_column(ratio=2, overflow="fold")
        table.add_column(width=width, no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for label, count, highlight in bars:
            style = "bold green" if highlight else "cyan"
            table.add_row(Text(label), Text(bar(count, max_value, width), style=style), Text(str(count)))
        head = Text(title, style="bold")
        if note:
            head.append(f"  {note}", style="dim")
        from rich.console import Group

        parts = [head, table] if bars else [head, Text("  none", style="dim")]
        self.update(Group(*parts))
