"""A session killed with SIGKILL mid-interview resumes with every answer given."""

import asyncio
import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import SessionStore
from assistant.tui.app import IntegrationAssistantApp

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal"),
    pytest.mark.slow,  # a whole app in a pseudo-terminal, killed and started again
]


def _session_file(home: Path) -> Path | None:
    files = sorted((home / "sessions").glob("*.json")) if (home / "sessions").is_dir() else []
    return files[0] if files else None


def _wait_for(predicate, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return None


def test_sigkill_mid_session_then_resume(tmp_path):
    home = tmp_path / "home"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "INTEGRATION_ASSISTANT_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()

    def drain():
        try:
            while True:
                import select

                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    return
                output.extend(os.read(master, 65536))
        except OSError:
            return

    def type_line(text, pause=0.6):
        for ch in text:
            os.write(master, ch.encode())
            time.sleep(0.01)
        os.write(master, b"\r")
        end = time.monotonic() + pause
        while time.monotonic() < end:
            drain()

    try:
        assert _wait_for(lambda: (drain(), b"New consultation" in output)[1], 30), (
            "start screen never appeared"
        )
        type_line("")  # Enter on "New consultation"
        type_line("Kill test \u00e9 <b>")  # crisis, as typed
        type_line("")  # officer: none
        type_line("")  # date: today
        type_line("set un_presence 1", 1.0)
        type_line("set country_team yes")
        type_line("note per JMAC,  3 May")
        type_line("set ocha_presence not_present")

        def saved():
            path = _session_file(home)
            if path is None:
                return None
            data = json.loads(path.read_text(encoding="utf-8"))
            return data if len(data["answers"]) == 3 and data["answers"]["country_team"]["note"] else None

        data = _wait_for(saved, 20)
        assert data, "the answers were not saved as they were given"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        os.close(master)
    assert proc.returncode == -signal.SIGKILL

    # the file left by the killed process is whole, and resumes with every answer
    path = _session_file(home)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["details"]["crisis"] == "Kill test \u00e9 <b>"
    assert saved["answers"]["country_team"]["note"] == "per JMAC,  3 May"
    assert not [p for p in (home / "sessions").iterdir() if p.name.endswith(".tmp")], (
        "a temporary file was left"
    )

    async def resume():
        kb = shipped_knowledge()
        app = IntegrationAssistantApp(kb=kb, store=SessionStore(home / "sessions", kb=kb), resume="latest")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            answers = app.conversation.consultation.answers
            assert answers == {
                "un_presence": ("multidimensional_pko",),
                "country_team": ("yes",),
                "ocha_presence": ("not_present",),
            }
            assert app.conversation.notes == {"country_team": "per JMAC,  3 May"}
            assert app.sub_title == "Kill test \u00e9 <b>"

    asyncio.run(resume())
