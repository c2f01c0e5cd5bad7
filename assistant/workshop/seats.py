"""The room's seats: one per participant (or board), each a small state machine under one lock.

    joining  ->  running  ->  stopping  ->  joining (a newer tab waits)  or  free

A seat is taken when a browser's WebSocket arrives and is free (out of the table) only when
every tab that held it has left, and a tab leaves only after its app process has exited: the
head count is a count of app processes (started, starting or stopping), never of sockets.

A second tab of the same participant takes the seat over, whatever state the first is in: the
first is told (``Tab.replaced``) and closes itself; the newest tab starts its app once the
earlier app has exited, so one participant never has two apps writing in one home.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web


class State(enum.Enum):
    JOINING = "joining"  # no app alive: a tab is on its way to start one
    RUNNING = "running"  # an app process is alive
    STOPPING = "stopping"  # the app was asked to quit (or is being killed)
    FREE = "free"  # out of the table


class RoomFull(Exception):
    """Every seat is taken (by an app process, or one starting or stopping)."""


@dataclass(eq=False)
class Tab:
    """One browser tab's WebSocket on a seat, and its idle clock."""

    websocket: web.WebSocketResponse
    replaced: asyncio.Event = field(default_factory=asyncio.Event)
    active: float = field(default_factory=time.monotonic)
    drawn: bool = False  # the app has sent its first output
    malformed: int = 0  # messages from the browser dropped

    def touch(self) -> None:
        self.active = time.monotonic()

    def output(self, send: Callable[[bytes], Awaitable[None]]) -> Callable[[bytes], Awaitable[None]]:
        """``send`` for the app's output. The idle clock starts again when the app first draws:
        a participant whose app was slow to start (a busy server) still has the whole idle time
        to begin, and an app that never starts still gives its seat back. A browser already gone
        is not the app's fault: what it cannot receive is dropped, and the app goes on until the
        seat stops it."""

        async def write(data: bytes) -> None:
            if not self.drawn:
                self.drawn = True
                self.touch()
            await _quietly(send(data))

        return write

    def text_output(self, send: Callable[[str], Awaitable[None]]) -> Callable[[str], Awaitable[None]]:
        """``send`` for the app's JSON messages (downloads, links): dropped once the browser is gone."""

        async def write(data: str) -> None:
            await _quietly(send(data))

        return write


async def _quietly(sending: Awaitable[None]) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):  # closing or closed: the browser left
        await sending


@dataclass(eq=False)
class Seat:
    key: str
    owner: str  # a participant id, or "facilitator"
    state: State = State.JOINING
    holders: int = 0  # tabs on this seat: a seat is free when the last one has left
    newest: Tab | None = None  # the tab that may run the app; None once it has left
    idle: asyncio.Event = field(default_factory=asyncio.Event)  # set: no app of this seat is alive

    def __post_init__(self) -> None:
        self.idle.set()


class SeatTable:
    """The seats of one kind (participants, boards), at most ``capacity`` at once."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.seats: dict[str, Seat] = {}
        self.lock = asyncio.Lock()  # every change of state below holds it (none awaits inside)

    def __len__(self) -> int:
        return len(self.seats)

    def has_room_for(self, key: str | None) -> bool:
        """Whether a browser with this key would get a seat now (its own, or a free one)."""
        return (key is not None and key in self.seats) or len(self.seats) < self.capacity

    def running(self) -> int:
        """Seats whose app process is alive (running or stopping)."""
        return sum(seat.state in (State.RUNNING, State.STOPPING) for seat in self.seats.values())

    async def enter(self, key: str, owner: str, tab: Tab) -> Seat:
        """Take the seat ``key`` for ``tab`` (RoomFull when there is none): a newer tab replaces
        the one before it, which is told so and closes itself."""
        async with self.lock:
            seat = self.seats.get(key)
            if seat is None:
                if len(self.seats) >= self.capacity:
                    raise RoomFull()
                seat = self.seats[key] = Seat(key, owner)
            earlier, seat.newest = seat.newest, tab
            seat.holders += 1
        if earlier is not None:
            earlier.replaced.set()
        return seat

    async def take_turn(self, seat: Seat, tab: Tab) -> bool:
        """Wait until no app of the seat is alive: True when ``tab`` may start one (the seat is
        then running), False when a newer tab replaced it first. The wait is bounded: an app
        being stopped is killed after the stop timeout."""
        while True:
            async with self.lock:
                if seat.newest is not tab or tab.replaced.is_set():
                    return False
                if seat.state is State.JOINING:
                    seat.state = State.RUNNING
                    seat.idle.clear()
                    return True
            await _first(seat.idle.wait(), tab.replaced.wait())

    async def stopping(self, seat: Seat) -> None:
        async with self.lock:
            if seat.state is State.RUNNING:
                seat.state = State.STOPPING

    async def stopped(self, seat: Seat) -> None:
        """The seat's app process has exited: the next tab may start one."""
        async with self.lock:
            seat.state = State.JOINING
            seat.idle.set()

    async def leave(self, seat: Seat, tab: Tab) -> None:
        """``tab`` is done (its app, if it started one, has exited): the seat is free when no
        other tab holds it."""
        async with self.lock:
            seat.holders -= 1
            if seat.newest is tab:
                seat.newest = None
            if seat.holders <= 0 and self.seats.get(seat.key) is seat:
                del self.seats[seat.key]
                seat.state = State.FREE


async def _first(*waits: Awaitable[object]) -> None:
    """Wait for the first of ``waits``; the others are cancelled."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
