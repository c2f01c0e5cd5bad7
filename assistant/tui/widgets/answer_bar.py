"""Where the user answers: the current question's options, and a line to type in."""
from __future__ import annotations

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, SelectionList
from textual.widgets.option_list import Option

from ...conversation import Reply
from ..messages import AnswerSubmitted, OptionsChosen


class NumberedOptions(OptionList):
    """Options of a single-choice question: a number key, arrows and Enter, or a click."""

    BINDINGS = [Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)]

    def action_pick(self, n: int) -> None:
        if n <= self.option_count:
            option = self.get_option_at_index(n - 1)
            self.post_message(OptionsChosen((option.id,)))


class PromptInput(Input):
    """The answer line. It leaves a space typed on an empty line to the answer bar while a
    multi-select question is open, so Space ticks the highlighted choice."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "space" and not self.value and self.parent is not None:
            choices = self.parent.query("#choices")
            if choices and choices.first().display:
                return False
        return super().check_consume_key(key, character)


class AnswerBar(Vertical):
    """Options for the open question above a text input. Up and Down in the input move through
    the options; Enter on an empty input picks the highlighted one."""

    DEFAULT_CSS = """
    AnswerBar { height: auto; }
    AnswerBar OptionList, AnswerBar SelectionList { height: auto; max-height: 9; }
    """
    # Space in the empty input ticks the highlighted choice. A priority binding, as the Input
    # would otherwise take the space as text (PromptInput keeps the binding alive: Textual drops
    # bindings for keys the focused Input consumes).
    BINDINGS = [Binding("space", "toggle_choice", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        yield NumberedOptions(id="options")
        yield SelectionList[str](id="choices")
        yield PromptInput(placeholder="Type an answer, a number, or a command (help)…", id="prompt")

    def on_mount(self) -> None:
        self.query_one("#choices").display = False

    def show_question(self, reply: Reply | None) -> None:
        """Show the options of the question being asked (or none when the interview is over)."""
        single = self.query_one("#options", NumberedOptions)
        multi = self.query_one("#choices", SelectionList)
        single.clear_options()
        multi.clear_options()
        single.display = bool(reply and reply.options and not reply.multi)
        multi.display = bool(reply and reply.options and reply.multi)
        if not reply or not reply.options:
            return
        if reply.multi:
            multi.add_options([(f"{i}. {label}", oid) for i, (oid, label) in enumerate(reply.options, 1)])
            multi.highlighted = 0
            multi.border_title = "Choose with Space, then Enter"
        else:
            single.add_options([Option(f"{i}. {label}", id=oid) for i, (oid, label) in enumerate(reply.options, 1)])
            single.highlighted = 0
            single.border_title = "Pick a number, or type below"

    @on(Input.Submitted, "#prompt")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        event.input.value = ""
        if text:
            self.post_message(AnswerSubmitted(text))
            return
        single = self.query_one("#options", NumberedOptions)
        multi = self.query_one("#choices", SelectionList)
        if multi.display and multi.selected:
            self.post_message(OptionsChosen(tuple(multi.selected)))
        elif single.display and single.highlighted is not None:
            self.post_message(OptionsChosen((single.get_option_at_index(single.highlighted).id,)))

    @on(OptionList.OptionSelected, "#options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(OptionsChosen((event.option.id,)))

    def on_key(self, event) -> None:
        """Arrows typed in the input move through the options."""
        if not isinstance(self.screen.focused, Input):
            return
        target = self.query_one("#options", NumberedOptions)
        if not target.display:
            target = self.query_one("#choices", SelectionList)
            if not target.display:
                return
        if event.key == "down":
            target.action_cursor_down()
            event.stop()
        elif event.key == "up":
            target.action_cursor_up()
            event.stop()

    def action_toggle_choice(self) -> None:
        multi = self.query_one("#choices", SelectionList)
        prompt = self.query_one("#prompt", Input)
        if not (multi.display and self.screen.focused is prompt and not prompt.value):
            raise SkipAction()  # an ordinary space: typed, or handled by the focused list
        multi.action_select()

    def focus_input(self) -> None:
        self.query_one("#prompt", Input).focus()

    def prefill(self, text: str) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.value = text
        prompt.cursor_position = len(text)
        prompt.focus()
