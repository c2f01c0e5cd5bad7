"""A cited passage: where it stands in the report, and the words quoted from it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...knowledge.report_text import ReportText
from ...knowledge.schema import Citation
from ...render.citations import REPORT_TITLE, locator, paragraph_mark


def passage_text(c: Citation, report: ReportText | None = None) -> Text:
    """Where a passage stands (the report's full title, section, page, paragraph) and the words
    quoted; with the reader's copy of the report, the whole paragraph, the cited sentence in bold
    and the quoted words highlighted."""
    text = Text()
    text.append(f"{REPORT_TITLE}\n\n", style="bold")
    text.append("Section: ", style="bold")
    text.append(f"{c.section}\n")
    text.append("Page: ", style="bold")
    text.append(f"{c.page}   ")
    text.append("Paragraph: ", style="bold")
    text.append(f"{paragraph_mark(c.paragraph)}\n")
    if c.as_cited_in:
        text.append("Primary source, as cited in the report: ", style="bold")
        text.append(f"{c.as_cited_in}\n")
    text.append("\n")
    passage = report.passage(c) if report is not None else None
    if passage is not None:
        body = Text(passage.text)
        if passage.sentence:
            body.stylize("bold", *passage.sentence)
        if passage.quote:
            body.stylize("reverse", *passage.quote)
        text.append_text(body)
        if c.quote and not passage.quote:
            text.append(
                f"\n\nQuoted: “{c.quote}” (not found word for word in your copy of the report)",
                style="italic",
            )
    elif c.quote:
        text.append(f"“{c.quote}”", style="italic")
        if report is None:
            text.append(
                "\n\nThe assistant quotes only short phrases; with your own copy of the report's text "
                "(--report FILE) it shows them in their paragraph.",
                style="dim",
            )
    else:
        text.append("The whole paragraph is cited; no single phrase is quoted.", style="italic")
    return text


class CitationScreen(ModalScreen[None]):
    """One passage. Escape closes it."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, citation: Citation) -> None:
        super().__init__(classes="modal")
        self.citation = citation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(passage_text(self.citation, _report(self)), classes="passage")
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
                *[
                    Option(f"{i}. {locator(c)}, {c.section}", id=str(i - 1))
                    for i, c in enumerate(self.citations, 1)
                ],
                id="citation-list",
            )
            yield Static(
                passage_text(self.citations[0], _report(self)) if self.citations else "",
                id="passage",
                classes="passage",
            )

    def on_mount(self) -> None:
        self.query_one("#citation-list").focus()

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#passage", Static).update(
            passage_text(self.citations[event.option_index], _report(self))
        )


def _report(screen: ModalScreen[None]) -> ReportText | None:
    """The reader's copy of the report, if the app has one."""
    return getattr(screen.app, "report_text", None)
