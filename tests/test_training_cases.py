"""Training cases (dialogues/cases/*.yaml): each is a valid TrainingCase whose answer key uses
real options, gives the expected model and flags, keeps the answers out of the brief, and cites
the report faithfully (checked against the report's text when it is at hand)."""

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.knowledge.loader import shipped_knowledge
from assistant.knowledge.schema import Citation, TrainingCase

ROOT = Path(__file__).resolve().parents[1]
CASE_FILES = sorted((ROOT / "dialogues" / "cases").glob("*.yaml"))
REFERENCE = ROOT / "tests" / "cases"
REPORT = Path(__file__).resolve().parents[2] / "shared" / "source" / "de-coning-2008.json"
FORBIDDEN_PHRASES = ("two feet", "foot in", "one foot")


@pytest.fixture(scope="module")
def kb():
    return shipped_knowledge()


@pytest.fixture(scope="module")
def report():
    if not REPORT.exists():
        pytest.skip("the report's text is not at hand")
    items = json.loads(REPORT.read_text(encoding="utf-8"))["items"]
    return {i["id"]: i for i in items if i.get("id")}


def load(path: Path) -> TrainingCase:
    return TrainingCase.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}))
    s = re.sub(r"[*_¹²³⁴⁵⁶⁷⁸⁹⁰]", "", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def citations_of(case: TrainingCase):
    for i, part in enumerate(case.brief):
        yield f"brief[{i}]", [*part.citations, *part.see]
    for qid, k in case.key.items():
        yield f"key.{qid}", [*k.citations, *k.see]
    yield "report_arrangement", [*case.report_arrangement.citations, *case.report_arrangement.see]
    if case.ocha_preference:
        yield "ocha_preference", [*case.ocha_preference.citations, *case.ocha_preference.see]


def test_there_is_a_case_for_every_reference_case():
    assert {p.stem for p in CASE_FILES} >= {p.stem for p in REFERENCE.glob("*.yaml")}


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_is_valid(path):
    case = load(path)
    assert case.id == path.stem


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_key_uses_real_options(path, kb):
    case = load(path)
    problems = []
    for qid, k in case.key.items():
        q = kb.question(qid)
        if q is None:
            problems.append(f"{qid}: no such question")
            continue
        answers = k.answer if isinstance(k.answer, list) else [k.answer]
        if isinstance(k.answer, list) and not q.multi:
            problems.append(f"{qid}: takes one option, not a list")
        problems += [f"{qid}: {a!r} is not an option" for a in answers if a not in q.option_ids]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_key_gives_the_expected_model_and_flags(path, kb):
    case = load(path)
    result = consult(normalize(kb, {q: k.answer for q, k in case.key.items()}), kb)
    flags = {f.id for f in result.flags}
    assert result.recommendation.model == case.expect.model
    assert set(case.expect.flags) <= flags, f"missing flags: {set(case.expect.flags) - flags}"
    assert not set(case.expect.not_flags) & flags, f"unexpected flags: {set(case.expect.not_flags) & flags}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_matches_its_reference_case(path):
    ref_path = REFERENCE / path.name
    if not ref_path.exists():
        pytest.skip("no reference case of this name")
    ref = yaml.safe_load(ref_path.read_text(encoding="utf-8"))
    case = load(path)
    assert {q: k.answer for q, k in case.key.items()} == ref["answers"]
    expect = ref["expect"]
    assert case.expect.model == expect["model"]
    assert case.expect.flags == expect.get("flags", [])
    assert case.expect.not_flags == expect.get("not_flags", [])
    assert case.report_arrangement.model == ref["report_arrangement"]
    preference = case.ocha_preference.model if case.ocha_preference else None
    assert preference == ref.get("ocha_preference")


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_brief_does_not_give_the_answer_away(path, kb):
    case = load(path)
    whole = " ".join(part.text for part in case.brief)
    brief = norm(whole)
    assert 120 <= len(whole.split()) <= 250, f"brief has {len(whole.split())} words"
    named = [m.label for m in kb.models.values() if norm(m.label) in brief]
    named += [p for p in FORBIDDEN_PHRASES if p in brief]
    assert not named, f"the brief names: {named}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_citations_stand_in_the_report(path, report):
    case = load(path)
    problems = []
    for where, cites in citations_of(case):
        for c in cites:
            assert isinstance(c, Citation)
            para = report.get(c.paragraph)
            if para is None:
                problems.append(f"{where}: no paragraph {c.paragraph}")
                continue
            if c.page != para["page"] or c.section != para["section"]:
                problems.append(
                    f"{where}: {c.paragraph} is p. {para['page']} in {para['section']!r}, "
                    f"not p. {c.page} in {c.section!r}"
                )
            if c.quote and norm(c.quote.strip(' "“”.…')) not in norm(para["text"]):
                problems.append(f"{where}: quote not in {c.paragraph}: {c.quote!r}")
    assert not problems, "\n".join(problems)
