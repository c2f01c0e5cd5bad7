"""A question's vocabulary as the understanding step reads it: each option's label, synonyms,
cues, hints and negated forms, compiled once per question and language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..knowledge.schema import UNKNOWN, Question
from .words import BREAK, _Lexicon, _phrases, english, french, lexicon, phrase_key

# --- a question's vocabulary ---------------------------------------------------------------------

Kind = Literal["name", "answer", "cue", "hint", "negated"]


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]
    options: tuple[str, ...]  # usually one; two when a phrase is (wrongly) claimed twice
    kind: Kind


@dataclass
class _Vocabulary:
    question: Question
    exact: dict[tuple[str, ...], tuple[str, ...]]  # whole-text names → option(s)
    starts: dict[str, list[_Entry]]  # first word → entries, longest first
    no_words: set[tuple[str, ...]]  # "no", "never"…: an answer only before a clause mark
    stems: set[str]  # every word of every phrase, for typos
    lex: _Lexicon  # the language's lexicon the phrases were compiled with


def _label_names(label: str) -> list[str]:
    head = re.split(r"[:(,]| - ", label, maxsplit=1)[0]
    return [label, head] if head.strip() and head != label else [label]


_VOCABULARIES: dict[tuple[int, str], tuple[Question, _Vocabulary]] = {}


def _vocabulary(q: Question, lex: _Lexicon | None = None) -> _Vocabulary:
    """A question's phrases in a language, compiled once per question object."""
    lex = lex or lexicon()
    key = (id(q), lex.language)
    known = _VOCABULARIES.get(key)
    if known is None or known[0] is not q:
        known = _VOCABULARIES[key] = (q, _compile_vocabulary(q, lex))
    return known[1]


_KINDS: tuple[tuple[str, Kind], ...] = (
    ("synonyms", "name"),
    ("cues", "cue"),
    ("hints", "hint"),
    ("negated", "negated"),
)


def _proper(phrase: str) -> bool:
    """Whether an English phrase is made of names only (an acronym, a mission, a force: "AMISOM",
    "EUFOR RD Congo"): words of no language, said the same in French."""
    words = [w for w in phrase_key(phrase) if w != BREAK]
    return bool(words) and all(
        w.isalnum() and not w.isdigit() and w not in english() and w not in french() for w in words
    )


def _compile_vocabulary(q: Question, lex: _Lexicon) -> _Vocabulary:
    language = lex.language
    entries: dict[tuple[tuple[str, ...], Kind], list[str]] = {}  # phrase and kind → its options

    def add(phrase: str, oid: str, kind: Kind) -> None:
        for words in _phrases([phrase], language):
            owners = entries.setdefault((words, kind), [])
            if oid not in owners:
                owners.append(oid)

    for o in q.options:
        add(o.id, o.id, "name")
        if language == "en":
            for name in _label_names(o.label):
                add(name, o.id, "name")
            for s in o.synonyms:
                add(s, o.id, "name")
            for c in o.cues:
                add(c, o.id, "cue")
            for h in o.hints:
                add(h, o.id, "hint")
            for n in o.negated:
                add(n, o.id, "negated")
            continue
        # Another language: its own words for the option, and the English names that are names in
        # every language ("AMISOM", "UNAMID").
        own = lex.options.get(q.id, {}).get(o.id, {})
        for name in _label_names(str(own["label"])) if own.get("label") else ():
            add(name, o.id, "name")
        for key, kind in _KINDS:
            for phrase in own.get(key, ()):
                add(phrase, o.id, kind)
        for key, kind in _KINDS:
            for phrase in getattr(o, key):
                if _proper(phrase):
                    add(phrase, o.id, kind)
    # The options a plain yes or no answers: those called so, or listing "yes"/"no" as a synonym.
    polar: dict[str, str] = {}
    for o in q.options:
        for word in ("yes", "no"):
            if o.id == word or word in (s.lower() for s in o.synonyms):
                polar.setdefault(word, o.id)
    for word, said, likely in (("yes", lex.yes, lex.likely_yes), ("no", lex.no, lex.likely_no)):
        if word not in polar:
            continue
        for words in said:
            entries.setdefault((words, "answer"), [polar[word]])
        for words in likely:
            entries.setdefault((words, "cue"), [polar[word]])
    for words in lex.unknown:
        entries.setdefault((words, "name"), [UNKNOWN])
    exact: dict[tuple[str, ...], tuple[str, ...]] = {}
    starts: dict[str, list[_Entry]] = {}
    stems: set[str] = set()
    for (words, kind), owners in entries.items():
        entry = _Entry(words, tuple(owners), kind)
        if kind in ("name", "answer"):
            exact.setdefault(words, entry.options)
        starts.setdefault(words[0], []).append(entry)
        stems.update(w for w in words if len(w) > 3)
    for group in starts.values():
        group.sort(key=lambda e: -len(e.words))
    return _Vocabulary(q, exact, starts, lex.no, stems, lex)
