"""`serve`: a workshop on a real server on loopback, driven as browsers drive it.

Every refusal is checked to start no app process; participants are told apart by their own
cookies; exports reach the browser as downloads and nothing is written outside the workshop.
"""

import asyncio
import json
import os
import socket
import sys
import time
from pathlib import Path

import pytest
from yarl import URL

from .served import Browser, admitted

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc, uses a POSIX shell"
)


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on a TCP port, from /proc/net/tcp (IPv4)."""
    out = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if int(p, 16) == port and state == "0A":
            out.add(socket.inet_ntoa(bytes.fromhex(addr)[::-1]))
    return out


def run(coro):
    return asyncio.run(coro)


async def new_consultation(b: Browser, crisis: str) -> None:
    await b.wait_for("New consultation")
    await b.type("n")
    await b.wait_for("Crisis or country")
    await b.type(f"{crisis}\r")
    await b.settle()  # the officer's field has the focus
    await b.type("\r")
    await b.settle()  # the date's
    n = len(b.raw)
    await b.type("\r")
    await b.wait_for("UN presence", since=n)


def test_no_code_no_origin_no_cookie_no_process(serve):
    w = serve()
    port = int(w.join_url.split(":")[2].split("/")[0])
    assert listening_addresses(port) == {"127.0.0.1"}  # loopback unless told otherwise
    base = w.join_url.split("/join/")[0]
    code = w.join_url.rsplit("/", 1)[1]

    async def scenario():
        statuses = {}
        for name, url in [
            ("root", base + "/"),
            ("old ws", base + "/ws"),
            ("wrong code", base + "/join/" + "x" * 22),
            ("board with the join code", base + "/board/" + code),
        ]:
            b = Browser(url)
            statuses[name] = (await b.open_page())[0]
            await b.close()
        # the WebSocket: wrong code; right code from a foreign page; right code without the page's cookie
        wrong = Browser(base + "/join/" + "x" * 22)
        statuses["ws wrong code"] = await wrong.connect()
        await wrong.close()
        foreign = Browser(w.join_url, origin="http://evil.example")
        await foreign.open_page()
        statuses["ws foreign origin"] = await foreign.connect()
        await foreign.close()
        no_origin = Browser(w.join_url, origin="")
        await no_origin.open_page()
        statuses["ws no origin"] = await no_origin.connect()
        await no_origin.close()
        no_cookie = Browser(w.join_url)
        statuses["ws without the page's cookie"] = await no_cookie.connect()
        await no_cookie.close()
        board = Browser(w.board_url, origin="http://evil.example")
        await board.open_page()
        statuses["board from a foreign origin"] = await board.connect()
        await board.close()
        return statuses

    statuses = run(scenario())
    assert statuses == {
        "root": 403,
        "old ws": 403,
        "wrong code": 403,
        "board with the join code": 403,
        "ws wrong code": 403,
        "ws foreign origin": 403,
        "ws no origin": 403,
        "ws without the page's cookie": 403,
        "board from a foreign origin": 403,
    }
    assert w.app_processes() == []
    assert not any((w.home / "workshops" / "room" / "participants").iterdir())  # no home was made either


@pytest.mark.slow
def test_two_participants_never_see_each_others_sessions(serve):
    w = serve()

    async def scenario():
        a, b = Browser(w.join_url), Browser(w.join_url)
        for x in (a, b):
            assert (await x.open_page())[0] == 200
        assert await a.connect() == 101
        await new_consultation(a, "Alpha-crisis")
        assert await b.connect() == 101
        await b.wait_for("New consultation")
        assert "Alpha-crisis" not in b.text
        await new_consultation(b, "Bravo-crisis")
        await a.close()
        await b.close()
        # each comes back to a start screen listing their own session, and not the other's
        again_a, again_b = Browser(w.join_url), Browser(w.join_url)
        again_a.http.cookie_jar.update_cookies(a.http.cookie_jar.filter_cookies(URL(w.join_url)))
        again_b.http.cookie_jar.update_cookies(b.http.cookie_jar.filter_cookies(URL(w.join_url)))
        for x in (again_a, again_b):
            assert await x.connect() == 101
        await again_a.wait_for("Alpha-crisis")
        await again_b.wait_for("Bravo-crisis")
        await asyncio.sleep(0.5)
        assert "Bravo-crisis" not in again_a.text and "Alpha-crisis" not in again_b.text
        await again_a.close()
        await again_b.close()

    run(scenario())
    homes = sorted((w.home / "workshops" / "room" / "participants").iterdir())
    assert len(homes) == 2
    crises = sorted(
        json.loads(next((h / "sessions").glob("*.json")).read_text())["details"]["crisis"] for h in homes
    )
    assert crises == ["Alpha-crisis", "Bravo-crisis"]


# The cap with real app processes; its seats are tested in-process (test_serve_seats.py) every run.
@pytest.mark.slow
def test_the_participant_limit_holds(serve):
    w = serve("--max-participants", "1")

    async def scenario():
        a, b = Browser(w.join_url), Browser(w.join_url)
        await a.open_page()
        assert await a.connect() == 101
        await a.wait_for("New consultation")
        status, page = await b.open_page()
        assert status == 503 and "The room is full" in page and "1 participant" in page
        assert await b.connect() == 403  # no cookie was given to a browser the room had no place for
        assert len(w.app_processes()) == 1
        # a second tab of the same participant takes the place of the first, not another one
        tab = Browser(w.join_url)
        tab.http.cookie_jar.update_cookies(a.http.cookie_jar.filter_cookies(URL(w.join_url)))
        assert await tab.connect() == 101
        await tab.wait_for("New consultation")
        await a.wait_until(lambda: a.closed, 10)
        await asyncio.sleep(1)
        assert len(w.app_processes()) == 1
        await tab.close()
        await a.close()
        await b.wait_until(lambda: not w.app_processes(), 15)
        await admitted(b, 10)
        assert await b.connect() == 101
        await b.wait_for("New consultation")
        await b.close()

    run(scenario())


def test_the_idle_clock_starts_again_when_the_app_first_draws():
    """A participant whose app was slow to start still has the whole idle time to begin."""
    from assistant.workshop.seats import Tab

    sent: list[bytes] = []

    async def send(data: bytes) -> None:
        sent.append(data)

    seat = Tab(websocket=None)  # type: ignore[arg-type]
    seat.active -= 100  # connected long ago; the app took its time
    write = seat.output(send)
    asyncio.run(write(b"first frame"))
    assert time_since(seat.active) < 5
    seat.active -= 100
    asyncio.run(write(b"more output"))  # output after the first frame is not the participant's doing
    assert time_since(seat.active) >= 100
    assert sent == [b"first frame", b"more output"]


def time_since(moment: float) -> float:
    return time.monotonic() - moment


@pytest.mark.slow
def test_an_idle_app_closes_and_frees_its_place(serve):
    w = serve("--idle-timeout", "0.1")  # six seconds: time for the app to start on a busy machine

    async def scenario():
        a = Browser(w.join_url)
        await a.open_page()
        await a.connect()
        await a.wait_for("New consultation")
        assert len(w.app_processes()) == 1
        await a.wait_until(lambda: a.closed, 15)
        await a.wait_until(lambda: not w.app_processes(), 15)
        await a.close()

    run(scenario())


def test_export_is_a_download_and_nothing_is_written_outside_the_workshop(serve, tmp_path):
    cwd, user = tmp_path / "cwd", tmp_path / "user"
    cwd.mkdir()
    user.mkdir()
    env = {**os.environ, "HOME": str(user), "XDG_DOWNLOAD_DIR": str(user / "Downloads")}
    env.pop("INTEGRATION_ASSISTANT_HOME", None)
    w = serve(cwd=cwd, env=env)

    async def scenario():
        a, other = Browser(w.join_url), Browser(w.join_url)
        await a.open_page()
        await other.open_page()
        await a.connect()
        await new_consultation(a, "Delta-crisis")
        await a.type("multidimensional\r", pause=0.5)
        n = len(a.raw)
        await a.type("export json\r")
        await a.wait_for("Download the transcript", since=n)
        assert "Save as" not in a.text[n:]  # no path on the server to type
        await a.type("\r")
        await a.wait_until(lambda: any(m[0] == "deliver_file_start" for m in a.messages), 15)
        key = next(m[1] for m in a.messages if m[0] == "deliver_file_start")
        assert (await other.download(key))[0] == 403  # not another participant's to fetch
        status, data = await a.download(key)
        assert status == 200
        doc = json.loads(data)
        assert doc["details"]["crisis"] == "Delta-crisis"
        assert doc["answers"][0]["question"] == "un_presence"
        await a.wait_for("downloading")
        await a.close()
        await other.close()

    run(scenario())
    assert list(cwd.iterdir()) == [] and list(user.iterdir()) == []
    written = [p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(p.parts[:3] == ("home", "workshops", "room") for p in written), written
    copies = list((tmp_path / "home" / "workshops" / "room").glob("participants/*/exports/*.json"))
    assert len(copies) == 1 and json.loads(copies[0].read_text())["details"]["crisis"] == "Delta-crisis"


# Two more servers started for two start-up lines: with the long tests.
@pytest.mark.slow
def test_public_url_and_all_addresses(serve):
    w = serve("--public-url", "https://workshop.example.org")
    assert w.join_url.startswith("https://workshop.example.org/join/")
    local = w.join_url.replace("https://workshop.example.org", "http://127.0.0.1:" + w.args[3])

    async def scenario():
        page = Browser(local)
        status, html = await page.open_page()
        assert status == 200 and 'data-session-websocket-url="wss://workshop.example.org/join/' in html
        assert await page.connect() == 403  # the page's origin is not the public one
        cookies = list(page.http.cookie_jar)
        assert cookies and all(
            c["secure"] and c["httponly"] for c in cookies
        )  # the page is served over https
        page.origin = "https://workshop.example.org"
        cookie = "; ".join(f"{c.key}={c.value}" for c in cookies)
        assert await page.connect(cookie=cookie) == 101  # as the browser behind the proxy sends it
        await page.wait_for("New consultation")
        await page.close()

    run(scenario())
    everywhere = serve("--host", "0.0.0.0")
    out = "".join(everywhere.output)
    assert "0.0.0.0" not in everywhere.join_url
    assert "addresses" in out or "no address but loopback" in out


def test_a_port_in_use_or_a_bad_host_is_one_line(cli, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for args, culprit in [
            (["--port", str(port)], str(port)),
            (["--host", "no-such-host.invalid"], "no-such-host"),
            (["--port", "70000"], "70000"),
            (["--host", "203.0.113.7"], "203.0.113.7"),
            (["--public-url", "ftp://x"], "ftp://x"),
            (["--max-participants", "0"], "0"),
        ]:
            p = cli(tmp_path, "--home", tmp_path, "serve", *args, timeout=60)
            assert p.returncode == 2, (args, p.stderr)
            assert p.stderr.count("\n") == 1 and culprit in p.stderr and "Traceback" not in p.stderr, p.stderr


# Three servers started one after the other: with the long tests.
@pytest.mark.slow
def test_the_workshop_reopens_with_its_codes(serve, tmp_path):
    first = serve()
    join = first.join_url.rsplit("/", 1)[1]
    first.stop()
    again = serve()
    assert again.join_url.rsplit("/", 1)[1] == join
    fresh = serve("--new-codes")
    assert fresh.join_url.rsplit("/", 1)[1] != join
    assert len(join) >= 22  # 128 bits from the secrets module


def test_the_facilitators_link_opens_the_board_and_its_export_downloads(serve, tmp_path):
    w = serve()

    async def scenario():
        participant = Browser(w.join_url)
        await participant.open_page()
        sneaky = Browser(w.board_url)  # the board's address, with a participant's cookie only
        sneaky.http.cookie_jar.update_cookies(participant.http.cookie_jar.filter_cookies(URL(w.join_url)))
        assert await sneaky.connect() == 403
        await sneaky.close()
        board = Browser(w.board_url)
        assert (await board.open_page())[0] == 200
        assert await board.connect() == 101
        await board.wait_for("debriefs handed in")
        await board.type("e")
        await board.wait_until(lambda: any(m[0] == "deliver_file_start" for m in board.messages), 20)
        key = next(m[1] for m in board.messages if m[0] == "deliver_file_start")
        assert (await participant.download(key))[0] == 403
        status, page = await board.download(key)
        assert status == 200 and b"<h1>Workshop summary</h1>" in page
        await board.close()
        await participant.close()

    run(scenario())
    assert len(list((w.home / "workshops" / "room" / "exports").glob("workshop-summary-*.html"))) == 1


def test_a_browser_number_that_is_not_one_falls_back():
    """A size the browser sends as Infinity or NaN (JSON to Python) is not a size: the default."""
    from assistant.workshop.messages import number as _int

    assert _int(float("inf"), 80) == 80
    assert _int(float("nan"), 80) == 80
    assert _int("1e999", 80) == 80
    assert _int(120, 80) == 120 and _int("24", 80) == 24
