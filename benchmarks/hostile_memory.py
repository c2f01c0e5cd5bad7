"""Peak memory and time of each command on the worst inputs.

Run from the checkout:  uv run python benchmarks/hostile_memory.py [--before DIR]

Each command runs as its own process (``python -m assistant …``, or a few lines of Python for
the sessions folder); its peak resident memory comes from the system's accounting of that
process (``os.wait4``). Every run is capped at 3 GB of address space and 60 seconds, so an
input that still swells or hangs shows as "capped" or "killed" instead of taking the machine.

The inputs: the hostile corpus of tests/data/hostile/ where it is worst (nesting, huge numbers,
alias bombs), /dev/zero and a named pipe, and the largest inputs that are accepted: a 5 MB
answers file holding one long note (written to each transcript format and rechecked), a
batch, and a 24 MB session written the way older versions kept every note
version in full (opened, then saved). A 1 MB batch stands for large batches (a batch is
consulted line by line: 5 MB takes minutes, not memory). A small answers file gives the baseline.

``--before DIR`` runs the same commands on another source checkout of the project (e.g. one
made with ``git archive main``) for figures before a change.

Prints a table and writes the figures to benchmarks/results/hostile_memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
RESULTS = ROOT / "benchmarks" / "results" / "hostile_memory.json"
CAP_BYTES = 3 * 1024**3
TIMEOUT_S = 60.0

OPEN_SESSIONS = """
import sys, time
from assistant.sessions import SessionStore
store = SessionStore(sys.argv[1])
listing = store.list()
for s in listing:
    store.save(store.load(s.id))
print(len(listing), len(listing.problems))
"""


def make_inputs(folder: Path) -> dict[str, Path]:
    """The large accepted inputs, written into ``folder``."""
    rng = random.Random(2008)
    words = [
        "mission",
        "country",
        "team",
        "OCHA",
        "consent",
        "hostility",
        "spoilers",
        "JMAC",
        "report",
        "field",
        "visit",
    ]
    paths: dict[str, Path] = {}
    note = " ".join(rng.choice(words) for _ in range(700_000))[: 5 * 1024 * 1024 - 2_000]
    big = folder / "big_note.json"
    big.write_text(
        json.dumps(
            {
                "session": {"crisis": "Darfur"},
                "answers": {"un_presence": "multidimensional_pko"},
                "notes": {"un_presence": note},
            }
        ),
        encoding="utf-8",
    )
    paths["big_note"] = big
    lines, size = [], 0
    questions = ["un_presence", "country_team", "geographic_mandate", "ocha_presence", "hostility"]
    options = {
        "un_presence": ["multidimensional_pko", "political_mission", "none"],
        "country_team": ["yes", "no"],
        "geographic_mandate": ["single_country", "multi_country"],
        "ocha_presence": ["present", "not_present"],
        "hostility": ["low", "high", "unknown"],
    }
    while size < 1024 * 1024:
        line = json.dumps({q: rng.choice(options[q]) for q in questions})
        lines.append(line)
        size += len(line) + 1
    batch = folder / "batch.jsonl"
    batch.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    paths["batch"] = batch
    # A session as older versions kept it: 120 versions of a 200,000-character note, each in full.
    sys.path.insert(0, str(ROOT))
    from assistant.sessions import Session

    session = Session.new("Old", officer="A. Officer")
    session.set_answer("hostility", "high")
    doc = json.loads(session.model_dump_json())
    text = " ".join(rng.choice(words) for _ in range(30_000))
    at = doc["created"]
    doc["format_version"] = 1
    doc["history"] += [
        {"at": at, "question": "hostility", "action": "note", "note": f"{text} v{i}"} for i in range(120)
    ]
    doc["answers"]["hostility"]["note"] = f"{text} v119"
    sessions = folder / "sessions"
    sessions.mkdir()
    (sessions / f"{session.id}.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    paths["sessions"] = sessions
    deep_sessions = folder / "deep_sessions"
    deep_sessions.mkdir()
    (deep_sessions / "20250101-000000-aaaaaa.json").write_bytes((HOSTILE / "deep.json").read_bytes())
    paths["deep_sessions"] = deep_sessions
    fifo = folder / "pipe.yaml"
    os.mkfifo(fifo)
    paths["fifo"] = fifo
    return paths


def commands(inputs: dict[str, Path], out: Path) -> list[tuple[str, list[str]]]:
    """(what, argv after the interpreter)."""
    cli = ["-m", "assistant"]
    return [
        ("baseline: assess a small answers file", [*cli, "assess", str(ROOT / "examples" / "liberia.yaml")]),
        ("deep.json (100,000 levels): assess", [*cli, "assess", str(HOSTILE / "deep.json")]),
        ("huge_int.json (5,000 digits): assess", [*cli, "assess", str(HOSTILE / "huge_int.json")]),
        ("laughs.yaml (alias bomb): assess", [*cli, "assess", str(HOSTILE / "laughs.yaml")]),
        (
            "alias_notes.yaml (text x22): assess -o json",
            [
                *cli,
                "assess",
                str(HOSTILE / "alias_notes.yaml"),
                "--output",
                str(out / "alias.json"),
                "--force",
            ],
        ),
        ("/dev/zero: assess", [*cli, "assess", "/dev/zero"]),
        ("named pipe, no writer: assess", [*cli, "assess", str(inputs["fifo"])]),
        (
            "5 MB note: assess -o json",
            [*cli, "assess", str(inputs["big_note"]), "--output", str(out / "big.json"), "--force"],
        ),
        (
            "5 MB note: assess -o html",
            [*cli, "assess", str(inputs["big_note"]), "--output", str(out / "big.html"), "--force"],
        ),
        (
            "5 MB note: assess -o markdown",
            [*cli, "assess", str(inputs["big_note"]), "--output", str(out / "big.md"), "--force"],
        ),
        (
            "5 MB note: assess -o docx",
            [*cli, "assess", str(inputs["big_note"]), "--output", str(out / "big.docx"), "--force"],
        ),
        ("5 MB note: recheck the JSON transcript", [*cli, "recheck", str(out / "big.json")]),
        ("1 MB batch (9,000 lines): assess --batch", [*cli, "assess", "--batch", str(inputs["batch"])]),
        (
            "24 MB session (every version in full): open and save",
            ["-c", OPEN_SESSIONS, str(inputs["sessions"])],
        ),
        (
            "deep.json as a session file: list the sessions",
            ["-c", OPEN_SESSIONS, str(inputs["deep_sessions"])],
        ),
    ]


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def measure(argv: list[str], source: Path, cwd: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(source)}
    start = time.perf_counter()
    said = Path(cwd) / "said.txt"
    with open(said, "wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, *argv],
            cwd=cwd,
            env=env,
            stdout=sink,
            stderr=subprocess.PIPE,
            preexec_fn=_cap,  # noqa: PLW1509 - the child sets its own memory cap; no threads run here
            start_new_session=True,
        )
    deadline = start + TIMEOUT_S
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    killed = seconds > TIMEOUT_S
    capped = "MemoryError" in err
    last = err.strip().splitlines()[-1] if err.strip() else ""
    for place, name in ((str(cwd), "INPUTS"), (str(ROOT), "CHECKOUT"), (str(source), "SOURCE")):
        last = last.replace(place, name)  # the figures name no folder of this machine
    output = Path(argv[argv.index("--output") + 1]) if "--output" in argv else None
    printed = (
        said.read_text(encoding="utf-8", errors="replace").strip().splitlines() if argv[0] == "-c" else []
    )
    note = (
        f"wrote {output.stat().st_size:,} bytes"
        if output is not None and output.exists() and code == 0
        else ""
    )
    if printed:
        listed, problems = printed[-1].split()
        note = f"{listed} session(s) opened, {problems} set aside"
    return {
        "exit": code,
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "seconds": round(seconds, 2),
        "outcome": "killed (hung)"
        if killed
        else "capped at 3 GB"
        if capped
        else "traceback"
        if "Traceback" in err
        else f"exit {code}",
        "note": note,
        "stderr_last_line": last[:200],
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--before", type=Path, help="another source checkout to measure the same commands on")
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)

    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="hostile-memory-") as tmp:
        sources = {"now": ROOT, **({"before": args.before.resolve()} if args.before else {})}
        for label, source in sources.items():
            folder = Path(tmp) / label  # fresh inputs for each: a run changes the sessions folders
            out = folder / "out"
            out.mkdir(parents=True)
            inputs = make_inputs(folder)
            rows = []
            for what, cmd in commands(inputs, out):
                rows.append({"input": what, **measure(cmd, source, folder)})
            runs[label] = rows

    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "system": platform.system(),
        },
        "settings": {"cap_bytes": CAP_BYTES, "timeout_s": TIMEOUT_S},
        "runs": runs,
    }
    for label, rows in runs.items():
        print(f"\n{label}:")
        width = max(len(r["input"]) for r in rows)
        print(f"{'input':<{width}}  {'peak MB':>8}  {'seconds':>7}  outcome")
        for r in rows:
            note = f" ({r['note']})" if r["note"] else ""
            print(f"{r['input']:<{width}}  {r['peak_mb']:>8.1f}  {r['seconds']:>7.2f}  {r['outcome']}{note}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
