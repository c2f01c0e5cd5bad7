"""How long does the test suite take, run as the README says, from a clean clone?

Run from the checkout:  uv run python benchmarks/suite.py [--runs 2] [--compare]

Clones the committed HEAD into a temporary folder (no bytecode, no caches: what CI and a new
contributor start from), installs it with ``uv sync --frozen``, then runs the README's test
command, ``uv run pytest -n auto``, --runs times, timing each: wall time, and the CPU time of
everything the run started. The first run also writes the package's bytecode, so it shows
the cost of a clean clone; later runs show a working copy's.

With --compare, each run is followed by one with a single worker per core (what ``-n auto``
gives without the project's ``pytest_xdist_auto_num_workers`` hook), to show what the second
worker per core buys.

Prints a table and writes the figures to benchmarks/results/suite.json. The goal is 90 s on
2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "suite.json"
TARGET_S = 90.0
COMMAND = ["uv", "run", "pytest", "-n", "auto"]  # the README's, exactly


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_suite(clone: Path, workers: int | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTEST_XDIST_AUTO_NUM_WORKERS")}
    if workers is not None:
        env["PYTEST_XDIST_AUTO_NUM_WORKERS"] = str(workers)
    cpu0, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.run(COMMAND, cwd=clone, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr.strip()[-300:]
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|skipped|error)", tail)}
    created = re.search(r"(\d+) workers \[", proc.stdout)
    return {
        "workers": int(created.group(1)) if created else workers,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "exit": proc.returncode,
        "counts": counts,
        "summary": tail,
        "failed": re.findall(r"^FAILED (\S+)", proc.stdout, flags=re.MULTILINE),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--compare", action="store_true", help="also run with one worker per core")
    args = parser.parse_args(argv)
    if shutil.which("uv") is None:
        raise SystemExit("suite.py: uv is not on PATH")

    cores = len(os.sched_getaffinity(0))
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="ia-suite-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        t0 = time.perf_counter()
        subprocess.run(["uv", "sync", "--frozen", "--quiet"], cwd=clone, check=True)
        sync_s = time.perf_counter() - t0
        for i in range(args.runs):
            runs.append({"run": i + 1, "mode": "two workers per core", **run_suite(clone, None)})
            print(
                f"run {i + 1}: {runs[-1]['wall_s']:.1f} s wall, {runs[-1]['cpu_s']:.1f} s CPU, {runs[-1]['summary']}"
            )
            if args.compare:
                runs.append({"run": i + 1, "mode": "one worker per core", **run_suite(clone, cores)})
                print(f"run {i + 1} (one per core): {runs[-1]['wall_s']:.1f} s wall, {runs[-1]['summary']}")

    print()
    print(f"{'run':>3}  {'mode':<22} {'workers':>7} {'wall s':>8} {'CPU s':>8}  result")
    for r in runs:
        print(
            f"{r['run']:>3}  {r['mode']:<22} {r['workers'] or '?':>7} {r['wall_s']:>8.1f} {r['cpu_s']:>8.1f}  {r['summary']}"
        )
    main_runs = [r for r in runs if r["mode"] == "two workers per core"]
    worst = max(r["wall_s"] for r in main_runs)
    print(
        f"\nuv sync in the clone: {sync_s:.1f} s. Slowest run: {worst:.1f} s (goal {TARGET_S:.0f} s on 2 cores)."
    )

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cores": cores,
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "command": " ".join(COMMAND),
                "uv_sync_s": round(sync_s, 2),
                "target_s": TARGET_S,
                "runs": runs,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0 if all(r["exit"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
