"""The room's seats and downloads in-process, without a server: the state machine that keeps
the head count a count of app processes, and downloads that are sent whole or not at all."""

import asyncio

import pytest

from assistant.workshop.apps import DownloadFailed, WholeDownloads
from assistant.workshop.folder import WorkshopFolder
from assistant.workshop.limits import ConnectionLimits
from assistant.workshop.seats import RoomFull, SeatTable, State, Tab


def tab() -> Tab:
    return Tab(websocket=None)  # type: ignore[arg-type]


def test_three_tabs_at_once_one_app_and_the_seat_frees():
    async def scenario():
        table = SeatTable(capacity=1)
        tabs = [tab(), tab(), tab()]
        seats = [await table.enter("p", "p", t) for t in tabs]  # before any socket is open
        assert len({id(s) for s in seats}) == 1 and len(table) == 1
        turns = await asyncio.gather(*(table.take_turn(seats[0], t) for t in tabs))
        assert turns == [False, False, True]  # only the newest tab starts an app
        assert tabs[0].replaced.is_set() and tabs[1].replaced.is_set() and not tabs[2].replaced.is_set()
        for t in tabs[:2]:
            await table.leave(seats[0], t)
        assert len(table) == 1 and seats[0].state is State.RUNNING
        with pytest.raises(RoomFull):
            await table.enter("q", "q", tab())
        await table.stopping(seats[0])
        await table.stopped(seats[0])
        await table.leave(seats[0], tabs[2])
        assert len(table) == 0 and seats[0].state is State.FREE
        await table.enter("q", "q", tab())  # the room has a place again

    asyncio.run(scenario())


def test_a_new_tab_waits_for_the_earlier_app_to_exit():
    """The seat is not given to a new app while the earlier one is stopping: one app per home,
    and the cap counts processes."""

    async def scenario():
        table = SeatTable(capacity=3)
        first = tab()
        seat = await table.enter("p", "p", first)
        assert await table.take_turn(seat, first)
        second = tab()
        await table.enter("p", "p", second)
        assert first.replaced.is_set()
        waiting = asyncio.create_task(table.take_turn(seat, second))
        await asyncio.sleep(0.05)
        assert not waiting.done()  # the first app has not exited yet
        await table.stopping(seat)
        await asyncio.sleep(0.05)
        assert not waiting.done() and table.running() == 1
        await table.stopped(seat)
        await table.leave(seat, first)
        assert await asyncio.wait_for(waiting, 1)
        assert len(table) == 1 and table.running() == 1

    asyncio.run(scenario())


def test_a_tab_that_never_opened_still_gives_its_seat_back():
    async def scenario():
        table = SeatTable(capacity=1)
        t = tab()
        seat = await table.enter("p", "p", t)
        await table.leave(seat, t)  # its socket failed before the app started
        assert len(table) == 0
        assert table.has_room_for("someone else")

    asyncio.run(scenario())


class _App:
    """An app at the other end of a download: it answers chunk requests from a script."""

    app_service_id = "app"

    def __init__(self, chunks: list[bytes | str | None]) -> None:
        self.chunks = chunks
        self.manager: WholeDownloads | None = None

    async def send_meta(self, data: dict) -> bool:
        if not self.chunks:
            return True  # asked, never answers: a stalled app (a full disk)
        chunk = self.chunks.pop(0)
        if chunk == "gone":
            return False
        assert self.manager is not None
        await self.manager.chunk_received(data["key"], chunk)  # type: ignore[arg-type]
        return True


async def _fetch(chunks: list) -> bytes:
    manager = WholeDownloads(chunk_timeout=0.2)
    app = _App(chunks)
    app.manager = manager
    await manager.create_download(
        app_service=app,  # type: ignore[arg-type]
        delivery_key="k",
        file_name="x.json",
        open_method="download",
        mime_type="application/json",
    )
    try:
        return (await manager.fetch("k"))[1]
    finally:
        assert "k" not in manager._active_downloads  # never left behind, whole or not


@pytest.mark.parametrize(
    "chunks, failure",
    [
        ([b"{", b'"a"'], "sent nothing"),  # the app stalls half way (a full disk)
        ([b"{", "gone"], "has stopped"),  # the app's input is closed
        ([b"{", None], "stopped while sending"),  # the seat stops it mid-download
    ],
)
def test_a_download_is_whole_or_an_error(chunks, failure):
    with pytest.raises(DownloadFailed, match=failure):
        asyncio.run(_fetch(chunks))


def test_a_whole_download():
    assert asyncio.run(_fetch([b"{", b'"a": 1}', b""])) == b'{"a": 1}'


def test_connection_limits_stay_below_the_file_limit():
    limits = ConnectionLimits.for_files(256, seats=6)
    assert limits.total + limits.lingering_max + limits.backlog + 64 + 5 * 6 <= 256
    assert limits.per_address <= limits.total
    roomy = ConnectionLimits.for_files(1 << 20, seats=44)
    assert roomy.total == 4096 and roomy.per_address >= 6 * 44  # a room behind one NAT fits
    assert all(limits.admit("a") for _ in range(limits.per_address))
    assert not limits.admit("a") and limits.admit("b")
    limits.release("a")
    assert limits.admit("a")


def test_a_participant_id_never_reads_as_an_option():
    """token_urlsafe starts with "-" once in 64: `--id -abc…` made that participant's app fail
    at every start (argparse reads it as an option), a seat that could never be used."""
    from assistant.workshop.access import new_participant_id
    from assistant.workshop.folder import PARTICIPANT_ID

    ids = [new_participant_id() for _ in range(3000)]
    assert not any(i.startswith("-") for i in ids)
    assert all(PARTICIPANT_ID.fullmatch(i) for i in ids) and len(set(ids)) == len(ids)


def test_a_stalled_download_is_an_error_page_not_a_short_file(tmp_path):
    """The browser of an app that stalls half way through a file (a full disk) gets a 503 page
    that says so; a whole file comes with its length."""
    from aiohttp.test_utils import TestClient, TestServer

    from assistant.workshop.address import Listening
    from assistant.workshop.folder import WorkshopFolder
    from assistant.workshop.server import WorkshopServer

    server = WorkshopServer(
        WorkshopFolder.open(tmp_path, "room"),
        Listening(host="127.0.0.1", port=1, public_url="http://127.0.0.1:1"),
        participant_command=lambda p, h: ["true"],
        board_command=["true"],
    )
    server.download_manager = WholeDownloads(chunk_timeout=0.2)

    async def offer(key: str, chunks: list) -> None:
        app = _App(chunks)
        app.owner = "facilitator"  # type: ignore[attr-defined]
        app.manager = server.download_manager
        await server.download_manager.create_download(
            app_service=app,  # type: ignore[arg-type]
            delivery_key=key,
            file_name="summary.html",
            open_method="download",
            mime_type="text/html",
        )

    async def scenario():
        async with TestClient(TestServer(await server._make_app())) as client:
            cookies = {server.facilitator_cookie: server._sign("facilitator")}
            await offer("stalled", [b"PARTIAL-"])
            response = await client.get("/download/stalled", cookies=cookies)
            text = await response.text()
            assert response.status == 503 and "could not be sent whole" in text and "PARTIAL" not in text
            await offer("whole", [b"<h1>", b"x</h1>", b""])
            response = await client.get("/download/whole", cookies=cookies)
            assert response.status == 200 and await response.read() == b"<h1>x</h1>"
            assert response.headers["Content-Length"] == "10"
            assert 'filename="summary.html"' in response.headers["Content-Disposition"]

    asyncio.run(scenario())


def test_a_workshop_reopens_with_its_codes_and_new_codes_keep_the_secret(tmp_path):
    """The links handed out stay valid when the room is opened again; --new-codes changes both
    links and keeps the key that signs the participants' cookies (their sessions stay theirs)."""
    first = WorkshopFolder.open(tmp_path, "room")
    again = WorkshopFolder.open(tmp_path, "room")
    assert (again.join_code, again.facilitator_code, again.secret) == (
        first.join_code,
        first.facilitator_code,
        first.secret,
    )
    fresh = WorkshopFolder.open(tmp_path, "room", new_codes=True)
    assert fresh.join_code != first.join_code and fresh.facilitator_code != first.facilitator_code
    assert fresh.secret == first.secret
    assert len(first.join_code) >= 22 and first.join_code != first.facilitator_code  # 128 bits each
    assert WorkshopFolder.open(tmp_path, "room").join_code == fresh.join_code
