"""The workshop server: textual-serve's server with a door, a head count and an idle clock.

    GET /join/{code}              the participants' page (sets the participant's cookie)
    GET /join/{code}/ws           one participant's app: one process per participant, in their own home
    GET /join/{code}/ended/{why}  why a participant's app ended, and a link to join again
    GET /board/{code}             the facilitator's page
    GET /board/{code}/ws          the facilitator's board
    GET /download/{key}           a file an app delivers, to the browser of that app only
    GET /static/...               textual-serve's scripts, styles and fonts (the same for everyone)
    anything else                 403

Every check (the code, the Origin, the cookie, the head count) is made before a process starts.
The participant id is made here, signed into a cookie, and is the only thing a participant's
home is chosen by: nothing a browser sends becomes part of a path. The seats (seats.py) count
app processes; the door (limits.py) counts connections; apps.py runs the processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.server import Server

from ..i18n import _
from . import pages
from .access import Checks, forbidden, new_participant_id
from .address import Listening
from .apps import DownloadFailed, SeatService, WholeDownloads
from .folder import WorkshopFolder
from .limits import ConnectionLimits
from .messages import MAX_FRAME, Malformed, number, obey, terminal_size
from .running import OneLine, run_until_stopped
from .seats import RoomFull, Seat, SeatTable, Tab

log = logging.getLogger("textual-serve")

MAX_BOARDS = 4  # facilitator screens open at once
TITLE = "Integration Assistant"


class WorkshopServer(Checks, Server):
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
            " ".join(board_command),
            host=listening.host,
            port=listening.port,
            title=TITLE,
            public_url=listening.public_url,
        )
        self.download_manager: WholeDownloads = WholeDownloads()
        self.workshop = workshop
        self.listening = listening
        self.participant_command = participant_command  # (participant id, their home) -> argv
        self.board_command = board_command
        self.max_participants = max_participants
        self.idle_timeout = idle_timeout
        self.banner = banner
        self.origins = listening.origins
        self.participants = SeatTable(max_participants)
        self.boards = SeatTable(MAX_BOARDS)
        self.tabs: set[Tab] = set()  # WebSockets open
        self.services: set[SeatService] = set()  # app processes not yet ended
        self.limits = ConnectionLimits.for_files(1024, max_participants + MAX_BOARDS)  # see serve()
        self.closing = False  # the server is stopping: no app starts any more
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

    # --- running --------------------------------------------------------------------------------

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler()
        handler.setFormatter(OneLine())
        # asyncio and anything else that logs in this process too: one line each, never a traceback
        for name in ("", "textual-serve", "aiohttp", "asyncio"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.DEBUG if self.debug else logging.WARNING)
            logger.propagate = False

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C (or SIGTERM): the banner once the port is listening, one line at the
        end. OSError when the port cannot be listened on."""
        self.debug = debug
        self.initialize_logging()
        run_until_stopped(self)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._headers])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/join/{code}", self.handle_join),
                web.get("/join/{code}/ws", self.handle_participant),
                web.get("/join/{code}/ended/{why}", self.handle_ended),
                web.get("/board/{code}", self.handle_board_page),
                web.get("/board/{code}/ws", self.handle_board),
                web.get("/board/{code}/ended/{why}", self.handle_ended),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", self.statics_path, name="static"),
                web.route("*", "/{anything:.*}", self.handle_elsewhere),
            ]
        )
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

    async def on_shutdown(self, app: web.Application) -> None:
        """Every browser is told, every app stops (killed if it must): nothing outlives the server."""
        self.closing = True
        for tab in list(self.tabs):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(tab.websocket.close(message=b"the workshop was stopped"), 2)
        await asyncio.gather(
            *(service.stop_or_kill() for service in list(self.services)), return_exceptions=True
        )

    # --- pages ----------------------------------------------------------------------------------

    async def handle_elsewhere(self, request: web.Request) -> web.StreamResponse:
        return pages.page(
            403,
            _("Ask for the join link"),
            _("This workshop opens only with the join link the facilitator gave you."),
        )

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.join_code)
        participant = self._participant(request)
        if not self.participants.has_room_for(participant):
            return pages.room_full(self.max_participants)
        response = self._app_page(request, f"/join/{self.workshop.join_code}/ws")
        if participant is None:
            participant = new_participant_id()
            response.set_cookie(
                self.participant_cookie, f"{participant}.{self._sign(participant)}", **self._cookie_options()
            )
        return response

    async def handle_board_page(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.facilitator_code)
        response = self._app_page(request, f"/board/{self.workshop.facilitator_code}/ws")
        response.set_cookie(self.facilitator_cookie, self._sign("facilitator"), **self._cookie_options())
        return response

    async def handle_ended(self, request: web.Request) -> web.StreamResponse:
        """Where a browser is sent when its app ended without it asking (crashed, replaced, idle)."""
        board = request.path.startswith("/board/")
        code = self.workshop.facilitator_code if board else self.workshop.join_code
        self._check_code(request, code)
        return pages.ended(request.match_info["why"], f"/{'board' if board else 'join'}/{code}")

    def _app_page(self, request: web.Request, websocket_path: str) -> web.Response:
        scheme = "wss" if self.secure else "ws"
        context = {
            "font_size": min(max(number(request.query.get("fontsize"), 16), 8), 48),
            "app_websocket_url": f"{scheme}:{self.public_url.split(':', 1)[1]}{websocket_path}",
            "config": {"static": {"url": f"{self.public_url}/static/"}},
            "application": {"name": TITLE},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    # --- apps -----------------------------------------------------------------------------------

    async def handle_participant(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.join_code)
        self._check_origin(request)
        participant = self._participant(request)
        if participant is None:
            raise forbidden(_("Open the join link first: it gives this browser its place in the room."))
        if not self.participants.has_room_for(participant):
            raise web.HTTPServiceUnavailable(text=_("The room is full."))
        home = self.workshop.participant_home(participant, create=True)
        command = self.participant_command(participant, str(home))
        return await self._run(request, command, self.participants, participant, participant)

    async def handle_board(self, request: web.Request) -> web.StreamResponse:
        self._check_code(request, self.workshop.facilitator_code)
        self._check_origin(request)
        if not self._is_facilitator(request):
            raise forbidden(_("Open the facilitator's link first."))
        if not self.boards.has_room_for(None):
            raise web.HTTPServiceUnavailable(text=_("{n} boards are open already.").format(n=MAX_BOARDS))
        return await self._run(request, self.board_command, self.boards, secrets.token_hex(8), "facilitator")

    async def _run(
        self, request: web.Request, command: list[str], table: SeatTable, key: str, owner: str
    ) -> web.WebSocketResponse:
        """One tab: a seat, then (its turn come) an app, relayed until either side ends. Every
        way out (error, disconnect, crash, another tab, shutdown) leaves through ``finally``."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_FRAME)
        tab = Tab(websocket)
        try:
            seat = await table.enter(key, owner, tab)
        except RoomFull:
            raise web.HTTPServiceUnavailable(text=_("The room is full.")) from None
        self.tabs.add(tab)
        why: str | None = None  # the page the browser is sent to, if any
        try:
            await websocket.prepare(request)
            if await table.take_turn(seat, tab):
                why = await self._app(request, table, seat, tab, command)
            else:
                why = "another-tab"
        except (ConnectionError, OSError) as exc:
            log.warning(_("%s: the connection ended (%s)"), self._name(owner), exc.strerror or exc)
        except asyncio.CancelledError:
            pass  # the server is stopping: the seat is given back below all the same
        finally:
            self.tabs.discard(tab)
            await table.leave(seat, tab)  # the app has exited: the seat is free before the goodbye
            await self._goodbye(seat, tab, why)
        return websocket

    async def _app(
        self, request: web.Request, table: SeatTable, seat: Seat, tab: Tab, command: list[str]
    ) -> str | None:
        """Start the seat's app for ``tab`` and relay until one side ends. Returns once the app
        has exited: why, when the browser is to be told (see pages.ENDED)."""
        websocket = tab.websocket
        service = SeatService(
            command,
            owner=seat.owner,
            write_bytes=tab.output(websocket.send_bytes),
            write_str=tab.text_output(websocket.send_str),
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.services.add(service)
        try:
            if self.closing:  # its turn came as the server stops: no app is started now
                return None
            try:
                await service.start(*terminal_size(request.query.get("width"), request.query.get("height")))
            except OSError as exc:  # no memory, no process or file left for it
                log.warning(
                    _("%s: the app could not start (%s)"), self._name(seat.owner), exc.strerror or exc
                )
                return "stopped"
            why = await self._attend(tab, service)
            crashed = why == "ended" and service.crashed  # before the server's own stop below
            await table.stopping(seat)
            await service.stop_or_kill()
            if crashed:
                words = service.last_words()
                log.warning(
                    _("%s: the app ended unexpectedly (%s%s); the browser was told, the seat is free"),
                    self._name(seat.owner),
                    service.how_it_ended(),
                    "; " + _("its last words: {words}").format(words=words) if words else "",
                )
                return "stopped"
            return why if why in ("idle", "another-tab") else None
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(service.stop_or_kill())
            self.services.discard(service)
            await table.stopped(seat)

    async def _attend(self, tab: Tab, service: SeatService) -> str:
        """Relay until the first of: the browser leaves ("left"), the app ends ("ended"), a newer
        tab takes the seat ("another-tab"), nothing is typed for the idle time ("idle")."""
        watch = {
            asyncio.ensure_future(self._relay(tab, service)): "left",
            asyncio.ensure_future(service.ended.wait()): "ended",
            asyncio.ensure_future(tab.replaced.wait()): "another-tab",
            asyncio.ensure_future(self._until_idle(tab)): "idle",
        }
        try:
            done, _pending = await asyncio.wait(watch, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in watch:
                task.cancel()
            await asyncio.gather(*watch, return_exceptions=True)
        first = next(task for task in watch if task in done)
        return watch[first]

    async def _relay(self, tab: Tab, service: SeatService) -> None:
        """The browser's messages to the app; a malformed one is dropped with one log line."""
        async for message in tab.websocket:
            if message.type == WSMsgType.ERROR:
                log.warning(
                    _("%s: the browser's connection failed (%s)"), self._name(service.owner), message.data
                )
                return
            if message.type != WSMsgType.TEXT:
                continue
            try:
                await obey(tab, service, message.data)
            except Malformed as problem:
                tab.malformed += 1
                if tab.malformed == 1:
                    log.warning(
                        _(
                            "%s: a message from the browser was ignored (%s); the app goes on, and "
                            "further ones from this tab are ignored without a word"
                        ),
                        self._name(service.owner),
                        problem,
                    )

    async def _until_idle(self, tab: Tab) -> None:
        """Returns once nothing was typed or clicked for the idle timeout."""
        step = max(min(self.idle_timeout / 4, 30.0), 0.2)
        while time.monotonic() - tab.active < self.idle_timeout:
            await asyncio.sleep(step)

    async def _goodbye(self, seat: Seat, tab: Tab, why: str | None) -> None:
        """Close the tab; first send its browser to the page that says why, if it is to be told."""
        websocket = tab.websocket
        if why is not None and websocket.prepared and not websocket.closed:
            where = "board" if seat.owner == "facilitator" else "join"
            code = self.workshop.facilitator_code if where == "board" else self.workshop.join_code
            with contextlib.suppress(Exception):
                await websocket.send_json(
                    ["open_url", {"url": f"/{where}/{code}/ended/{why}", "new_tab": False}]
                )
        with contextlib.suppress(Exception):
            await asyncio.wait_for(websocket.close(message=(why or "closed").encode()), 2)

    def _name(self, owner: str) -> str:
        """How the log names an app's owner: the participant's name if given, and their id."""
        if owner == "facilitator":
            return _("the facilitator's board")
        name = " ".join(self.workshop.participant_name(owner).split())[:60]
        if name:
            return _("participant {name} ({id})").format(name=repr(name), id=owner)
        return _("participant {id}").format(id=owner)

    # --- downloads ------------------------------------------------------------------------------

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            download = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text=_("This download has expired.")) from None
        owner = getattr(download.app_service, "owner", None)
        allowed = (owner == "facilitator" and self._is_facilitator(request)) or (
            owner is not None and owner == self._participant(request)
        )
        if not allowed:
            raise forbidden(_("This download belongs to another browser."))
        try:
            _key, data = await self.download_manager.fetch(key)
        except KeyError:
            raise web.HTTPNotFound(text=_("This download has expired.")) from None
        except DownloadFailed as failure:
            log.warning(_("%s: a download failed (%s)"), self._name(str(owner)), failure)
            return pages.download_failed(str(failure))
        content_type = download.mime_type or "application/octet-stream"
        if download.encoding:
            content_type += f"; charset={download.encoding}"
        disposition = "inline" if download.open_method == "browser" else "attachment"
        name = "".join(c for c in download.file_name if c.isalnum() or c in "._- ")[:120] or "download"
        # the whole file is in hand: its length goes in the header, so a cut shows as a failure
        return web.Response(
            body=data,
            headers={
                "Content-Type": content_type,
                "Content-Disposition": f'{disposition}; filename="{name}"',
            },
        )
