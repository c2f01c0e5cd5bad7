"""Reading what an officer types as an answer: record, confirm or ask.

One step serves every place an answer is typed: the chat, `set`, `change` and `what if`,
training, answers files and `integration-assistant understand`. For a question and a text it
returns one of three outcomes:

- ``record``: the text names an option exactly (its number, id, label or a listed synonym),
  alone or with words that change nothing ("yes, definitely"), or as the head of a longer
  answer whose details all agree ("no, they are not considering military assets");
- ``confirm``: the words point to one option by inference (a cue such as "AMISOM", a negated
  opposite such as "not hostile at all", a typo, a hedge such as "mostly yes"): nothing is
  recorded until the officer accepts the reading;
- ``ask``: the words fit several options, contradict themselves or name none: nothing is
  recorded, and the options that fit are offered.

Negation is read by scope, as NegEx reads clinical notes: a trigger ("not", "never", "no
longer", "without", "n't"…) negates the words after it to the end of its clause, a post-trigger
("… pulled out", "… closed") the words before it, and a terminator ("but", "just", a comma)
closes the scope. A cue inside a negated scope never counts for its own option: on a yes/no
question it counts for the other answer, on a graded one for its neighbour ("not very"), its
far side ("not … at all") or the rest of the scale. The words are data: the lexicon in
dialogues/understanding.yaml, and each option's synonyms, cues and negated forms in
dialogues/questions.yaml.

Typed French is read by the same steps (``language="fr"``, chosen by the caller; English is the
default): the lexicon and the options' French words are in dialogues/fr/understanding.yaml.
Accents are optional (both sides folded), elisions are read whole ("n'est" as "ne est"), and
"ne … pas" is a framed negation: "ne" opens a scope over the verb and what it governs when a
closer ("pas", "plus", "jamais", "aucun"…) follows in the clause, and not when the frame is
restrictive ("ne … que": only). A misspelt French word is corrected only towards the options'
French words, never when it is a French word (pyspellchecker's French list), and always confirmed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from rapidfuzz.distance import DamerauLevenshtein

from ..errors import InputError
from ..knowledge.schema import UNKNOWN, LanguageLexicon, Lexicon, Question

Outcome = Literal["record", "confirm", "ask"]
# How a recorded answer was understood: named exactly; inferred and confirmed by the officer;
# picked from the list; inferred and accepted without a person's confirmation (an answers file
# read with --accept-inferred).
How = Literal["exact", "confirmed", "picked", "inferred"]
HOW_WORDS: dict[str, str] = {
    "exact": "as typed",
    "confirmed": "confirmed",
    "picked": "picked from the list",
    "inferred": "inferred, not confirmed",
}


@dataclass(frozen=True)
class Said:
    """What the officer typed for an answer, exactly, and how it was understood."""

    text: str
    how: How


@dataclass(frozen=True)
class Understanding:
    """What a typed text says to one question."""

    question: str
    text: str
    outcome: Outcome
    options: tuple[str, ...]  # the reading (record, confirm); () with ask
    candidates: tuple[str, ...]  # the options that fit: the reading itself, or those to offer
    reading: str  # one line: why


def said_words(said: Said | None) -> str:
    """The words shown beside an answer: 'you typed: “…”; confirmed', or '' for none.

    A pick from the list shows 'picked from the list'; words typed are shown as typed."""
    if said is None:
        return ""
    if said.how == "picked" or not said.text.strip():
        return HOW_WORDS["picked"] if said.how == "picked" else ""
    tail = "" if said.how == "exact" else f"; {HOW_WORDS[said.how]}"
    return f"you typed: “{said.text}”{tail}"


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


# --- reading -------------------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    entry: _Entry
    negated: bool = False
    intensified: bool = False
    totalized: bool = False
    trigger: str = ""
    trigger_shown: str = ""  # the trigger as typed


@dataclass
class _Analysis:
    mentions: list[_Mention]
    hedges: list[str]
    toks: list[str]
    surface: list[str]  # the words as typed, one for each of ``toks``
    open_ended: bool = False  # a negation whose object is left unsaid
    contrast: int | None = None  # where a contrast ("but", "except") stands
    undecided: bool = False  # words that leave the answer open ("it depends")

    def said(self, m: _Mention) -> str:
        """A mention's words, as typed."""
        return _joined(self.surface[m.start : m.end])

    def qualified(self) -> bool:
        """Whether a contrast is followed by words that name no option: "yes, but only with
        outside help" is not a plain yes."""
        if self.contrast is None:
            return False
        after = [m for m in self.mentions if m.start > self.contrast]
        rest = [t for t in self.toks[self.contrast + 1 :] if t != BREAK]
        return not after and len(rest) >= 2


def _mentions(v: _Vocabulary, toks: list[str]) -> list[_Mention]:
    found: list[_Mention] = []
    lex = v.lex
    # A phrase does not start inside a pseudo-negation, nor at its start unless it holds all of
    # it: in "non seulement les casques bleus" neither "non" nor "seulement les casques bleus" is
    # said; "not sure" is.
    inside: dict[int, int] = {}  # where a phrase may start → its least length
    for k in range(len(toks)):
        if n := _at(toks, k, lex.pseudo):
            inside.setdefault(k, n)
            for j in range(k + 1, k + n):
                inside[j] = len(toks) + 1
    i = 0
    while i < len(toks):
        for e in v.starts.get(toks[i], ()):
            n = len(e.words)
            if tuple(toks[i : i + n]) != e.words or n < inside.get(i, 0):
                continue
            # "no" is an answer before a clause mark or a conjunction ("no, …", "I'd say no", "yes
            # and no"); before any other word it negates that word ("no NATO"). A "no" that
            # negates nothing (French "non": "non aucun groupe …") is an answer wherever it stands.
            if (
                e.words in v.no_words
                and e.words in lex.pre
                and i + n < len(toks)
                and toks[i + n] != BREAK
                and toks[i + n] not in lex.joins
            ):
                continue
            found.append(_Mention(i, i + n, e))
            i += n
            break
        else:
            i += 1
    return found


def _clause_end(toks: list[str], i: int, lex: _Lexicon, limit: int = 8) -> int:
    j = i
    while j < len(toks) and j - i < limit:
        if toks[j] == BREAK or _at(toks, j, lex.terminators):
            break
        j += 1
    return j


def _clause_start(toks: list[str], i: int, lex: _Lexicon, limit: int = 8) -> int:
    j = i
    while j > 0 and i - j < limit:
        if toks[j - 1] == BREAK or _at(toks, j - 1, lex.terminators):
            break
        j -= 1
    return j


def _frame(free: list[str], toks: list[str], i: int, lex: _Lexicon, limit: int = 6) -> int | None:
    """Where the word that completes a framed negation opened at ``i`` stands ("ne … pas": the
    "pas"), or None when there is none in the clause, or the frame only restricts ("ne … que":
    only; "il n'y a pas que", "ce n'est pas seulement": not only)."""
    j = i + 1
    while j < len(toks) and j - i <= limit and toks[j] != BREAK:
        if toks[j] in lex.restrictive:
            return None
        if free[j] in lex.closers:
            # "il n'y a pas que les casques bleus" (not only), but "je ne pense pas que ce soit
            # stable" (a negation): only a verb that is an auxiliary makes "pas que" "not only".
            after = toks[j + 1] if j + 1 < len(toks) else ""
            only = after in lex.restrictive or _at(toks, j, lex.pseudo)
            return None if only and all(t in lex.auxiliaries for t in toks[i + 1 : j]) else j
        if _at(toks, j, lex.terminators):
            return None
        j += 1
    return None


def _analyse(v: _Vocabulary, toks: list[str], surface: list[str]) -> _Analysis:
    lex = v.lex
    mentions = _mentions(v, toks)
    covered = [False] * len(toks)
    for m in mentions:
        for k in range(m.start, m.end):
            covered[k] = True
    free = [t if not covered[k] else "\0" for k, t in enumerate(toks)]
    hedges: list[str] = []
    open_ended = False  # a negation whose object is left unsaid ("the donors did not")
    scopes: list[tuple[int, int, str, str, str]] = []  # (from, to, trigger, as typed, "pre"/"post")
    i = 0
    while i < len(free):
        if free[i] in ("\0", BREAK):
            i += 1
            continue
        if n := _at(free, i, lex.pseudo):
            i += n
            continue
        if free[i] in lex.frames and not _at(free, i, lex.post):
            # "ne … pas": the scope runs from the verb after "ne" to the end of the clause, the
            # closing word ("pas", "plus", "jamais", "aucun"…) inside it.
            close = _frame(free, toks, i, lex)
            if close is None:
                i += 1
                continue
            k = i + 1
            while k < len(free) and (free[k] in lex.auxiliaries or free[k] in lex.closers):
                k += 1
            if k < len(free) and (cancel := _at(free, k, lex.post)):
                i = k + cancel  # "n'a jamais quitté", "n'a pas fermé": the two cancel out
                continue
            end = _clause_end(toks, close + 1, lex)
            if end == close + 1 and i > 0 and all(free[k] in lex.auxiliaries for k in range(i + 1, close)):
                open_ended = True  # "OCHA n'est pas": negated, but what?
            trigger = f"{toks[i]} {toks[close]}"
            shown = f"{surface[i]} … {surface[close]}"
            scopes.append((i + 1, end, trigger, shown, "pre"))
            i = close + 1
            continue
        if n := _at(free, i, lex.both):
            shown = _joined(surface[i : i + n])
            trigger = " ".join(toks[i : i + n])
            scopes.append((_clause_start(toks, i, lex), i, trigger, shown, "post"))
            scopes.append((i + n, _clause_end(toks, i + n, lex), trigger, shown, "pre"))
            i += n
            continue
        n = _at(free, i, lex.pre)
        if n and n >= _at(free, i, lex.post):
            after = i + n
            k = after
            while k < len(free) and free[k] in lex.auxiliaries:
                k += 1
            if k < len(free) and (cancel := _at(free, k, lex.post)):
                i = k + cancel  # "never left", "has not pulled out": the two cancel out
                continue
            end = _clause_end(toks, after, lex)
            if end == after and i > 0:
                open_ended = True
            scopes.append((after, end, " ".join(toks[i:after]), _joined(surface[i:after]), "pre"))
            i = after
            continue
        if n := _at(free, i, lex.post):
            scopes.append(
                (
                    _clause_start(toks, i, lex),
                    i,
                    " ".join(toks[i : i + n]),
                    _joined(surface[i : i + n]),
                    "post",
                )
            )
            i += n
            continue
        if n := _at(free, i, lex.hedges):
            hedges.append(_joined(surface[i : i + n]))
            i += n
            continue
        i += 1
    for m in mentions:
        for lo, hi, trigger, shown, side in scopes:
            inside = lo <= m.start < hi if side == "pre" else lo <= m.start and m.end <= hi
            # A phrase that holds its own negation ("no insurgents", "not in the process") is
            # read as it stands after it: "no insurgents left" is no insurgency; so is a yes or a
            # no ("oui plusieurs factions refusent l'accord").
            if not inside or (
                side == "post"
                and (
                    m.entry.kind in ("negated", "answer")
                    or m.entry.words in lex.yes
                    or m.entry.words in lex.no
                    or any(_at(m.entry.words, k, lex.pre) for k in range(len(m.entry.words)))
                )
            ):
                continue
            m.negated, m.trigger, m.trigger_shown = True, trigger, shown
            gap = toks[lo : m.start] if side == "pre" else []
            words = [*gap, m.entry.words[0]]
            m.intensified = any(_at(words, k, lex.intensifiers) for k in range(len(words))) or (
                tuple(trigger.split()) in lex.weak
            )
            tail = toks[m.end : min(len(toks), m.end + 4)]
            m.totalized = any(_at(gap, k, lex.totalizers) for k in range(len(gap))) or any(
                _at(tail, k, lex.totalizers) for k in range(len(tail))
            )
            break
    # A contrast inside a phrase of the options is part of it ("consulted but not leading").
    contrast = next((k for k in range(len(toks)) if _at(free, k, lex.contrasts)), None)
    undecided = any(_at(toks, k, lex.undecided) for k in range(len(toks)))
    return _Analysis(mentions, hedges, toks, surface, open_ended, contrast, undecided)


def _negated_reading(q: Question, m: _Mention) -> tuple[set[str] | None, str]:
    """What a negated option leaves: the options it points to (None: only that one is excluded),
    and how, in words."""
    oid = m.entry.options[0]
    ids = q.option_ids
    if oid == UNKNOWN:
        return None, ""
    if q.scale:
        i = q.scale.index(oid)
        last = len(q.scale) - 1
        if m.totalized:
            far = {q.scale[last]} if i == 0 else {q.scale[0]} if i == last else {q.scale[0], q.scale[last]}
            return far, "the far side of the scale"
        if m.intensified:
            near = {q.scale[k] for k in (i - 1, i + 1) if 0 <= k <= last}
            return near, "the step next to it"
        return {o for o in q.scale if o != oid}, "the rest of the scale"
    if len(ids) == 2 and not q.multi:
        return {ids[1] if oid == ids[0] else ids[0]}, "the other answer"
    if q.multi:
        return None, ""
    return {o for o in ids if o != oid}, "the other options"


@dataclass
class _Verdict:
    options: tuple[str, ...]
    candidates: tuple[str, ...]
    exact_head: bool  # the first clause names the reading exactly, and the rest agrees
    why: str


def _ordered(q: Question, ids: Iterable[str]) -> tuple[str, ...]:
    s = set(ids)
    return tuple(o for o in (*q.option_ids, UNKNOWN) if o in s)


def _q(text: str) -> str:
    return f"“{text}”"


def _verdict(q: Question, v: _Vocabulary, a: _Analysis) -> _Verdict:
    label = q.label_of
    positive: dict[str, list[_Mention]] = {}
    excluded: dict[str, _Mention] = {}
    derived: list[tuple[set[str], _Mention, str]] = []
    hinted: dict[str, _Mention] = {}  # what the topic's own words lean to, not enough alone
    for m in a.mentions:
        if m.negated:
            for oid in m.entry.options:
                excluded.setdefault(oid, m)
            pointed, how = _negated_reading(q, m)
            if pointed is not None:
                derived.append((pointed, m, how))
        elif m.entry.kind == "hint":
            for oid in m.entry.options:
                hinted.setdefault(oid, m)
        else:
            for oid in m.entry.options:
                positive.setdefault(oid, []).append(m)
    every = [k for k in range(len(a.toks)) if _at(a.toks, k, v.lex.every)]
    if q.multi and every and not any(m.start <= every[0] < m.end for m in a.mentions):
        for o in q.option_ids:  # "all of them", "everything except pay"
            if o not in q.exclusive:
                positive.setdefault(o, [])
    if not positive and not excluded:
        if hinted:  # "the rebels laid down their arms": about the topic, not an answer
            m = next(iter(hinted.values()))
            return _Verdict(
                (),
                _ordered(q, q.option_ids),
                False,
                f"{_q(a.said(m))} is about {q.name}, but does not answer it",
            )
        return _Verdict((), (), False, "it names none of the options")
    # What is both named and negated; "everything except pay" names nothing itself.
    clash = ({o for o, said in positive.items() if said} | set(hinted)) & set(excluded)
    if clash:
        said = {o: positive[o][0] if positive.get(o) else hinted[o] for o in clash}
        oid = min(clash, key=lambda o: said[o].start)
        m = excluded[oid]
        return _Verdict(
            (),
            _ordered(q, set(positive) | {o for d in derived for o in d[0]}),
            False,
            f"it says {_q(a.said(said[oid]))} and negates {_q(a.said(m))}: both about {label(oid)}",
        )
    pointed = set.intersection(*(d[0] for d in derived)) if derived else None
    if q.multi:
        alone = [o for o in positive if o in q.exclusive]
        excepted = [o for o, m in excluded.items() if tuple(m.trigger.split()) in v.lex.excepts]
        if alone and excepted:  # "none, apart from the salary gap": what is excepted is chosen
            positive = {o: [excluded.pop(o)] for o in excepted}
        chosen = set(positive) - set(excluded)
        if not chosen:
            left = _ordered(q, set(q.option_ids) - set(excluded))
            return _Verdict(
                (), left, False, f"it rules out {', '.join(label(o) for o in excluded)} but names none"
            )
        alone = [o for o in chosen if o == UNKNOWN or o in q.exclusive]
        if alone and len(chosen) > 1:
            return _Verdict((), _ordered(q, chosen), False, f"{label(alone[0])} cannot go with other options")
        options = _ordered(q, chosen)
        why = f"it names {', '.join(label(o) for o in options)}"
        if excluded:
            why += f", and rules out {', '.join(label(o) for o in _ordered(q, excluded))}"
        return _Verdict(options, options, _head_exact(v, a, options), why)
    if len(positive) > 1:
        return _Verdict((), _ordered(q, positive), False, f"it fits {_or(q, positive)}")
    if positive:
        oid = next(iter(positive))
        if pointed is not None and oid not in pointed and not q.scale:
            m = derived[0][1]
            return _Verdict(
                (),
                _ordered(q, {oid} | pointed),
                False,
                f"it names {label(oid)} but negates {_q(a.said(m))}, which points to {_or(q, pointed)}",
            )
        m = positive[oid][0]
        why = _because(q, a.said(m), m, oid)
        if derived:
            why += f", and {_q(a.said(derived[0][1]))} is negated"
        return _Verdict((oid,), (oid,), _head_exact(v, a, (oid,)), why)
    # Only negations: what they leave.
    assert pointed is not None or not derived
    if not derived:
        left = _ordered(q, set(q.option_ids) - set(excluded))
        return _Verdict((), left, False, f"it rules out {_or(q, excluded)}, which leaves {_or(q, left)}")
    if not pointed:
        return _Verdict(
            (), _ordered(q, {o for d in derived for o in d[0]}), False, "its negations contradict each other"
        )
    pointed -= set(excluded)
    m, how = derived[0][1], derived[0][2]
    negated = f"{_q(a.said(m))} ({label(m.entry.options[0])}) is negated by {_q(m.trigger_shown)}"
    if len(pointed) == 1:
        oid = next(iter(pointed))
        return _Verdict((oid,), (oid,), False, f"{negated}, which leaves {how}: {label(oid)}")
    return _Verdict((), _ordered(q, pointed), False, f"{negated}, which leaves {how}: {_or(q, pointed)}")


def _because(q: Question, said: str, m: _Mention, oid: str) -> str:
    kind = m.entry.kind
    if kind == "cue":
        return f"{_q(said)} points to {q.label_of(oid)}"
    if kind == "negated":
        return f"{_q(said)} reads as {q.label_of(oid)}"
    return f"{_q(said)} names {q.label_of(oid)}"


def _or(q: Question, ids: Iterable[str]) -> str:
    labels = [q.label_of(o) for o in _ordered(q, ids)]
    return " or ".join(labels) if len(labels) < 3 else ", ".join(labels[:-1]) + " or " + labels[-1]


def _strip(toks: list[str], group: set[tuple[str, ...]]) -> list[str]:
    """``toks`` without the phrases of ``group`` (and clause marks) at either end."""
    t = list(toks)
    changed = True
    while changed and t:
        changed = False
        if t[0] == BREAK:
            t.pop(0)
            changed = True
        elif (n := _at(t, 0, group)) and n < len(t):
            del t[:n]
            changed = True
        if t and t[-1] == BREAK:
            t.pop()
            changed = True
        elif t:
            for n in range(min(5, len(t) - 1), 0, -1):
                if tuple(t[-n:]) in group:
                    del t[-n:]
                    changed = True
                    break
    return t


def _head_exact(v: _Vocabulary, a: _Analysis, options: tuple[str, ...]) -> bool:
    """Whether the first clause, fillers aside, names the reading exactly ("no, …")."""
    toks = a.toks
    end = toks.index(BREAK) if BREAK in toks else len(toks)
    head = _strip(toks[:end], v.lex.fillers)
    return bool(head) and v.exact.get(tuple(head)) == options and end < len(toks)


def _exact(v: _Vocabulary, q: Question, toks: list[str]) -> tuple[str, ...] | None:
    """The option(s) the whole text names, fillers aside; for a multi-select question, each of
    its parts ("budgets, vehicle rules")."""
    lex = v.lex
    whole = tuple(_strip(toks, lex.fillers))
    if whole in v.exact:
        return v.exact[whole]
    if tuple(toks) in v.exact:
        return v.exact[tuple(toks)]
    if not q.multi:
        return None
    parts: list[list[str]] = [[]]
    for t in toks:
        if t == BREAK or t in lex.parts:
            parts.append([])
        else:
            parts[-1].append(t)
    chosen: list[str] = []
    ids = [*q.option_ids, UNKNOWN]
    for part in parts:
        if not part:
            continue
        words = tuple(_strip(part, lex.fillers))
        if len(words) == 1 and words[0].isascii() and words[0].isdigit() and 1 <= int(words[0]) <= len(ids):
            hit: tuple[str, ...] | None = (ids[int(words[0]) - 1],)
        else:
            hit = v.exact.get(words)
        if hit is None or len(hit) != 1:
            return None
        chosen.append(hit[0])
    return _ordered(q, chosen) if chosen else None


def _numbers(q: Question, toks: list[str], lex: _Lexicon) -> tuple[str, ...] | Literal[False] | None:
    """Options by number ("2", "1 and 3"); False when numbers are typed but name none."""
    words = [t for t in toks if t != BREAK and t not in lex.parts | {"&"}]
    if not words or not all(t.isascii() and t.isdigit() for t in words):
        return None
    ids = [*q.option_ids, UNKNOWN]
    picked = [int(t) for t in words]
    if any(not 1 <= n <= len(ids) for n in picked) or (len(picked) > 1 and not q.multi):
        return False
    chosen = [ids[n - 1] for n in picked]
    if len(chosen) > 1 and any(c == UNKNOWN or c in q.exclusive for c in chosen):
        return False
    return _ordered(q, chosen)


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


_KNOWN: dict[tuple[int, str], tuple[Sequence[Question], frozenset[str]]] = {}


def _known(questions: Sequence[Question], lex: _Lexicon) -> frozenset[str]:
    """Every word the questions and the lexicon use: a word among them is no typo."""
    key = (id(questions), lex.language)
    hit = _KNOWN.get(key)
    if hit is None or hit[0] is not questions:
        words: set[str] = set(lex.words)
        for q in questions:
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
        hit = _KNOWN[key] = (questions, frozenset(words))
    return hit[1]


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


def understand(
    q: Question, text: str, others: Sequence[Question] = (), language: str = "en"
) -> Understanding:
    """What ``text`` says to question ``q``: record, confirm or ask (see the module's doc).

    ``others``: the other questions, so that an answer to one of them is told apart from an
    answer to this one ("the mission is multidimensional" asked about the mission's phase).
    ``language``: the language the text is read in, as the session chooses it ("en", "fr"): its
    lexicon and its words for the options; the reading itself is written in English."""

    def out(
        outcome: Outcome, options: Iterable[str], candidates: Iterable[str], reading: str
    ) -> Understanding:
        return Understanding(q.id, text, outcome, tuple(options), tuple(candidates), reading)

    lex = lexicon(language)
    words = _words(text, language)
    toks, surface = [w for w, _ in words], [typed for _, typed in words]
    if not toks:
        return out("ask", (), (), "nothing was typed")
    v = _vocabulary(q, lex)
    numbered = _numbers(q, toks, lex)
    if numbered is False:
        n = len(q.options) + 1
        return out("ask", (), (), f"the options are numbered 1 to {n}{'' if q.multi else ', one of them'}")
    if numbered:
        return out("record", numbered, numbered, f"{_q(text.strip())} is the number of {_or(q, numbered)}")
    exact = _exact(v, q, toks)
    if exact is not None:
        if len(exact) > 1 and not q.multi:
            return out("ask", (), exact, f"{_q(text.strip())} names {_or(q, exact)}")
        alone = [o for o in exact if o == UNKNOWN or o in q.exclusive]
        if alone and len(exact) > 1:
            return out("ask", (), exact, f"{q.label_of(alone[0])} cannot go with other options")
        return out(
            "record", exact, exact, f"{_q(text.strip())} names {', '.join(q.label_of(o) for o in exact)}"
        )

    # A correction keeps the words after it; a misspelt word is read as the word it nearly is.
    # Either way the reading is the assistant's, and is confirmed.
    notes: list[str] = []
    fix = _corrected(toks, lex)
    if fix is not None:
        start, marker = fix
        notes.append(f"the words after {_q(_joined(surface[marker:start]).rstrip(' ,'))} count")
        toks, surface = toks[start:], surface[start:]
    fixed_toks, fixed = _typos(v, toks, surface, others)
    if fixed:
        toks = fixed_toks
        notes.append("read " + ", ".join(f"{_q(surface[k])} as {_q(b)}" for k, b in fixed))
    if notes and (again := _exact(v, q, toks)) is not None and (len(again) == 1 or q.multi):
        labels = ", ".join(q.label_of(o) for o in again)
        return out("confirm", again, again, f"{'; '.join(notes)}: they name {labels}")
    analysis = _analyse(v, toks, surface)
    verdict = _verdict(q, v, analysis)
    why = "; ".join([*notes, verdict.why])
    if not verdict.options:
        if not analysis.mentions:
            for other in others:
                if other.id == q.id:
                    continue
                named = [
                    m
                    for m in _mentions(_vocabulary(other, lex), toks)
                    if m.entry.kind == "name"
                    and (len(m.entry.words) > 1 or m.entry.words[0] not in lex.words)
                    and m.entry.options != (UNKNOWN,)
                    and m.entry.words not in lex.yes | lex.no
                ]
                if named:
                    return out("ask", (), (), f"{_q(text.strip())} answers {other.name}, not {q.name}")
        return out("ask", (), verdict.candidates, why)
    # What leaves the reading open: the officer is asked, with the reading among what fits.
    offer = set(verdict.options)
    if q.scale and len(verdict.options) == 1 and verdict.options[0] in q.scale:
        i = q.scale.index(verdict.options[0])
        offer |= {q.scale[k] for k in (i - 1, i + 1) if 0 <= k < len(q.scale)}
    if "?" in text:  # "elections? don't make me laugh": a question back, or irony
        return out("ask", (), _ordered(q, offer), f"{_q(text.strip())} holds a question, not only an answer")
    if analysis.undecided:
        return out("ask", (), _ordered(q, offer), f"{why}, but the words leave it open")
    if analysis.open_ended:
        return out("ask", (), _ordered(q, offer), f"{why}, but a negation there has no object")
    if analysis.qualified():
        contrast = analysis.toks[analysis.contrast or 0]
        return out("ask", (), _ordered(q, offer), f"{why}, but {_q(contrast)} qualifies it")
    if verdict.exact_head and not analysis.hedges and not notes and analysis.contrast is None:
        return out("record", verdict.options, verdict.options, why)
    if analysis.hedges:
        why += f" (hedged: {_q(analysis.hedges[0])})"
    return out("confirm", verdict.options, verdict.options, why)
