"""The terminal sizes the layout answers to: every screen is marked ``-narrow`` below
:data:`NARROW` columns (an 80-column terminal) and ``-short`` below :data:`SHORT` rows (24 rows).

The apps set the marks (Textual's breakpoints: on every resize, and on each screen as it comes
on top); the stylesheet and the screens read them.
"""

from __future__ import annotations

NARROW = 100  # columns: below, the chat gives the conversation the whole width
SHORT = 30  # rows: below, the chat and the dialogs tighten

HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT, "-tall")]
