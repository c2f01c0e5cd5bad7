"""`integration-assistant compare`: transcripts side by side, marking where they differ."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.transcripts import TranscriptDetails, build_transcript, write_transcript
from assistant.transcripts.compare import compare, compare_files, render_html, render_markdown

from .conftest import run_main

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
LIBERIA, BURUNDI = "liberia-unmil-2008", "burundi-binub-2008"


def run(capsys, *args) -> tuple[int, str, str]:
    return run_main(capsys, "compare", *args)


@pytest.fixture(scope="module")
def key(kb):
    return dict(key_answers(kb.case(LIBERIA)))


@pytest.fixture(scope="module")
def other(key):
    answers = dict(key)
    answers["hostility"] = ("high",)
    answers["security_situation"] = ("stable",)
    del answers["ngo_parallel_coordination"]
    return answers


@pytest.fixture(scope="module")
def pair(kb, key, other, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    a = build_transcript(kb, answers=key, details=TranscriptDetails(crisis="Liberia", officer="Officer A"))
    b = build_transcript(kb, answers=other, details=TranscriptDetails(crisis="Liberia", officer="Officer B"))
    return (write_transcript(a, "json", folder / "a.json"), a), (
        write_transcript(b, "json", folder / "b.json"),
        b,
    )


def row(md: str, name: str) -> list[str]:
    """The cells of the Markdown table row for ``name``."""
    line = next(x for x in md.splitlines() if x.startswith("|") and x.split("|")[2].strip() == name)
    return [c.strip() for c in line.strip().strip("|").split("|")]


def test_answers_and_results_side_by_side(capsys, pair, kb):
    (pa, a), (pb, b) = pair
    code, out, err = run(capsys, pa, pb)
    assert code == 0 and err == ""
    assert out.startswith("# Comparison of 2 transcripts")
    assert "Warning" not in out  # same crisis, same rule base
    header = next(x for x in out.splitlines() if x.startswith("|  | Question |"))
    assert "| Officer A | Officer B |" in header  # same crisis: labelled by officer
    q = {x.id: x for x in kb.questions}
    assert row(out, "Hostility") == [
        "≠",
        "Hostility",
        q["hostility"].label_of("low"),
        q["hostility"].label_of("high"),
    ]
    assert row(out, "Security") == ["≠", "Security", "Very stable", "Stable, with occasional incidents"]
    assert row(out, "NGO coordination apart from the HC") == [
        "≠",
        "NGO coordination apart from the HC",
        "Yes",
        "—",
    ]
    assert row(out, "UN presence") == ["", "UN presence"] + ["Multidimensional peacekeeping operation"] * 2
    answered = {x.question for x in a.answers} | {x.question for x in b.answers}
    answer_rows = out.split("## Answers")[1].split("## Results")[0]
    assert sum(1 for x in answer_rows.splitlines() if x.startswith("| ≠")) == 3
    assert sum(1 for x in answer_rows.splitlines() if x.startswith("|") and "---" not in x) == 1 + len(
        answered
    )

    ra, rb = a.result, b.result
    assert row(out, "Model") == ["≠", "Model", ra.recommendation.label, rb.recommendation.label]
    assert ra.recommendation.model != rb.recommendation.model
    mark = "≠" if ra.recommendation.confidence != rb.recommendation.confidence else ""
    assert row(out, "Confidence") == [
        mark,
        "Confidence",
        ra.recommendation.confidence,
        rb.recommendation.confidence,
    ]
    assert row(out, "Structural form")[2:] == [ra.recommendation.form_label, rb.recommendation.form_label]
    flags_a = {f.id: f for f in ra.flags}
    flags_b = {f.id: f for f in rb.flags}
    for fid in flags_a.keys() | flags_b.keys():
        title = (flags_a.get(fid) or flags_b.get(fid)).title
        cells = [
            flags_a[fid].severity.capitalize() if fid in flags_a else "—",
            flags_b[fid].severity.capitalize() if fid in flags_b else "—",
        ]
        assert row(out, f"Flag: {title}") == ["≠" if cells[0] != cells[1] else "", f"Flag: {title}", *cells]
    assert "hostile_environment" in flags_b and "hostile_environment" not in flags_a
    assert "## Training" not in out


def test_identical_transcripts_differ_nowhere(pair):
    (pa, a), _ = pair
    c = compare([(str(pa), a), ("copy.json", a)])
    assert c.differences == 0 and c.labels == [
        "a.json",
        "copy.json",
    ]  # neither crisis nor officer tells them apart
    assert "(0 rows)" in render_markdown(c)


def test_training_runs_of_different_cases_are_compared_with_a_warning(kb, tmp_path, capsys, pair):
    paths = []
    for name, case_id, model in (("one", LIBERIA, "two_feet_in"), ("two", BURUNDI, "two_feet_out")):
        case = kb.case(case_id)
        d = debrief(kb, case, key_answers(case), Prediction(model=model))
        t = build_transcript(kb, training=d, details=TranscriptDetails(officer=f"Learner {name}"))
        paths.append(write_transcript(t, "json", tmp_path / f"{name}.json"))
    (pa, _), _ = pair
    code, out, err = run(capsys, *paths, pa)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[2].startswith("Warning: these transcripts are of different training cases: ")
    assert (
        "Liberia, UNMIL (2008) (one.json)" in lines[2]
        and "Burundi, BINUB integrated office (2008) (two.json)" in lines[2]
    )
    assert "not a training run (a.json)" in lines[2]
    assert "## Training" in out
    assert row(out, "Training case") == [
        "≠",
        "Training case",
        "Liberia, UNMIL (2008)",
        "Burundi, BINUB integrated office (2008)",
        "—",
    ]
    # all answers as the key (50), the model right or not (30 or 0), no flags predicted though some are raised (0)
    assert row(out, "Score")[2:] == ["80/100", "50/100", "—"]
    assert row(out, "Predicted model")[2:4] == ["✓ Two feet in", "✗ Two feet out"]
    # columns labelled by crisis: each training run's crisis is its case's title
    assert "| Liberia, UNMIL (2008) | Burundi, BINUB integrated office (2008) | Liberia |" in out


def test_same_case_shows_the_key(kb, tmp_path):
    case = kb.case(LIBERIA)
    items = []
    for name, host in (("x", "low"), ("y", "high")):
        answers = {**key_answers(case), "hostility": (host,)}
        d = debrief(kb, case, answers, Prediction(model="two_feet_in"))
        items.append(
            (f"{name}.json", build_transcript(kb, training=d, details=TranscriptDetails(officer=name)))
        )
    c = compare(items)
    assert c.warnings == [] and c.key_case == LIBERIA
    md = render_markdown(c)
    assert "| x | y | Key |" in md
    assert row(md, "Hostility") == [
        "≠",
        "Hostility",
        "Low: actors broadly cooperate",
        "High: some actors are hostile to each other",
        "Low: actors broadly cooperate",
    ]


def test_different_crises_are_compared_with_a_warning(kb, key):
    a = build_transcript(kb, answers=key, details=TranscriptDetails(crisis="Liberia"))
    b = build_transcript(kb, answers=key, details=TranscriptDetails(crisis="Sierra Leone"))
    c = compare([("a.json", a), ("b.json", b)])
    assert c.labels == ["Liberia", "Sierra Leone"]
    assert c.warnings == [
        "these transcripts are of different crises: Liberia (a.json); Sierra Leone (b.json)."
    ]
    assert render_markdown(c).splitlines()[2] == "Warning: " + c.warnings[0]
    assert c.differences == 0


def test_html_escapes_and_marks_differences(kb, key, other, tmp_path, capsys):
    a = build_transcript(kb, answers=key, details=TranscriptDetails(crisis=SCRIPT, officer=IMG))
    b = build_transcript(kb, answers=other, details=TranscriptDetails(crisis="Liberia & co"))
    pa = write_transcript(a, "json", tmp_path / "a.json")
    pb = write_transcript(b, "json", tmp_path / "b.json")
    out = tmp_path / "cmp.html"
    code, stdout, err = run(capsys, pa, pb, "--output", out)
    assert code == 0 and stdout == "" and str(out) in err
    html = out.read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//script") == [] and tree.xpath("//img") == []
    assert not [
        x for el in tree.iter() if isinstance(el.tag, str) for x in el.attrib if x.lower().startswith("on")
    ]
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert (
        SCRIPT in tree.text_content() and IMG in tree.text_content() and "Liberia & co" in tree.text_content()
    )
    assert tree.xpath('//p[@class="warning"]')  # different crises
    differing = tree.xpath('//tr[@class="differs"]')
    assert len(differing) == compare_files([pa, pb]).differences > 0
    assert any("Hostility" in r.text_content() for r in differing)
    # refused again without --force, then replaced with it
    code, _, err = run(capsys, pa, pb, "--output", out)
    assert code == 2 and "already exists; use --force" in err and err.count("\n") == 1
    code, _, _ = run(capsys, pa, pb, "--output", out, "--force", "--format", "markdown")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("# Comparison")
    assert render_html(compare_files([pa, pb])).startswith("<!DOCTYPE html>")


def test_bad_or_foreign_files_are_refused_with_one_line(tmp_path, capsys, pair):
    (pa, _), _ = pair
    foreign = tmp_path / "result.json"
    foreign.write_text(json.dumps({"recommendation": {}}), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    for bad in (foreign, broken, tmp_path / "missing.json"):
        code, out, err = run(capsys, pa, bad)
        assert code == 2 and out == "" and err.count("\n") == 1 and bad.name in err
    code, out, err = run(capsys, pa)
    assert code == 2 and "two or more transcripts" in err and err.count("\n") == 1


def test_python_dash_m_compare(pair):
    (pa, _), (pb, _) = pair
    p = subprocess.run(
        [sys.executable, "-m", "assistant", "compare", str(pa), str(pb), "--format", "html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("<!DOCTYPE html>") and "Officer A" in p.stdout
