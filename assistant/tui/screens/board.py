"""The board's one screen: per case, who finished, what they predicted, where they differ from
the key, the flags they missed, their scores; the key's reasoning on demand."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _, ngettext
from ...usertext import visible
from ..widgets.bars import BarChart
from ..widgets.footer import KeyFooter

if TYPE_CHECKING:
    from textual import getters
    from textual.await_complete import AwaitComplete

    from ...training.summary import CaseSummary
    from ...workshop.board import Standing
    from ..host import BoardApp

TOP = 6  # answers and flags listed per case


class DebriefsRead(Message):
    """The workshop's debriefs were read afresh (posted by the app's reader)."""

    def __init__(self, standing: Standing) -> None:
        super().__init__()
        self.standing = standing


class BoardScreen(Screen[None]):
    """A narrow screen (80 columns) has a narrower list of cases: room for the charts."""

    if TYPE_CHECKING:
        app = getters.app(BoardApp)

    clock = staticmethod(dt.datetime.now)  # when the standing was read (a fixed clock in tests)

    BINDINGS = [
        Binding("r", "reveal", N_("Reveal the key"), id="reveal"),
        Binding("e", "export", N_("Export summary"), id="export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.standing: Standing | None = None
        self.case: str | None = None  # the case shown
        self.revealed: set[str] = set()
        self.updated: dt.datetime | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Waiting for debriefs…"), id="board-status")
        with Horizontal(id="board-body"):
            yield OptionList(id="board-cases")
            with VerticalScroll(id="board-case"):
                yield Static("", id="case-head")
                yield BarChart(id="case-models")
                yield BarChart(id="case-answers")
                yield BarChart(id="case-flags")
                yield BarChart(id="case-scores")
                yield Static("", id="case-learners")
                yield Markdown("", id="case-reveal")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#case-reveal").display = False
        self.query_one("#board-cases").focus()

    # --- attributes down ------------------------------------------------------------------------
    def on_debriefs_read(self, event: DebriefsRead) -> None:
        self.standing = event.standing
        self.updated = self.clock()
        summary = event.standing.summary
        handed = ngettext("{n} debrief handed in", "{n} debriefs handed in", summary.transcripts)
        cases_read = ngettext("{n} case", "{n} cases", len(summary.cases))
        updated = _("updated {time}").format(time=f"{self.updated:%H:%M:%S}")
        status = Text(
            f"{handed.format(n=summary.transcripts)}, {cases_read.format(n=len(summary.cases))} · {updated}"
        )
        for problem in event.standing.problems:
            status.append(f"\n⚠ {visible(problem)}", style="bold red")
        self.query_one("#board-status", Static).update(status)
        cases = self.query_one("#board-cases", OptionList)
        ids = [c.case for c in summary.cases]
        if self.case not in ids:
            self.case = ids[0] if ids else None
        cases.clear_options()
        cases.add_options([Option(Text(visible(f"{c.title} ({c.count})")), id=c.case) for c in summary.cases])
        if self.case is not None:
            cases.highlighted = ids.index(self.case)
        self.show_case()

    def current(self) -> CaseSummary | None:
        if self.standing is None:
            return None
        return next((c for c in self.standing.summary.cases if c.case == self.case), None)

    def show_case(self) -> None:
        c = self.current()
        head = self.query_one("#case-head", Static)
        charts = [self.query_one(f"#case-{n}", BarChart) for n in ("models", "answers", "flags", "scores")]
        for widget in charts:
            widget.display = c is not None
        if c is None:
            head.update(_("No debrief yet: results appear here as participants finish a case."))
            self.query_one("#case-learners", Static).update("")
            self.query_one("#case-reveal").display = False
            return
        n = c.count
        lo, hi = (min(c.scores), max(c.scores)) if c.scores else (0, 0)
        text = Text()
        text.append(visible(c.title), style="bold")
        text.append(
            "\n"
            + _(
                "{n} finished · average score {average}/100 (lowest {lo}, highest {hi}) · "
                "{right} of {n} predicted the key's model"
            ).format(n=n, average=f"{c.average:g}", lo=lo, hi=hi, right=c.model_right)
        )
        for warning in c.warnings:
            text.append(f"\n⚠ {visible(warning)}", style="yellow")
        head.update(text)
        models, answers, flags, scores = charts
        models.show(
            _("Predicted model"),
            [(p.label, p.count, p.id == c.key_model) for p in c.predictions],
            n,
            note=_("(the key's in green)"),
        )
        differ = [q for q in c.questions if q.differ][:TOP]
        unlike = _("{question} (key: {key}; most often instead: {other})")
        answers.show(
            _("Answers most often unlike the key"),
            [
                (unlike.format(question=q.name, key=q.key, other=q.common_other), q.differ, False)
                for q in differ
            ],
            n,
        )
        flags.show(_("Flags most missed"), [(f.label, f.count, False) for f in c.flags_missed[:TOP]], n)
        scores.show(_("Scores"), [(band, k, False) for band, k in c.bands], n)
        learners = Text()
        learners.append(_("Learners"), style="bold")
        for learner in sorted(c.learners, key=lambda x: (-x.score, x.name)):
            mark = "✓" if learner.model_right else "✗"
            learners.append(f"\n  {learner.score:>3}  {mark} {visible(learner.predicted_label)}  ")
            learners.append(visible(learner.name))  # as typed: Text, not markup; control characters shown
        self.query_one("#case-learners", Static).update(learners)
        self.show_reveal()

    def show_reveal(self) -> AwaitComplete | None:
        reveal = self.query_one("#case-reveal", Markdown)
        shown = self.case if self.case in self.revealed else None
        reveal.display = shown is not None
        if shown is None:
            return None
        from ...training.reveal import key_reasoning_markdown

        kb = self.app.kb
        case = kb.case(shown) if kb is not None else None
        return reveal.update(
            key_reasoning_markdown(kb, case)
            if kb is not None and case is not None
            else _("The key of this case is not in the rule base the board was started with.")
        )

    # --- messages up ----------------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#board-cases")
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.case:
            self.case = event.option.id
            self.show_case()
            self.query_one("#board-case").scroll_home(animate=False)

    async def action_reveal(self) -> None:
        c = self.current()
        if c is None:
            self.notify(_("No case to reveal yet."))
            return
        self.revealed ^= {c.case}
        shown = self.show_reveal()
        if shown is not None:
            await shown  # the key's reasoning is laid out: now it can be scrolled to
            self.call_after_refresh(self._scroll_to_reveal)

    def _scroll_to_reveal(self) -> None:
        self.query_one("#board-case", VerticalScroll).scroll_to_widget(
            self.query_one("#case-reveal"), animate=False, top=True
        )

    def action_export(self) -> None:
        import io

        from ...training.summary_pages import render_html

        if self.standing is None:
            self.notify(_("Nothing read yet."))
            return
        html = render_html(self.standing.summary)
        name = f"workshop-summary-{dt.datetime.now():%Y%m%d-%H%M%S}.html"
        try:
            copy = self.app.keep_export(name, html.encode("utf-8"))
        except OSError as exc:
            self.notify(
                _("Summary not written ({error}).").format(error=exc.strerror or exc), severity="error"
            )
            copy = None
        if self.app.is_web:
            self.app.deliver_text(io.StringIO(html), save_filename=name, mime_type="text/html")
            if copy:
                self.notify(_("{name} is downloading in your browser; a copy is kept.").format(name=name))
            else:
                self.notify(_("{name} is downloading in your browser.").format(name=name))
        elif copy is not None:
            self.notify(_("Summary written to {path}").format(path=copy), timeout=10)
