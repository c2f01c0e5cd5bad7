"""What people type, matched to the vocabulary: questions, options, training cases, models, flags.

One matcher serves typed answers, the question and option of `set`, `change` and `what if`,
answers files, and the command line's case, model and flag names. It matches in tiers, and a
looser tier is tried only when the stricter ones found nothing:

1. exact: a number, an id, a label or a synonym (case, punctuation and `_`/`-` ignored);
2. phrase: the text holds one option's label or synonym ("OCHA left last year"), or starts
   with one before a comma, or with yes or no ("no, they are all in the process"), and none
   of its other words belongs to another option ("another mission in the same country" is not
   "same country");
3. words: every option word the text holds belongs to one same option ("Liberia only"), and
   the text says no "not": "not hostile" never counts as "hostile".

Nothing is guessed beyond that: a miss gets "did you mean …?" with the closest one or two
names (rapidfuzz), never an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Question

UNKNOWN_WORDS = ("unknown", "don't know", "dont know", "do not know", "not sure", "no idea", "unsure", "n/a")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "as",
        "from",
        "and",
        "or",
        "there",
        "they",
        "we",
        "i",
        "you",
        "he",
        "she",
        "our",
        "their",
        "so",
        "like",
    ]
)
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nothing",
        "without",
        "cannot",
        "can't",
        "cant",
        "don't",
        "dont",
        "isn't",
        "isnt",
        "aren't",
        "arent",
        "n't",
    ]
)

EXACT, PHRASE, WORDS = 1, 2, 3


def norm(text: str) -> str:
    """Lower case, apostrophes unified, `_` and `-` as spaces, punctuation dropped."""
    text = text.lower().replace("’", "'").replace("_", " ").replace("-", " ")
    return " ".join(re.sub(r"[^\w'?/ ]+", " ", text).split())


def plain(text: str) -> str:
    """``norm`` without possessives and question marks: "OCHA's presence?" → "ocha presence"."""
    text = norm(text).replace("'s", "").replace("'", "").replace("?", " ")
    return " ".join(text.split())


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def words(text: str) -> set[str]:
    """The content words of a text, lightly stemmed ("NGOs" → "ngo"), without small words."""
    return {_stem(w) for w in plain(text).replace("/", " ").split() if w not in STOPWORDS}


def _negated(text: str) -> bool:
    t = norm(text)
    return bool(set(t.split()) & NEGATIONS) or "n't" in t


def suggest(text: str, names: Iterable[str], limit: int = 2, cutoff: float = 75) -> list[str]:
    """The one or two names closest to ``text``: none when nothing is close, the second only
    when it is nearly as close as the first."""
    choices = list(dict.fromkeys(n for n in names if n))
    if not text.strip() or not choices:
        return []
    # WRatio also scores a text found inside a longer name, which short texts do by chance
    # ("set" in "Military assets"): those are compared whole.
    scorer = fuzz.WRatio if len(text.strip()) > 4 else fuzz.ratio
    hits = process.extract(
        text, choices, scorer=scorer, processor=utils.default_process, limit=limit * 2, score_cutoff=cutoff
    )
    best = hits[0][1] if hits else 0
    return [name for name, score, _ in hits if score >= best - 8][:limit]


def did_you_mean(options: list[str]) -> str:
    """ " Did you mean X?" / " Did you mean X or Y?", or "" when there is nothing to offer."""
    if not options:
        return ""
    return f" Did you mean {' or '.join(options)}?"


# --- options ------------------------------------------------------------------------------------


def _table(q: Question) -> dict[str, str]:
    """Every name of every option (and of unknown), normalized, to the option id."""
    table: dict[str, str] = {}
    for o in q.options:
        for name in (o.id, o.label, *o.synonyms):
            table.setdefault(norm(name), o.id)
    for name in UNKNOWN_WORDS:
        table.setdefault(norm(name) or name, UNKNOWN)
    return table


def option_named(q: Question, text: str) -> str | None:
    """The option whose id, label or synonym ``text`` is (no numbers, no phrases): what an
    answers file may hold."""
    return _table(q).get(norm(text)) if text.strip() else None


def _has(phrase: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _owners(table: dict[str, str]) -> dict[str, set[str]]:
    """Each word of the options' names, to the options whose names hold it (names that say
    "not" or "no" left out: "not hostile" does not make "hostile" a word of Low)."""
    owners: dict[str, set[str]] = {}
    for name, oid in table.items():
        if oid == UNKNOWN or _negated(name):
            continue
        for w in words(name):
            if len(w) > 3:  # "can", "pay", "gap": too small to carry an answer alone
                owners.setdefault(w, set()).add(oid)
    return owners


def _one_way(owners: dict[str, set[str]], text: str, among: set[str] | None = None) -> set[str]:
    """The options every option word of the text belongs to (all options when it has none)."""
    left = set(among) if among is not None else set().union(*owners.values())
    for w in words(text):
        if w in owners:
            left &= owners[w]
    return left


def _phrase(table: dict[str, str], t: str) -> tuple[str, str] | None:
    """(option id, the rest of the text) when the text holds one option's name."""
    found = [(w, oid) for w, oid in table.items() if len(w) > 2 and _has(w, t)]
    if found:
        hits = {oid for _, oid in found}
        longest, oid = max(found, key=lambda f: len(f[0]))
        # One name inside another ("not present" holds "present"): the longer one wins.
        if len(hits) > 1 and not all(w in longest or o == oid for w, o in found):
            return None
        rest = t
        for w, o in found:
            if o == oid:
                rest = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", " ", rest)
        return oid, rest
    # An answer first, then why: "no, they are all in the process", "yes there is one".
    head = re.split(r"[,;:(]| - ", t, maxsplit=1)[0].strip()
    if head != t and head in table:
        return table[head], t[len(head) :]
    first = t.split()[0]
    if first in ("yes", "no") and first in table:
        return table[first], t[len(first) :]
    return None


def _match_one(q: Question, text: str, exact: bool = False) -> tuple[int, str] | None:
    """(tier, option id) for one option's worth of text, or None."""
    t = norm(text)
    if not t:
        return None
    ids = [*q.option_ids, UNKNOWN]
    if t.isascii() and t.isdigit():
        n = int(t)
        return (EXACT, ids[n - 1]) if 1 <= n <= len(ids) else None
    table = _table(q)
    if t in table:
        return EXACT, table[t]
    if exact:
        return None
    owners = _owners(table)
    hit = _phrase(table, t)
    if hit is not None:
        oid, rest = hit
        # The rest must not point elsewhere: "another mission in the same country" holds "same
        # country" (this one country) but says "another mission" (a second mission); then
        # only the words can tell, if they all point one way.
        if _one_way(owners, rest, {oid}):
            return PHRASE, oid
    # Words of one option only ("Liberia only"): every option word typed must be that option's;
    # never across a negation.
    if _negated(t) or not any(w in owners for w in words(t)):
        return None
    left = _one_way(owners, t)
    return (WORDS, left.pop()) if len(left) == 1 else None


def match_option_tier(q: Question, text: str) -> tuple[int, tuple[str, ...]] | None:
    """The option(s) typed text stands for, with the loosest tier used; None for no match."""
    raw = text.strip()
    if not raw:
        return None
    if q.multi and (whole := _match_one(q, raw, exact=True)) is not None:
        return EXACT, (whole[1],)  # a whole label may itself hold "and" or a comma
    parts = [raw]
    if q.multi:
        parts = [p for p in re.split(r",|;|\band\b|\s+&\s+", raw) if p.strip()]
        if len(parts) == 1 and re.fullmatch(r"\s*\d+(\s+\d+)+\s*", raw):
            parts = raw.split()
    chosen: list[str] = []
    tier = EXACT
    for part in parts:
        hit = _match_one(q, part)
        if hit is None:
            return None
        tier = max(tier, hit[0])
        chosen.append(hit[1])
    if not chosen:
        return None
    if len(chosen) > 1 and any(c == UNKNOWN or c in q.exclusive for c in chosen):
        return None
    return tier, tuple(dict.fromkeys(chosen))


def match_option(q: Question, text: str) -> tuple[str, ...] | None:
    """The option(s) typed text stands for: a number, an id, a label, a synonym, a phrase holding
    one, or words only one option has. For multi-select questions several choices may be
    separated by commas or 'and'. None when the text names nothing (or two options of a
    single-choice question)."""
    hit = match_option_tier(q, text)
    return hit[1] if hit else None


def option_suggestions(q: Question, text: str) -> list[str]:
    """The labels of the one or two options closest to a text that matched none."""
    names: dict[str, str] = {}
    for o in q.options:
        for name in (o.label, o.id, *o.synonyms):
            names.setdefault(name, o.label)
    near = suggest(text, names)
    return list(dict.fromkeys(f"“{names[n]}”" for n in near))


# --- questions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionLookup:
    """A question found by name, or what came close."""

    question: Question | None = None
    exact: bool = False  # found by number, id or name (not by some of its words)
    ambiguous: tuple[Question, ...] = ()  # several questions have those words
    near: tuple[str, ...] = ()  # names of the closest questions, for "did you mean"

    def hint(self) -> str:
        if self.ambiguous:
            return f" Did you mean {' or '.join(q.name for q in self.ambiguous[:3])}?"
        return did_you_mean(list(self.near))


def find_question(kb: KnowledgeBase, text: str) -> QuestionLookup:
    """A question by its number, id, name, or words of its name ("ocha", "armed groups")."""
    t = plain(text)
    if not t:
        return QuestionLookup()
    if t.isascii() and t.isdigit():
        n = int(t)
        if 1 <= n <= len(kb.questions):
            return QuestionLookup(kb.questions[n - 1], exact=True)
        return QuestionLookup()
    for q in kb.questions:
        if t in (plain(q.id), plain(q.name)):
            return QuestionLookup(q, exact=True)
    typed = words(t)
    if typed:
        having = [q for q in kb.questions if typed <= words(q.id) | words(q.name)]
        if len(having) == 1:
            return QuestionLookup(having[0])
        if having:
            return QuestionLookup(ambiguous=tuple(having))
    names = {q.name: q.name for q in kb.questions} | {q.id: q.name for q in kb.questions}
    near = list(dict.fromkeys(names[n] for n in suggest(text, names)))
    return QuestionLookup(near=tuple(near))


@dataclass(frozen=True)
class Change:
    """What `set`, `change` and `what if` name: a question and its option(s); or, on a miss, the
    question whose option was not found (if any), the text that matched nothing, and a hint."""

    question: Question | None = None
    chosen: tuple[str, ...] = ()
    unmatched: str = ""
    hint: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.chosen)


def parse_change(kb: KnowledgeBase, arg: str) -> Change:
    """'QUESTION OPTION' (also 'QUESTION=OPTION', 'QUESTION to OPTION', or a phrase only one
    question's option holds, such as "OCHA left") → the question and its option(s)."""
    arg = " ".join(arg.split())
    if not arg:
        return Change()
    if "=" in arg:
        left, right = arg.split("=", 1)
        splits = [(left, right)]
    else:
        parts = arg.split()
        splits = [(" ".join(parts[:i]), " ".join(parts[i:])) for i in range(1, len(parts))]
    found: list[tuple[tuple[int, int, int], Question, tuple[str, ...]]] = []
    missed: Question | None = None
    missed_text = ""
    for left, rest in splits:
        lookup = find_question(kb, left)
        q = lookup.question
        if q is None:
            continue
        right = re.sub(r"^(?:to|as|is|are|=)\s+", "", rest.strip(), flags=re.IGNORECASE)
        hit = match_option_tier(q, right)
        if hit is None:
            # the question's words may be part of the answer's phrase ("OCHA left")
            hit = match_option_tier(q, f"{left} {right}")
        if hit is None:
            if missed is None or lookup.exact:
                missed, missed_text = q, right
            continue
        found.append(((0 if lookup.exact else 1, hit[0], -len(left)), q, hit[1]))
    if found:
        _, q, chosen = min(found, key=lambda f: f[0])
        return Change(q, chosen)
    # No question named: a phrase that only one question's options hold ("there were elections"),
    # unless a word looks like a misspelt question ("secrity high" is not about hostility).
    names = [n for q in kb.questions for n in (q.name, q.id)]
    misspelt = any(suggest(w, names, limit=1, cutoff=85) for w in arg.split() if len(w) > 3)
    if not misspelt and not re.fullmatch(r"[\d\s,=]+", arg):
        whole = [
            (q, hit[1])
            for q in kb.questions
            if (hit := match_option_tier(q, arg)) is not None and hit[0] <= PHRASE
        ]
        if len(whole) == 1:
            return Change(*whole[0])
    if missed is not None:
        hint = did_you_mean(option_suggestions(missed, missed_text))
        return Change(
            missed,
            unmatched=missed_text,
            hint=hint or f" Options: {', '.join([*missed.option_ids, UNKNOWN])}.",
        )
    first = arg.split("=")[0].split()
    heads = [find_question(kb, " ".join(first[:n])) for n in range(1, min(len(first), 3) + 1)]
    closest = next((h for h in heads if h.ambiguous), None) or next(
        (h for h in reversed(heads) if h.near), None
    )
    return Change(unmatched=arg, hint=closest.hint() if closest else "")


# --- names on the command line ------------------------------------------------------------------


def _exact_name(text: str, names: Mapping[str, Iterable[str]]) -> str | None:
    t = plain(text)
    for key, others in names.items():
        if t in {plain(key), *(plain(n) for n in others)}:
            return key
    return None


def find_named(text: str, names: Mapping[str, Iterable[str]], what: str) -> str:
    """The id whose id or name ``text`` is (case, punctuation and `_`/`-` ignored), or whose id
    and names hold every word of it, if only one does ("liberia" → "liberia-unmil-2008").
    ValueError with "did you mean" otherwise."""
    key = _exact_name(text, names)
    if key is not None:
        return key
    typed = words(text)
    if typed:
        having = [
            key for key, others in names.items() if typed <= words(key).union(*(words(n) for n in others))
        ]
        if len(having) == 1:
            return having[0]
        if having:
            raise ValueError(f"'{text}' could be several {what}s: {', '.join(having)}")
    choices = {key: key for key in names} | {n: key for key, others in names.items() for n in others}
    near = list(dict.fromkeys(choices[n] for n in suggest(text, choices)))
    if near:
        raise ValueError(f"no {what} '{text}'.{did_you_mean([repr(n) for n in near])}")
    raise ValueError(f"no {what} '{text}' ({what}s: {', '.join(names)})")


def find_many(text: str, names: Mapping[str, Iterable[str]], what: str) -> list[str]:
    """Comma-separated ids or names; a name that itself holds a comma is still one name."""
    pieces = [p.strip() for p in text.split(",") if p.strip()]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i + 1, -1):  # a name holding commas: the longest run first
            key = _exact_name(", ".join(pieces[i:j]), names)
            if key is not None:
                out.append(key)
                i = j
                break
        else:
            out.append(find_named(pieces[i], names, what))
            i += 1
    return list(dict.fromkeys(out))
