"""Typed words as the understanding step reads them: tokens, stems, folded accents, and the
lexicon of negations, hedges and fillers compiled for a language (see :mod:`.understand`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import InputError
from ..knowledge.schema import LanguageLexicon, Lexicon

# --- words ---------------------------------------------------------------------------------------

BREAK = ","  # every clause mark becomes this token
_CONTRACTIONS = (
    (re.compile(r"\b(?:can't|cannot|cant)\b", re.IGNORECASE), "can not"),
    (re.compile(r"\bwon't\b", re.IGNORECASE), "will not"),
    (re.compile(r"\bain't\b", re.IGNORECASE), "is not"),
    (
        re.compile(
            r"\b(is|are|was|were|do|does|did|has|have|had|could|would|should|must|need)nt\b", re.IGNORECASE
        ),
        r"\1 not",
    ),
    (re.compile(r"n't\b", re.IGNORECASE), " not"),
)
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[,;:.!?()\[\]]|\s-\s|[—–]")


def stem(word: str) -> str:
    """A word as phrases are compared: no possessive, a plural's "s" taken off ("forces")."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def tokens(text: str, language: str = "en") -> list[str]:
    """Lower-case word stems, contractions spelt out, every clause mark as ``BREAK``."""
    return [stemmed for stemmed, _ in _words(text, language)]


# French: an elided word is read whole ("l'OCHA" as "le OCHA", "n'est" as "ne est", "qu'il" as
# "que il"); accents are optional ("securite" is "sécurité"): both sides are folded.
_FR_TOKEN = re.compile(r"[^\W_]+'|[^\W_]+|[,;:.!?()\[\]«»]|\s-\s|[—–]")
_FR_ELIDED = {
    "l": "le",
    "d": "de",
    "n": "ne",
    "qu": "que",
    "j": "je",
    "s": "se",
    "c": "ce",
    "m": "me",
    "t": "te",
    "jusqu": "jusque",
    "lorsqu": "lorsque",
    "puisqu": "puisque",
    "quoiqu": "quoique",
    "presqu": "presque",
}
# Elisions typed without their apostrophe, as French is typed in a hurry ("nest" for "n'est"),
# like the English contractions above.
_FR_UNAPOSTROPHED = (
    (re.compile(r"\bn(est|etait|était|ont|y|a|avait|existe)\b", re.IGNORECASE), r"n'\1"),
    (re.compile(r"\b(c|s)(est|etait|était)\b", re.IGNORECASE), r"\1'\2"),
    (re.compile(r"\bj(ai|avais)\b", re.IGNORECASE), r"j'\1"),
    (re.compile(r"\bqu(il|ils|elle|elles|on)\b", re.IGNORECASE), r"qu'\1"),
    (re.compile(r"\b(daccord|lonu|locha)\b", re.IGNORECASE), lambda m: m.group()[0] + "'" + m.group()[1:]),
    (re.compile(r"\by'?a\b", re.IGNORECASE), "il y a"),
)


def fold(word: str) -> str:
    """A French word without its accents, ligatures spelt out: "sécurité" → "securite"."""
    word = word.replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def stem_fr(word: str) -> str:
    """A French word as phrases are compared: elision spelt out, accents folded, a plural's "s"
    taken off ("hostiles" → "hostile")."""
    word = fold(word)
    if word.endswith("'"):
        base = word[:-1]
        return _FR_ELIDED.get(base, base)
    word = word.strip("'")
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def _words(text: str, language: str = "en") -> list[tuple[str, str]]:
    """Each word as compared (its lower-case stem) and as typed; clause marks as ``BREAK``."""
    t = text.replace("’", "'").replace("‘", "'").replace("`", "'").replace("_", " ")
    french = language == "fr"
    for pattern, repl in _FR_UNAPOSTROPHED if french else _CONTRACTIONS:
        t = pattern.sub(repl, t)
    t = re.sub(r"(?<=\w)[-/](?=\w)", " ", t)
    out: list[tuple[str, str]] = []
    for m in (_FR_TOKEN if french else _TOKEN).finditer(t):
        tok = m.group().strip()
        if not tok[0].isalnum():
            if out and out[-1][0] != BREAK:
                out.append((BREAK, BREAK))
            continue
        out.append((stem_fr(tok.lower()) if french else stem(tok.lower()), tok))
    while out and out[-1][0] == BREAK:
        out.pop()
    return out


def _joined(words: Sequence[str]) -> str:
    """Words as typed, joined again: an elided word keeps to the next ("l'OCHA")."""
    return "".join(w if w.endswith("'") else w + " " for w in words).rstrip()


def phrase_key(text: str, language: str = "en") -> tuple[str, ...]:
    """A phrase as typed text is compared with it: its word stems, clause marks dropped."""
    return tuple(t for t in tokens(text, language) if t != BREAK)


def _phrases(items: Iterable[str], language: str = "en") -> set[tuple[str, ...]]:
    return {p for p in (tuple(t for t in tokens(i, language) if t != BREAK) for i in items) if p}


@dataclass(frozen=True)
class _Lexicon:
    pre: set[tuple[str, ...]]
    post: set[tuple[str, ...]]
    both: set[tuple[str, ...]]
    pseudo: set[tuple[str, ...]]
    terminators: set[tuple[str, ...]]
    contrasts: set[tuple[str, ...]]
    undecided: set[tuple[str, ...]]
    every: set[tuple[str, ...]]
    intensifiers: set[tuple[str, ...]]
    totalizers: set[tuple[str, ...]]
    corrections: set[tuple[str, ...]]
    hedges: set[tuple[str, ...]]
    fillers: set[tuple[str, ...]]
    yes: set[tuple[str, ...]]
    no: set[tuple[str, ...]]
    likely_yes: set[tuple[str, ...]]
    likely_no: set[tuple[str, ...]]
    accept: set[tuple[str, ...]]
    withdraw: set[tuple[str, ...]]
    unknown: set[tuple[str, ...]]
    longest: int
    language: str = "en"
    # Framed negation ("ne … pas"): the word that opens it, the words that complete it (its
    # scope runs from the opener), and those that make it restrictive instead ("ne … que": only).
    frames: frozenset[str] = frozenset()
    closers: frozenset[str] = frozenset()
    restrictive: frozenset[str] = frozenset()
    joins: frozenset[str] = frozenset(["and", "or", "but"])  # after "no", "no" is an answer
    parts: frozenset[str] = frozenset(["and", "&", "plus"])  # between the options of a list
    auxiliaries: frozenset[str] = frozenset()  # between a negation and a post-trigger: "has not left"
    weak: frozenset[tuple[str, ...]] = frozenset([("hardly",), ("barely",), ("scarcely",)])
    # A language's own answer words for each question's options: question → option → kind → phrases.
    options: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    commands: dict[str, list[str]] = field(default_factory=dict)

    @property
    def excepts(self) -> set[tuple[str, ...]]:
        """Triggers that are also contrasts: "except", "apart from"; "sauf", "à part"."""
        return self.pre & self.contrasts

    @property
    def words(self) -> set[str]:
        groups = (
            self.pre,
            self.post,
            self.both,
            self.pseudo,
            self.terminators,
            self.contrasts,
            self.undecided,
            self.every,
            self.intensifiers,
            self.totalizers,
            self.corrections,
            self.hedges,
            self.fillers,
            self.yes,
            self.no,
            self.unknown,
        )
        return {w for group in groups for p in group for w in p}


_ENGLISH_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
    ]
)


def _compile_lexicon(lex: Lexicon, language: str = "en") -> _Lexicon:
    def ph(items: Iterable[str]) -> set[tuple[str, ...]]:
        return _phrases(items, language)

    groups: dict[str, Any] = {
        "pre": ph(lex.negation.pre),
        "post": ph(lex.negation.post),
        "both": ph(lex.negation.both),
        "pseudo": ph(lex.negation.pseudo),
        "terminators": ph(lex.negation.terminators),
        "contrasts": ph(lex.contrasts),
        "undecided": ph(lex.undecided),
        "every": ph(lex.every),
        "intensifiers": ph(lex.intensifiers),
        "totalizers": ph(lex.totalizers),
        "corrections": ph(lex.corrections),
        "hedges": ph(lex.hedges),
        "fillers": ph(lex.fillers),
        "yes": ph(lex.yes),
        "no": ph(lex.no),
        "likely_yes": ph(lex.likely_yes),
        "likely_no": ph(lex.likely_no),
        "accept": ph(lex.accept),
        "withdraw": ph(lex.withdraw),
        "unknown": ph(lex.unknown),
    }
    longest = max(len(p) for g in groups.values() for p in g)
    if not isinstance(lex, LanguageLexicon):
        return _Lexicon(**groups, longest=longest, auxiliaries=_ENGLISH_AUXILIARIES)

    def words(items: Iterable[str]) -> frozenset[str]:
        return frozenset(w for p in ph(items) for w in p)

    options = {
        qid: {oid: w.model_dump(exclude_none=True) for oid, w in said.items()}
        for qid, said in lex.options.items()
    }
    return _Lexicon(
        **groups,
        longest=longest,
        language=language,
        frames=words(lex.negation.frames),
        closers=words(lex.negation.closers),
        restrictive=words(lex.negation.restrictive),
        joins=words(lex.conjunctions),
        parts=words(lex.list_joins),
        auxiliaries=words(lex.auxiliaries),
        weak=frozenset(ph(lex.weak)),
        options=options,
        commands={name: list(said) for name, said in lex.commands.items()},
    )


@cache
def lexicon(language: str = "en") -> _Lexicon:
    """The shipped lexicon of a language: dialogues/understanding.yaml for English,
    dialogues/<language>/understanding.yaml for another, loaded with the shipped knowledge."""
    from ..knowledge.loader import shipped_knowledge

    kb = shipped_knowledge()
    lex = kb.lexicon if language == "en" else kb.lexicons.get(language)
    if lex is None:
        where = "understanding.yaml" if language == "en" else f"{language}/understanding.yaml"
        raise InputError(f"dialogues/{where}: missing (how typed answers are read)")
    return _compile_lexicon(lex, language)


def _at(toks: Sequence[str], i: int, group: set[tuple[str, ...]], longest: int = 5) -> int:
    """The length of the longest phrase of ``group`` starting at ``toks[i]`` (0 for none)."""
    for n in range(min(longest, len(toks) - i), 0, -1):
        if tuple(toks[i : i + n]) in group:
            return n
    return 0


def is_accept(text: str, language: str = "en") -> bool:
    """Whether a reply accepts a proposed reading: "yes", "ok", "y"…; « oui », « d'accord »…"""
    return phrase_key(text, language) in lexicon(language).accept


def is_withdraw(text: str, language: str = "en") -> bool:
    """Whether a reply turns a proposed reading down: "no", "n", "wrong"…; « non », « faux »…"""
    return phrase_key(text, language) in lexicon(language).withdraw


@cache
def english() -> Container[str]:
    """The words of English (pyspellchecker's frequency list, read once, about 0.15 s): a word in
    it is no typo, whatever word of the options it is near ("holding" is not "handing")."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency.dictionary  # lower-case words


@cache
def french() -> frozenset[str]:
    """The words of French (pyspellchecker's French list), accents folded: a French word typed
    without its accents ("deja") is no typo either. Never used to correct a word, only to leave
    one alone."""
    from spellchecker import SpellChecker

    words = SpellChecker(language="fr", distance=1).word_frequency.dictionary
    return frozenset(w if w.isascii() else fold(w) for w in words)
