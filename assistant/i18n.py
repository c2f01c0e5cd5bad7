"""The language a person reads: English or French.

Chosen, first to last: the ``--lang`` option, ``INTEGRATION_ASSISTANT_LANG``, the ``language`` of
the settings file, the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``fr_FR.UTF-8`` reads
French), else English. The chat switches it at any time (``language``/``langue``).

Interface strings go through gettext: written in English in the code, marked ``_("…")`` (or
``N_("…")`` where they are defined before a language is known and translated where shown), and
read from the catalogs under ``assistant/locale`` (``.po``, kept with their compiled ``.mo``:
``python -m assistant.i18n compile``). The knowledge's own texts come from French files beside
the English ones (:mod:`assistant.knowledge.translations`). The report's quotations are never
translated: the report exists in English only.

The language in force is the process's (:func:`set_language`) unless a task or thread renders in
another one for a while (:func:`using`): a session exported in French while the screen stays in
English.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["en", "fr"]
LANGUAGES: dict[Language, str] = {"en": "English", "fr": "Français"}
DEFAULT: Language = "en"
ENV = "INTEGRATION_ASSISTANT_LANG"
DOMAIN = "integration_assistant"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_NAMES: dict[str, Language] = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "anglais": "en",
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "french": "fr",
    "francais": "fr",
    "français": "fr",
}

_process: dict[str, Language] = {"language": DEFAULT}  # the language outside any using()
_override: ContextVar[Language | None] = ContextVar("language_override", default=None)


def normalize(value: object) -> Language | None:
    """``"fr"``, ``"fr_FR.UTF-8"``, ``"fr-CA"``, ``"French"`` or ``"français"`` → ``"fr"``; None
    for anything that names no language offered."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in _NAMES:
        return _NAMES[text]
    head = re.split(r"[_.@-]", text, maxsplit=1)[0]
    return _NAMES.get(head) if len(head) == 2 else None


def from_locale(environ: Mapping[str, str]) -> Language | None:
    """The language of the locale, as POSIX reads it: ``LC_ALL``, then ``LC_MESSAGES``, then
    ``LANG``; the first one set decides (``C`` and ``POSIX`` name no language)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return None if value.split(".")[0] in ("C", "POSIX") else normalize(value)
    return None


def choose(
    option: str | None = None,
    environ: Mapping[str, str] | None = None,
    setting: object = None,
) -> Language:
    """The language to start in: the option, the environment variable, the setting, the locale,
    else English. An unknown value in the option is refused by the command line before this;
    elsewhere (a variable, a settings file) it is passed over."""
    env = os.environ if environ is None else environ
    for candidate in (option, env.get(ENV), setting):
        lang = normalize(candidate)
        if lang is not None:
            return lang
    return from_locale(env) or DEFAULT


def set_language(lang: Language) -> None:
    """The language of everything shown from now on (outside :func:`using`)."""
    _process["language"] = lang


def language() -> Language:
    """The language in force here and now."""
    return _override.get() or _process["language"]


@contextmanager
def using(lang: Language) -> Iterator[None]:
    """Render in ``lang`` for a while, in this task or thread only."""
    token = _override.set(lang)
    try:
        yield
    finally:
        _override.reset(token)


@cache
def translations(lang: Language) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English: the strings as written)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the language in force."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the language in force."""
    return translations(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context`` (the same English word, two French ones)."""
    return translations(language()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for translation where it is defined; :func:`_` translates it where shown."""
    return message


# --- French wording and typography --------------------------------------------------------------

_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_VOWEL = "aeiouyàâäéèêëîïôöûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜŒ"
# que, de, ne, se, ce, je, me, te, le, la, jusque, lorsque, puisque: elided before a vowel or a
# mute h (the words of this domain that begin with h take elision: humanitaire, hôte, hostilité…)
_ELIDE = re.compile(rf"\b(qu|jusqu|lorsqu|puisqu|[dDnNsScCjJmMtTlL])(?:e|(?<=[lL])a)\s+(?=[{_VOWEL}hH])")
_SI_IL = re.compile(r"\b([sS])i\s+(ils?)\b")
# words beginning with an aspirated h, before which nothing is elided
_ASPIRATED = ("haut", "hors", "hausse", "hiérarch", "hâte", "heurt", "hasard")


def elide(text: str) -> str:
    """The French contractions a sentence built from clauses needs: « que il » → « qu'il », « de
    aucun » → « d'aucun », « ne est » → « n'est », « la OCHA » → « l'OCHA », « si il » → « s'il ».
    Articles joined to prepositions (« du », « aux ») are written in the frames themselves."""

    def contract(m: re.Match[str]) -> str:
        if text[m.end() : m.end() + 9].lower().startswith(_ASPIRATED):
            return m.group(0)
        return m.group(1) + "'"

    text = _SI_IL.sub(lambda m: f"{m.group(1)}'{m.group(2)}", text)
    return _ELIDE.sub(contract, text)


NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow: before ; ! ? as French printing sets them
_CODE = re.compile(r"(`[^`]*`|https?://\S+)")
_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$|[*_)»”])")
_BEFORE_COLON = re.compile(r"(?<=[\w»)*_\]])[ \u00a0\u202f]*:(?=\s|$)")
_QUOTED = re.compile(r"[“\"]\s*([^”\"\n]+?)\s*[”\"]")


def typography(text: str) -> str:
    """French printing: « guillemets » with non-breaking spaces inside, a non-breaking space before
    : ; ! ? (narrow before ; ! ?). Code spans and web addresses are left as they are."""
    parts = _CODE.split(text)
    for i in range(0, len(parts), 2):
        part = parts[i]
        part = _QUOTED.sub(lambda m: f"«{NBSP}{m.group(1)}{NBSP}»", part)
        part = re.sub(r"«[ \u00a0\u202f]*", "«" + NBSP, re.sub(r"[ \u00a0\u202f]*»", NBSP + "»", part))
        part = _BEFORE_HIGH.sub(lambda m: NNBSP + m.group(1), part)
        part = _BEFORE_COLON.sub(NBSP + ":", part)
        parts[i] = part
    return "".join(parts)


def long_date(year: int, month: int, day: int, lang: Language | None = None) -> str:
    """« 5 décembre 2026 »; in English "5 December 2026"."""
    if (lang or language()) == "fr":
        return f"{'1er' if day == 1 else day} {_MONTHS_FR[month - 1]} {year}"
    import calendar

    return f"{day} {calendar.month_name[month]} {year}"


def parse_option(value: str) -> Language:
    """The ``--lang`` option's value: ``en`` or ``fr`` (names and locales accepted); anything else
    raises ValueError naming what is offered."""
    lang = normalize(value)
    if lang is None:
        offered = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language '{value}': choose one of {offered}")
    return lang
