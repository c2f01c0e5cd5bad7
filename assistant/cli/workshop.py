"""`workshop summary FILES...`, `workshop board [INPUT...]`, and `workshop participant` (started
by serve)."""

from __future__ import annotations

import argparse

from ..errors import InputError
from ..i18n import _
from .common import knowledge, report_from_files


def workshop(args: argparse.Namespace) -> int:
    """workshop summary FILES... | board [WORKSHOP] | participant FOLDER --id ID."""
    if args.workshop_command == "board":
        return _board(args)
    if args.workshop_command == "participant":
        return _participant(args)
    if args.workshop_command != "summary":
        raise InputError(_("workshop takes a subcommand: summary FILES..., or board [WORKSHOP]"))
    from ..training.summary import summarize_inputs
    from ..training.summary_pages import render

    return report_from_files(
        args, lambda: summarize_inputs(args.files, args.home), render, "workshop-summary"
    )


def _log_file(args: argparse.Namespace) -> str | None:
    """Where library log records go while the terminal UI runs (see :func:`assistant.home.log_file`)."""
    from ..home import log_file

    return log_file(args.home)


def _board(args: argparse.Namespace) -> int:
    """The facilitator's live board of a workshop."""
    from ..home import home_directory
    from ..tui.board_app import WorkshopBoardApp
    from ..workshop.folder import WorkshopFolder
    from ..workshop.sources import resolve

    inputs = args.workshop
    source = resolve(inputs, args.home) if inputs else WorkshopFolder.find(args.home, None)
    exports = home_directory(args.home) / "exports"
    WorkshopBoardApp(source, kb=knowledge(args), log_file=_log_file(args), exports=exports).run()
    return 0


def _participant(args: argparse.Namespace) -> int:
    """One participant's app, as the workshop server starts it: their own home, their debriefs
    handed in to the workshop folder, exports delivered to their browser."""
    from ..sessions import SessionStore
    from ..tui.app import IntegrationAssistantApp
    from ..workshop.folder import PARTICIPANT_ID, WorkshopFolder

    if not PARTICIPANT_ID.fullmatch(args.id):
        raise InputError(_("--id {id}: not a participant id").format(id=args.id))
    if args.home is None:
        raise InputError(_("workshop participant needs --home (the participant's own home)"))
    folder = WorkshopFolder.at(args.folder, create=False)
    kb = knowledge(args)
    store = SessionStore(args.home / "sessions", kb=kb)
    app = IntegrationAssistantApp(
        kb=kb,
        store=store,
        log_file=_log_file(args),
        workshop=folder,
        participant=args.id,
        report=args.report,
    )
    app.run()
    return 0
