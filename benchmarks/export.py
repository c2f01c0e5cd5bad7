"""How fast are sessions saved and transcripts exported?

Run from the checkout:  uv run python benchmarks/export.py [--runs 20] [--changes 200] [--seed 2008]

Builds a session with 200 answer changes (random set / forget / note events over the questions,
fixed seed; notes with unicode, quotes and newlines), then measures, as the median over --runs
runs after a warm-up:
  - saving the session (SessionStore.save: JSON, temp file, fsync, rename, fsync of the folder);
  - building its transcript (consultation with sensitivity, numbering the sources);
  - exporting the transcript in each format (markdown, html, json, docx).

Goals: save < 5 ms; each export <= 100 ms, DOCX <= 500 ms. Prints a table and writes the figures
to benchmarks/results/export.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant import __version__  # noqa: E402
from assistant.knowledge.loader import KnowledgeBase, shipped_knowledge  # noqa: E402
from assistant.sessions import Session, SessionStore  # noqa: E402
from assistant.transcripts import FORMATS, build_transcript, export  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "export.json"
GOALS_MS = {"save": 5.0, "transcript": 100.0, "markdown": 100.0, "html": 100.0, "json": 100.0, "docx": 500.0}
NOTES = [
    "Vu sur le terrain — « accès limité »",
    'Said "maybe" twice',
    "line one\nline two",
    "🌍 see annex",
    "",
]


def busy_session(kb: KnowledgeBase, changes: int, seed: int) -> Session:
    """A session whose history holds exactly ``changes`` events, drawn with a fixed seed."""
    rng = random.Random(seed)
    t0 = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)
    s = Session.new("Benchmark crisis <Ünïcode> & co", officer="O'Brien", kb=kb, now=t0)
    while len(s.history) < changes:
        at = t0 + dt.timedelta(seconds=len(s.history) + 1)
        q = rng.choice(kb.questions)
        roll = rng.random()
        if roll < 0.6 or (q.id not in s.answers and roll < 0.8):
            if q.multi:
                singles = [o for o in q.option_ids if o not in q.exclusive]
                value = rng.sample(singles, rng.randint(1, len(singles)))
            else:
                value = [rng.choice([*q.option_ids, "unknown"])]
            s.set_answer(q.id, value, note=rng.choice(NOTES) if rng.random() < 0.3 else None, at=at)
        elif roll < 0.8:
            s.forget(q.id, at=at)
        elif q.id in s.answers:
            s.set_note(q.id, rng.choice(NOTES) + f" ({len(s.history)})", at=at)
    return s


def timed(fn: Callable[[], Any], runs: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def stats(ms: Sequence[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(ms), 3),
        "min_ms": round(min(ms), 3),
        "max_ms": round(max(ms), 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--changes", type=int, default=200)
    p.add_argument("--seed", type=int, default=2008)
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)

    t = time.perf_counter()
    kb = shipped_knowledge()
    load_ms = (time.perf_counter() - t) * 1000
    session = busy_session(kb, args.changes, args.seed)

    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = SessionStore(Path(tmp) / "sessions", kb=kb)
        rows["save"] = stats(timed(lambda: store.save(session), args.runs))
        rows["save"]["bytes"] = store.path_of(session.id).stat().st_size
        assert store.load(session.id) == session
    transcript = build_transcript(kb, session=session)
    rows["transcript"] = stats(timed(lambda: build_transcript(kb, session=session), args.runs))
    t = time.perf_counter()
    export(transcript, "docx")  # the first DOCX imports python-docx and lxml: reported apart
    first_docx_ms = (time.perf_counter() - t) * 1000
    for fmt in FORMATS:
        rows[fmt] = stats(timed(lambda fmt=fmt: export(transcript, fmt), args.runs))
        rows[fmt]["bytes"] = len(export(transcript, fmt))
    for name, row in rows.items():
        row["goal_ms"] = GOALS_MS[name]
        row["ok"] = row["median_ms"] <= GOALS_MS[name]

    figures = {
        "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "system": platform.system(),
            "app": __version__,
            "pydantic": metadata.version("pydantic"),
            "python-docx": metadata.version("python-docx"),
            "rulebase_version": kb.version,
            "rulebase_sha256": kb.sha256,
        },
        "settings": {"runs": args.runs, "changes": args.changes, "seed": args.seed},
        "session": {
            "history": len(session.history),
            "answered": len(session.answers),
            "sources": len(transcript.sources),
            "flags": len(transcript.result.flags),
        },
        "cold": {"load_knowledge_ms": round(load_ms, 1), "first_docx_export_ms": round(first_docx_ms, 1)},
        "timings": rows,
        "all_ok": all(r["ok"] for r in rows.values()),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print_table(figures)
    try:
        shown = args.out.relative_to(ROOT)
    except ValueError:
        shown = args.out
    print(f"\nwritten to {shown}")
    return 0


def print_table(f: dict[str, Any]) -> None:
    s = f["session"]
    print(
        f"Integration Assistant export benchmark — Python {f['environment']['python']}, "
        f"{s['history']} changes, {s['answered']} answers, {s['sources']} sources, median of {f['settings']['runs']} runs"
    )
    print(
        f"cold: load knowledge {f['cold']['load_knowledge_ms']:.0f} ms, first DOCX export {f['cold']['first_docx_export_ms']:.0f} ms"
    )
    print()
    head = ("step", "median ms", "min ms", "max ms", "goal ms", "size", "ok")
    rows = [head]
    for name, r in f["timings"].items():
        size = f"{r['bytes'] / 1024:.1f} KiB" if "bytes" in r else ""
        rows.append(
            (
                name,
                f"{r['median_ms']:.2f}",
                f"{r['min_ms']:.2f}",
                f"{r['max_ms']:.2f}",
                f"{r['goal_ms']:.0f}",
                size,
                "yes" if r["ok"] else "NO",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
