"""What people type, matched to the vocabulary: questions, training cases, models, flags.

Questions are found by number, id, name or words of their name; `set`, `change` and `what if`
name a question and an answer, and the answer's words are read by the understanding step
(:mod:`.understand`), as every typed answer is. The command line's case, model and flag names
are matched here too. A miss gets "did you mean …?" with the closest one or two names
(rapidfuzz), never an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from ..i18n import _
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import Question
from .understand import Understanding, understand

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
    names = options[0]
    for other in options[1:]:
        names = _("{first} or {last}").format(first=names, last=other)
    return " " + _("Did you mean {names}?").format(names=names)


# --- options ------------------------------------------------------------------------------------


def option_suggestions(q: Question, text: str) -> list[str]:
    """The labels of the one or two options closest to a text that matched none."""
    names: dict[str, str] = {}
    for o in q.options:
        for name in (o.label, o.id, *o.synonyms):
            names.setdefault(name, o.label)
    near = suggest(text, names)
    return list(dict.fromkeys(f"“{names[n]}”" for n in near))


def option_labels(q: Question) -> str:
    """A question's options as people see them in the list: “Very stable”, …, “Unknown / not sure”."""
    return ", ".join(f"“{label}”" for label in [*(o.label for o in q.options), _("Unknown / not sure")])


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
    """What `set`, `change` and `what if` name: a question and its option(s), with how the words
    were understood; or, on a miss, the question whose option was not found (if any), the text
    that matched nothing, and a hint."""

    question: Question | None = None
    chosen: tuple[str, ...] = ()
    unmatched: str = ""
    hint: str = ""
    understood: Understanding | None = None  # the reading of the option's words

    @property
    def ok(self) -> bool:
        return bool(self.chosen)

    @property
    def inferred(self) -> bool:
        """The option was inferred from the words, not named: the officer confirms it first."""
        return self.understood is not None and self.understood.outcome == "confirm"


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
    found: list[tuple[tuple[int, int, int], Question, Understanding]] = []
    missed: Question | None = None
    missed_text = ""
    missed_reading: Understanding | None = None
    for left, rest in splits:
        lookup = find_question(kb, left)
        q = lookup.question
        if q is None:
            continue
        right = re.sub(r"^(?:to|as|is|are|=)\s+", "", rest.strip(), flags=re.IGNORECASE)
        u = understand(q, right, kb.questions)
        if u.outcome == "ask" and not u.candidates:
            # the question's words may be part of the answer's phrase ("OCHA left")
            whole = understand(q, f"{left} {right}", kb.questions)
            u = whole if whole.outcome != "ask" else u
        if u.outcome == "ask":
            if missed is None or lookup.exact:
                missed, missed_text, missed_reading = q, right, u
            continue
        tier = 0 if u.outcome == "record" else 1
        found.append(((0 if lookup.exact else 1, tier, -len(left)), q, u))
    if found:
        _, q, u = min(found, key=lambda f: f[0])
        return Change(q, u.options, understood=u)
    # No question named: a phrase that only one question's options hold ("there were elections"),
    # unless a word looks like a misspelt question ("secrity high" is not about hostility).
    names = [n for q in kb.questions for n in (q.name, q.id)]
    misspelt = any(suggest(w, names, limit=1, cutoff=85) for w in arg.split() if len(w) > 3)
    if not misspelt and not re.fullmatch(r"[\d\s,=]+", arg):
        readings = [(q, r) for q in kb.questions if (r := understand(q, arg, kb.questions)).outcome != "ask"]
        if len(readings) == 1:
            q, r = readings[0]
            return Change(q, r.options, understood=r)
    if missed is not None:
        fits = [f"“{missed.label_of(o)}”" for o in missed_reading.candidates] if missed_reading else []
        hint = did_you_mean(fits or option_suggestions(missed, missed_text))
        return Change(
            missed,
            unmatched=missed_text,
            hint=hint or f" Options: {option_labels(missed)}.",
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
