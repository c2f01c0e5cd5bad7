"""The board's refresh delay: from a debrief handed in to the board showing it, with a room of
40 participants finishing within a few seconds.

The board runs headless (Textual's test driver) on a workshop folder and watches it as it does
when the facilitator runs it. Forty debriefs (several cases, different answers and predictions)
are handed in as participants' apps hand them in (atomically), one every 50 ms, and the time
from each write to the board's count including it is measured. Goal: <= 1 s.

    uv run python benchmarks/board_refresh.py [PARTICIPANTS] [INTERVAL_SECONDS]
"""

from __future__ import annotations

import asyncio
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.knowledge.loader import shipped_knowledge  # noqa: E402
from assistant.training.debrief import Prediction, debrief, key_answers  # noqa: E402
from assistant.transcripts import TranscriptDetails, build_transcript, export  # noqa: E402
from assistant.tui.board_app import WorkshopBoardApp  # noqa: E402
from assistant.workshop.folder import WorkshopFolder  # noqa: E402

CASES = ["liberia-unmil-2008", "burundi-binub-2008", "darfur-unamid-2008", "drc-monuc-2008"]
MODELS = ["two_feet_in", "one_foot_in_one_foot_out", "two_feet_out"]


def debriefs(kb, count: int) -> list[tuple[str, str, bytes]]:
    """(participant, case, JSON) for ``count`` participants, answers and predictions varied."""
    out = []
    for n in range(count):
        case = kb.case(CASES[n % len(CASES)])
        answers = dict(key_answers(case))
        if n % 3 == 1:
            answers["hostility"] = ("high",)
        if n % 5 == 2:
            answers.pop(next(iter(answers)))
        d = debrief(
            kb, case, answers, Prediction(model=MODELS[n % len(MODELS)], flags=["humanitarian_independence"])
        )
        t = build_transcript(kb, training=d, details=TranscriptDetails(officer=f"Participant {n + 1}"))
        out.append((secrets.token_urlsafe(12), case.id, export(t, "json")))
    return out


async def measure(folder: WorkshopFolder, kb, items, interval: float) -> list[float]:
    app = WorkshopBoardApp(folder, kb=kb)
    delays: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)  # the board up and watching
        written: list[float] = []

        def shown() -> int:
            standing = app.board.standing
            return standing.summary.transcripts if standing is not None else 0

        async def hand_in() -> None:
            for participant, case, data in items:
                folder.save_debrief(participant, case, data)
                written.append(time.perf_counter())
                await asyncio.sleep(interval)

        writer = asyncio.create_task(hand_in())
        seen = 0
        end = time.perf_counter() + 60
        while seen < len(items) and time.perf_counter() < end:
            now_shown = shown()
            if now_shown > seen:
                now = time.perf_counter()
                delays.extend(now - written[i] for i in range(seen, min(now_shown, len(written))))
                seen = now_shown
            await asyncio.sleep(0.005)
        await writer
    if seen < len(items):
        raise RuntimeError(f"the board showed {seen} of {len(items)} debriefs")
    return delays


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 40
    interval = float(argv[1]) if len(argv) > 1 else 0.05
    kb = shipped_knowledge()
    items = debriefs(kb, count)
    with tempfile.TemporaryDirectory() as tmp:
        folder = WorkshopFolder.open(tmp, "bench")
        delays = asyncio.run(measure(folder, kb, items, interval))
    figures = {
        "participants": count,
        "interval_between_debriefs_s": interval,
        "refresh_delay_s": {
            "median": round(statistics.median(delays), 3),
            "p90": round(sorted(delays)[int(0.9 * (len(delays) - 1))], 3),
            "max": round(max(delays), 3),
        },
        "goal_s": 1.0,
    }
    out = ROOT / "benchmarks" / "results" / "board_refresh.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")
    d = figures["refresh_delay_s"]
    print(
        f"{count} debriefs handed in, one every {interval * 1000:g} ms: the board showed each after "
        f"median {d['median']} s, p90 {d['p90']} s, max {d['max']} s (goal <= 1 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
