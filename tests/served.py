"""A browser's side of a served workshop, without a browser: the page, the cookie, the WebSocket.

Used by the serve tests and the serving benchmarks. It speaks textual-serve's protocol:
JSON envelopes from the browser (["stdin", text], ["resize", {...}]), the terminal's bytes and
JSON messages (["deliver_file_start", key]) back.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
LIMITED = (
    "import os, resource, sys; n = int(sys.argv[1]); "
    "resource.setrlimit(resource.RLIMIT_NOFILE, (n, n)); os.execv(sys.argv[2], sys.argv[2:])"
)
URL = re.compile(r"https?://\S+/(join|board)/\S+")


def screen_text(raw: bytes) -> str:
    """What the terminal stream wrote, without its escape sequences."""
    return ANSI.sub("", raw.decode("utf-8", "replace"))


def free_port() -> int:
    """A loopback port free now, for a workshop or a browser to listen on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One browser: its own cookies, one page, one WebSocket."""

    def __init__(self, page_url: str, origin: str | None = None) -> None:
        parts = urlsplit(page_url)
        self.page_url = page_url
        self.origin = origin if origin is not None else f"{parts.scheme}://{parts.netloc}"
        self.ws_url = ("wss" if parts.scheme == "https" else "ws") + f"://{parts.netloc}{parts.path}/ws"
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.raw = bytearray()
        self.messages: list = []  # JSON messages from the server (downloads, …)
        self.closed = False
        self._reader: asyncio.Task | None = None

    async def open_page(self) -> tuple[int, str]:
        async with self.http.get(self.page_url) as response:
            return response.status, await response.text()

    async def connect(self, width: int = 120, height: int = 40, cookie: str | None = None) -> int:
        """Open the WebSocket; returns the HTTP status of the upgrade (101 when it opened).
        ``cookie``: a Cookie header to send as well (a Secure cookie is not sent over http)."""
        headers = {"Origin": self.origin} if self.origin else {}
        if cookie:
            headers["Cookie"] = cookie
        try:
            self.ws = await self.http.ws_connect(
                f"{self.ws_url}?width={width}&height={height}", headers=headers
            )
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        self._reader = asyncio.create_task(self._read())
        return 101

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw.extend(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.messages.append(json.loads(message.data))
        self.closed = True

    @property
    def text(self) -> str:
        return screen_text(bytes(self.raw))

    async def wait_for(self, text: str, timeout: float = 30.0, since: int = 0) -> float:
        """Seconds until ``text`` is on the terminal stream (after byte ``since``)."""
        start = time.monotonic()
        while text not in screen_text(bytes(self.raw[since:])):
            if self.closed:
                raise AssertionError(f"the connection closed before {text!r} appeared")
            if time.monotonic() - start > timeout:
                raise AssertionError(
                    f"{text!r} never appeared; the screen had: {self.text[-2000:]!r}; "
                    f"other messages: {self.messages[-10:]!r}"
                )
            await asyncio.sleep(0.05)
        return time.monotonic() - start

    async def wait_until(self, predicate, timeout: float = 30.0) -> None:
        start = time.monotonic()
        while not predicate():
            if time.monotonic() - start > timeout:
                raise AssertionError("timed out")
            await asyncio.sleep(0.05)

    async def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the app has drawn what the last key changed: new bytes, then a quiet spell."""
        start, mark = time.monotonic(), len(self.raw)
        while time.monotonic() - start < timeout:
            size = len(self.raw)
            await asyncio.sleep(quiet)
            if len(self.raw) == size and size > mark:
                return

    async def type(self, text: str, pause: float = 0.05) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))
        await asyncio.sleep(pause)

    async def download(self, key: str) -> tuple[int, bytes]:
        parts = urlsplit(self.page_url)
        async with self.http.get(f"{parts.scheme}://{parts.netloc}/download/{key}") as response:
            return response.status, await response.read()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.wait([self._reader], timeout=5)
        await self.http.close()


async def admitted(browser: Browser, timeout: float) -> None:
    """The join page opens for ``browser`` (200) within ``timeout`` seconds, asked every 0.1 s.

    A seat frees once the server has seen its app exit and the tab's handler has finished: a
    moment after the process is gone from the process table (longer on a loaded machine), the
    room still answers 503 "full"."""
    end = time.monotonic() + timeout
    status = 0
    while time.monotonic() < end:
        if (status := (await browser.open_page())[0]) == 200:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the join page still answers {status} after {timeout} s: a ghost seat")


class Workshop:
    """`integration-assistant serve` in a subprocess, and its two links."""

    def __init__(
        self,
        home: Path,
        *args: str,
        cwd: Path | None = None,
        env: dict | None = None,
        file_limit: int | None = None,
    ) -> None:
        self.home = home
        self.args = args
        self.cwd = cwd
        self.env = env
        self.file_limit = file_limit  # RLIMIT_NOFILE (soft and hard) of the server, when given
        self.proc: subprocess.Popen | None = None
        self.join_url = self.board_url = ""
        self.output: list[str] = []

    def start(self, timeout: float = 30.0) -> Workshop:
        command = [sys.executable, "-m", "assistant", "--home", str(self.home), "serve", *self.args]
        if self.file_limit:  # set in the child before it becomes the server (no preexec_fn)
            command = [sys.executable, "-c", LIMITED, str(self.file_limit), *command]
        self.proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=self.cwd,
            env=self.env,
        )
        end = time.monotonic() + timeout
        while time.monotonic() < end and not (self.join_url and self.board_url):
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError("serve ended: " + "".join(self.output))
            self.output.append(line)
            for m in URL.finditer(line):
                if m.group(1) == "join":
                    self.join_url = m.group(0)
                else:
                    self.board_url = m.group(0)
        assert self.join_url and self.board_url, "".join(self.output)
        return self

    @property
    def port(self) -> int:
        return int(urlsplit(self.join_url).port or 80)

    def app_processes(self) -> list:
        """The app processes the server has started (its descendants)."""
        import psutil

        return [p for p in psutil.Process(self.proc.pid).children(recursive=True) if _is_app(p)]

    def stop(self) -> str:
        import signal

        if self.proc is None:
            return ""
        self.proc.send_signal(signal.SIGINT)
        try:
            out, _ = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return "".join(self.output) + (out or "")


def _is_app(process) -> bool:
    import psutil

    try:
        return "assistant" in " ".join(process.cmdline()) and "python" in process.name().lower()
    except (psutil.Error, OSError):  # gone already
        return False


class Slow:
    """A slow client (a "slowloris"): it opens a connection from ``source`` (any 127.x.y.z
    address reaches loopback) and sends the request head one line at a time, never ending it."""

    def __init__(self, port: int, source: str = "127.0.0.1") -> None:
        self.port = port
        self.source = source
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> bool:
        try:
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", self.port, local_addr=(self.source, 0)
            )
            self.writer.write(b"GET /join/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            await self.writer.drain()
        except OSError:
            return False
        return True

    async def drip(self) -> None:
        """One more header line, as a slow client sends every few seconds."""
        if self.writer is not None and not self.writer.is_closing():
            try:
                self.writer.write(b"X-Slow: 1\r\n")
                await self.writer.drain()
            except OSError:
                pass

    async def outcome(self, timeout: float) -> str:
        """ "busy" (turned away with a 503 page), "closed" (dropped by the server), or "open"."""
        if self.reader is None:
            return "refused"
        try:
            data = await asyncio.wait_for(self.reader.read(200), timeout)
        except TimeoutError:
            return "open"
        except OSError:
            return "closed"
        if data.startswith(b"HTTP/1.1 503"):
            return "busy"
        return "closed" if not data else "answered"

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
