"""Broken rule and dialogue files: each is refused with one line naming its file and line.

A fixture copies the shipped rules/ and dialogues/ into tmp_path; each case then breaks one
thing, either by dropping in a small file from tests/data/broken/ or by editing a copied file,
and expects ``InputError`` whose message starts with ``<file>:<line>: `` and says what is wrong.

In a corpus file the expected line carries the comment ``# <-- error``. For an edit, the
expected line is the line the edit lands on (found in the copied file, so the shipped data can
change without breaking these tests).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.knowledge.loader import data_dir, load_knowledge
from assistant.knowledge.yamlfile import InputError

BROKEN = Path(__file__).parent / "data" / "broken"
MARK = "# <-- error"

Phrase = str | Callable[[Path, Path], str]  # a regex, or one built from the copied folders


@pytest.fixture
def kb_dirs(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the shipped rules/ and dialogues/ folders."""
    rules, dialogues = tmp_path / "rules", tmp_path / "dialogues"
    shutil.copytree(data_dir("rules"), rules)
    shutil.copytree(data_dir("dialogues"), dialogues)
    return rules, dialogues


def line_in(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line of ``path`` that contains ``needle``."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} time(s) in {path}"
    return hits[occurrence - 1]


@dataclass(frozen=True)
class Corpus:
    """Drop tests/data/broken/<source> into the copied <folder> as <dest>."""

    id: str
    source: str
    folder: str  # "rules" or "dialogues"
    dest: str
    phrase: Phrase
    line: int | None = None  # when the file has no marker (an empty file)

    def apply(self, rules: Path, dialogues: Path) -> tuple[Path, int]:
        src = BROKEN / self.source
        target = (rules if self.folder == "rules" else dialogues) / self.dest
        shutil.copyfile(src, target)
        if self.line is not None:
            return target, self.line
        text = src.read_text(encoding="utf-8")
        marked = [n for n, line in enumerate(text.splitlines(), 1) if MARK in line]
        assert len(marked) == 1, f"{src} must mark exactly one line with {MARK!r}"
        return target, marked[0]


@dataclass(frozen=True)
class Edit:
    """Replace the first ``old`` (after ``after``, if given) in a copied file with ``new``.

    The expected line is the one the replacement starts on (after any leading newlines).
    """

    id: str
    file: str  # "rules/models.yaml"
    old: str
    new: str
    phrase: Phrase
    after: str = ""

    def apply(self, rules: Path, dialogues: Path) -> tuple[Path, int]:
        folder, name = self.file.split("/")
        target = (rules if folder == "rules" else dialogues) / name
        text = target.read_text(encoding="utf-8")
        start = text.index(self.after) if self.after else 0
        at = text.find(self.old, start)
        assert at >= 0, f"{self.old!r} not found in {target} (the shipped data changed?)"
        target.write_text(text[:at] + self.new + text[at + len(self.old) :], encoding="utf-8")
        leading = len(self.new) - len(self.new.lstrip("\n"))
        return target, text.count("\n", 0, at) + 1 + leading


@dataclass(frozen=True)
class BytesEdit:
    """Replace the first ``old`` bytes in a copied file; the line is where they stood."""

    id: str
    file: str
    old: bytes
    new: bytes
    phrase: Phrase

    def apply(self, rules: Path, dialogues: Path) -> tuple[Path, int]:
        folder, name = self.file.split("/")
        target = (rules if folder == "rules" else dialogues) / name
        data = target.read_bytes()
        at = data.index(self.old)
        target.write_bytes(data[:at] + self.new + data[at + len(self.old) :])
        return target, data.count(b"\n", 0, at) + 1


def _first_at(folder: str, name: str, needle: str) -> Phrase:
    """A phrase ending in '(first at <copied file>:<line of needle>)'."""

    def build(rules: Path, dialogues: Path) -> str:
        path = (rules if folder == "rules" else dialogues) / name
        return rf"\(first at {re.escape(str(path))}:{line_in(path, needle)}\)$"

    return build


CASES = [
    # --- malformed YAML --------------------------------------------------------------------
    Corpus(
        "bad-indentation",
        "rules/bad_indent.yaml",
        "rules",
        "zz_broken.yaml",
        r"malformed YAML: mapping values are not allowed",
    ),
    Corpus(
        "bad-dedent",
        "rules/bad_dedent.yaml",
        "rules",
        "zz_broken.yaml",
        r"malformed YAML: .+ \(while parsing a block collection started on line 4\)$",
    ),
    Corpus(
        "unclosed-bracket",
        "rules/unclosed_bracket.yaml",
        "rules",
        "zz_broken.yaml",
        r"malformed YAML: .*'}'.* \(while parsing a flow mapping started on line 10\)$",
    ),
    # --- explicit tags ---------------------------------------------------------------------
    Corpus(
        "tag-python-object",
        "rules/tag_python_object.yaml",
        "rules",
        "zz_broken.yaml",
        r"YAML tags \(!!python/object/apply:os\.system\) are not allowed",
    ),
    Corpus(
        "tag-str", "rules/tag_str.yaml", "rules", "zz_broken.yaml", r"YAML tags \(!!str\) are not allowed"
    ),
    # --- schema ----------------------------------------------------------------------------
    Corpus(
        "unknown-key-salince",
        "rules/unknown_key_salince.yaml",
        "rules",
        "zz_broken.yaml",
        r": unknown key 'salince' \(did you mean 'salience'\?\)$",
    ),
    Edit(
        "unknown-key-in-shipped-rule",
        "rules/flags.yaml",
        "    salience:",
        "    salince:",
        r": unknown key 'salince' \(did you mean 'salience'\?\)$",
        after="\nrules:",
    ),
    Edit(
        "unknown-key-in-condition",
        "rules/models.yaml",
        "{answer: country_team,",
        "{answr: country_team,",
        r": unknown key 'answr' \(did you mean 'answer'\?\)",
    ),
    Corpus(
        "then-two-conclusions",
        "rules/then_two_conclusions.yaml",
        "rules",
        "zz_broken.yaml",
        r"rules\.0\.then: 'then' takes exactly one of derive, model, form, flag, note$",
    ),
    Corpus(
        "model-without-confidence",
        "rules/model_without_confidence.yaml",
        "rules",
        "zz_broken.yaml",
        r"rules\.0\.then: 'confidence' is required with 'model'",
    ),
    Corpus(
        "citation-page-twenty",
        "rules/citation_page_words.yaml",
        "rules",
        "zz_broken.yaml",
        r"rules\.0\.citations\.0\.page: String should match pattern",
    ),
    Corpus(
        "citation-paragraph-para45",
        "rules/citation_bad_paragraph.yaml",
        "rules",
        "zz_broken.yaml",
        r"rules\.0\.citations\.1\.paragraph: String should match pattern",
    ),
    Corpus(
        "list-instead-of-mapping",
        "rules/list_not_mapping.yaml",
        "rules",
        "zz_broken.yaml",
        r": expected a mapping \(key: value\), not a list$",
    ),
    Corpus(
        "comments-only",
        "rules/comments_only.yaml",
        "rules",
        "zz_broken.yaml",
        r": expected a mapping \(key: value\), not nothing$",
        line=1,
    ),
    # --- reading the file ------------------------------------------------------------------
    Corpus("empty-file", "rules/empty.yaml", "rules", "zz_broken.yaml", r": the file is empty$", line=1),
    BytesEdit("non-utf8", "rules/notes.yaml", b"    title: ", b"    t\xeftle: ", r": not UTF-8 text$"),
    # --- across files ----------------------------------------------------------------------
    Corpus(
        "unknown-question",
        "rules/unknown_question.yaml",
        "rules",
        "zz_broken.yaml",
        r"rule broken\.unknown_question reads question 'hostilty', which does not exist$",
    ),
    Corpus(
        "unknown-option",
        "rules/unknown_option.yaml",
        "rules",
        "zz_broken.yaml",
        r"rule broken\.unknown_option: 'extreme' is not an option of hostility \(allowed: low, moderate, high\)$",
    ),
    Corpus(
        "undeclared-fact",
        "rules/undeclared_fact.yaml",
        "rules",
        "zz_broken.yaml",
        r"rule broken\.undeclared_fact names fact 'very_high_hostility', which is not declared under facts:$",
    ),
    Corpus(
        "undeclared-flag",
        "rules/undeclared_flag.yaml",
        "rules",
        "zz_broken.yaml",
        r"rule broken\.undeclared_flag raises flag 'hostile_enviroment', which is not declared under flags:$",
    ),
    Corpus(
        "duplicate-rule-id-across-files",
        "rules/duplicate_rule_id.yaml",
        "rules",
        "zz_broken.yaml",
        _first_at("rules", "models.yaml", "- id: model.default"),
    ),
    Edit(
        "duplicate-rule-id-same-file",
        "rules/models.yaml",
        "  - id: model.two_feet_in\n",
        "  - id: model.two_feet_out\n",
        _first_at("rules", "models.yaml", "- id: model.two_feet_out"),
    ),
    Edit(
        "duplicate-question-id",
        "dialogues/questions.yaml",
        "  - id: country_team\n",
        "  - id: un_presence\n",
        _first_at("dialogues", "questions.yaml", "- id: un_presence"),
    ),
    Corpus(
        "salience-inversion",
        "rules/salience_inversion.yaml",
        "rules",
        "zz_broken.yaml",
        r"rule broken\.salience_inversion \(salience 100\) waits for 'not_applicable' to be absent,"
        r" so it must come after rule applicability\.\w+ \(salience 100\), which can lead to it$",
    ),
    Edit(
        "salience-inversion-default-model",
        "rules/models.yaml",
        "salience: 10\n",
        "salience: 70\n",
        r"rule model\.default \(salience 70\) waits for 'model' to be absent,"
        r" so it must come after rule [\w.]+ \(salience (70|[89]\d|100)\)",
        after="- id: model.default\n",
    ),
    # --- dialogues -------------------------------------------------------------------------
    Corpus(
        "question-one-option",
        "dialogues/one_option.yaml",
        "dialogues",
        "questions.yaml",
        r"questions\.0\.options: List should have at least 2 items",
    ),
    Corpus(
        "question-lists-unknown",
        "dialogues/unknown_listed.yaml",
        "dialogues",
        "questions.yaml",
        r"questions\.0: 'unknown' is added to every question; do not list it$",
    ),
    Corpus(
        "glossary-unknown-top-level-key",
        "dialogues/glossary_unknown_top_key.yaml",
        "dialogues",
        "glossary.yaml",
        r": unknown key 'see_also'$",
    ),
    Edit(
        "questions-top-level-typo",
        "dialogues/questions.yaml",
        "\nquestions:\n",
        "\nquestons:\n",
        r": unknown key 'questons' \(did you mean 'questions'\?\)$",
    ),
]


def test_shipped_copy_loads(kb_dirs):
    """The baseline every case breaks: the copied shipped data loads cleanly."""
    kb = load_knowledge(*kb_dirs)
    assert kb.rules and kb.questions


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_file_names_file_and_line(kb_dirs, case):
    rules, dialogues = kb_dirs
    path, line = case.apply(rules, dialogues)
    with pytest.raises(InputError) as excinfo:
        load_knowledge(rules, dialogues)
    message = str(excinfo.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: "), message
    phrase = case.phrase(rules, dialogues) if callable(case.phrase) else case.phrase
    assert re.search(phrase, message), message


def test_corpus_is_all_used():
    """Every file in the rules/ and dialogues/ corpus is exercised by a case."""
    used = {c.source for c in CASES if isinstance(c, Corpus)}
    present = {f"{p.parent.name}/{p.name}" for d in ("rules", "dialogues") for p in (BROKEN / d).iterdir()}
    assert present == used


def test_tag_is_refused_before_anything_runs(kb_dirs, tmp_path, monkeypatch):
    """The python tag never reaches a loader that could run it."""
    rules, dialogues = kb_dirs
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(BROKEN / "rules" / "tag_python_object.yaml", rules / "zz_broken.yaml")
    with pytest.raises(InputError):
        load_knowledge(rules, dialogues)
    assert not (tmp_path / "pwned").exists()
