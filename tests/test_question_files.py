"""Each question's own test file (tests/questions/<id>.yaml): well formed, and its cases give what
they say. Its phrasings are read with the corpora (tests/test_understanding_corpus.py,
tests/test_understanding_fr.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult

from . import question_tests
from .conftest import CASES, load_case

REFERENCE = {p.stem: p for p in CASES}


def test_there_are_question_files():
    assert question_tests.files(), "tests/questions/ holds no question's tests"


@pytest.mark.parametrize("path", question_tests.files(), ids=lambda p: p.stem)
def test_a_question_file_is_well_formed(kb, path: Path):
    data = question_tests.read(path)
    assert kb.question(data["question"]) is not None, f"{path.name}: no question {data['question']!r}"
    assert data.get("phrasings") or data.get("cases"), f"{path.name}: neither phrasings nor cases"
    for case in data.get("cases") or []:
        assert case.get("from") is None or case["from"] in REFERENCE, f"{path.name}: {case['from']!r}"
        assert case.get("flags") or case.get("no_flags") or case.get("model"), f"{path.name}: {case}"
        named = [*(case.get("flags") or {}), *(case.get("no_flags") or [])]
        assert not (unknown := [f for f in named if f not in kb.flags]), f"{path.name}: no flags {unknown}"


@pytest.mark.parametrize(("name", "case"), question_tests.cases(), ids=[n for n, _ in question_tests.cases()])
def test_a_case_gives_what_it_says(kb, name, case):
    base = load_case(REFERENCE[case["from"]])["answers"] if case.get("from") else {}
    result = consult(normalize(kb, {**base, **case.get("answers", {})}), kb)
    says = case.get("says", name)
    if "model" in case:
        assert result.recommendation.model == case["model"], says
    raised = {f.id: f.severity for f in result.flags}
    for flag, severity in (case.get("flags") or {}).items():
        assert raised.get(flag) == severity, f"{says}: {flag} is {raised.get(flag)}, not {severity}"
    for flag in case.get("no_flags") or []:
        assert flag not in raised, f"{says}: {flag} raised ({raised[flag]})"


def test_a_malformed_question_file_is_named(tmp_path, monkeypatch):
    (tmp_path / "hostility.yaml").write_text("question: security\n", encoding="utf-8")
    monkeypatch.setattr(question_tests, "FOLDER", tmp_path)
    question_tests.read.cache_clear()
    try:
        with pytest.raises(question_tests.Malformed, match=r"hostility\.yaml: the file is named after"):
            question_tests.read(tmp_path / "hostility.yaml")
        (tmp_path / "hostility.yaml").write_text(
            "question: hostility\nphrasings: {en: [{question: hostility, text: high}]}\n", encoding="utf-8"
        )
        with pytest.raises(question_tests.Malformed, match="the file's question is every entry's"):
            question_tests.read(tmp_path / "hostility.yaml")
    finally:
        question_tests.read.cache_clear()
