"""Memory of one served session: the RSS of one app process, as textual-serve starts one per browser.

Each browser connected to `integration-assistant serve` gets its own `python -m assistant`
process. This starts that same command in a pseudo-terminal, answers a whole reference case
through the chat, and reads the process's resident set size (VmRSS, and VmHWM, its peak) from
/proc. Goal: <= 120 MB per session.

    uv run python benchmarks/serve_memory.py
"""
from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "cases" / "liberia-unmil-2008.yaml"


def rss_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def main() -> int:
    answers = yaml.safe_load(CASE.read_text())["answers"]
    with tempfile.TemporaryDirectory() as home:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "INTEGRATION_ASSISTANT_HOME": home}
        proc = subprocess.Popen([sys.executable, "-m", "assistant"], stdin=slave, stdout=slave, stderr=slave,
                                env=env, start_new_session=True)
        os.close(slave)
        seen = bytearray()

        def pump(seconds: float) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    try:
                        seen.extend(os.read(master, 65536))
                    except OSError:
                        return

        def line(text: str) -> None:
            os.write(master, text.encode() + b"\r")
            pump(0.4)

        try:
            end = time.monotonic() + 30
            while b"New consultation" not in seen and time.monotonic() < end:
                pump(0.2)
            at_start = rss_mb(proc.pid)
            for text in ("", "Memory check", "", ""):
                line(text)
            for qid, value in answers.items():
                line(f"set {qid} {value}")
            line("how")
            pump(1.0)
            after = rss_mb(proc.pid)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            os.close(master)
    figures = {
        "rss_at_start_mb": round(at_start["VmRSS"], 1),
        "rss_after_full_interview_mb": round(after["VmRSS"], 1),
        "peak_rss_mb": round(after["VmHWM"], 1),
        "goal_mb": 120,
        "answers_given": len(answers),
    }
    out = ROOT / "benchmarks" / "results" / "serve_memory.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"one served session (one app process): RSS {figures['rss_at_start_mb']} MB at the start screen, "
          f"{figures['rss_after_full_interview_mb']} MB after a full interview, peak {figures['peak_rss_mb']} MB "
          f"(goal <= 120 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
