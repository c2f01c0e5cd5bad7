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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, Literal

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


class Catalog(gettext.NullTranslations):
    """The translations of one language, read from its ``.po`` files (one per part of the
    program: conversation.po, render.po…), merged. An empty or fuzzy translation counts as none:
    the English shows."""

    def __init__(self, messages: dict[tuple[str, str], str | tuple[str, ...]], plural: Callable[[int], int]):
        super().__init__()
        self.messages = messages
        self.plural = plural

    def gettext(self, message: str) -> str:
        found = self.messages.get(("", message))
        return found if isinstance(found, str) and found else message

    def pgettext(self, context: str, message: str) -> str:
        found = self.messages.get((context, message))
        return found if isinstance(found, str) and found else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self.messages.get(("", msgid1))
        if isinstance(found, tuple) and all(found):
            return found[min(self.plural(n), len(found) - 1)]
        return msgid1 if n == 1 else msgid2


def catalog_files(lang: Language) -> list[Path]:
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


@cache
def translations(lang: Language) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English: the strings as written)."""
    if lang == "en":
        return gettext.NullTranslations()
    from babel.messages.pofile import read_po

    messages: dict[tuple[str, str], str | tuple[str, ...]] = {}
    plural: Callable[[int], int] = lambda n: int(n > 1)  # noqa: E731  (French: 0 and 1 are singular)
    for path in catalog_files(lang):
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        plural = gettext.c2py(catalog.plural_expr)  # the rule the catalog's plural forms follow
        for m in catalog:
            if not m.id or m.fuzzy:
                continue
            key = str(m.id[0] if isinstance(m.id, (tuple, list)) else m.id)
            value = (
                tuple(str(v) for v in m.string)
                if isinstance(m.string, (tuple, list))
                else str(m.string or "")
            )
            if value if isinstance(value, str) else all(value):  # an empty one never hides a translation
                messages[(str(m.context or ""), key)] = value
    return Catalog(messages, plural)


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


# --- catalogs: what the code marks, against what the French catalogs hold -----------------------

KEYWORDS: Any = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}  # as Babel reads them


Marked = tuple[Path, int, str, str, str | None]  # file, line, context, message, plural


def marked(paths: Iterator[Path] | list[Path]) -> list[Marked]:
    """Every string the code marks for translation: (file, line, context, message, plural); a
    plural's key is its singular."""
    from babel.messages.extract import extract

    found: list[Marked] = []
    for path in paths:
        with path.open("rb") as f:
            for lineno, message, _comments, context in extract("python", f, keywords=KEYWORDS):
                text = message[0] if isinstance(message, tuple) else message
                plural = str(message[1]) if isinstance(message, tuple) and len(message) > 1 else None
                if text:
                    found.append((path, lineno, str(context or ""), str(text), plural))
    return found


def python_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return out


def missing(paths: list[Path], lang: Language = "fr") -> list[Marked]:
    """The marked strings of ``paths`` that the catalogs of ``lang`` do not translate."""
    catalog = translations(lang)
    assert isinstance(catalog, Catalog)
    return [m for m in marked(paths) if not catalog.messages.get((m[2], m[3]))]


def sync(part: str, paths: list[Path], lang: Language = "fr") -> Path:
    """Add to ``<part>.po`` every marked string of ``paths`` no catalog of ``lang`` holds yet
    (empty, to translate); the translations already there are kept."""
    from babel.messages.catalog import Catalog as PoCatalog
    from babel.messages.pofile import read_po, write_po

    target = LOCALE_DIR / lang / "LC_MESSAGES" / f"{part}.po"
    if target.exists():
        with target.open("rb") as f:
            po = read_po(f, locale=lang)
    else:
        po = PoCatalog(locale=lang, domain=part, project="Integration Assistant", charset="utf-8")
    current = translations(lang)
    known = set(current.messages) if isinstance(current, Catalog) else set()
    root = Path(__file__).resolve().parent.parent
    for path, line, context, text, plural in marked(paths):
        if (context, text) in known:
            continue
        where = (
            str(path.resolve().relative_to(root)) if path.resolve().is_relative_to(root) else str(path),
            line,
        )
        existing = po.get(text, context=context or None)
        if existing is None:
            msgid = (text, plural) if plural else text
            po.add(msgid, ("", "") if plural else "", locations=[where], context=context or None)
        elif where not in existing.locations:
            existing.locations.append(where)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_po(f, po, width=100, sort_output=False, omit_header=False)
    translations.cache_clear()
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m assistant.i18n missing PATH…`` lists the marked strings with no French;
    ``… sync PART PATH…`` adds them, empty, to assistant/locale/fr/LC_MESSAGES/PART.po."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m assistant.i18n")
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("missing", help="marked strings with no French translation")
    m.add_argument("paths", nargs="+")
    s = sub.add_parser("sync", help="add the untranslated strings of PATHs to PART.po")
    s.add_argument("part")
    s.add_argument("paths", nargs="+")
    args = p.parse_args(argv)
    files = python_files(args.paths)
    if args.command == "sync":
        print(sync(args.part, files))
        return 0
    gaps = missing(files)
    for path, line, context, text, _plural in gaps:
        print(f"{path}:{line}: {context + ' | ' if context else ''}{text}")
    print(f"{len(gaps)} marked string(s) without French")
    return 1 if gaps else 0


if __name__ == "__main__":
    raise SystemExit(main())
