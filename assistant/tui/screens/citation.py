"""A cited passage: where it stands in the report, and the words quoted from it."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, OptionList
from textual.widgets.option_list import Option

from ...knowledge.schema import Citation
from ...render.citations import paragraph_mark


def passage_markdown(c: Citation) -> str:
    lines = [
        f"### {c.source}",
        "",
        f"- **Page:** {c.page}",
        f"- **Section:** {c.section}",
        f"- **Paragraph:** {paragraph_mark(c.paragraph)}",
    ]
    if c.as_cited_in:
        lines.append(f"- **Primary source, as cited in the report:** {c.as_cited_in}")
    lines += ["", f"> “{c.quote}”" if c.quote else "_The whole paragraph is cited; no single phrase is quoted._"]
    return "\n".join(lines)


class CitationScreen(ModalScreen[None]):
    """One passage. Escape closes it."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, citation: Citation) -> None:
        super().__init__(classes="modal")
        self.citation = citation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Markdown(passage_markdown(self.citation))
            yield Button("Close", variant="primary", id="close")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss()


class CitationsScreen(ModalScreen[None]):
    """The passages a message cites: pick one to read its locator and quote."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, citations: tuple[Citation, ...]) -> None:
        super().__init__(classes="modal")
        self.citations = citations

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield OptionList(
                *[Option(f"{i}. p. {c.page}, {c.section}, {paragraph_mark(c.paragraph)}", id=str(i - 1))
                  for i, c in enumerate(self.citations, 1)],
                id="citation-list",
            )
            yield Markdown(passage_markdown(self.citations[0]) if self.citations else "", id="passage")

    def on_mount(self) -> None:
        self.query_one("#citation-list").focus()

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#passage", Markdown).update(passage_markdown(self.citations[int(event.option.id)]))
