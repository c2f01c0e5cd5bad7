"""What a browser sends an app over its WebSocket, checked before it reaches the app.

textual-serve's page sends JSON envelopes: ["stdin", text], ["resize", {"width", "height"}],
["ping", x], ["blur"], ["focus"]. Anything else (not JSON, the wrong shape, text that cannot be
written as UTF-8 such as a lone surrogate, a message far larger than typing makes) is dropped:
the app goes on, and the caller logs one line.
"""

from __future__ import annotations

import json

from aiohttp import web

from .apps import SeatService
from .seats import Tab

MAX_MESSAGE = 256 << 10  # characters in one message: a long paste; more is not typing
MAX_FRAME = 4 << 20  # bytes: beyond this aiohttp closes the connection (memory stays bounded)


class Malformed(Exception):
    """A message from the browser the app is not given; the text says what was wrong with it."""


async def obey(tab: Tab, service: SeatService, text: str) -> None:
    """Pass one message from the browser on to the app (Malformed: dropped, and why)."""
    if len(text) > MAX_MESSAGE:
        raise Malformed(f"a message of {len(text)} characters, more than {MAX_MESSAGE >> 10}K")
    try:
        envelope = json.loads(text)
    except ValueError:
        raise Malformed("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise Malformed("not a [kind, data] list")
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin":
        await service.send_bytes(_typed(data))
        tab.touch()
    elif kind == "resize":
        if not isinstance(data, dict):
            raise Malformed("a resize without a size")
        await service.set_terminal_size(*terminal_size(data.get("width"), data.get("height")))
    elif kind == "ping":
        await _reply(tab.websocket, ["pong", data])
    elif kind == "blur":
        await service.blur()
    elif kind == "focus":
        await service.focus()
    else:
        raise Malformed(f"an unknown kind of message {kind[:40]!r}")


def _typed(data: object) -> bytes:
    if not isinstance(data, str):
        raise Malformed("typed text that is not text")
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError:
        raise Malformed("a lone surrogate in typed text") from None


async def _reply(websocket: web.WebSocketResponse, message: object) -> None:
    try:
        await websocket.send_json(message)
    except (ConnectionError, RuntimeError):
        pass  # the browser is leaving
    except (TypeError, ValueError):
        raise Malformed("a ping that cannot be echoed") from None


def terminal_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size the browser sent, held within what a screen can show."""
    return min(max(number(width, 80), 20), 500), min(max(number(height, 24), 5), 300)


def number(value: object, default: int) -> int:
    """A number sent by the browser (JSON or a query string); ``default`` for anything else."""
    if not isinstance(value, (str, int, float)):
        return default
    try:
        return int(value)
    except (ValueError, OverflowError):  # "Infinity" and "NaN" are JSON to Python: not sizes
        return default
