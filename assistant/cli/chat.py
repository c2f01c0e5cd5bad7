"""The chat (the terminal UI): without a command, and `train [CASE]` without --answers."""

from __future__ import annotations

import argparse
import gc
from typing import TYPE_CHECKING

from ..errors import InputError
from ..home import find_report, home_directory, log_file
from .common import knowledge

if TYPE_CHECKING:
    from ..knowledge.loader import KnowledgeBase


def chat(args: argparse.Namespace, training: str | None = None, kb: KnowledgeBase | None = None) -> int:
    """The chat. It paints its first screen at once and loads the knowledge and the saved
    sessions behind it; a knowledge folder that does not load ends it with the one-line error."""
    # Nothing made while starting up is garbage worth a pause: the collector waits until the
    # app has loaded what it keeps (it sets the collector up for the chat then).
    gc.disable()
    from ..tui.app import IntegrationAssistantApp

    home = home_directory(args.home)
    app = IntegrationAssistantApp(
        kb=kb,
        knowledge=(lambda: knowledge(args)) if kb is None else None,
        sessions=home / "sessions",
        resume=args.resume,
        training=training,
        log_file=log_file(args.home),
        report=find_report(args.report, home),
    )
    try:
        app.run()
    finally:
        gc.enable()
    if app.load_error is not None:
        raise InputError(app.load_error)
    return 0
