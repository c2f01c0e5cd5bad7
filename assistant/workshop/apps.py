"""One app process of the room (a participant's, or a board), and the files it delivers.

textual-serve's AppService starts the app through a shell, copies the app's stderr to the
server's terminal, and treats a stalled download as a finished one. Here the app is started
without a shell (no shell left to print ``Killed``), in a session of its own (Ctrl+C on the
server's terminal reaches the server, not every app), its stderr is kept (the last lines, for
one log line when it ends badly) and never printed, and a download is sent only when whole.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shlex
import signal
from typing import Any

from textual_serve.app_service import AppService
from textual_serve.download_manager import Download, DownloadManager

from ..i18n import _
from ..usertext import visible

log = logging.getLogger("textual-serve")

STOP_TIMEOUT = 10.0  # seconds an app is given to quit before it is killed
STDERR_KEPT = 8192  # bytes of an app's stderr kept for the log line when it ends badly
CHUNK_TIMEOUT = 10.0  # seconds an app may take to send the next piece of a download
CHUNK_SIZE = 1 << 16
APP_NICENESS = 5  # the apps' scheduling priority below the server's (5 nicer)
MAX_DOWNLOAD = 64 << 20  # bytes: an export is far smaller; a runaway app does not fill memory


class SeatService(AppService):
    """One app process, and whose it is (a participant id, or "facilitator")."""

    def __init__(self, argv: list[str], *, owner: str, **kwargs: Any) -> None:  # the rest: AppService's
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = argv
        self.owner = owner
        self.quitting = False  # the server asked it to quit (or killed it)
        self.said_exit = False  # the app said it was quitting (the participant closed it)
        self.stderr_tail = bytearray()
        self.ended = asyncio.Event()  # the process has exited and its output is read

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        with contextlib.suppress(OSError):  # the server before the apps: joins stay quick while
            mine = os.getpriority(os.PRIO_PROCESS, 0)  # many apps start at once
            os.setpriority(os.PRIO_PROCESS, process.pid, min(mine + APP_NICENESS, 19))
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def returncode(self) -> int | None:
        return self._process.returncode if self._process is not None else None

    @property
    def crashed(self) -> bool:
        """It ended without being asked to, and not by the participant's own doing."""
        return self.ended.is_set() and not self.quitting and not self.said_exit and self.returncode != 0

    async def run(self) -> None:
        """The app's output to the browser until the process ends (AppService.run without the
        stderr copied to the server's terminal)."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        keeping = asyncio.create_task(self._keep_stderr(process.stderr))
        try:
            if await _ready(process.stdout):
                await self._read_packets(process.stdout)
            else:  # not a Textual app, or one that failed before it began: it is not left running
                self._kill()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the process ended (or closed its output)
        except Exception as exc:  # noqa: BLE001 - a packet the app should not have sent: it is stopped
            log.warning(_("%s: the app sent what the server cannot read (%s)"), self.owner, _reason(exc))
            self._kill()
        finally:
            with contextlib.suppress(ProcessLookupError):
                await process.wait()
            await keeping
            self.ended.set()

    async def _read_packets(self, stdout: asyncio.StreamReader) -> None:
        while True:
            kind = await stdout.readexactly(1)
            size = int.from_bytes(await stdout.readexactly(4), "big")
            payload = await stdout.readexactly(size)
            if kind == b"D":
                await self.on_data(payload)
            elif kind == b"M":
                await self.on_meta(payload)
            elif kind == b"P":
                await self.on_packed(payload)

    async def _keep_stderr(self, stderr: asyncio.StreamReader) -> None:
        while data := await stderr.read(4096):
            self.stderr_tail += data
            del self.stderr_tail[:-STDERR_KEPT]

    async def on_meta(self, data: bytes) -> None:
        if json.loads(data).get("type") == "exit":
            self.said_exit = True  # the seat closes the browser's socket once the process has ended
            return
        await super().on_meta(data)

    def last_words(self) -> str:
        """The app's last line on stderr, shown safely on one line (for the log)."""
        lines = self.stderr_tail.decode("utf-8", "replace").strip().splitlines()
        text = " ".join(lines[-1].split()) if lines else ""
        text = visible(text)
        return text if len(text) <= 160 else text[:157] + "..."

    def how_it_ended(self) -> str:
        code = self.returncode
        if code is None:
            return _("still running")
        if code < 0:
            with contextlib.suppress(ValueError):
                return _("killed by {signal}").format(signal=signal.Signals(-code).name)
            return _("killed by signal {n}").format(n=-code)
        return _("exit status {code}").format(code=code)

    async def stop_or_kill(self) -> None:
        """Ask the app to quit; kill it if it does not. Returns once the process has exited, so
        nothing of it outlives its seat."""
        self.quitting = True
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
                await asyncio.wait_for(self.send_meta({"type": "quit"}), STOP_TIMEOUT)
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), STOP_TIMEOUT)
        except TimeoutError:
            self._kill()
            await process.wait()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(self._task), STOP_TIMEOUT)

    def _kill(self) -> None:
        """SIGKILL to the app's whole session (the app and anything it started)."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)


async def _ready(stdout: asyncio.StreamReader) -> bool:
    """Wait for the prelude a Textual app writes first (at most ten lines of something else)."""
    for _attempt in range(10):
        line = await stdout.readline()
        if not line:
            return False
        if line == b"__GANGLION__\n":
            return True
    return False


class DownloadFailed(Exception):
    """A download the browser cannot be given whole; the message says why, in plain words."""


class WholeDownloads(DownloadManager):
    """textual-serve's downloads, but a file is sent only when all of it is in hand: a stalled
    or stopped app gives the browser an error, never a shorter file that looks complete."""

    def __init__(self, chunk_timeout: float = CHUNK_TIMEOUT) -> None:
        super().__init__()
        self.chunk_timeout = chunk_timeout
        self._taken: set[str] = set()

    async def fetch(self, key: str) -> tuple[Download, bytes]:
        """The whole file of ``key`` (KeyError: no such download; DownloadFailed: not whole)."""
        download = self._active_downloads[key]
        if key in self._taken:
            raise DownloadFailed(_("this file is being downloaded already"))
        self._taken.add(key)
        try:
            return download, await self._collect(download)
        finally:
            self._taken.discard(key)
            self._active_downloads.pop(key, None)

    async def _collect(self, download: Download) -> bytes:
        data = bytearray()
        while True:
            asked = await download.app_service.send_meta(
                {
                    "type": "deliver_chunk_request",
                    "key": download.delivery_key,
                    "size": CHUNK_SIZE,
                    "name": download.name,
                }
            )
            if not asked:
                raise DownloadFailed(_("the app has stopped"))
            try:
                chunk = await asyncio.wait_for(download.incoming_chunks.get(), self.chunk_timeout)
            except TimeoutError:
                raise DownloadFailed(
                    _("the app sent nothing for {n} seconds (a full disk or a busy app)").format(
                        n=f"{self.chunk_timeout:g}"
                    )
                ) from None
            if chunk is None:
                raise DownloadFailed(_("the app stopped while sending it"))
            if not chunk:
                return bytes(data)
            data += chunk
            if len(data) > MAX_DOWNLOAD:
                raise DownloadFailed(_("the file is larger than {n} MB").format(n=MAX_DOWNLOAD >> 20))


def _reason(exc: BaseException) -> str:
    return visible(f"{type(exc).__name__}: {exc}")[:200]
