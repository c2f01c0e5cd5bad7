"""The command line: `integration-assistant [assess|recheck|rules|questions|…] …`.

:mod:`.parser` defines the options and subcommands; each command runs from a module of its own,
imported only when that command runs, so `--version`, `--help` and the chat's first screen load
nothing another command needs."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from typing import cast

from ..errors import InputError
from .common import say
from .parser import build_parser

__all__ = ["COMMANDS", "InputError", "main"]

Command = Callable[[argparse.Namespace], int]

# A command's name → the module under assistant.cli and the function in it that runs it. Without
# a command: the chat.
COMMANDS: dict[str | None, tuple[str, str]] = {
    "assess": ("assess", "assess"),
    "recheck": ("recheck", "recheck"),
    "rules": ("rules", "rules"),
    "serve": ("serve", "serve"),
    "train": ("train", "train"),
    "questions": ("rules", "questions"),
    "understand": ("understand", "understand"),
    "check": ("check", "check"),
    "workshop": ("workshop", "workshop"),
    "compare": ("compare", "compare"),
    None: ("chat", "chat"),
}


def command(name: str | None) -> Command:
    """The function that runs the command ``name``, its module imported now."""
    module, function = COMMANDS.get(name, COMMANDS[None])
    return cast(Command, getattr(importlib.import_module(f"{__name__}.{module}"), function))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return command(args.command)(args)
    except InputError as exc:
        say(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
