"""Looking up the report's terms: "explain DSRSG", "what is a DSRSG?", « expliquer RSASG »,
« qu'est-ce que le CPI ? »."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from ..knowledge.schema import GlossaryEntry


def _key(text: str) -> str:
    """A term as looked up: lower case, accents folded, without an article before it."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("_", " ").replace("-", " ")
    text = re.sub(r"[?!.,;:]+", " ", text)
    text = re.sub(r"^(?:(?:a|an|the|un|une|le|la|les|des|du)\s+|l')", "", text.strip())
    return " ".join(text.split())


class Glossary:
    """The glossary of the language spoken; ``also``: the same entries in another language (the
    English ones, in French), whose names find the entry of the language spoken."""

    def __init__(self, entries: list[GlossaryEntry], also: Sequence[GlossaryEntry] = ()):
        self.entries = entries
        self.index: dict[str, GlossaryEntry] = {}
        by_id = {e.id: e for e in entries}
        for source in (entries, [e for e in also if e.id in by_id]):
            for other in source:
                e = by_id.get(other.id, other)
                for name in (other.id, other.term, *other.aliases, re.sub(r"\s*\(.*?\)", "", other.term)):
                    self.index.setdefault(_key(name), e)
                for abbr in re.findall(r"\(([^)]+)\)", other.term):
                    self.index.setdefault(_key(abbr), e)

    def find(self, term: str) -> GlossaryEntry | None:
        return self.index.get(_key(term))

    def suggest(self, term: str, n: int = 3) -> list[GlossaryEntry]:
        keys = difflib.get_close_matches(_key(term), list(self.index), n=n * 2, cutoff=0.6)
        out: list[GlossaryEntry] = []
        for k in keys:
            if self.index[k] not in out:
                out.append(self.index[k])
        return out[:n]
