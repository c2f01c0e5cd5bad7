"""Two windows on one session: the first changes it, the second opens it read-only and says so.

The window that opens a session claims it (an advisory lock the system releases when the
process ends, even killed); another window finds the claim taken. Tested in the chat with a
claim held aside, and with real processes in pseudo-terminals.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import Session, SessionStore
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen


def _saved_session(folder: Path) -> Session:
    kb = shipped_knowledge()
    session = Session.new("Darfur", officer="A. Officer", kb=kb)
    session.set_answer("un_presence", "multidimensional_pko")
    session.set_answer("country_team", "yes", note="per the RC")
    SessionStore(folder, kb=kb).save(session)
    return session


def test_a_session_claimed_elsewhere_opens_read_only_and_records_nothing(tmp_path):
    kb = shipped_knowledge()
    folder = tmp_path / "sessions"
    session = _saved_session(folder)
    before = (folder / f"{session.id}.json").read_bytes()
    other_window = SessionStore(folder, kb=kb).claim(session.id)
    assert other_window is not None

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=SessionStore(folder, kb=kb), resume=session.id)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            assert app.sub_title == "Read-only: Darfur"
            said = [m.reply.text for m in app.screen.query("ChatMessage")]
            assert any("open in another window, so it is read-only here" in t for t in said)
            for typed in ("set hostility high", "note country_team: changed", "back", "restart", "1"):
                app.screen.query_one("#prompt", Input).value = typed
                await pilot.press("enter")
                await pilot.pause()
            said = [m.reply.text for m in app.screen.query("ChatMessage")]
            assert sum("is read-only here" in t for t in said) >= 6
            assert app.conversation.consultation.answers == session.answers_for_engine()
            # reading still works
            await pilot.press("f4")
            await pilot.pause()

    asyncio.run(scenario())
    assert (folder / f"{session.id}.json").read_bytes() == before
    other_window.release()

    async def owner():
        app = IntegrationAssistantApp(kb=kb, store=SessionStore(folder, kb=kb), resume=session.id)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.sub_title == "Darfur"
            app.screen.query_one("#prompt", Input).value = "set hostility high"
            await pilot.press("enter")
            await pilot.pause()
        # leaving the app lets another window have the session
        claim = SessionStore(folder, kb=kb).claim(session.id)
        assert claim is not None
        claim.release()

    asyncio.run(owner())
    assert json.loads((folder / f"{session.id}.json").read_text())["answers"]["hostility"]["value"] == [
        "high"
    ]


# --- real processes --------------------------------------------------------------------------


class Window:
    """The app in a pseudo-terminal of 120x40, as a user's terminal window runs it."""

    def __init__(self, home: Path, *args: str):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "INTEGRATION_ASSISTANT_HOME": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=home,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()

    def drain(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([self.master], [], [], max(0.0, min(0.05, end - time.monotonic())))
            if ready:
                try:
                    self.output.extend(os.read(self.master, 65536))
                except OSError:
                    return
            elif time.monotonic() >= end:
                return

    def wait_for(self, text: bytes, timeout: float = 30) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.drain()
            if text in self.output:
                return True
        return False

    def type_line(self, text: str) -> None:
        for ch in text:
            os.write(self.master, ch.encode())
            time.sleep(0.01)
        os.write(self.master, b"\r")
        self.drain(1.0)

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def _answers(path: Path) -> dict:
    return {q: a["value"] for q, a in json.loads(path.read_text(encoding="utf-8"))["answers"].items()}


def _wait(predicate, timeout: float = 20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_two_processes_on_one_session(tmp_path):
    home = tmp_path
    session = _saved_session(home / "sessions")
    path = home / "sessions" / f"{session.id}.json"
    windows: list[Window] = []
    try:
        first = Window(home, "--resume", session.id)
        windows.append(first)
        assert first.wait_for(b"Welcome back"), "the first window never opened the session"
        second = Window(home, "--resume", session.id)
        windows.append(second)
        assert second.wait_for(b"is read-only here"), "the second window did not say it is read-only"
        assert b"read-only" not in first.output.lower()

        second.type_line("set hostility high")
        first.type_line("set hostility low")
        assert _wait(lambda: _answers(path).get("hostility") == ["low"]), (
            "the first window's answer was not saved"
        )
        second.type_line("set host_consent full")
        time.sleep(1.0)
        assert "host_consent" not in _answers(path)  # nothing the second window typed is recorded
        assert _answers(path)["hostility"] == ["low"]

        # Killed, the first window lets go of the session: a new window may change it.
        first.kill()
        third = Window(home, "--resume", session.id)
        windows.append(third)
        assert third.wait_for(b"Welcome back")
        third.type_line("set host_consent full")
        assert _wait(lambda: _answers(path).get("host_consent") == ["full"]), "the session stayed claimed"
        assert b"read-only" not in third.output.lower()
    finally:
        for w in windows:
            w.kill()
