"""A served room under abuse (issue 21), on loopback only, bounded in count and time.

Starts the workshop server (the one `integration-assistant serve` runs, with the real
participant app) in a child process, with a read-only figures route added for this benchmark
only, and drives it through five rounds:

1. 40 participants x 3 tabs joining at once (the ghost-seat race);
2. every tab closed: how long until every seat is free (recovery), ghost seats left;
3. 30 rapid reconnects of one participant (the process cap);
4. 1,000 slow connections (one header line every 2 s, from ten loopback addresses) while
   20 participants join: the join latency (join page, then the WebSocket's 101) p50/p95;
5. one app killed: how long until its browser is told and its seat is free.

All along, a thread samples the app processes (children of the server) and the memory (RSS) of
the server and its apps. Figures go to benchmarks/results/serve_soak.json.

    uv run python benchmarks/serve_soak.py [PARTICIPANTS]
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yarl import URL  # noqa: E402

from tests.served import Browser, Slow  # noqa: E402

SLOW = 1000
RECONNECTS = 30
FLOOD_JOINS = 20
DEADLINE = 600.0  # seconds for the whole run: a hung round fails the benchmark, not the machine


# --- the server (child process) -----------------------------------------------------------------


def serve(home: str, port: int, cap: int) -> None:
    """The workshop server as `serve` builds it, plus GET /soak-figures (this benchmark's only)."""
    from aiohttp import web

    from assistant.home import CACHE_ENV
    from assistant.workshop.address import listening
    from assistant.workshop.folder import WorkshopFolder
    from assistant.workshop.server import WorkshopServer

    class Measured(WorkshopServer):
        @web.middleware
        async def _headers(self, request, handler):  # type: ignore[no-untyped-def]
            if request.path == "/soak-figures":
                return web.json_response(
                    {
                        "seats": len(self.participants),
                        "running": self.participants.running(),
                        "services": len(self.services),
                        "connections": self.limits.count,
                        "refused": self.limits.refused,
                    }
                )
            return await super()._headers(request, handler)

    workshop = WorkshopFolder.open(Path(home), "soak")
    os.environ[CACHE_ENV] = str(workshop.path / "cache")
    base = [sys.executable, "-m", "assistant"]
    folder = str(workshop.path)
    server = Measured(
        workshop,
        listening("127.0.0.1", port, None),
        participant_command=lambda p, h: [*base, "--home", h, "workshop", "participant", folder, "--id", p],
        board_command=[*base, "--home", home, "workshop", "board", folder],
        max_participants=cap,
    )
    server.banner = f"join {server.join_url}"
    server.serve()


# --- the browsers (this process) ----------------------------------------------------------------


class Sampler:
    """App processes and memory, every 100 ms, in a thread."""

    def __init__(self, pid: int) -> None:
        self.server = psutil.Process(pid)
        self.most_apps = 0
        self.most_rss = 0
        self.most_server_rss = 0
        self.apps_now = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.1):
            try:
                apps = self.server.children(recursive=True)
                rss = self.server.memory_info().rss
            except psutil.Error:
                continue
            total = rss
            for p in apps:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.apps_now = len(apps)
            self.most_apps = max(self.most_apps, len(apps))
            self.most_rss = max(self.most_rss, total)
            self.most_server_rss = max(self.most_server_rss, rss)


async def figures(base: str) -> dict:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/soak-figures") as r:
        return await r.json()


async def until(check, timeout: float, step: float = 0.1) -> float:
    """Seconds until ``await check()`` is true (TimeoutError after ``timeout``)."""
    start = time.monotonic()
    while not await check():
        if time.monotonic() - start > timeout:
            raise TimeoutError
        await asyncio.sleep(step)
    return time.monotonic() - start


def tab_of(join_url: str, b: Browser) -> Browser:
    tab = Browser(join_url)
    tab.http.cookie_jar.update_cookies(b.http.cookie_jar.filter_cookies(URL(join_url)))
    return tab


async def timed_join(tab: Browser) -> tuple[int, float]:
    start = time.perf_counter()
    status = await tab.connect()
    return status, time.perf_counter() - start


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3) if ordered else 0.0


async def race(join_url: str, base: str, n: int, sampler: Sampler) -> dict:
    """Round 1 and 2: n participants x 3 tabs at once, then all closed."""
    people = [Browser(join_url) for _ in range(n)]
    await asyncio.gather(*(b.open_page() for b in people))
    tabs = [tab_of(join_url, b) for b in people for _ in range(3)]
    joins = await asyncio.gather(*(timed_join(t) for t in tabs))
    statuses = [s for s, _ in joins]
    start = time.monotonic()
    kept = [t for t in tabs if t.ws is not None]

    async def all_drawn() -> bool:
        open_tabs = [t for t in kept if not t.closed]
        return len(open_tabs) == n and all("New consultation" in t.text for t in open_tabs)

    first_screens = await until(all_drawn, 300, 0.5)
    during = await figures(base)
    apps_running = sampler.apps_now
    for t in tabs:
        await t.close()
    for b in people:
        await b.close()

    async def all_free() -> bool:
        return (await figures(base))["seats"] == 0 and sampler.apps_now == 0

    recovery = await until(all_free, 120)
    return {
        "participants": n,
        "tabs": len(tabs),
        "upgrades": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "join_latency_s": {"p50": p([j for _, j in joins], 0.5), "p95": p([j for _, j in joins], 0.95)},
        "all_first_screens_s": round(first_screens, 1),
        "seats_used": during["seats"],
        "apps_running": apps_running,
        "recovery_after_closing_all_s": round(recovery, 2),
        "ghost_seats": (await figures(base))["seats"],
        "took_s": round(time.monotonic() - start, 1),
    }


async def reconnects(join_url: str, base: str, sampler: Sampler) -> dict:
    """Round 3: one participant opens and closes a WebSocket 30 times."""
    sampler.most_apps = 0
    b = Browser(join_url)
    await b.open_page()
    statuses = []
    for _ in range(RECONNECTS):
        t = tab_of(join_url, b)
        statuses.append(await t.connect())
        await t.close()
    await b.close()

    async def free() -> bool:
        return (await figures(base))["seats"] == 0 and sampler.apps_now == 0

    recovery = await until(free, 60)
    return {
        "reconnects": RECONNECTS,
        "upgrades": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "most_apps_at_once": sampler.most_apps,
        "recovery_s": round(recovery, 2),
        "ghost_seats": (await figures(base))["seats"],
    }


async def flood(join_url: str, base: str, port: int) -> dict:
    """Round 4: 1,000 slow connections, and 20 participants joining meanwhile."""
    slow = [Slow(port, f"127.0.2.{n % 10 + 1}") for n in range(SLOW)]
    opened = sum(await asyncio.gather(*(s.open() for s in slow)))
    at_once = await asyncio.gather(*(s.outcome(0.5) for s in slow))  # "busy": turned away at once
    dripping = True

    async def drip() -> None:
        while dripping:
            await asyncio.gather(*(s.drip() for s in slow))
            await asyncio.sleep(2)

    dripper = asyncio.create_task(drip())
    at_peak = await figures(base)
    people = [Browser(join_url) for _ in range(FLOOD_JOINS)]
    latencies, statuses = [], []
    for b in people:  # one after another, as people arrive
        start = time.perf_counter()
        status, _ = await b.open_page()
        upgrade = await b.connect() if status == 200 else status
        latencies.append(time.perf_counter() - start)
        statuses.append(upgrade)
        await asyncio.sleep(0.2)
    held = [s for s, o in zip(slow, at_once, strict=True) if o == "open"]
    later = await asyncio.gather(*(s.outcome(15.0) for s in held))  # "closed": timed out
    outcomes = [o for o in at_once if o != "open"] + later
    dripping = False
    await dripper
    for s in slow:
        s.close()
    joined = [b for b in people if b.ws is not None]

    async def all_drawn() -> bool:
        return all("New consultation" in b.text for b in joined)

    with contextlib.suppress(TimeoutError):
        await until(all_drawn, 60, 0.5)
    drawn = sum("New consultation" in b.text for b in joined)
    for b in people:
        await b.close()

    async def free() -> bool:
        return (await figures(base))["seats"] == 0

    await until(free, 60)
    return {
        "slow_connections": SLOW,
        "opened": opened,
        "server_connections_at_peak": at_peak["connections"],
        "slow_outcomes": {o: outcomes.count(o) for o in sorted(set(outcomes))},
        "joins": FLOOD_JOINS,
        "join_upgrades": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "join_latency_s": {"p50": p(latencies, 0.5), "p95": p(latencies, 0.95), "max": p(latencies, 1.0)},
        "joined_apps_drawn": drawn,
    }


async def killed(join_url: str, base: str, server_pid: int) -> dict:
    """Round 5: one app killed."""
    b = Browser(join_url)
    await b.open_page()
    await b.connect()
    await b.wait_for("New consultation", timeout=120)
    app = max(psutil.Process(server_pid).children(recursive=True), key=lambda c: c.create_time())
    app.send_signal(signal.SIGKILL)
    start = time.monotonic()
    await b.wait_until(lambda: b.closed, 30)
    told = time.monotonic() - start

    async def free() -> bool:
        return (await figures(base))["seats"] == 0

    freed = await until(free, 30, 0.02) + told
    await b.close()
    return {
        "browser_told_s": round(told, 3),
        "told_to": b.messages[-1][1]["url"].rsplit("/", 2)[-2:] if b.messages else None,
        "seat_free_s": round(freed, 3),
    }


async def soak(join_url: str, port: int, server_pid: int, n: int) -> dict:
    base = f"http://127.0.0.1:{port}"
    sampler = Sampler(server_pid)
    try:
        results = {"race": await race(join_url, base, n, sampler)}
        cap_during_race = sampler.most_apps
        results["reconnects"] = await reconnects(join_url, base, sampler)
        results["slow_flood"] = await flood(join_url, base, port)
        results["killed_app"] = await killed(join_url, base, server_pid)
        results["app_processes_most"] = max(cap_during_race, sampler.most_apps)
        results["cap"] = n
        results["rss_most_mb"] = {
            "server": round(sampler.most_server_rss / 2**20, 1),
            "server_and_apps": round(sampler.most_rss / 2**20, 1),
        }
    finally:
        sampler.stop.set()
    return results


def main(argv: list[str]) -> int:
    if argv[:1] == ["--server"]:
        serve(argv[1], int(argv[2]), int(argv[3]))
        return 0
    n = int(argv[0]) if argv else 40
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as home:
        server = subprocess.Popen(
            [sys.executable, __file__, "--server", home, str(port), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            join_url = line.split()[-1]
            started = time.monotonic()
            results = asyncio.run(asyncio.wait_for(soak(join_url, port, server.pid, n), DEADLINE))
            results["took_s"] = round(time.monotonic() - started, 1)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                out, _ = server.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                out, _ = server.communicate()
    results["server_log_lines"] = out.splitlines()[-12:]
    print(json.dumps(results, indent=2))
    (ROOT / "benchmarks" / "results" / "serve_soak.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
