"""The knowledge in French: the same reasoning as in English, texts from the French files, and
`check` reporting a French text missing or stale."""

from __future__ import annotations

import shutil

import pytest

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.knowledge.check import check_knowledge
from assistant.knowledge.loader import load_knowledge, shipped_knowledge

from .conftest import CASES, ROOT, load_case


@pytest.fixture(scope="module")
def fr():
    return shipped_knowledge("fr")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_reference_cases_reason_alike_in_both_languages(path, kb, fr):
    case = load_case(path)
    en_result = consult(normalize(kb, case["answers"]), kb)
    fr_result = consult(normalize(fr, case["answers"]), fr)
    assert fr_result.recommendation.model == en_result.recommendation.model == case["expect"]["model"]
    assert fr_result.recommendation.confidence == en_result.recommendation.confidence
    assert fr_result.recommendation.form == en_result.recommendation.form
    assert [f.id for f in fr_result.flags] == [f.id for f in en_result.flags]
    assert [(f.id, f.severity) for f in fr_result.flags] == [(f.id, f.severity) for f in en_result.flags]


def test_texts_are_french_and_quotes_stay_in_the_report_english(kb, fr):
    assert fr.sha256 == kb.sha256 and fr.language == "fr" and kb.language == "en"
    q_en, q_fr = kb.question("un_presence"), fr.question("un_presence")
    assert q_fr.name != q_en.name and q_fr.option_ids == q_en.option_ids
    assert [c.quote for c in q_fr.citations] == [c.quote for c in q_en.citations]
    assert fr.models["one_foot_in_one_foot_out"].label == "Un pied dedans, un pied dehors"
    for fid, flag in kb.flags.items():
        assert fr.flags[fid].title != flag.title
        assert [c.model_dump() for c in fr.flags[fid].citations] == [c.model_dump() for c in flag.citations]
    assert [c.id for c in fr.cases] == [c.id for c in kb.cases]


def test_the_shipped_french_is_complete_and_current(kb):
    report = check_knowledge(kb)
    assert [a for a in report.anomalies if a.kind.startswith("french")] == []


def _copy(tmp_path):
    rules, dialogues = tmp_path / "rules", tmp_path / "dialogues"
    shutil.copytree(ROOT / "rules", rules)
    shutil.copytree(ROOT / "dialogues", dialogues)
    return rules, dialogues


def test_check_reports_a_stale_and_a_missing_french_text(tmp_path):
    rules, dialogues = _copy(tmp_path)
    flags = rules / "flags.yaml"
    text = flags.read_text(encoding="utf-8")
    flags.write_text(
        text.replace(
            "title: Perceived loss of humanitarian independence", "title: Loss of humanitarian independence"
        ),
        encoding="utf-8",
    )
    (dialogues / "fr" / "cases" / "burundi-binub-2008.yaml").unlink()
    kb = load_knowledge(rules, dialogues)
    found = {(a.kind, a.severity, a.message.split(":")[0]) for a in check_knowledge(kb).anomalies}
    assert ("french_stale", "warning", "flags.humanitarian_independence.title") in found
    assert any(k == "french_missing" and "burundi-binub-2008.yaml" in m for k, _, m in found)
    # the stale French is not shown: the changed English stands in until it is revised
    fr = load_knowledge(rules, dialogues, language="fr")
    assert fr.flags["humanitarian_independence"].title == "Loss of humanitarian independence"
