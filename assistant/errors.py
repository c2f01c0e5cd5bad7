"""The error every reader of user input raises; light, so the entry point can catch it without
loading the readers themselves."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the message is one line that names the culprit."""

    def __init__(self, message: str):
        super().__init__(" ".join(message.split()))
