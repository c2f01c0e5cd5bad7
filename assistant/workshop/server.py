"""The workshop server: textual-serve's server with a door, a head count and an idle clock.

    GET /join/{code}         the participants' page (sets the participant's cookie)
    GET /join/{code}/ws      one participant's app: one process per participant, in their own home
    GET /board/{code}        the facilitator's page
    GET /board/{code}/ws     the facilitator's board
    GET /download/{key}      a file an app delivers, to the browser of that app only
    GET /static/...          textual-serve's scripts, styles and fonts (the same for everyone)
    anything else            403

Every check (the code, the Origin, the cookie, the head count) is made before a process starts.
The participant id is made here, signed into a cookie, and is the only thing a participant's
home is chosen by: nothing a browser sends becomes part of a path.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import shlex
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from hashlib import sha256
from html import escape
from typing import Any, TypedDict

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.server import Server

from .address import Listening, origin_of
from .folder import PARTICIPANT_ID, WorkshopFolder

log = logging.getLogger("textual-serve")

MAX_BOARDS = 4  # facilitator screens open at once
STOP_TIMEOUT = 10.0  # seconds an app is given to quit before it is killed
TITLE = "Integration Assistant"


class _CookieOptions(TypedDict):
    """How the workshop's cookies are set (``set_cookie``'s keywords)."""

    httponly: bool
    samesite: str
    secure: bool
    path: str
    max_age: int


class SeatService(AppService):
    """One app process, and whose it is (a participant id, or "facilitator")."""

    def __init__(self, command: str, *, owner: str, **kwargs: Any) -> None:  # the rest: as AppService's
        super().__init__(command, **kwargs)
        self.owner = owner

    async def stop_or_kill(self) -> None:
        """Ask the app to quit; kill it if it does not. Returns once the process has ended, so
        nothing of it outlives the server."""
        process = self._process  # textual-serve keeps it; a hung app must not hold a seat
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self.stop()), STOP_TIMEOUT)
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()


@dataclass
class Seat:
    owner: str
    websocket: web.WebSocketResponse
    active: float = field(default_factory=time.monotonic)
    service: SeatService | None = None
    drawn: bool = False  # the app has sent its first output

    def touch(self) -> None:
        self.active = time.monotonic()

    def output(self, send: Callable[[bytes], Awaitable[None]]) -> Callable[[bytes], Awaitable[None]]:
        """``send`` for the app's output. The idle clock starts again when the app first draws:
        a participant whose app was slow to start (a busy server) still has the whole idle time
        to begin, and an app that never starts still gives its seat back."""

        async def write(data: bytes) -> None:
            if not self.drawn:
                self.drawn = True
                self.touch()
            await send(data)

        return write


class _OneLine(logging.Formatter):
    """Server log lines for the facilitator's terminal: one line each, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f" ({type(exc).__name__}: {exc})"
        return f"integration-assistant serve: {text}"


class WorkshopServer(Server):
    def __init__(
        self,
        workshop: WorkshopFolder,
        listening: Listening,
        *,
        participant_command: Callable[[str, str], list[str]],
        board_command: list[str],
        max_participants: int = 40,
        idle_timeout: float = 30 * 60,
        banner: str = "",
    ) -> None:
        super().__init__(
            shlex.join(board_command),
            host=listening.host,
            port=listening.port,
            title=TITLE,
            public_url=listening.public_url,
        )
        self.workshop = workshop
        self.listening = listening
        self.participant_command = participant_command  # (participant id, their home) -> argv
        self.board_command = board_command
        self.max_participants = max_participants
        self.idle_timeout = idle_timeout
        self.banner = banner
        self.origins = listening.origins
        self.participants: dict[str, Seat] = {}
        self.services: set[SeatService] = set()  # app processes not yet ended
        self.boards: dict[str, Seat] = {}
        tag = self._sign("cookie-name")[:10]
        self.participant_cookie = f"ia_p_{tag}"
        self.facilitator_cookie = f"ia_f_{tag}"
        self.secure = self.public_url.startswith("https:")

    # --- URLs -----------------------------------------------------------------------------------

    @property
    def join_url(self) -> str:
        return f"{self.public_url}/join/{self.workshop.join_code}"

    @property
    def facilitator_url(self) -> str:
        return f"{self.public_url}/board/{self.workshop.facilitator_code}"

    # --- the aiohttp application ----------------------------------------------------------------

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler()
        handler.setFormatter(_OneLine())
        # asyncio and anything else that logs in this process too: one line each, never a traceback
        for name in ("", "textual-serve", "aiohttp", "asyncio"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.DEBUG if self.debug else logging.WARNING)
            logger.propagate = False

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._headers])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/join/{code}", self.handle_join),
                web.get("/join/{code}/ws", self.handle_participant),
                web.get("/board/{code}", self.handle_board_page),
                web.get("/board/{code}/ws", self.handle_board),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", self.statics_path, name="static"),
                web.route("*", "/{anything:.*}", self.handle_elsewhere),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        # The join code is in the page's address: no Referer may carry it to the fonts' host.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo and command here; the banner waits until the port is open."""

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C (or SIGTERM); the banner is printed once the port is listening."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *_: print(self.banner, flush=True) if self.banner else None,
        )

    async def on_shutdown(self, app: web.Application) -> None:
        for seat in [*self.participants.values(), *self.boards.values()]:
            await seat.websocket.close(message=b"the workshop was stopped")
        # every app still running or stopping, including those whose browser just left
        await asyncio.gather(*(service.stop_or_kill() for service in list(self.services)))

    # --- pages ----------------------------------------------------------------------------------

    async def handle_elsewhere(self, request: web.Request) -> web.StreamResponse:
        return _page(
            403,
            "Ask for the join link",
            "This workshop opens only with the join link the facilitator gave you.",
        )

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.join_code)
        participant = self._participant(request)
        if participant not in self.participants and len(self.participants) >= self.max_participants:
            return self._room_full()
        response = self._app_page(request, f"/join/{self.workshop.join_code}/ws")
        if participant is None:
            participant = secrets.token_urlsafe(12)
            response.set_cookie(
                self.participant_cookie, f"{participant}.{self._sign(participant)}", **self._cookie_options()
            )
        return response

    async def handle_board_page(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.facilitator_code)
        response = self._app_page(request, f"/board/{self.workshop.facilitator_code}/ws")
        response.set_cookie(self.facilitator_cookie, self._sign("facilitator"), **self._cookie_options())
        return response

    def _app_page(self, request: web.Request, websocket_path: str) -> web.Response:
        scheme = "wss" if self.secure else "ws"
        context = {
            "font_size": min(max(_int(request.query.get("fontsize"), 16), 8), 48),
            "app_websocket_url": f"{scheme}:{self.public_url.split(':', 1)[1]}{websocket_path}",
            "config": {"static": {"url": f"{self.public_url}/static/"}},
            "application": {"name": TITLE},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def _room_full(self) -> web.Response:
        return _page(
            503,
            "The room is full",
            f"The room is full: {self.max_participants} participants are working right now. "
            "Ask the facilitator, or try again when someone has finished.",
        )

    # --- apps -----------------------------------------------------------------------------------

    async def handle_participant(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.join_code)
        self._check_origin(request)
        participant = self._participant(request)
        if participant is None:
            raise _forbidden("Open the join link first: it gives this browser its place in the room.")
        if participant not in self.participants and len(self.participants) >= self.max_participants:
            raise web.HTTPServiceUnavailable(text="The room is full.")
        home = self.workshop.participant_home(participant, create=True)
        command = self.participant_command(participant, str(home))
        return await self._run(request, command, participant, self.participants, key=participant)

    async def handle_board(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.facilitator_code)
        self._check_origin(request)
        if not self._is_facilitator(request):
            raise _forbidden("Open the facilitator's link first.")
        if len(self.boards) >= MAX_BOARDS:
            raise web.HTTPServiceUnavailable(text=f"{MAX_BOARDS} boards are open already.")
        return await self._run(
            request, self.board_command, "facilitator", self.boards, key=secrets.token_hex(8)
        )

    async def _run(
        self, request: web.Request, command: list[str], owner: str, seats: dict[str, Seat], key: str
    ) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        seat = Seat(owner, websocket)
        earlier = seats.get(key)
        seats[key] = seat  # taken before the first await: the head count cannot be raced past
        if earlier is not None:  # the same participant in a new tab: the old tab closes
            await earlier.websocket.close(message=b"opened in another tab")
        width = min(max(_int(request.query.get("width"), 80), 20), 500)
        height = min(max(_int(request.query.get("height"), 24), 5), 300)
        watchdog = None
        try:
            await websocket.prepare(request)
            seat.service = SeatService(
                shlex.join(command),
                owner=owner,
                write_bytes=seat.output(websocket.send_bytes),
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(seat.service)
            await seat.service.start(width, height)
            watchdog = asyncio.create_task(self._close_when_idle(seat))
            await self._relay(seat, seat.service)
        except asyncio.CancelledError:
            await websocket.close()
        except (ConnectionError, OSError) as exc:
            log.warning("a connection ended: %s", exc)
        finally:
            if watchdog is not None:
                watchdog.cancel()
            if seats.get(key) is seat:
                del seats[key]
            if seat.service is not None:
                await seat.service.stop_or_kill()
                self.services.discard(seat.service)
        return websocket

    async def _relay(self, seat: Seat, service: SeatService) -> None:
        """The browser's messages to the app (the seat's service); anything malformed is dropped."""
        async for message in seat.websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                seat.touch()
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width = min(max(_int(data.get("width"), 80), 20), 500)
                height = min(max(_int(data.get("height"), 24), 5), 300)
                await service.set_terminal_size(width, height)
            elif kind == "ping":
                await seat.websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _close_when_idle(self, seat: Seat) -> None:
        """Nothing typed or clicked for the idle timeout: the app quits and its seat is free."""
        step = max(min(self.idle_timeout / 4, 30.0), 0.2)
        while True:
            await asyncio.sleep(step)
            if time.monotonic() - seat.active >= self.idle_timeout:
                await seat.websocket.close(message=b"closed after a long idle time")
                return

    # --- downloads ------------------------------------------------------------------------------

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            download = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download has expired.") from None
        owner = getattr(download.app_service, "owner", None)
        allowed = (owner == "facilitator" and self._is_facilitator(request)) or (
            owner is not None and owner == self._participant(request)
        )
        if not allowed:
            raise _forbidden("This download belongs to another browser.")
        return await super().handle_download(request)

    # --- checks ---------------------------------------------------------------------------------

    def _sign(self, value: str) -> str:
        return hmac.new(self.workshop.secret, value.encode("utf-8"), sha256).hexdigest()[:32]

    def _cookie_options(self) -> _CookieOptions:
        return {
            "httponly": True,
            "samesite": "Strict",
            "secure": self.secure,
            "path": "/",
            "max_age": 14 * 24 * 3600,
        }

    def _check_code(self, request: web.Request, expected: str) -> None:
        given = request.match_info.get("code", "")
        if not secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            raise _forbidden("This workshop opens only with the join link the facilitator gave you.")

    def _check_origin(self, request: web.Request) -> None:
        origin = request.headers.get("Origin")
        if origin is None or origin_of(origin) not in self.origins:
            raise _forbidden("This connection comes from a page the workshop did not serve.")

    def _participant(self, request: web.Request) -> str | None:
        """The participant id of the request's cookie, if this workshop signed it."""
        value = request.cookies.get(self.participant_cookie, "")
        participant, _, signature = value.partition(".")
        if not PARTICIPANT_ID.fullmatch(participant):
            return None
        if not secrets.compare_digest(signature.encode("utf-8"), self._sign(participant).encode("utf-8")):
            return None
        return participant

    def _is_facilitator(self, request: web.Request) -> bool:
        value = request.cookies.get(self.facilitator_cookie, "")
        return secrets.compare_digest(value.encode("utf-8"), self._sign("facilitator").encode("utf-8"))


def _int(value: object, default: int) -> int:
    """A number sent by the browser (JSON or a query string); ``default`` for anything else."""
    if not isinstance(value, (str, int, float)):
        return default
    try:
        return int(value)
    except (ValueError, OverflowError):  # "Infinity" and "NaN" are JSON to Python: not sizes
        return default


def _forbidden(text: str) -> web.HTTPForbidden:
    return web.HTTPForbidden(text=text)


def _page(status: int, title: str, text: str) -> web.Response:
    body = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;"
        "color:#1b1f24}h1{font-size:1.4rem}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")
