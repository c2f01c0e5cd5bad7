"""Where the user answers: the current question's options, and a line to type in.

Nothing is chosen for the user: no option is highlighted until they move to one, an empty
Enter records nothing, and what they type always goes to the line, never to the picker.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, SelectionList
from textual.widgets.option_list import Option

from ...conversation import Reply
from ...i18n import N_, _
from ..messages import AnswerSubmitted, OptionsChosen, ReadingWithdrawn
from .line_input import LineInput

SINGLE_HINT = N_("Type a number or words, or ↓ then Enter")
MULTI_HINT = N_("Type 1, 3 · or ↓: Space ticks, Enter sends")
PROPOSE_HINT = N_("Enter records my reading (◂) · Esc withdraws it · or type another answer")
FITS_HINT = N_("◂ fits what you typed: type its number, or ↓ then Enter")
PLACEHOLDER = N_("Type an answer, a number, or a command (help)…")


class NumberedOptions(OptionList):
    """Options of a single-choice question: arrows then Enter, or a click."""

    def action_select(self) -> None:
        if self.highlighted is not None:  # Enter with nothing highlighted chooses nothing
            super().action_select()


class Choices(SelectionList[str]):
    """Options of a multi-select question: Space ticks, Enter sends what is ticked (or, with
    nothing ticked, the highlighted option alone). Down from the line comes here, Up from the
    first option goes back (the chat screen's keys, so that keys typed right after follow)."""

    BINDINGS = [Binding("enter", "send", N_("Send"), show=False)]

    def action_select(self) -> None:
        # Space or a click ticks the box highlighted now; SelectionList would tick the one
        # highlighted when its message arrives, another one if Down came in between.
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))

    def action_send(self) -> None:
        if self.selected:
            self.post_message(OptionsChosen(tuple(self.selected)))
        elif self.highlighted is not None:
            self.post_message(OptionsChosen((self.get_option_at_index(self.highlighted).value,)))


class AnswerLine(LineInput):
    """The line answers and commands are typed on. Enter sends the line and empties it in the
    same turn as the keys around it, so text typed right after an Enter (quickly, or while the
    assistant is busy) starts the next line instead of joining the one sent."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()

    async def action_submit(self) -> None:
        # also reached through the Enter binding, when Enter was pressed elsewhere and the focus
        # has come here since
        value, self.value = self.value, ""
        self.post_message(self.Submitted(self, value))


class AnswerBar(Vertical):
    """Options for the open question above a text input. Up and Down in the input move through
    a single question's options (Enter then picks the one moved to); Down on a multi-select
    question moves into its checkboxes."""

    DEFAULT_CSS = """
    AnswerBar { height: auto; }
    AnswerBar OptionList, AnswerBar SelectionList { height: auto; max-height: 9; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.question: str | None = None  # the question whose options are shown
        self.option_ids: tuple[str, ...] = ()  # a single-choice question's options, in the order shown
        self.proposing = False  # a reading of typed words waits for Enter (records) or Escape
        self.fits: tuple[str, ...] = ()  # the options the typed words fit, marked

    def compose(self) -> ComposeResult:
        yield NumberedOptions(id="options")
        yield Choices(id="choices")
        # select_on_focus off: text typed elsewhere and moved here must not be selected, and
        # so replaced, by the next key
        yield AnswerLine(placeholder=_(PLACEHOLDER), id="prompt", select_on_focus=False)

    def on_mount(self) -> None:
        self.query_one("#choices").display = False

    def show_question(self, reply: Reply | None, keep: bool = False) -> None:
        """Show the options of the question being asked (or none when the interview is over).

        keep: when the same question is shown already, leave it as the user left it (the
        option moved to, the boxes ticked).
        """
        asking = reply if reply is not None and reply.options and reply.question is not None else None
        question = asking.question if asking is not None else None
        if keep and question == self.question and question is not None:
            return
        self.proposing = asking is not None and asking.kind == "propose"
        self.question = question
        self.option_ids = ()
        self.fits = ()
        single = self.query_one("#options", NumberedOptions)
        multi = self.query_one("#choices", Choices)
        single.clear_options()
        multi.clear_options()
        single.display = bool(asking and not asking.multi)
        multi.display = bool(asking and asking.multi)
        if asking is None:
            return
        # The options the typed words fit are marked, never chosen: nothing is highlighted.
        self.fits = asking.candidates
        fits = set(asking.candidates)
        mark = {oid: " ◂" if oid in fits else "" for oid, _ in asking.options}
        hint = _(PROPOSE_HINT) if self.proposing else _(FITS_HINT) if fits else None
        if asking.multi:
            multi.add_options(
                [(f"{i}. {label}{mark[oid]}", oid) for i, (oid, label) in enumerate(asking.options, 1)]
            )
            multi.highlighted = None
            multi.border_title = hint or _(MULTI_HINT)
        else:
            self.option_ids = tuple(oid for oid, _ in asking.options)
            single.add_options(
                [
                    Option(f"{i}. {label}{mark[oid]}", id=oid)
                    for i, (oid, label) in enumerate(asking.options, 1)
                ]
            )
            single.highlighted = None
            single.border_title = hint or _(SINGLE_HINT)

    def where(self) -> tuple[str | None, int | None, tuple[str, ...]]:
        """Where the user is in the options: the question shown, the option moved to, the boxes
        ticked (to :meth:`relabel` them after a change of language)."""
        single = self.query_one("#options", NumberedOptions)
        multi = self.query_one("#choices", Choices)
        highlighted = single.highlighted if single.display else multi.highlighted
        return self.question, highlighted, tuple(multi.selected)

    def relabel(
        self, reply: Reply | None, where: tuple[str | None, int | None, tuple[str, ...]] | None = None
    ) -> None:
        """The language has changed: the question on the table shown again, its options labelled
        in the new language; the option moved to and the boxes ticked (``where`` they were, by
        default now) and the text typed kept. (A reading proposed in the other language's words
        is withdrawn by the conversation.)"""
        self.query_one("#prompt", Input).placeholder = _(PLACEHOLDER)
        question, highlighted, ticked = where if where is not None else self.where()
        self.show_question(reply)
        if reply is None or reply.question is None or reply.question != question:
            return
        single = self.query_one("#options", NumberedOptions)
        multi = self.query_one("#choices", Choices)
        if multi.display:
            for value in ticked:
                multi.select(value)
            multi.highlighted = highlighted
        elif single.display:
            single.highlighted = highlighted

    @on(Input.Submitted, "#prompt")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()  # the line is emptied already (AnswerLine)
        if text:
            self.post_message(AnswerSubmitted(text))
            return
        single = self.query_one("#options", NumberedOptions)
        multi = self.query_one("#choices", Choices)
        if multi.display and (multi.selected or multi.highlighted is not None):
            multi.action_send()
        elif single.display and single.highlighted is not None:  # moved to with the arrows
            self.post_message(OptionsChosen((self.option_ids[single.highlighted],)))
        else:
            # An empty line: it records a reading proposed, if one is waiting when the chat gets
            # to it (keys typed ahead arrive before the proposal is shown), and nothing else.
            self.post_message(AnswerSubmitted(""))

    @on(OptionList.OptionSelected, "#options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(OptionsChosen((self.option_ids[event.option_index],)))

    def on_key(self, event: events.Key) -> None:
        """Arrows typed in the input move through the options; Escape withdraws a reading
        proposed."""
        if event.key == "escape":
            self.post_message(ReadingWithdrawn())  # the chat withdraws a reading waiting, if any
            return
        if self.screen.focused is not self.query_one("#prompt", Input):
            return
        single = self.query_one("#options", NumberedOptions)
        if single.display and event.key in ("down", "up"):
            marked = [i for i, oid in enumerate(self.option_ids) if oid in self.fits]
            if single.highlighted is None and marked:  # the first move goes to what fits
                single.highlighted = marked[0] if event.key == "down" else marked[-1]
            else:
                single.action_cursor_down() if event.key == "down" else single.action_cursor_up()
            event.stop()

    def enter_choices(self) -> bool:
        """Down from the line on a multi-select question: into the checkboxes, on the first."""
        multi = self.query_one("#choices", Choices)
        if not multi.display or self.screen.focused is not self.query_one("#prompt"):
            return False
        multi.highlighted = multi.highlighted or 0
        self.screen.set_focus(multi)
        return True

    def leave_choices(self) -> bool:
        """Up from the first checkbox: back to the line."""
        multi = self.query_one("#choices", Choices)
        if self.screen.focused is not multi or multi.highlighted not in (None, 0):
            return False
        multi.highlighted = None
        self.focus_input()
        return True

    def focus_input(self) -> None:
        self.screen.set_focus(self.query_one("#prompt", Input))

    def type_into_input(self, text: str) -> None:
        """Text typed while something else had the focus: it belongs on the line.

        The focus moves once the keys already on their way have arrived (``focus`` waits its
        turn): keys typed in a burst then all come this way, in the order they were typed."""
        prompt = self.query_one("#prompt", Input)
        prompt.insert_text_at_cursor(text)
        if self.screen.focused is not prompt:
            prompt.focus()

    def prefill(self, text: str) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.value = text
        prompt.cursor_position = len(text)
        self.screen.set_focus(prompt)
