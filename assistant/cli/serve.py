"""`serve`: a workshop folder under the home, one join link, a facilitator's link."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from ..errors import InputError
from ..home import CACHE_ENV, find_report, home_directory
from ..i18n import _, language
from ..usertext import for_terminal
from ..workshop.address import listening
from ..workshop.folder import WorkshopFolder
from ..workshop.server import WorkshopServer


def serve(args: argparse.Namespace) -> int:
    """serve: a workshop folder under the home, one join link, a facilitator's link."""
    if args.max_participants < 1:
        raise InputError(_("--max-participants {n}: give at least 1").format(n=args.max_participants))
    if not args.idle_timeout > 0:
        raise InputError(
            _("--idle-timeout {n}: give a number of minutes above 0").format(n=f"{args.idle_timeout:g}")
        )
    where = listening(args.host, args.port, args.public_url)
    home = home_directory(args.home).resolve()
    workshop = WorkshopFolder.open(
        home, args.workshop or dt.date.today().isoformat(), new_codes=args.new_codes
    )
    # The room's apps (participants, boards) write nowhere outside the workshop folder: the
    # knowledge files they parse are cached there too, shared by all of them.
    os.environ[CACHE_ENV] = str((workshop.path / "cache").resolve())
    base = [sys.executable, "-m", "assistant", "--lang", language()]  # the facilitator's language
    for option in ("rules", "dialogues"):
        if getattr(args, option):
            base += [f"--{option}", str(Path(getattr(args, option)).resolve())]
    report = find_report(args.report, home)  # the facilitator's copy serves every participant
    if report is not None:
        base += ["--report", str(Path(report).resolve())]
    folder = str(workshop.path.resolve())

    def participant_command(participant: str, participant_home: str) -> list[str]:
        # "--id=…" in one word: an id that starts with "-" is never read as an option
        return [*base, "--home", participant_home, "workshop", "participant", folder, f"--id={participant}"]

    server = WorkshopServer(
        workshop,
        where,
        participant_command=participant_command,
        board_command=[*base, "--home", str(home), "workshop", "board", folder],
        max_participants=args.max_participants,
        idle_timeout=args.idle_timeout * 60,
    )
    lines = [_("Workshop {name} (folder {path})").format(name=workshop.name, path=workshop.path)]
    if where.addresses:
        lines.append(
            _(
                "Listening on all of this machine's addresses ({addresses}); the links use "
                "{first} (--public-url chooses another)."
            ).format(addresses=", ".join(where.addresses), first=where.addresses[0])
        )
    elif args.host in ("0.0.0.0", "::") and args.public_url is None:
        lines.append(_("This machine has no address but loopback: the links work on this machine only."))
    join, board = _("Participants join at:"), _("Facilitator's board:")
    width = max(len(join), len(board)) + 2
    lines += [
        f"  {join:<{width}}{server.join_url}",
        f"  {board:<{width}}{server.facilitator_url}   " + _("(keep this link to yourself)"),
        _(
            "Up to {n} participants at once; an app nobody types in for {minutes} minutes closes. "
            "Ctrl+C stops the workshop."
        ).format(n=args.max_participants, minutes=f"{args.idle_timeout:g}"),
    ]
    if (
        not args.host.startswith("127.")
        and args.host != "localhost"
        and not server.public_url.startswith("https:")
    ):
        lines.append(
            _(
                "Plain http: anyone on this network can read the traffic. Use TLS through a reverse proxy "
                "on a network you do not trust (see the README)."
            )
        )
    server.banner = for_terminal("\n".join(lines))  # a workshop name or folder as typed, escapes shown
    try:
        server.serve()
    except OSError as exc:
        raise InputError(
            _("--host {host} --port {port}: cannot listen there ({reason})").format(
                host=args.host, port=args.port, reason=exc.strerror or exc
            )
        ) from None
    return 0
