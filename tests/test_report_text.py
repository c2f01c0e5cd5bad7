"""The reader's own copy of the report: a quote shown in its sentence and paragraph."""

from __future__ import annotations

import json

import pytest

from assistant.knowledge.report_text import ReportText, find_report
from assistant.knowledge.schema import Citation
from assistant.knowledge.yamlfile import InputError

from .conftest import SHARED

REPORT_JSON = SHARED / "source" / "de-coning-2008.json"
REPORT_MD = SHARED / "source" / "de-coning-2008.md"
P45 = Citation(
    section="Integrated Missions",
    page="20",
    paragraph="p45",
    quote="This is the preferred model in two contexts",
)


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(
        json.dumps(
            {
                "items": [
                    {
                        "id": "p45",
                        "kind": "para",
                        "page": "20",
                        "text": "The *two feet out* model implies no integration. "
                        "This is the preferred model in two contexts. The first is situations in which…",
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    return path


def test_a_quote_stands_highlighted_in_its_sentence(sample):
    passage = ReportText.from_file(sample).passage(P45)
    assert passage.text.startswith("The two feet out model")  # emphasis marks dropped
    s0, s1 = passage.sentence
    q0, q1 = passage.quote
    assert passage.text[s0:s1] == "This is the preferred model in two contexts."
    assert passage.text[q0:q1] == "This is the preferred model in two contexts"


def test_a_paragraph_cited_whole_or_missing(sample):
    report = ReportText.from_file(sample)
    assert report.passage(P45.model_copy(update={"quote": None})).quote is None
    assert report.passage(P45.model_copy(update={"paragraph": "p99"})) is None


@pytest.mark.parametrize("content", ["", "{not json", "# a heading only\n"])
def test_a_file_that_is_not_the_report_is_one_line_naming_it(tmp_path, content):
    path = tmp_path / "report.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"report\.md"):
        ReportText.from_file(path)


def test_where_the_copy_is_found(tmp_path, monkeypatch, sample):
    monkeypatch.delenv("INTEGRATION_ASSISTANT_REPORT", raising=False)
    assert find_report(None, tmp_path) == sample  # report.json in the home
    assert find_report(None, tmp_path / "elsewhere") is None
    monkeypatch.setenv("INTEGRATION_ASSISTANT_REPORT", "/some/copy.md")
    assert str(find_report(None, tmp_path)) == "/some/copy.md"
    assert find_report(sample, None) == sample


@pytest.mark.skipif(not REPORT_JSON.exists(), reason="the report's text is not at hand")
def test_every_quote_of_the_rule_base_is_found_in_both_forms_of_the_report(kb):
    from .test_citations import all_citations

    for path in (REPORT_JSON, REPORT_MD):
        report = ReportText.from_file(path)
        missing = [
            (where, c.quote)
            for where, c in all_citations(kb)
            if c.quote and (p := report.passage(c)) is not None and p.quote is None
        ]
        assert not missing, f"{path.name}: {missing[:5]}"
