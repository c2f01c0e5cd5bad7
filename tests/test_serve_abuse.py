"""`serve` under abuse (issue 21): a served room on loopback, driven as a probe drove it.

Three tabs at once leave no ghost seat; the participant cap counts app processes; slow clients
are turned away or timed out below a lowered file limit; a killed app tells its browser, frees
its seat at once and is one line on the facilitator's terminal; a malformed message is dropped
while the app goes on; Ctrl+C is one line.
"""

import asyncio
import sys
import threading
import time

import pytest
from yarl import URL

from .served import Browser, Slow, Workshop, admitted

pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="reads /proc, uses loopback addresses beyond 127.0.0.1"
    ),
    pytest.mark.slow,  # dozens of app processes and a thousand slow connections
]


def after_banner(w: Workshop, out: str) -> list[str]:
    """The lines the server printed after its banner (and the banner's closing blank line)."""
    return [line for line in out[len("".join(w.output)) :].splitlines() if line.strip()]


def same_participant(w: Workshop, b: Browser) -> Browser:
    """Another tab of ``b``'s participant (its cookie)."""
    tab = Browser(w.join_url)
    tab.http.cookie_jar.update_cookies(b.http.cookie_jar.filter_cookies(URL(w.join_url)))
    return tab


async def joined(w: Workshop, b: Browser, within: float = 5.0) -> Browser:
    """A new tab of ``b``'s participant, once the room has a seat (an app that has just exited
    gives its seat back a moment later)."""
    end = time.monotonic() + within
    while True:
        tab = same_participant(w, b)
        status = await tab.connect()
        if status == 101:
            return tab
        await tab.close()
        assert status == 503 and time.monotonic() < end, status
        await asyncio.sleep(0.1)


class Counter:
    """The most app processes seen at once, sampled every 50 ms in a thread."""

    def __init__(self, w: Workshop) -> None:
        self.w, self.most, self.done = w, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.05):
            self.most = max(self.most, len(self.w.app_processes()))

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.most


def test_three_tabs_at_once_leave_no_ghost_seat(serve):
    w = serve("--max-participants", "1")

    async def scenario():
        a = Browser(w.join_url)
        assert (await a.open_page())[0] == 200
        for _round in range(3):  # the probe's race, again and again
            tabs = [same_participant(w, a) for _ in range(3)]
            statuses = await asyncio.gather(*(t.connect() for t in tabs))
            assert statuses == [101, 101, 101]
            # one tab keeps the app; the others are sent to a page that says so, and closed
            await a.wait_until(lambda tabs=tabs: sum(t.closed for t in tabs) == 2, 30)
            (kept,) = [t for t in tabs if not t.closed]
            await kept.wait_for("New consultation", timeout=60)
            for t in tabs:
                if t is not kept:
                    assert ["open_url", {"url": t.messages[0][1]["url"], "new_tab": False}] == t.messages[0]
                    assert t.messages[0][1]["url"].endswith("/ended/another-tab")
            assert len(w.app_processes()) == 1
            for t in tabs:
                await t.close()
            await a.wait_until(lambda: not w.app_processes(), 20)
        # the seat is free: someone else gets it, and the first participant comes back after them.
        # It frees once the server has seen the app exit and the tab's handler has finished, a
        # moment after the process is gone (seconds on a loaded machine): a 503 until then.
        b = Browser(w.join_url)
        await admitted(b, 10)
        assert await b.connect() == 101
        await b.wait_for("New consultation", timeout=60)
        await b.close()
        await a.wait_until(lambda: not w.app_processes(), 20)
        again = await joined(w, a)
        await again.wait_for("New consultation", timeout=60)
        page = Browser(w.join_url)
        assert (await page.open_page())[0] == 503  # while it is taken, the room is full
        await page.close()
        await again.close()
        await a.close()
        await b.close()

    asyncio.run(scenario())


def test_the_participant_cap_counts_app_processes(serve):
    """The probe's second finding: one cookie opening and closing a WebSocket 30 times had 29
    apps running under a cap of 3. A seat is free only once its app has exited."""
    w = serve("--max-participants", "3")
    counter = Counter(w)

    async def scenario():
        a = Browser(w.join_url)
        await a.open_page()
        for _ in range(30):
            tab = same_participant(w, a)
            assert await tab.connect() in (101, 503)
            await tab.close()
        others = [Browser(w.join_url) for _ in range(3)]
        for o in others:
            await o.open_page()
        statuses = [await o.connect() for o in others]
        await asyncio.sleep(3)
        await a.wait_until(lambda: len(w.app_processes()) <= 3, 30)
        for o in others:
            await o.close()
        await a.close()
        return statuses

    try:
        statuses = asyncio.run(scenario())
    finally:
        most = counter.stop()
    assert most <= 3, f"{most} app processes at once under a cap of 3"
    # the one participant held one seat at most: at least two of the three others were let in
    assert statuses.count(101) >= 2, statuses


def test_slow_clients_against_a_lowered_file_limit(serve):
    """A flood of slow connections below a file limit of 256: the ones beyond the limits are
    turned away with a 503 page at once, the rest are dropped after the header timeout, the
    server never runs out of files and a participant joins afterwards."""
    w = serve("--max-participants", "2", file_limit=256)

    async def scenario():
        # one address: past its share, turned away; a participant elsewhere still joins
        one = [Slow(w.port, "127.0.0.2") for _ in range(45)]
        assert all(await asyncio.gather(*(s.open() for s in one)))
        first = await asyncio.gather(*(s.outcome(1.0) for s in one))
        assert first.count("busy") >= 5 and first.count("open") >= 30, first
        a = Browser(w.join_url)
        assert (await a.open_page())[0] == 200
        assert await a.connect() == 101
        await a.wait_for("New consultation", timeout=60)
        # many addresses, more connections than files: turned away, none accepted past the limit
        many = [Slow(w.port, f"127.0.1.{n % 20 + 1}") for n in range(300)]
        opened = await asyncio.gather(*(s.open() for s in many))
        for s in one + many:
            await s.drip()
        outcomes = await asyncio.gather(*(s.outcome(16.0) for s in many if s.reader is not None))
        # every one was turned away (a 503 page; reset, when too many are turned away at once to
        # keep each open while it is read) or dropped within the header timeout: none left open
        assert set(outcomes) <= {"busy", "closed"}, outcomes
        assert len(outcomes) == sum(opened) and outcomes.count("busy") >= 15, outcomes
        held = [s for s, o in zip(one, first, strict=True) if o == "open"]
        assert set(await asyncio.gather(*(s.outcome(5.0) for s in held))) == {"closed"}
        for s in one + many:
            s.close()
        # the room works: a new participant joins, the first one's app went on all along
        b = Browser(w.join_url)
        assert (await b.open_page())[0] == 200
        assert await b.connect() == 101
        await b.wait_for("New consultation", timeout=60)
        n = len(a.raw)
        await a.type("n")
        await a.wait_for("Crisis or country", since=n)
        await a.close()
        await b.close()

    asyncio.run(scenario())
    out = w.stop()
    assert "Too many open files" not in out and "Traceback" not in out, out
    assert sum("busy:" in line for line in after_banner(w, out)) <= 3, out


def test_a_killed_app_tells_its_browser_and_frees_the_seat(serve):
    w = serve("--max-participants", "1")

    async def scenario():
        a = Browser(w.join_url)
        await a.open_page()
        assert await a.connect() == 101
        await a.wait_for("New consultation", timeout=60)
        (app,) = w.app_processes()
        app.kill()
        killed = time.monotonic()
        await a.wait_until(lambda: a.closed, 10)
        told = time.monotonic() - killed
        assert a.messages and a.messages[-1][0] == "open_url", a.messages
        url = a.messages[-1][1]["url"]
        assert url.endswith("/ended/stopped") and a.messages[-1][1]["new_tab"] is False
        ended = Browser(w.join_url.split("/join/")[0] + url)
        status, page = await ended.open_page()
        assert status == 200 and "stopped unexpectedly" in page and "Your work is kept" in page
        assert f'href="{URL(w.join_url).path}"' in page and "Join again" in page
        await ended.close()
        # the seat is free at once: someone else gets it without waiting for a timeout
        b = Browser(w.join_url)
        assert (await b.open_page())[0] == 200
        assert await b.connect() == 101
        await b.wait_for("New consultation", timeout=60)
        await b.close()
        await a.close()
        return told, a

    told, a = asyncio.run(scenario())
    assert told < 5, f"the browser was told {told:.1f} s after its app was killed"
    participant = a.http.cookie_jar.filter_cookies(URL(w.join_url))
    pid = next(iter(participant.values())).value.split(".")[0]
    out = w.stop()
    lines = after_banner(w, out)
    crash = [line for line in lines if "ended unexpectedly" in line]
    assert len(crash) == 1 and pid in crash[0] and "SIGKILL" in crash[0], lines
    assert "Killed" not in [line.strip() for line in lines], lines
    assert lines[-1].startswith("integration-assistant serve: the workshop was stopped"), lines
    assert len(lines) == 2, lines  # the crash, the stop: nothing else


def test_malformed_messages_are_dropped_and_the_app_goes_on(serve):
    w = serve()

    async def scenario():
        a = Browser(w.join_url)
        await a.open_page()
        assert await a.connect() == 101
        await a.wait_for("New consultation", timeout=60)
        for raw in [
            '["stdin", "\\ud800"]',  # a lone surrogate: cannot be written as UTF-8
            "not json",
            "{}",
            "[]",
            "[1, 2]",
            '["resize", 5]',
            '["resize", {"width": "Infinity", "height": null}]',
            '["stdin", {"not": "text"}]',
            '["other"]',
            '["stdin", "' + "x" * 300_000 + '"]',  # far more than a paste
        ]:
            await a.ws.send_str(raw)
        await a.ws.send_bytes(b"\x00\xff")  # binary: not textual-serve's protocol
        await asyncio.sleep(0.5)
        assert not a.closed
        n = len(a.raw)
        await a.type("n")
        await a.wait_for("Crisis or country", since=n)
        await a.close()

    asyncio.run(scenario())
    lines = after_banner(w, w.stop())
    ignored = [line for line in lines if "was ignored" in line]
    assert len(ignored) == 1 and "lone surrogate" in ignored[0], lines
    assert len(lines) == 2, lines


def test_ctrl_c_after_a_three_tab_race_is_one_line(serve):
    w = serve("--max-participants", "2")

    async def scenario():
        a = Browser(w.join_url)
        await a.open_page()
        tabs = [same_participant(w, a) for _ in range(3)]
        await asyncio.gather(*(t.connect() for t in tabs))
        await a.wait_until(lambda: len(w.app_processes()) == 1, 30)
        apps = w.app_processes()
        out = await asyncio.to_thread(w.stop)  # Ctrl+C with the browsers still there
        for t in [a, *tabs]:
            await t.close()
        return apps, out

    apps, out = asyncio.run(scenario())
    assert after_banner(w, out) == ["integration-assistant serve: the workshop was stopped (Ctrl+C)."], out
    assert w.proc.returncode == 0
    assert not any(p.is_running() and p.status() != "zombie" for p in apps)
