"""Every citation in the rule base and dialogues points at a real paragraph, page and section;
every quote stands verbatim in its paragraph (checked against the report when it is at hand)."""

import json
import re
import unicodedata

import pytest

from assistant.knowledge.schema import Citation

from .conftest import SHARED

REPORT = SHARED / "source" / "de-coning-2008.json"


def all_citations(kb):
    def walk(obj, where):
        if isinstance(obj, Citation):
            yield where, obj
        elif isinstance(obj, (list, tuple)):
            for i, x in enumerate(obj):
                yield from walk(x, f"{where}[{i}]")
        elif hasattr(type(obj), "model_fields"):
            for name in type(obj).model_fields:
                yield from walk(getattr(obj, name), f"{where}.{name}")

    for q in kb.questions:
        yield from walk(q, f"question {q.id}")
    for g in kb.glossary:
        yield from walk(g, f"glossary {g.id}")
    for r in kb.rules:
        yield from walk(r, f"rule {r.id}")
    for kind in ("models", "forms", "flags", "notes"):
        for item in getattr(kb, kind).values():
            yield from walk(item, f"{kind[:-1]} {item.id}")


def pages(p):
    a, _, b = p.partition("-")
    return set(range(int(a), int(b or a) + 1))


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}))
    s = re.sub(r"[*_¹²³⁴⁵⁶⁷⁸⁹⁰]", "", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def test_there_are_many_citations(kb):
    assert len(list(all_citations(kb))) > 200


def test_citations_match_the_shipped_index(kb):
    index = kb.source.paragraphs
    problems = []
    for where, c in all_citations(kb):
        para = index.get(c.paragraph)
        if para is None:
            problems.append(f"{where}: no paragraph {c.paragraph}")
        elif c.page != para.page or c.section != para.section:
            problems.append(
                f"{where}: {c.paragraph} is p. {para.page} in {para.section!r}, not p. {c.page} in {c.section!r}"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not REPORT.exists(), reason="the report's text is not at hand")
def test_quotes_stand_in_the_report(kb):
    items = {i["id"]: i for i in json.loads(REPORT.read_text(encoding="utf-8"))["items"] if i.get("id")}
    problems = []
    for where, c in all_citations(kb):
        para = items.get(c.paragraph)
        assert para, f"{where}: {c.paragraph} missing from the report"
        if not pages(c.page) & pages(para["page"]):
            problems.append(f"{where}: {c.paragraph} is on p. {para['page']}")
        if c.quote and norm(c.quote.strip(' "“”.…')) not in norm(para["text"]):
            problems.append(f"{where}: quote not in {c.paragraph}: {c.quote!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not REPORT.exists(), reason="the report's text is not at hand")
def test_shipped_index_is_the_reports(kb):
    items = [
        i
        for i in json.loads(REPORT.read_text(encoding="utf-8"))["items"]
        if i["kind"] in ("para", "footnote")
    ]
    assert {i["id"]: (i["section"], i["page"]) for i in items} == {
        k: (v.section, v.page) for k, v in kb.source.paragraphs.items()
    }


def test_quotes_are_short(kb):
    long = [(w, c.quote) for w, c in all_citations(kb) if c.quote and len(c.quote.split()) > 25]
    assert not long
