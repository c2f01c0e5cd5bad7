"""What `set`, `change` and `what if` name, read in a language other than English ("et si l'OCHA
part", "changer hostilité pas très hostile"): the question by its number, id or words of its
name, the option as an answer in that language would be read. The English reading
(:func:`..consultation.matching.parse_change`) is tried first; this one only when it finds
nothing."""

from __future__ import annotations

import re

from ..consultation.matching import Change, find_question
from ..consultation.understand import Understanding, understand
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import Question

# Words between a question and its option: "hostilité à élevée", "OCHA = présent".
_LINK = re.compile(r"^(?:à|a|en|est|sont|devient|=)\s+", flags=re.IGNORECASE)


def in_language(kb: KnowledgeBase, arg: str, language: str) -> Change | None:
    """The question and option(s) ``arg`` names, read in ``language``; None when it names none."""
    arg = " ".join(arg.split())
    if not arg:
        return None
    if "=" in arg:
        left, right = arg.split("=", 1)
        splits = [(left.strip(), right.strip())]
    else:
        parts = arg.split()
        splits = [(" ".join(parts[:i]), " ".join(parts[i:])) for i in range(1, len(parts))]
    found: list[tuple[tuple[int, int, int], Question, Understanding]] = []
    for left, rest in splits:
        lookup = find_question(kb, left)
        q = lookup.question
        if q is None:
            continue
        right = _LINK.sub("", rest.strip())
        u = understand(q, right, kb.questions, language=language)
        if u.outcome == "ask" and not u.candidates:
            # the question's words may be part of the answer's phrase ("l'OCHA est parti")
            whole = understand(q, f"{left} {right}", kb.questions, language=language)
            u = whole if whole.outcome != "ask" else u
        if u.outcome == "ask":
            continue
        found.append(((0 if lookup.exact else 1, 0 if u.outcome == "record" else 1, -len(left)), q, u))
    if found:
        _, q, u = min(found, key=lambda f: f[0])
        return Change(q, u.options, understood=u)
    # No question named: a phrase that only one question's options hold ("l'OCHA est parti").
    readings = [
        (q, r)
        for q in kb.questions
        if (r := understand(q, arg, kb.questions, language=language)).outcome != "ask"
    ]
    if len(readings) == 1:
        q, r = readings[0]
        return Change(q, r.options, understood=r)
    return None
