"""The command line: `integration-assistant [assess|recheck|rules|questions|…] …`.

:mod:`.parser` defines the options and subcommands; each command runs from a module of its own,
imported only when that command runs, so `--version`, `--help` and the chat's first screen load
nothing another command needs."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import cast

from .. import i18n
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
    argv = list(sys.argv[1:] if argv is None else argv)
    before = i18n.language()
    try:
        try:
            start_language(argv)
        except InputError as exc:
            say(str(exc))
            return 2
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
    finally:
        i18n.set_language(before)  # main() called in a process that goes on (a test) leaves it as it was


def _given(argv: list[str], option: str) -> str | None:
    """The last value given to ``option`` (``--lang fr`` or ``--lang=fr``) anywhere before ``--``,
    as argparse will read it."""
    value = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == option and i + 1 < len(argv):
            value = argv[i + 1]
        elif word.startswith(option + "="):
            value = word[len(option) + 1 :]
    return value


def start_language(argv: list[str]) -> None:
    """The language of everything shown, chosen before anything is printed or loaded: --lang,
    $INTEGRATION_ASSISTANT_LANG, the settings file's "language", the locale, else English. An
    unknown --lang is refused (InputError naming what is offered). ``--version`` without --help
    prints the same line in every language: it reads no home and loads no catalog."""
    option = _given(argv, "--lang")
    version_only = "--version" in argv and not {"-h", "--help"} & set(argv)
    if option is not None:
        try:
            option = i18n.parse_option(option)
        except ValueError:
            i18n.set_language(i18n.choose(None, os.environ, None))
            offered = ", ".join(i18n.LANGUAGES)
            raise InputError(
                i18n._("--lang {value}: unknown language; choose one of {offered}").format(
                    value=option, offered=offered
                )
            ) from None
    if version_only:
        return
    if option is None and i18n.normalize(os.environ.get(i18n.ENV)) is None:
        from ..settings import language_setting

        i18n.set_language(i18n.choose(None, os.environ, language_setting(_given(argv, "--home"))))
        return
    i18n.set_language(i18n.choose(option, os.environ, None))
