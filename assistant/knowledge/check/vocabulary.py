"""The words an officer may type for an option: each synonym, cue and negated phrase points to
one option of its question only.

A synonym is recorded as its option without asking, a cue or a negated phrase is offered as a
reading to confirm: a phrase two options claim (or one that is another option's label or id)
would be read as one of them with no way to tell which was meant. Phrases are compared as the
understanding step compares typed text (:func:`~assistant.consultation.understand.phrase_key`:
case, punctuation, ``_`` and ``-``, plurals and contractions ignored).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...consultation.understand import phrase_key as norm
from ...i18n import N_, _
from ..schema import UNKNOWN, Lexicon, Question
from .checker import Checker
from .places import at

# Option fields that hold typed phrases, and what one of their phrases is called in a message.
PHRASES = (("synonyms", "synonym"), ("cues", "cue"), ("negated", "negated phrase"))


@dataclass(frozen=True)
class Claim:
    """An option's claim on a normalized phrase: its label, id or one of its phrases."""

    option: str
    kind: str  # "label", "id", "synonym", "cue", "negated phrase"; "word for unknown"
    text: str  # as written
    path: tuple[str | int, ...] = ()  # under the question, for file:line


def _names(q: Question, lexicon: Lexicon | None) -> dict[tuple[str, ...], Claim]:
    """Every option's id and label (and the ids and words of unknown), normalized, to its claim."""
    names: dict[tuple[str, ...], Claim] = {}
    for i, o in enumerate(q.options):
        names.setdefault(norm(o.label), Claim(o.id, "label", o.label, ("options", i, "label")))
        names.setdefault(norm(o.id), Claim(o.id, "id", o.id, ("options", i, "id")))
    names.setdefault(norm(UNKNOWN), Claim(UNKNOWN, "id", UNKNOWN))
    for word in lexicon.unknown if lexicon else ():
        names.setdefault(norm(word), Claim(UNKNOWN, "word for unknown", word))
    return names


KINDS = {
    "label": N_("the label of option {option}"),
    "id": N_("the id of option {option}"),
    "synonym": N_("a synonym of option {option}"),
    "cue": N_("a cue of option {option}"),
    "negated phrase": N_("a negated phrase of option {option}"),
}
NAMED = {"synonym": N_("synonym"), "cue": N_("cue"), "negated phrase": N_("negated phrase")}


def _described(claim: Claim) -> str:
    if claim.option == UNKNOWN:
        if claim.kind == "id":
            return _("the answer unknown")
        return _("a word for unknown (“{text}”)").format(text=claim.text)
    if claim.kind in KINDS:
        return _(KINDS[claim.kind]).format(option=claim.option)
    return f"a {claim.kind} of option {claim.option}"


def ambiguous_phrases(ck: Checker) -> None:
    """An error for each synonym, cue or negated phrase that another option of the same question
    also claims, or that is another option's label or id (or a word for unknown)."""
    for q in ck.kb.questions:
        loc = ck.places.question(q.id)
        names = _names(q, ck.kb.lexicon)
        phrases: dict[tuple[str, ...], Claim] = {}
        for i, o in enumerate(q.options):
            for field, kind in PHRASES:
                for j, text in enumerate(getattr(o, field)):
                    key = norm(text)
                    if not key:
                        continue
                    claim = Claim(o.id, kind, text, ("options", i, field, j))
                    other = next(
                        (c for c in (names.get(key), phrases.get(key)) if c is not None and c.option != o.id),
                        None,
                    )
                    if other is not None:
                        ck.add(
                            "ambiguous_phrase",
                            "error",
                            at(loc, *claim.path),
                            _("question {id}: the {kind} “{text}” of option {option} is also {other}").format(
                                id=q.id,
                                kind=_(NAMED.get(kind, kind)),
                                text=text,
                                option=o.id,
                                other=_described(other),
                            )
                            + (f" (“{other.text}”)" if other.kind not in ("id", "word for unknown") else "")
                            + _(": typed, it could mean either"),
                            questions=(q.id,),
                        )
                    phrases.setdefault(key, claim)
