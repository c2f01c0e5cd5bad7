"""Running the workshop server: listening behind the door, and stopping in one line.

aiohttp's ``run_app`` is not used: the connections must pass the door (limits.py) before
aiohttp reads them, and Ctrl+C must end in one line whatever state the room is in, with every
app stopped and no task left to print a traceback at exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from typing import Protocol

from aiohttp import web

from ..i18n import _
from ..usertext import visible
from .limits import HEADER_TIMEOUT, ConnectionLimits, Door, raise_file_limit
from .seats import SeatTable


class Runnable(Protocol):
    """What running a server needs of it (the workshop's server, server.py, is one)."""

    host: str
    port: int
    banner: str
    max_participants: int
    boards: SeatTable
    limits: ConnectionLimits

    async def _make_app(self) -> web.Application: ...


log = logging.getLogger("textual-serve")

SHUTDOWN_TIMEOUT = 15.0  # seconds the open requests are given once the apps have stopped


class OneLine(logging.Formatter):
    """Server log lines for the facilitator's terminal: one line each, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f" ({type(exc).__name__}: {exc})"
        return "integration-assistant serve: " + " ".join(visible(text).split())


def run_until_stopped(server: Runnable) -> None:
    """Listen until SIGINT or SIGTERM; then stop every app and say so in one line. OSError when
    the address cannot be listened on (the command line says so in one line)."""
    files = raise_file_limit()
    server.limits = ConnectionLimits.for_files(files, server.max_participants + server.boards.capacity)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(_one_line)
    try:
        stopped_by = loop.run_until_complete(_serve(server))
    finally:
        _close(loop)
    print(
        "integration-assistant serve: " + _("the workshop was stopped ({by}).").format(by=stopped_by),
        flush=True,
    )


async def _serve(server: Runnable) -> str:
    loop = asyncio.get_running_loop()
    stop: asyncio.Future[str] = loop.create_future()

    def stop_by(name: str) -> None:
        if not stop.done():
            stop.set_result(name)

    for sig, name in ((signal.SIGINT, "Ctrl+C"), (signal.SIGTERM, "SIGTERM")):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop_by, name)
    runner = web.AppRunner(
        await server._make_app(),
        handle_signals=False,
        access_log=None,
        keepalive_timeout=HEADER_TIMEOUT,  # from the moment a connection is made: see limits.py
        shutdown_timeout=SHUTDOWN_TIMEOUT,
    )
    await runner.setup()
    listener = None
    try:
        handler = runner.server
        assert handler is not None
        listener = await loop.create_server(
            lambda: Door(server.limits, handler),
            host=server.host or None,
            port=server.port,
            reuse_address=True,
            backlog=server.limits.backlog,
        )
        if server.banner:
            print(server.banner, flush=True)
        return await stop
    finally:
        if listener is not None:
            listener.close()
        with contextlib.suppress(Exception):
            await runner.cleanup()  # on_shutdown: every browser told, every app stopped


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is left (a browser mid-handshake…), quietly, and close the loop."""
    with contextlib.suppress(Exception):
        tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in tasks:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


def _one_line(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """asyncio's own complaints (a task's exception never retrieved, a socket error) in one line."""
    exc = context.get("exception")
    message = context.get("message", "an error in the event loop")
    if exc is not None:
        log.warning("%s (%s: %s)", message, type(exc).__name__, exc)
    else:
        log.warning("%s", message)
    if sys.flags.dev_mode:  # pragma: no cover - a developer's run
        loop.default_exception_handler(context)
