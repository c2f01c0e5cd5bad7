"""Reading a typed answer against a question's vocabulary: the mentions of options, the scopes
that negate or hedge them, and the verdict (record, confirm or ask) with its one-line reason."""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import _Entry, _Vocabulary
from .words import BREAK, _at, _joined, _Lexicon

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


def _head_exact(v: _Vocabulary, a: _Analysis, options: tuple[str, ...]) -> bool:
    """Whether the first clause, fillers aside, names the reading exactly ("no, …")."""
    toks = a.toks
    end = toks.index(BREAK) if BREAK in toks else len(toks)
    head = _strip(toks[:end], v.lex.fillers)
    return bool(head) and v.exact.get(tuple(head)) == options and end < len(toks)


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
