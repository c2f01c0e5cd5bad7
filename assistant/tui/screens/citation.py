"""A cited passage: where it stands in the report, and the words quoted from it."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _
from ...knowledge.report_text import ReportText
from ...knowledge.schema import Citation
from ...render.citations import REPORT_TITLE, locator, paragraph_mark


def passages(citations: Iterable[Citation]) -> list[tuple[Citation, ...]]:
    """The citations by passage: each paragraph (as cited in the same source) once, in order of
    first appearance, with every citation of it (the phrases quoted from it)."""
    groups: dict[tuple[str, str | None], list[Citation]] = {}
    for c in citations:
        group = groups.setdefault((c.paragraph, c.as_cited_in), [])
        if c not in group:
            group.append(c)
    return [tuple(g) for g in groups.values()]


def passage_text(c: Citation, report: ReportText | None = None, *more: Citation) -> Text:
    """Where a passage stands (the report's full title, section, page, paragraph) and the words
    quoted; with the reader's copy of the report, the whole paragraph, the cited sentence in bold
    and the quoted words highlighted. ``more``: other citations of the same paragraph, whose
    quotes are shown too."""
    cited = [c, *more]
    text = Text()
    text.append(f"{REPORT_TITLE}\n\n", style="bold")
    text.append(_("Section: "), style="bold")
    text.append(f"{c.section}\n")
    text.append(_("Page: "), style="bold")
    text.append(f"{c.page}   ")
    text.append(_("Paragraph: "), style="bold")
    text.append(f"{paragraph_mark(c.paragraph)}\n")
    if c.as_cited_in:
        text.append(_("Primary source, as cited in the report: "), style="bold")
        text.append(f"{c.as_cited_in}\n")
    text.append("\n")
    found = [(x, report.passage(x)) for x in cited] if report is not None else []
    shown = [(x, p) for x, p in found if p is not None]
    quotes = [x.quote for x in cited if x.quote]
    if shown:
        body = Text(shown[0][1].text)
        for _cited, passage in shown:
            if passage.sentence:
                body.stylize("bold", *passage.sentence)
            if passage.quote:
                body.stylize("reverse", *passage.quote)
        text.append_text(body)
        for x, passage in shown:
            if x.quote and not passage.quote:
                text.append(
                    "\n\n"
                    + _("Quoted: “{quote}” (not found word for word in your copy of the report)").format(
                        quote=x.quote
                    ),
                    style="italic",
                )
    elif quotes:
        text.append("\n".join(_("“{quote}”").format(quote=q) for q in quotes), style="italic")
        if report is None:
            text.append(
                "\n\n"
                + _(
                    "The assistant quotes only short phrases; with your own copy of the report's text "
                    "(--report FILE) it shows them in their paragraph."
                ),
                style="dim",
            )
    else:
        text.append(_("The whole paragraph is cited; no single phrase is quoted."), style="italic")
    return text


class CitationScreen(ModalScreen[None]):
    """One passage. Escape closes it."""

    BINDINGS = [Binding("escape", "dismiss", N_("Close"))]

    def __init__(self, citation: Citation) -> None:
        super().__init__(classes="modal")
        self.citation = citation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(passage_text(self.citation, _report(self)), classes="passage")
            yield Button(_("Close"), variant="primary", id="close")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss()


class CitationsScreen(ModalScreen[None]):
    """The passages a message cites, each once: the list, and under it the passage picked. Enter
    gives the passage the whole dialog (on a small terminal it would be below the list, out of
    sight); Escape goes back to the list, and from the list closes."""

    BINDINGS = [Binding("escape", "back", N_("Close"))]

    def __init__(self, citations: tuple[Citation, ...]) -> None:
        super().__init__(classes="modal")
        self.citations = citations
        self.passages = passages(citations)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="citations") as dialog:
            dialog.border_subtitle = _("Enter reads the passage · Esc goes back")
            yield OptionList(
                *[
                    Option(f"{i}. {locator(group[0])}, {group[0].section}", id=str(i - 1))
                    for i, group in enumerate(self.passages, 1)
                ],
                id="citation-list",
            )
            with VerticalScroll(id="passage-box", can_focus=True):
                yield Static(self._text(0), id="passage", classes="passage")

    def _text(self, index: int) -> Text | str:
        if not self.passages:
            return ""
        first, *more = self.passages[index]
        return passage_text(first, _report(self), *more)

    def on_mount(self) -> None:
        self.query_one("#citation-list").focus()

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#passage", Static).update(self._text(event.option_index))
        self.query_one("#passage-box", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected)
    def _read(self, event: OptionList.OptionSelected) -> None:
        """The passage alone, on the whole dialog."""
        self._show_passage_only(True)

    def _show_passage_only(self, alone: bool) -> None:
        listing = self.query_one("#citation-list", OptionList)
        listing.display = not alone
        self.query_one("#citations").set_class(alone, "-reading")
        box = self.query_one("#passage-box", VerticalScroll)
        (box if alone else listing).focus()

    def action_back(self) -> None:
        if not self.query_one("#citation-list", OptionList).display:
            self._show_passage_only(False)
        else:
            self.dismiss()


def _report(screen: ModalScreen[None]) -> ReportText | None:
    """The reader's copy of the report, if the app has one (the board has none)."""
    report = getattr(screen.app, "report_text", None)
    return report if isinstance(report, ReportText) else None
