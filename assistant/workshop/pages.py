"""The short pages the room shows instead of an app: refusals, a full room, and why an app ended.

Each says in one sentence what happened and what to do; none shows a traceback or a path.
"""

from __future__ import annotations

from html import escape

from aiohttp import web

from ..i18n import N_, _, language, ngettext, typography

# Why an app's page was left, as the browser is sent to /join/<code>/ended/<why>.
ENDED = {
    "stopped": (
        N_("Your assistant stopped"),
        N_("Your assistant stopped unexpectedly. Your work is kept: join again to carry on where you were."),
    ),
    "another-tab": (
        N_("Open in another tab"),
        N_(
            "Your place in the room was opened in another tab or window, so this one was closed. "
            "Your work is kept: join again here to carry on in this tab instead."
        ),
    ),
    "idle": (
        N_("Closed after a quiet spell"),
        N_(
            "Your assistant was closed because nothing was typed for a long time. "
            "Your work is kept: join again to carry on."
        ),
    ),
}


def page(status: int, title: str, text: str, link: tuple[str, str] | None = None) -> web.Response:
    """A plain page: a title, one paragraph and, if given, one link (its address, its words), in
    the language in force (the facilitator's: the server's)."""
    lang = language()
    if lang == "fr":
        title, text = typography(title), typography(text)
    more = f'<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>' if link else ""
    body = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;"
        "color:#1b1f24}h1{font-size:1.4rem}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p>{more}</body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")


def ended(why: str, again: str) -> web.Response:
    """Why the app's page was left, with a link to join again (``again``: the join address)."""
    title, text = ENDED.get(why, ENDED["stopped"])
    return page(200, _(title), _(text), (again, _("Join again")))


def room_full(seats: int) -> web.Response:
    return page(
        503,
        _("The room is full"),
        ngettext(
            "The room is full: {n} participant is working right now. "
            "Ask the facilitator, or try again when someone has finished.",
            "The room is full: {n} participants are working right now. "
            "Ask the facilitator, or try again when someone has finished.",
            seats,
        ).format(n=seats),
    )


def download_failed(reason: str) -> web.Response:
    return page(
        503,
        _("The download failed"),
        _(
            "The file could not be sent whole: {reason}. Nothing was saved; "
            "go back to the assistant and ask for the file again."
        ).format(reason=reason),
    )
