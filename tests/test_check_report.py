"""`integration-assistant check --report FILE`: every citation of rules/, dialogues/ and the training
cases checked against the report's numbered text: the paragraph is in it, on the cited page, and
the quote stands verbatim in it. Each kind of error names file:line, the item and the citation.

The seeded tests run against a stand-in for the report, made from the rule base's own quotes (so
they need nothing outside the project); the shipped knowledge is also checked against the real
text in ../shared/source when it is at hand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.knowledge.check.checker import Checker
from assistant.knowledge.check.citations import each_citation
from assistant.knowledge.check.quotes import NumberedText, norm, problems
from assistant.knowledge.loader import load_knowledge
from assistant.knowledge.schema import Citation

from .conftest import ROOT, SHARED

SOURCE = SHARED / "source"
QUOTE = re.compile(r'quote: "([^"]+)"')


@pytest.fixture
def copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the shipped rules/ and dialogues/ to break, with no report found by default."""
    monkeypatch.delenv("INTEGRATION_ASSISTANT_REPORT", raising=False)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "dialogues", tmp_path / "dialogues")
    (tmp_path / "home").mkdir()
    return tmp_path


def stand_in(base: Path, *, drop: str | None = None, page: tuple[str, str] | None = None) -> dict:
    """The report's paragraphs as the rule base knows them (rules/source.yaml: id and page), each
    holding every quote cited from it: a text the unaltered copy passes against."""
    kb = load_knowledge(base / "rules", base / "dialogues")
    quoted: dict[str, list[str]] = {}
    for c, *_ in each_citation(Checker(kb, False)):
        if c.quote:
            quoted.setdefault(c.paragraph, []).append(c.quote)
    pages = {pid: p.page for pid, p in kb.source.paragraphs.items()}
    if page is not None:
        pages[page[0]] = page[1]
    return {
        pid: (pages[pid], " … ".join(quoted.get(pid, ["Not quoted."])))
        for pid in kb.source.paragraphs
        if pid != drop
    }


def write_md(path: Path, paragraphs: dict) -> Path:
    body = "".join(f"[{pid}] {{p. {page}}} {text}\n\n" for pid, (page, text) in paragraphs.items())
    path.write_text("# The report\n\n" + body, encoding="utf-8")
    return path


def write_json(path: Path, paragraphs: dict) -> Path:
    items = [
        {"kind": "para", "id": pid, "page": page, "text": text} for pid, (page, text) in paragraphs.items()
    ]
    path.write_text(json.dumps({"items": items}), encoding="utf-8")
    return path


def run(base: Path, report: Path | None, capsys, *extra: str) -> tuple[int, list[str]]:
    argv = ["--home", str(base / "home"), "check", "--rules", str(base / "rules")]
    argv += ["--dialogues", str(base / "dialogues"), *extra]
    if report is not None:
        argv += ["--report", str(report)]
    code = main(argv)
    return code, capsys.readouterr().out.splitlines()


def a_quote(path: Path) -> tuple[int, str]:
    """The first line of ``path`` with a quote of four words or more: (line number, quote)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = QUOTE.search(line)
        if m and len(m.group(1).split()) >= 4:
            return n, m.group(1)
    raise AssertionError(f"no quote in {path}")


def replace_line(path: Path, n: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[n - 1], (old, lines[n - 1])
    lines[n - 1] = lines[n - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def errors(lines: list[str], kind_words: str) -> list[str]:
    return [x for x in lines if ": error: " in x and kind_words in x]


# --- the stand-in passes; each kind of error is found ---------------------------------------------------


@pytest.mark.parametrize("form", ["md", "json"])
def test_the_unaltered_copy_passes_against_its_text_in_either_form(copy, capsys, form):
    text = stand_in(copy)
    report = (write_md if form == "md" else write_json)(copy / f"report.{form}", text)
    code, lines = run(copy, report, capsys)
    assert code == 0, "\n".join(lines)
    assert re.search(
        rf"; (\d+) citations and (\d+) quotes checked against {re.escape(str(report))}\)$", lines[-1]
    )


@pytest.mark.parametrize(
    "file", ["rules/flags.yaml", "dialogues/questions.yaml", "dialogues/cases/drc-monuc-2008.yaml"]
)
def test_a_quote_altered_by_one_word_is_an_error_with_file_and_line(copy, capsys, file):
    report = write_md(copy / "report.md", stand_in(copy))
    path = copy / file
    n, quote = a_quote(path)
    words = quote.split()
    altered = " ".join([*words[:2], "zebra", *words[3:]])
    replace_line(path, n, quote, altered)
    code, lines = run(copy, report, capsys)
    assert code == 1
    hits = errors(lines, "quote not found verbatim")
    assert len(hits) == 1, "\n".join(lines)
    assert hits[0].startswith(f"{path}:{n}: error: "), hits[0]
    assert re.search(
        r": error: (rule|flag|question|training case) \S+ cites p\. [\d-]+ (¶|n\. )\d+ \((p|fn)\d+\): quote not found",
        hits[0],
    )
    assert "zebra" in hits[0] and "report.md" in hits[0]
    assert lines[-1].startswith("check: 1 error")


def test_whitespace_is_tolerated_but_not_a_changed_letter(copy, capsys):
    path = copy / "rules" / "flags.yaml"
    n, quote = a_quote(path)
    report = write_md(copy / "report.md", stand_in(copy))
    words = quote.split()
    spaced = "  ".join(words[:2]) + "\\n " + " ".join(words[2:])  # a doubled space and a line break
    replace_line(path, n, quote, spaced)
    code, lines = run(copy, report, capsys)
    assert code == 0, "\n".join(lines)
    replace_line(path, n, words[-1], words[-1] + "s")  # one word changed by a letter
    code, lines = run(copy, report, capsys)
    assert code == 1 and errors(lines, "quote not found verbatim"), "\n".join(lines)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ('the UN\'s "Integrated Approach" - in full', True),  # plain for typographic, as verify reads
        ("“The UN’s “Integrated Approach” – in full.”", True),  # the quote's own marks and full stop
        ("Integrated  Approach”\n– in", True),
        ("the UN's Integrated Approach - in full", False),  # marks left out: not verbatim
        ('the UN\'s "Integrated Approaches"', False),
        ('the UN\'s "Integrated Approach" in full', False),
    ],
)
def test_which_differences_a_quote_may_have(quote, found):
    text = NumberedText(
        Path("report.md"), {"p1": norm("As the UN’s “Integrated Approach” – in full – says")}, {"p1": "3"}
    )
    c = Citation(section="Intro", page="3", paragraph="p1", quote=quote)
    assert (problems(text, c) == []) is found


def test_a_cited_paragraph_the_text_does_not_have_is_an_error(copy, capsys):
    path = copy / "rules" / "flags.yaml"
    n, _ = a_quote(path)
    pid = re.search(r"paragraph: ((?:p|fn)\d+)", path.read_text(encoding="utf-8").splitlines()[n - 1])
    assert pid
    report = write_md(copy / "report.md", stand_in(copy, drop=pid.group(1)))
    code, lines = run(copy, report, capsys)
    assert code == 1
    hits = errors(lines, f"has no paragraph {pid.group(1)}")
    assert hits and any(h.startswith(f"{path}:{n}: error: ") for h in hits), "\n".join(lines)


def test_an_unknown_paragraph_id_in_a_citation_is_an_error(copy, capsys):
    report = write_md(copy / "report.md", stand_in(copy))
    path = copy / "dialogues" / "cases" / "liberia-unmil-2008.yaml"
    n, _ = a_quote(path)
    line = path.read_text(encoding="utf-8").splitlines()[n - 1]
    pid = re.search(r"paragraph: ((?:p|fn)\d+)", line)
    assert pid
    replace_line(path, n, f"paragraph: {pid.group(1)}", "paragraph: p999")
    code, lines = run(copy, report, capsys)
    assert code == 1
    hits = errors(lines, "the report text report.md has no paragraph p999")
    assert len(hits) == 1 and hits[0].startswith(f"{path}:{n}: error: "), "\n".join(lines)
    assert "(p999)" in hits[0]


def test_a_wrong_page_is_an_error(copy, capsys):
    report = write_md(copy / "report.md", stand_in(copy))
    path = copy / "rules" / "notes.yaml"
    n, _ = a_quote(path)
    line = path.read_text(encoding="utf-8").splitlines()[n - 1]
    m = re.search(r'page: "([\d-]+)", paragraph: ((?:p|fn)\d+)', line)
    assert m
    wrong = str(int(m.group(1).split("-")[-1]) + 5)
    replace_line(path, n, f'page: "{m.group(1)}"', f'page: "{wrong}"')
    code, lines = run(copy, report, capsys)
    assert code == 1
    hits = errors(lines, f"in report.md, {m.group(2)} is on p. {m.group(1)}, not p. {wrong}")
    assert len(hits) == 1 and hits[0].startswith(f"{path}:{n}: error: "), "\n".join(lines)


def test_a_page_the_text_prints_otherwise_is_an_error_though_the_index_agrees(copy, capsys):
    path = copy / "rules" / "models.yaml"
    n, _ = a_quote(path)
    m = re.search(r"paragraph: ((?:p|fn)\d+)", path.read_text(encoding="utf-8").splitlines()[n - 1])
    assert m
    report = write_json(copy / "report.json", stand_in(copy, page=(m.group(1), "99")))
    code, lines = run(copy, report, capsys)
    assert code == 1
    hits = errors(lines, f"in report.json, {m.group(1)} is on p. 99")
    assert any(h.startswith(f"{path}:{n}: error: ") for h in hits), "\n".join(lines)
    assert hits == [x for x in lines if ": error: " in x]  # the index (rules/source.yaml) agrees: only these


# --- which text, and without one --------------------------------------------------------------------


def test_without_a_report_check_behaves_as_before(copy, capsys):
    code, lines = run(copy, None, capsys)
    assert code == 0, "\n".join(lines)
    assert "checked against" not in lines[-1] and lines[-1].endswith(" s)")


def test_the_report_is_found_as_the_passage_viewer_finds_it(copy, capsys, monkeypatch):
    report = write_md(copy / "elsewhere.md", stand_in(copy))
    shutil.copy(report, copy / "home" / "report.md")
    _, lines = run(copy, None, capsys)
    assert lines[-1].endswith(f"checked against {copy / 'home' / 'report.md'})")
    monkeypatch.setenv("INTEGRATION_ASSISTANT_REPORT", str(report))
    _, lines = run(copy, None, capsys)
    assert lines[-1].endswith(f"checked against {report})")


def test_a_report_text_that_is_missing_or_not_the_report_fails(copy, capsys):
    code, lines = run(copy, copy / "missing.md", capsys)
    assert code == 1
    assert lines[0] == f"report text {copy / 'missing.md'}: no such file"
    (copy / "notes.md").write_text("# notes\n\nnothing numbered\n", encoding="utf-8")
    code, lines = run(copy, copy / "notes.md", capsys)
    assert code == 1 and "no numbered paragraphs" in lines[0]


# --- the shipped knowledge against the real text ------------------------------------------------------


@pytest.mark.skipif(not SOURCE.is_dir(), reason="../shared/source (the report's text) is not at hand")
@pytest.mark.parametrize("name", ["de-coning-2008.md", "de-coning-2008.json"])
def test_the_shipped_knowledge_passes_against_the_report(name, capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("INTEGRATION_ASSISTANT_REPORT", raising=False)
    code = main(["--home", str(tmp_path), "check", "--report", str(SOURCE / name)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0, "\n".join(x for x in lines if ": error: " in x)
    m = re.search(r"; (\d+) citations and (\d+) quotes checked against", lines[-1])
    assert m and int(m.group(2)) > 600, lines[-1]
