"""Typing text through Textual's public API at a typist's pace, not one idle check per key.

After every key it presses, the Pilot waits for the app to go idle, in ticks of 20 ms, until a
whole tick passes with no CPU used: typing a sentence that way costs a second or more of sleep,
most of a UI test's time. ``type_text`` instead posts the key events of the whole text to the
app (the events a terminal's keys become: the key's name and its character), in order, and then
waits once for the app to settle. The app handles each key as it would a typed one, one after
the other; Enter and whatever follows it are pressed with ``pilot.press`` as before.
"""

from __future__ import annotations

import unicodedata

from textual import events
from textual.pilot import Pilot


def key_name(character: str) -> str:
    """The name Textual gives the key that types ``character``: itself for letters and digits,
    else its Unicode name in lower case with underscores ("?" is "question_mark")."""
    if character.isalnum():
        return character
    try:
        return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return character


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` key by key into whatever has the focus, without pressing Enter."""
    app = pilot.app
    for character in text:
        app.post_message(events.Key(key_name(character), character))
    await pilot.pause()
