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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .. import i18n
from ..i18n import N_, _
from ..knowledge.schema import UNKNOWN, Question
from .reading import _analyse, _mentions, _strip
from .spelling import _corrected, _typos
from .verdict import _or, _ordered, _q, _verdict
from .vocabulary import _Vocabulary, _vocabulary
from .words import BREAK, _joined, _Lexicon, _words

# the words' public side, read by the chat, the check and the start screen's warm-up from here
from .words import english as english
from .words import fold as fold
from .words import french as french
from .words import is_accept as is_accept
from .words import is_withdraw as is_withdraw
from .words import lexicon as lexicon
from .words import phrase_key as phrase_key
from .words import tokens as tokens

Outcome = Literal["record", "confirm", "ask"]
# How a recorded answer was understood: named exactly; inferred and confirmed by the officer;
# picked from the list; inferred and accepted without a person's confirmation (an answers file
# read with --accept-inferred).
How = Literal["exact", "confirmed", "picked", "inferred"]
HOW_WORDS: dict[str, str] = {
    "exact": N_("as typed"),
    "confirmed": N_("confirmed"),
    "picked": N_("picked from the list"),
    "inferred": N_("inferred, not confirmed"),
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
        picked = HOW_WORDS["picked"]  # not inside _(): older Babel would take the key for a message
        return _(picked) if said.how == "picked" else ""
    if said.how == "exact":
        return _("you typed: “{text}”").format(text=said.text)
    return _("you typed: “{text}”; {how}").format(text=said.text, how=_(HOW_WORDS[said.how]))


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


def understand(
    q: Question, text: str, others: Sequence[Question] = (), language: str = "en"
) -> Understanding:
    """What ``text`` says to question ``q``: record, confirm or ask (see the module's doc).

    ``others``: the other questions, so that an answer to one of them is told apart from an
    answer to this one ("the mission is multidimensional" asked about the mission's phase).
    ``language``: the language the text is read in, as the session chooses it ("en", "fr"): its
    lexicon and its words for the options, and the language the reading is written in."""
    with i18n.using(i18n.normalize(language) or i18n.DEFAULT):
        return _understand(q, text, others, language)


def _understand(q: Question, text: str, others: Sequence[Question], language: str) -> Understanding:
    def out(
        outcome: Outcome, options: Iterable[str], candidates: Iterable[str], reading: str
    ) -> Understanding:
        return Understanding(q.id, text, outcome, tuple(options), tuple(candidates), reading)

    lex = lexicon(language)
    words = _words(text, language)
    toks, surface = [w for w, _ in words], [typed for _, typed in words]
    if not toks:
        return out("ask", (), (), _("nothing was typed"))
    v = _vocabulary(q, lex)
    numbered = _numbers(q, toks, lex)
    if numbered is False:
        n = len(q.options) + 1
        numbers = (
            _("the options are numbered 1 to {n}")
            if q.multi
            else _("the options are numbered 1 to {n}, one of them")
        )
        return out("ask", (), (), numbers.format(n=n))
    if numbered:
        return out(
            "record",
            numbered,
            numbered,
            _("{typed} is the number of {options}").format(typed=_q(text.strip()), options=_or(q, numbered)),
        )
    exact = _exact(v, q, toks)
    if exact is not None:
        if len(exact) > 1 and not q.multi:
            return out(
                "ask",
                (),
                exact,
                _("{typed} names {options}").format(typed=_q(text.strip()), options=_or(q, exact)),
            )
        alone = [o for o in exact if o == UNKNOWN or o in q.exclusive]
        if alone and len(exact) > 1:
            return out(
                "ask",
                (),
                exact,
                _("{option} cannot go with other options").format(option=q.label_of(alone[0])),
            )
        return out(
            "record",
            exact,
            exact,
            _("{typed} names {options}").format(
                typed=_q(text.strip()), options=", ".join(q.label_of(o) for o in exact)
            ),
        )

    # A correction keeps the words after it; a misspelt word is read as the word it nearly is.
    # Either way the reading is the assistant's, and is confirmed.
    notes: list[str] = []
    fix = _corrected(toks, lex)
    if fix is not None:
        start, marker = fix
        notes.append(
            _("the words after {correction} count").format(
                correction=_q(_joined(surface[marker:start]).rstrip(" ,"))
            )
        )
        toks, surface = toks[start:], surface[start:]
    fixed_toks, fixed = _typos(v, toks, surface, others)
    if fixed:
        toks = fixed_toks
        readings = ", ".join(
            _("{typed} as {word}").format(typed=_q(surface[k]), word=_q(b)) for k, b in fixed
        )
        notes.append(_("read {readings}").format(readings=readings))
    if notes and (again := _exact(v, q, toks)) is not None and (len(again) == 1 or q.multi):
        labels = ", ".join(q.label_of(o) for o in again)
        return out(
            "confirm",
            again,
            again,
            _("{notes}: they name {options}").format(notes="; ".join(notes), options=labels),
        )
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
                    return out(
                        "ask",
                        (),
                        (),
                        _("{typed} answers {other}, not {question}").format(
                            typed=_q(text.strip()), other=other.name, question=q.name
                        ),
                    )
        return out("ask", (), verdict.candidates, why)
    # What leaves the reading open: the officer is asked, with the reading among what fits.
    offer = set(verdict.options)
    if q.scale and len(verdict.options) == 1 and verdict.options[0] in q.scale:
        i = q.scale.index(verdict.options[0])
        offer |= {q.scale[k] for k in (i - 1, i + 1) if 0 <= k < len(q.scale)}
    if "?" in text:  # "elections? don't make me laugh": a question back, or irony
        return out(
            "ask",
            (),
            _ordered(q, offer),
            _("{typed} holds a question, not only an answer").format(typed=_q(text.strip())),
        )
    if analysis.undecided:
        return out("ask", (), _ordered(q, offer), _("{why}, but the words leave it open").format(why=why))
    if analysis.open_ended:
        return out(
            "ask", (), _ordered(q, offer), _("{why}, but a negation there has no object").format(why=why)
        )
    if analysis.qualified():
        contrast = analysis.toks[analysis.contrast or 0]
        return out(
            "ask",
            (),
            _ordered(q, offer),
            _("{why}, but {contrast} qualifies it").format(why=why, contrast=_q(contrast)),
        )
    if verdict.exact_head and not analysis.hedges and not notes and analysis.contrast is None:
        return out("record", verdict.options, verdict.options, why)
    if analysis.hedges:
        why = _("{why} (hedged: {hedge})").format(why=why, hedge=_q(analysis.hedges[0]))
    return out("confirm", verdict.options, verdict.options, why)
