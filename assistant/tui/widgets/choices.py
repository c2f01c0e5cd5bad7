"""Choices that show what is chosen by a symbol, not by colour alone: on a monochrome terminal,
through a projector or a screen reader, a colour is no mark."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection, SelectionType


class MarkedRadioButton(RadioButton):
    """A radio button: the chosen one is marked with a dot, the others left blank."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button


class TickList(SelectionList[SelectionType]):
    """A selection list whose ticked items are marked ✓ and the others left blank."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        # the list draws the toggle buttons' mark in the second segment of each option's line
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        ticked = isinstance(option, Selection) and option.value in self.selected
        _, style, control = segments[1]
        segments[1] = Segment("✓" if ticked else " ", style, control)
        return Strip(segments, strip.cell_length)
