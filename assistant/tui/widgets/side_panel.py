"""The standing of the consultation: recommendation, confidence, flags by severity, what is left."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...consultation.result import Result

MARK = {"high": ("▲", "bold red"), "medium": ("■", "yellow"), "low": ("▽", "green")}


class SidePanel(VerticalScroll):
    """Updated after every answer."""

    def compose(self) -> ComposeResult:
        yield Static(id="standing")
        yield Static(id="flags")
        yield Static(id="left")

    def show(self, result: Result, left: list[str], names: dict[str, str]) -> None:
        rec = result.recommendation
        standing = Text()
        standing.append("Recommendation\n", style="bold underline")
        standing.append(rec.label + "\n", style="bold")
        standing.append(f"confidence: {rec.confidence}\n")
        standing.append(f"form: {rec.form_label}\n", style="dim")
        pages = "; ".join(dict.fromkeys(f"p. {c.page}" for c in rec.citations))
        standing.append(f"{pages}\n", style="italic dim")
        self.query_one("#standing", Static).update(standing)

        flags = Text()
        flags.append(f"\nFlags ({len(result.flags)})\n", style="bold underline")
        if not result.flags:
            flags.append("none so far\n", style="dim")
        for f in result.flags:
            mark, style = MARK[f.severity]
            flags.append(f"{mark} ", style=style)
            flags.append(f"{f.title}", style=style if f.severity == "high" else "")
            flags.append(f" ({f.severity})\n", style="dim")
        self.query_one("#flags", Static).update(flags)

        rest = Text()
        rest.append(f"\nQuestions left: {len(left)}\n", style="bold underline")
        for qid in left[:6]:
            rest.append(f"· {names.get(qid, qid)}\n", style="dim")
        if len(left) > 6:
            rest.append(f"… and {len(left) - 6} more\n", style="dim")
        if result.recommendation.missing:
            rest.append("\nStill open for the model: ", style="bold")
            rest.append(", ".join(names.get(q, q) for q in result.recommendation.missing) + "\n")
        self.query_one("#left", Static).update(rest)
