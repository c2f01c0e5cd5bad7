"""Who may open what: the join and facilitator codes, the page's Origin, the signed cookies.

A participant id is made by the server and signed into the browser's cookie; it is the only
thing a participant's home is chosen by, and it is checked against ``PARTICIPANT_ID`` and its
signature before anything is built from it.
"""

from __future__ import annotations

import hmac
import secrets
from hashlib import sha256
from typing import TypedDict

from aiohttp import web

from ..i18n import _
from .address import origin_of
from .folder import PARTICIPANT_ID, WorkshopFolder


class _CookieOptions(TypedDict):
    """How the workshop's cookies are set (``set_cookie``'s keywords)."""

    httponly: bool
    samesite: str
    secure: bool
    path: str
    max_age: int


class Checks:
    """The server's checks (a mixin of WorkshopServer, which sets the attributes below)."""

    workshop: WorkshopFolder
    origins: set[str]
    secure: bool
    participant_cookie: str
    facilitator_cookie: str

    def _sign(self, value: str) -> str:
        return hmac.new(self.workshop.secret, value.encode("utf-8"), sha256).hexdigest()[:32]

    def _cookie_options(self) -> _CookieOptions:
        return {
            "httponly": True,
            "samesite": "Strict",
            "secure": self.secure,
            "path": "/",
            "max_age": 14 * 24 * 3600,
        }

    def _check_code(self, request: web.Request, expected: str) -> None:
        given = request.match_info.get("code", "")
        if not secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            raise forbidden(_("This workshop opens only with the join link the facilitator gave you."))

    def _check_origin(self, request: web.Request) -> None:
        origin = request.headers.get("Origin")
        if origin is None or origin_of(origin) not in self.origins:
            raise forbidden(_("This connection comes from a page the workshop did not serve."))

    def _participant(self, request: web.Request) -> str | None:
        """The participant id of the request's cookie, if this workshop signed it."""
        value = request.cookies.get(self.participant_cookie, "")
        participant, _dot, signature = value.partition(".")
        if not PARTICIPANT_ID.fullmatch(participant) or participant.startswith("-"):
            return None  # an id starting "-" reads as an option on the app's command line
        if not secrets.compare_digest(signature.encode("utf-8"), self._sign(participant).encode("utf-8")):
            return None
        return participant

    def _is_facilitator(self, request: web.Request) -> bool:
        value = request.cookies.get(self.facilitator_cookie, "")
        return secrets.compare_digest(value.encode("utf-8"), self._sign("facilitator").encode("utf-8"))


def new_participant_id() -> str:
    """A new participant id: 96 random bits, never starting with "-" (the app's command line
    would read it as an option, and that participant's app would never start)."""
    while (participant := secrets.token_urlsafe(12)).startswith("-"):
        pass
    return participant


def forbidden(text: str) -> web.HTTPForbidden:
    return web.HTTPForbidden(text=text)
