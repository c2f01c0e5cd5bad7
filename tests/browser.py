"""A real browser in a served workshop: headless Chromium driven over the DevTools protocol.

It opens the join link, names the participant, works through a short training case by keyboard,
asks for the debrief as a download, and waits for the file in its download folder. It saves a
screenshot of the debrief (PNG) where asked. Used by tests/test_browser.py when Chromium is on
the machine; run by hand with

    uv run python -m tests.browser SCREENSHOT.png
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from .served import Workshop, free_port, screen_text

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KEYS = {
    "\r": ("Enter", 13),
    "\t": ("Tab", 9),
    " ": (" ", 32),
    "F9": ("F9", 120),
    "F10": ("F10", 121),
    "Down": ("ArrowDown", 40),
}


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Page:
    """One tab, over the DevTools WebSocket."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        self.pending: dict[int, asyncio.Future] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                waiting = self.pending.pop(data["id"])
                if not waiting.done():
                    waiting.set_result(data)
            else:
                self.events.append(data)

    async def call(self, method: str, **params) -> dict:
        n = next(self.ids)
        self.pending[n] = asyncio.get_running_loop().create_future()
        await self.ws.send_json({"id": n, "method": method, "params": params})
        try:
            reply = await asyncio.wait_for(self.pending[n], 30)
        finally:
            self.pending.pop(n, None)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def key(self, name: str) -> None:
        key, code = KEYS[name]
        text = {"Enter": "\r", "Tab": "\t", " ": " "}.get(key, "")
        await self.call(
            "Input.dispatchKeyEvent",
            type="keyDown",
            key=key,
            code=key,
            windowsVirtualKeyCode=code,
            nativeVirtualKeyCode=code,
            text=text,
        )
        await self.call(
            "Input.dispatchKeyEvent",
            type="keyUp",
            key=key,
            code=key,
            windowsVirtualKeyCode=code,
            nativeVirtualKeyCode=code,
        )
        await asyncio.sleep(0.15)

    async def type(self, text: str) -> None:
        for ch in text:
            if ch in KEYS:
                await self.key(ch)
            else:
                await self.call("Input.dispatchKeyEvent", type="keyDown", key=ch, text=ch)
                await self.call("Input.dispatchKeyEvent", type="keyUp", key=ch)
        await asyncio.sleep(0.2)

    async def screenshot(self) -> bytes:
        """A PNG of the tab. Taken before any download starts: a headless Chromium under load was
        seen to leave a capture unanswered once a download was under way. A capture that is not
        answered is asked for again, with the tab brought to the front."""
        for attempt in range(3):
            try:
                await self.call("Page.bringToFront")
                shot = await self.call("Page.captureScreenshot", format="png", fromSurface=True)
                return base64.b64decode(shot["data"])
            except TimeoutError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def frames(self, opcode: int) -> list[str]:
        """The payloads the page's WebSockets received (1: text, 2: binary, base64)."""
        return [
            e["params"]["response"]["payloadData"]
            for e in self.events
            if e.get("method") == "Network.webSocketFrameReceived"
            and e["params"]["response"]["opcode"] == opcode
        ]

    async def screen(self) -> str:
        """What the terminal stream has written so far, without its escape sequences."""
        return screen_text(b"".join(base64.b64decode(f) for f in self.frames(2)))

    async def wait_for(self, text: str, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in await self.screen():
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen had:\n{await self.screen()}")


async def training_in_the_browser(
    join_url: str, downloads: Path, screenshot: Path | None, case_answers: list[str]
) -> dict:
    port = free_port()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    proc = subprocess.Popen(
        [
            chromium(),
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            "--window-size=1280,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/json/version") as r:
                        version = await r.json()
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("Chromium did not start")
            async with http.ws_connect(version["webSocketDebuggerUrl"], max_msg_size=0) as browser_ws:
                browser = Page(browser_ws)
                await browser.call(
                    "Browser.setDownloadBehavior",
                    behavior="allow",
                    downloadPath=str(downloads),
                    eventsEnabled=True,
                )
                async with http.get(f"http://127.0.0.1:{port}/json/list") as r:
                    target = next(t for t in await r.json() if t["type"] == "page")
                async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as page_ws:
                    page = Page(page_ws)
                    await page.call("Page.enable")
                    await page.call("Network.enable")
                    await page.call("Page.navigate", url=join_url)
                    await page.wait_for("New consultation")
                    await page.call(
                        "Runtime.evaluate",
                        expression="document.querySelector('.xterm-helper-textarea').focus()",
                    )
                    await page.type("t")
                    await page.wait_for("Your name")
                    await page.type("Browser Participant\r")
                    await page.wait_for("pick a case")
                    await page.type("\r")
                    await page.wait_for("Begin answering")
                    await page.type("\r")
                    await page.wait_for("Training case")
                    for line in case_answers:
                        await page.type(line + "\r")
                    await page.key("F9")
                    await page.wait_for("Your prediction")
                    await page.type(" \t\t\r")
                    await page.wait_for("Training debrief")
                    await page.wait_for("facilitator")
                    if screenshot is not None:
                        screenshot.write_bytes(await page.screenshot())
                    await page.key("F10")
                    await page.wait_for("Download the debrief")
                    await page.key("\r")
                    end = time.monotonic() + 30
                    done = None
                    while time.monotonic() < end and done is None:
                        done = next(
                            (
                                e
                                for e in browser.events
                                if e.get("method") == "Browser.downloadProgress"
                                and e["params"].get("state") == "completed"
                            ),
                            None,
                        )
                        await asyncio.sleep(0.2)
                    await page.wait_for("downloading")
                    return {
                        "download": done,
                        "files": sorted(p.name for p in downloads.iterdir()),
                        "deliveries": [json.loads(f) for f in page.frames(1) if "deliver_file_start" in f],
                    }
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


def key_lines(case_id: str) -> list[str]:
    from assistant.knowledge.loader import shipped_knowledge
    from assistant.training.debrief import key_answers

    kb = shipped_knowledge()
    return [f"set {q} {v[0]}" for q, v in key_answers(kb.case(case_id)).items()]


def main(argv: list[str]) -> int:
    shot = Path(argv[0]) if argv else None
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        w = Workshop(tmp / "home", "--workshop", "browser", "--port", str(free_port())).start()
        try:
            first_case = "afghanistan-unama-2008"
            (tmp / "dl").mkdir()
            result = asyncio.run(training_in_the_browser(w.join_url, tmp / "dl", shot, key_lines(first_case)))
        finally:
            w.stop()
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
