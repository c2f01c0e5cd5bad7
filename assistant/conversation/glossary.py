"""Looking up the report's terms: "explain DSRSG", "what is a DSRSG?"."""

from __future__ import annotations

import difflib
import re

from ..knowledge.schema import GlossaryEntry


def _key(text: str) -> str:
    text = text.lower().replace("’", "'").replace("_", " ").replace("-", " ")
    text = re.sub(r"[?!.,;:]+", " ", text)
    text = re.sub(r"^(a|an|the)\s+", "", text.strip())
    return " ".join(text.split())


class Glossary:
    def __init__(self, entries: list[GlossaryEntry]):
        self.entries = entries
        self.index: dict[str, GlossaryEntry] = {}
        for e in entries:
            for name in (e.id, e.term, *e.aliases, re.sub(r"\s*\(.*?\)", "", e.term)):
                self.index.setdefault(_key(name), e)
            for abbr in re.findall(r"\(([^)]+)\)", e.term):
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
