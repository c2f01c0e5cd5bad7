"""A question's own tests, one file per question: tests/questions/<question id>.yaml.

Such a file holds how officers type their answer to the question, in each language, and what
answering it changes (see tests/questions/aid_conditionality.yaml). Its phrasings join the
corpora, under the corpora's rules; its cases are consulted by tests/test_question_files.py. A
new question with its rules is then the knowledge's YAML and this one file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).parent / "questions"
LANGUAGES = ("en", "fr")
FILE_KEYS = {"question", "phrasings", "cases"}
CASE_KEYS = {"says", "from", "answers", "model", "flags", "no_flags"}


class Malformed(AssertionError):
    """A question's test file that does not have the shape above; says which and why."""


def files() -> list[Path]:
    return sorted(FOLDER.glob("*.yaml"))


@cache
def read(path: Path) -> dict[str, Any]:
    """A question's test file, its shape checked (what its entries say is checked where used)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = f"{path.parent.name}/{path.name}"
    if not isinstance(data, dict) or set(data) - FILE_KEYS or "question" not in data:
        raise Malformed(f"{where}: a mapping of {sorted(FILE_KEYS)}, with question: its id")
    if data["question"] != path.stem:
        raise Malformed(f"{where}: the file is named after its question, not {data['question']!r}")
    phrasings = data.get("phrasings") or {}
    if not isinstance(phrasings, dict) or set(phrasings) - set(LANGUAGES):
        raise Malformed(f"{where}: phrasings: a list under each of {list(LANGUAGES)}")
    for language, entries in phrasings.items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise Malformed(f"{where}: phrasings.{language}: a list of entries")
        if any("question" in e for e in entries):
            raise Malformed(f"{where}: phrasings.{language}: the file's question is every entry's")
    cases = data.get("cases") or []
    if not isinstance(cases, list) or not all(isinstance(c, dict) and not set(c) - CASE_KEYS for c in cases):
        raise Malformed(f"{where}: cases: a list of mappings of {sorted(CASE_KEYS)}")
    return data


def phrasings(language: str) -> list[dict[str, Any]]:
    """Every question file's phrasings in ``language``, each with its question, as corpus entries."""
    return [
        {"question": data["question"], **entry}
        for data in map(read, files())
        for entry in (data.get("phrasings") or {}).get(language, [])
    ]


def with_phrasings(corpus: Any, language: str) -> Any:
    """A corpus file's data with the question files' phrasings in its language added to its
    entries (unchanged when it is not a corpus: its own checks then say what is wrong)."""
    if not isinstance(corpus, dict) or not isinstance(corpus.get("entries"), list):
        return corpus
    return {**corpus, "entries": [*corpus["entries"], *phrasings(language)]}


def cases() -> list[tuple[str, dict[str, Any]]]:
    """Every question file's cases, each named by its question and number."""
    return [
        (f"{path.stem}-{n}", case)
        for path in files()
        for n, case in enumerate(read(path).get("cases") or [], 1)
    ]
