"""The interface's language on the screen: dates as a person reads them, the knowledge in the
language chosen, and the palette's entry that switches between English and French."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..i18n import N_, Language, language, long_date, pgettext

if TYPE_CHECKING:
    from ..knowledge.loader import KnowledgeBase

# The palette's entry: in both languages, so that a reader of either finds it.
PALETTE_TITLE = "Language / Langue"
PALETTE_HELP = N_("switch between English and French")


def other(lang: Language | None = None) -> Language:
    """The language the switch goes to: French from English, English from French."""
    return "en" if (lang or language()) == "fr" else "fr"


def when(moment: dt.datetime) -> str:
    """A time a file was saved, in local time: "2026-12-05 14:30"; in French « 5 décembre 2026
    à 14 h 30 »."""
    local = moment.astimezone()
    if language() == "fr":
        return f"{long_date(local.year, local.month, local.day)} à {local.hour} h {local.minute:02d}"
    return local.strftime("%Y-%m-%d %H:%M")


def day(date: dt.date | str) -> str:
    """A consultation's date: "2026-12-05" as ever; in French « 5 décembre 2026 » (a date typed
    otherwise stays as it is)."""
    if language() != "fr":
        return str(date)
    if isinstance(date, dt.date):
        return long_date(date.year, date.month, date.day)
    try:
        parsed = dt.date.fromisoformat(date)
    except ValueError:
        return date
    return long_date(parsed.year, parsed.month, parsed.day)


def case_level(level: str) -> str:
    """A training case's level ("introductory", "intermediate", "advanced") as shown."""
    names = {
        "introductory": pgettext("case level", "introductory"),
        "intermediate": pgettext("case level", "intermediate"),
        "advanced": pgettext("case level", "advanced"),
    }
    return names.get(level, level)


def knowledge_in(kb: KnowledgeBase, lang: Language) -> KnowledgeBase:
    """The shipped knowledge in ``lang`` when ``kb`` is the shipped knowledge (in any language);
    any other knowledge (a folder of one's own) as it is."""
    from ..knowledge.loader import shipped_knowledge

    if getattr(kb, "language", "en") == lang:
        return kb
    if kb is shipped_knowledge(getattr(kb, "language", "en")):
        return shipped_knowledge(lang)
    return kb
