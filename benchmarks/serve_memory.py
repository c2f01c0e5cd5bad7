"""Memory per participant of a served workshop, and the time from the join link to the first screen.

Starts `integration-assistant serve` on loopback and joins it as browsers do (the page, its
cookie, the WebSocket; tests/served.py). Each participant gets one app process; this reads its
resident set size (RSS, from /proc through psutil) at the first screen and after a whole case:
a training case answered, predicted, debriefed (handed in to the workshop) and downloaded.
The time to the first screen is from requesting the join link to the start screen's first
option arriving on the socket. Goals: <= 100 MB RSS per participant after a whole case.

    uv run python benchmarks/serve_memory.py [PARTICIPANTS]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.served import Browser, Workshop  # noqa: E402

CASE = "liberia-unmil-2008"


def app_of(workshop: Workshop, known: set[int]) -> psutil.Process:
    """The app process started last (not one already measured)."""
    for _ in range(100):
        fresh = [p for p in workshop.app_processes() if p.pid not in known]
        if fresh:
            return fresh[0]
        time.sleep(0.05)
    raise RuntimeError("no app process appeared")


async def participant(w: Workshop, n: int, key: list[str], known: set[int]) -> dict:
    b = Browser(w.join_url)
    start = time.perf_counter()
    await b.open_page()
    await b.connect()
    await b.wait_for("New consultation", timeout=60)
    first_screen = time.perf_counter() - start
    app = app_of(w, known)
    known.add(app.pid)
    at_start = app.memory_info().rss
    await b.type("t")
    await b.wait_for("Your name")
    await b.type(f"Participant {n}\r")
    await b.wait_for("pick a case")
    # the case list is in the knowledge's order: walk down to the case measured
    from assistant.knowledge.loader import shipped_knowledge

    position = [c.id for c in shipped_knowledge().cases].index(CASE)
    await b.type("\x1b[B" * position, pause=0.3)
    mark = len(b.raw)
    await b.type("\r")
    await b.wait_for("Begin answering", since=mark)
    mark = len(b.raw)
    await b.type("\r")
    await b.wait_for("Training case", since=mark)
    for line in key:
        await b.type(line + "\r", pause=0.25)
    mark = len(b.raw)
    await b.type("\x1b[20~")  # F9: predict
    await b.wait_for("Your prediction", since=mark)
    mark = len(b.raw)
    await b.type(" \t\t\r", pause=0.2)
    await b.wait_for("reached the facilitator", since=mark, timeout=60)
    mark = len(b.raw)
    await b.type("\x1b[21~")  # F10: export
    await b.wait_for("Download the debrief", since=mark)
    await b.type("\r")
    await b.wait_until(lambda: any(m[0] == "deliver_file_start" for m in b.messages), 30)
    key_ = next(m[1] for m in b.messages if m[0] == "deliver_file_start")
    status, _ = await b.download(key_)
    assert status == 200, status
    await asyncio.sleep(1.0)
    memory = app.memory_info()
    peak = _peak(app.pid)
    await b.close()
    return {
        "first_screen_s": first_screen,
        "rss_start_mb": at_start / 2**20,
        "rss_after_case_mb": memory.rss / 2**20,
        "peak_rss_mb": peak,
    }


def _peak(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str]) -> int:
    from assistant.knowledge.loader import shipped_knowledge
    from assistant.training.debrief import key_answers

    count = int(argv[0]) if argv else 3
    key = [f"set {q} {v[0]}" for q, v in key_answers(shipped_knowledge().case(CASE)).items()]
    with tempfile.TemporaryDirectory() as tmp:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        w = Workshop(Path(tmp) / "home", "--workshop", "bench", "--port", str(port)).start()
        try:

            async def run() -> list[dict]:
                known: set[int] = set()
                return [await participant(w, n, key, known) for n in range(1, count + 1)]

            rows = asyncio.run(run())
            handed_in = len(list((Path(tmp) / "home" / "workshops" / "bench" / "debriefs").glob("*.json")))
        finally:
            w.stop()
    figures = {
        "participants": count,
        "case": CASE,
        "first_screen_s": {
            "median": round(statistics.median(r["first_screen_s"] for r in rows), 2),
            "max": round(max(r["first_screen_s"] for r in rows), 2),
        },
        "rss_at_first_screen_mb": round(statistics.median(r["rss_start_mb"] for r in rows), 1),
        "rss_after_whole_case_mb": {
            "median": round(statistics.median(r["rss_after_case_mb"] for r in rows), 1),
            "max": round(max(r["rss_after_case_mb"] for r in rows), 1),
        },
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in rows), 1),
        "goal_mb": 100,
        "debriefs_handed_in": handed_in,
    }
    out = ROOT / "benchmarks" / "results" / "serve_memory.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"{count} participants, each through a whole training case ({CASE}) in a served workshop:")
    print(
        f"  join link to first screen: median {figures['first_screen_s']['median']} s, "
        f"max {figures['first_screen_s']['max']} s"
    )
    print(
        f"  RSS per participant: {figures['rss_at_first_screen_mb']} MB at the first screen, "
        f"{figures['rss_after_whole_case_mb']['median']} MB after the case (max "
        f"{figures['rss_after_whole_case_mb']['max']}, peak {figures['peak_rss_mb']}; goal <= 100 MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
