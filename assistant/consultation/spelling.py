"""Typos in a typed answer: corrected only towards the questions' own words, never when the word
is English (or French, in French), and a corrected reading is always confirmed."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import DamerauLevenshtein

from ..knowledge.schema import Question
from .vocabulary import _Vocabulary
from .words import BREAK, _at, _Lexicon, english, fold, french, tokens


def _corrected(toks: list[str], lex: _Lexicon) -> tuple[int, int] | None:
    """Where the words after the last correction start ("full, no wait, limited" → "limited"),
    and where that correction starts."""
    last = None
    i = 0
    while i < len(toks):
        n = _at(toks, i, lex.corrections)
        if n and i > 0:
            last = (i, n)
            i += n
        else:
            i += 1
    if last is None:
        return None
    start = last[0] + last[1]
    while start < len(toks) and toks[start] == BREAK:
        start += 1
    return (start, last[0]) if start < len(toks) else None


_KNOWN: dict[tuple[tuple[int, ...], int], tuple[tuple[Question, ...], _Lexicon, frozenset[str]]] = {}


def _known(questions: Sequence[Question], lex: _Lexicon) -> frozenset[str]:
    """Every word the questions and the lexicon use: a word among them is no typo.

    Worked out once for a set of questions and a lexicon, and kept: reading a typed answer asks
    for it with every word that might be a typo. The questions are told by identity (a list of
    them is usually made afresh for each answer), and the entry is kept with the questions
    themselves, so that an id reused by a new object never reads the old one's words."""
    qs = tuple(questions)
    key = (tuple(map(id, qs)), id(lex))
    hit = _KNOWN.get(key)
    if hit is None or hit[1] is not lex or any(a is not b for a, b in zip(hit[0], qs, strict=True)):
        words: set[str] = set(lex.words)
        for q in qs:
            texts = [q.name, q.prompt, q.why, q.subject or "", q.topic]
            for o in q.options:
                texts += [o.id, o.label, o.clause or "", *o.synonyms, *o.cues, *o.negated]
            for t in texts:
                words.update(tokens(t, lex.language))
        for said in lex.options.values():
            for kinds in said.values():
                for phrases in kinds.values():
                    for t in [phrases] if isinstance(phrases, str) else phrases:
                        words.update(tokens(t, lex.language))
        if len(_KNOWN) >= 64:
            _KNOWN.clear()
        hit = _KNOWN[key] = (qs, lex, frozenset(words))
    return hit[2]


def _is_word(typed: str, language: str) -> bool:
    """Whether a typed word is a word of the language (and so no typo)."""
    return fold(typed.lower()) in french() if language == "fr" else typed.lower() in english()


def _typos(
    v: _Vocabulary, toks: list[str], surface: list[str], questions: Sequence[Question] = ()
) -> tuple[list[str], list[tuple[int, str]]]:
    """Words that are one slip (two in long words) from a word of the options, and are neither a
    word the questions use nor a word of the language: corrected ("volatle", "insurgncy")."""
    lex = v.lex
    known = v.stems | _known(questions or [v.question], lex)
    plain = {
        w for group in (lex.yes, lex.no, lex.fillers, lex.accept, lex.withdraw) for p in group for w in p
    }
    targets = (v.stems | {w for group in (lex.pre, lex.post) for p in group for w in p}) - plain
    fixed: list[tuple[int, str]] = []
    out = list(toks)
    for k, t in enumerate(toks):
        if len(t) < 3 or t == BREAK or t in known or not t.isalpha() or _is_word(surface[k], lex.language):
            continue
        if lex.language == "en" and not surface[k].isascii():
            continue  # an accented word is no English typo: "présent" is not "present" misspelt
        limit = 1 if len(t) < 7 else 2
        best = sorted(
            (d, w)
            for w in targets
            if len(w) >= 4
            and w[0] == t[0]
            and abs(len(w) - len(t)) <= limit
            and (d := DamerauLevenshtein.distance(t, w, score_cutoff=limit)) <= limit
        )
        if best and (len(best) == 1 or best[0][0] < best[1][0]):
            out[k] = best[0][1]
            fixed.append((k, best[0][1]))
    return out, fixed
