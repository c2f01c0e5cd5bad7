"""How long does `integration-assistant check` take on the shipped rule base?

Run from the checkout:  uv run python benchmarks/check.py [--runs 3]

Measures, each as the median of --runs runs:
  (a) the whole check as a user runs it: ``python -m assistant check`` as a subprocess (process
      start, imports, loading and validating every file, every anomaly check, printing);
  (b) in process: ``load_knowledge()`` then ``check_knowledge()``, with the gap and overlap
      search over classes of equivalent answers (the default);
  (c) in process, the same with ``exhaustive=True``: every answer combination evaluated one by one.

Prints a table and writes the figures to benchmarks/results/check.json. The goal is 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.knowledge.check import CheckReport, check_knowledge  # noqa: E402
from assistant.knowledge.loader import load_knowledge  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "check.json"
TARGET_S = 30.0


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t0)
    return times, last


def cli_once() -> subprocess.CompletedProcess:
    run = subprocess.run(
        [sys.executable, "-m", "assistant", "check"], cwd=ROOT, capture_output=True, text=True
    )
    if run.returncode != 0:
        raise SystemExit(f"the shipped rule base does not check clean:\n{run.stdout}{run.stderr}")
    return run


def in_process(exhaustive: bool) -> CheckReport:
    return check_knowledge(load_knowledge(), exhaustive=exhaustive)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    cli_s, run = timed(cli_once, args.runs)
    quick_s, quick = timed(lambda: in_process(False), args.runs)
    full_s, full = timed(lambda: in_process(True), args.runs)
    if quick.lines() != full.lines():
        raise SystemExit("the class search and the exhaustive search disagree")

    kb = load_knowledge()
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "machine": platform.machine(),
            "system": platform.system(),
            "cpus": os.cpu_count(),
            "pydantic": metadata.version("pydantic"),
            "rulebase_version": kb.version,
            "rulebase_sha256": kb.sha256,
            "questions": len(kb.questions),
            "rules": len(kb.rules),
        },
        "settings": {"runs": args.runs},
        "result": {
            "errors": len(quick.errors),
            "warnings": len(quick.warnings),
            "kinds": sorted(quick.kinds),
            "combinations": quick.combinations,
            "summary_line": run.stdout.splitlines()[-1],
        },
        "cli_whole_check": {"median_s": round(median(cli_s), 3), "runs_s": [round(t, 3) for t in cli_s]},
        "in_process_classes": {
            "median_s": round(median(quick_s), 3),
            "runs_s": [round(t, 3) for t in quick_s],
            "evaluations": quick.evaluated,
        },
        "in_process_exhaustive": {
            "median_s": round(median(full_s), 3),
            "runs_s": [round(t, 3) for t in full_s],
            "evaluations": full.evaluated,
        },
        "target_s": TARGET_S,
        "meets_target": max(median(cli_s), median(full_s)) <= TARGET_S,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")

    r = figures["result"]
    print(
        f"check of the shipped rule base ({kb.version}, {len(kb.rules)} rules, {len(kb.questions)} questions),"
        f" median of {args.runs} on {os.cpu_count()} CPUs"
    )
    print(f"  {'whole check, `python -m assistant check`':<52} {median(cli_s):8.3f} s")
    print(
        f"  {'in process, load + check (classes of answers)':<52} {median(quick_s):8.3f} s"
        f"   {quick.evaluated} evaluations"
    )
    print(
        f"  {'in process, load + check (exhaustive)':<52} {median(full_s):8.3f} s"
        f"   {full.evaluated} evaluations"
    )
    print(
        f"  {r['combinations']} combinations, {r['errors']} errors, {r['warnings']} warnings;"
        f" goal <= {TARGET_S:.0f} s: {'met' if figures['meets_target'] else 'NOT met'}"
    )
    try:
        shown = args.out.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = args.out
    print(f"wrote {shown}")
    return 0 if figures["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
