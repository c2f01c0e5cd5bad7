"""The door of the served room: how many connections it holds, from one address and in all.

Every connection costs the server a file descriptor; so does every app process (its three
pipes). Past the file limit nothing more can be accepted, or started, by anyone. So the server
raises its file limit to what the system allows, keeps room for its apps, and turns away the
connections beyond that at once with a short 503 page, before reading a byte. A connection
that has not sent a whole request head in ``HEADER_TIMEOUT`` seconds is closed (aiohttp's
keep-alive timer, which runs from the moment a connection is made until a request arrives).
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from ..i18n import _

log = logging.getLogger("textual-serve")

HEADER_TIMEOUT = 10.0  # seconds for a connection to send its request head (and between requests)
MAX_CONNECTIONS = 4096  # open at once, whatever the file limit
FILES_KEPT = 64  # file descriptors kept for the server itself (listening socket, logs, statics)
FILES_PER_SEAT = 5  # an app's three pipes, its child watcher, a download
CONNECTIONS_PER_SEAT = 6  # a browser opens up to six connections to one host
LINGER = 1.0  # seconds a turned-away connection is read (and dropped) before it is closed
LINGERING_MAX = 256  # turned away and still open at once; beyond that, closed at once
WARN_EVERY = 60.0  # seconds between two "busy" lines on the facilitator's terminal
BACKLOG_MAX = 128  # the listen backlog, and so the most connections accepted in one go


def raise_file_limit() -> int:
    """Raise this process's file limit (soft) to the hard one; the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 16)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 1 << 16


@dataclass
class ConnectionLimits:
    total: int  # connections open at once
    per_address: int  # of them from one address (a whole room behind one NAT still fits)
    open: Counter[str] = field(default_factory=Counter)
    count: int = 0
    refused: int = 0
    lingering_max: int = LINGERING_MAX
    # connections accepted in one go before the door sees them (asyncio's accept loop takes up
    # to the listen backlog at once): their files are kept in the budget too
    backlog: int = 128
    lingering: int = 0  # turned away, the busy page sent, the browser's request being read
    _warned_at: float = -WARN_EVERY

    @classmethod
    def for_files(cls, file_limit: int, seats: int) -> ConnectionLimits:
        """Limits that keep the server below ``file_limit`` with ``seats`` apps running."""
        spare = file_limit - FILES_KEPT - FILES_PER_SEAT * seats
        backlog = min(BACKLOG_MAX, max(16, spare // 8))
        lingering = min(LINGERING_MAX, max(0, spare // 8))
        total = min(MAX_CONNECTIONS, max(16, spare - backlog - lingering))
        return cls(
            total=total,
            per_address=min(total, max(32, CONNECTIONS_PER_SEAT * seats)),
            lingering_max=lingering,
            backlog=backlog,
        )

    def admit(self, address: str) -> bool:
        if self.count < self.total and self.open[address] < self.per_address:
            self.open[address] += 1
            self.count += 1
            return True
        self.refused += 1
        now = time.monotonic()
        if now - self._warned_at >= WARN_EVERY:  # a flood is one line a minute, not one a connection
            self._warned_at = now
            if self.count >= self.total:
                culprit = _("{n} connections are open, the most the server holds ({total})").format(
                    n=self.count, total=self.total
                )
            else:
                culprit = _("{address} has {n} connections open, the most one address may have").format(
                    address=address, n=self.open[address]
                )
            log.warning(_("busy: %s; the ones beyond are turned away with a 503 page"), culprit)
        return False

    def release(self, address: str) -> None:
        self.count -= 1
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


BUSY_PAGE = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The workshop is busy</title>'
    b'<meta name="viewport" content="width=device-width, initial-scale=1">'
    b"<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;"
    b"color:#1b1f24}h1{font-size:1.4rem}</style></head><body><h1>The workshop is busy</h1>"
    b"<p>The workshop's server has too many connections open right now. Try again in a minute: "
    b"reload this page.</p></body></html>"
)
BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\n"
    b"Cache-Control: no-store\r\nRetry-After: 30\r\nConnection: close\r\n"
    + f"Content-Length: {len(BUSY_PAGE)}\r\n\r\n".encode()
    + BUSY_PAGE
)


class Door(asyncio.Protocol):
    """A connection at the door: admitted (then aiohttp's request handler takes it, all of it
    passed on) or turned away with the busy page."""

    def __init__(self, limits: ConnectionLimits, make_handler: Callable[[], asyncio.Protocol]) -> None:
        self.limits = limits
        self.make_handler = make_handler
        self.inner: asyncio.Protocol | None = None
        self.address = ""
        self.turned_away: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if isinstance(peer, tuple) and peer else "?"
        if not self.limits.admit(self.address):
            self._turn_away(cast(asyncio.Transport, transport))
            return
        self.inner = self.make_handler()
        self.inner.connection_made(transport)

    def _turn_away(self, transport: asyncio.Transport) -> None:
        """The busy page, then the connection closes. Closed at once with the browser's request
        unread, the system would reset it and the browser would show no page; so the request is
        read and dropped for a moment first (unless many are being turned away at once)."""
        transport.write(BUSY_RESPONSE)
        if self.limits.lingering >= self.limits.lingering_max or not transport.can_write_eof():
            transport.close()
            return
        transport.write_eof()
        self.limits.lingering += 1
        self.turned_away = transport
        asyncio.get_running_loop().call_later(LINGER, transport.close)

    def data_received(self, data: bytes) -> None:
        if self.inner is not None:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        if self.turned_away is not None:
            self.turned_away.close()
            return None
        return self.inner.eof_received() if self.inner is not None else None

    def connection_lost(self, exc: Exception | None) -> None:
        if self.turned_away is not None:
            self.turned_away = None
            self.limits.lingering -= 1
        if self.inner is not None:
            self.limits.release(self.address)
            inner, self.inner = self.inner, None
            inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.inner is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.inner is not None:
            self.inner.resume_writing()
