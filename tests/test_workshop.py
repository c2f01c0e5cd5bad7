"""`integration-assistant workshop summary`: a class's training transcripts, aggregated per case.

Twelve learners over two cases, with answers and predictions chosen so that every count is
known in advance: the tests check them exactly, through the command line and the Python API.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from assistant.consultation.consult import consult
from assistant.render.svgchart import Bar, bar_chart
from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.training.summary import summarize, summarize_files
from assistant.training.summary_pages import render_html, render_markdown
from assistant.transcripts import TranscriptDetails, build_transcript, write_transcript

from .conftest import Ran

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
LIBERIA, BURUNDI = "liberia-unmil-2008", "burundi-binub-2008"

# name, case, changes to the key's answers (None: not answered), predicted model, predicted flags:
# an int k stands for the first k of the key's flags; a list of ints for those of the key's flags;
# strings are flags by id.
CLASS = [
    ("A1", LIBERIA, {}, "two_feet_in", 4),
    ("A2", LIBERIA, {"hostility": "high"}, "two_feet_in", 2),
    (
        "A3",
        LIBERIA,
        {"hostility": "high", "security_situation": "stable"},
        "one_foot_in_one_foot_out",
        [0, "hostile_environment"],
    ),
    ("A4", LIBERIA, {"hostility": "high", "ocha_presence": "present"}, "two_feet_out", 0),
    ("A5", LIBERIA, {"security_situation": "stable"}, "two_feet_in", 3),
    ("A6", LIBERIA, {"ngo_parallel_coordination": None}, "two_feet_in", [0, 1, 2, 3, "hostile_environment"]),
    ("A7", LIBERIA, {"hostility": "unknown"}, "one_foot_in_one_foot_out", 2),
    ("B1", BURUNDI, {}, "one_foot_in_one_foot_out", 2),
    ("B2", BURUNDI, {"un_presence": "political_mission"}, "one_foot_in_one_foot_out", [0]),
    ("B3", BURUNDI, {"un_presence": "political_mission", "hostility": "high"}, "two_feet_out", 0),
    ("B4", BURUNDI, {"hostility": "high"}, "two_feet_in", [0, 1, "blurred_distinction"]),
    (
        "B5",
        BURUNDI,
        {"un_presence": "multidimensional_pko"},
        "one_foot_in_one_foot_out",
        [1, "hostile_environment"],
    ),
]


def key_flags(kb, case_id: str) -> list[str]:
    return [f.id for f in consult(key_answers(kb.case(case_id)), kb).flags]


@pytest.fixture(scope="module")
def runs(kb):
    """(name, transcript) for every learner, in CLASS order."""
    assert key_flags(kb, LIBERIA) == [
        "humanitarian_independence",
        "timetable_vs_principles",
        "ngo_parallel_coordination",
        "agency_visibility",
    ]
    assert key_flags(kb, BURUNDI) == ["humanitarian_independence", "agency_visibility"]
    out = []
    for name, case_id, changes, model, flags in CLASS:
        case = kb.case(case_id)
        answers = dict(key_answers(case))
        for q, v in changes.items():
            if v is None:
                del answers[q]
            else:
                answers[q] = (v,)
        key = key_flags(kb, case_id)
        chosen = key[:flags] if isinstance(flags, int) else flags
        predicted = [key[f] if isinstance(f, int) else f for f in chosen]
        d = debrief(kb, case, answers, Prediction(model=model, flags=predicted))
        officer, crisis = (IMG, SCRIPT) if name == "B5" else (f"Learner {name}", "")
        t = build_transcript(
            kb,
            training=d,
            details=TranscriptDetails(officer=officer, crisis=crisis),
            generated_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        )
        out.append((name, t))
    return out


@pytest.fixture(scope="module")
def files(runs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    return [write_transcript(t, "json", folder / f"{name}.json") for name, t in runs]


@pytest.fixture
def summary(cli):
    """``workshop summary ARGS`` run from the project's folder, in this process."""

    def run(*args) -> Ran:
        return cli(ROOT, "workshop", "summary", *args)

    return run


def average(runs, prefix: str) -> float:
    scores = [t.training.score.total for name, t in runs if name.startswith(prefix)]
    return round(sum(scores) / len(scores), 1)


# --- the counts, through the Python API -----------------------------------------------------


def test_counts_per_case_are_exact(files, runs, kb):
    w = summarize_files(files)
    assert w.transcripts == 12 and [c.case for c in w.cases] == [LIBERIA, BURUNDI]
    a, b = w.cases
    assert (a.count, b.count) == (7, 5)

    assert a.key_model == "two_feet_in" and b.key_model == "one_foot_in_one_foot_out"
    assert {p.id: p.count for p in a.predictions} == {
        "one_foot_in_one_foot_out": 2,
        "two_feet_out": 1,
        "two_feet_in": 4,
        "not_applicable": 0,
    }
    assert {p.id: p.count for p in b.predictions} == {
        "one_foot_in_one_foot_out": 3,
        "two_feet_out": 1,
        "two_feet_in": 1,
        "not_applicable": 0,
    }
    assert (a.model_right, b.model_right) == (4, 3)

    # answers unlike the key: most often first, then in the key's order
    assert [(q.question, q.differ) for q in a.questions if q.differ] == [
        ("hostility", 4),
        ("security_situation", 2),
        ("ocha_presence", 1),
        ("ngo_parallel_coordination", 1),
    ]
    assert len(a.questions) == len(key_answers(kb.case(LIBERIA)))  # every question of the key
    assert all(q.differ == 0 for q in a.questions[4:])
    hostility = a.questions[0]
    assert hostility.key == "Low: actors broadly cooperate"
    assert (hostility.common_other, hostility.common_other_count) == (
        "High: some actors are hostile to each other",
        3,
    )
    ngo = a.questions[3]
    assert (ngo.common_other, ngo.common_other_count) == ("not answered", 1)
    assert [(q.question, q.differ) for q in b.questions if q.differ] == [("un_presence", 3), ("hostility", 2)]
    assert (b.questions[0].common_other, b.questions[0].common_other_count) == (
        "Political mission (led by an SRSG)",
        2,
    )

    # flags
    assert [(f.id, f.count) for f in a.flags_missed] == [
        ("agency_visibility", 5),
        ("ngo_parallel_coordination", 4),
        ("timetable_vs_principles", 2),
        ("humanitarian_independence", 1),
    ]
    assert [(f.id, f.count) for f in a.flags_extra] == [("hostile_environment", 2)]
    assert [(f.id, f.count) for f in b.flags_missed] == [
        ("humanitarian_independence", 2),
        ("agency_visibility", 2),
    ]
    assert [(f.id, f.count) for f in b.flags_extra] == [
        ("blurred_distinction", 1),
        ("hostile_environment", 1),
    ]
    assert a.flags_missed[0].label == "Agencies lose visibility for their own results"

    # scores
    scores = {name: t.training.score.total for name, t in runs}
    assert scores["A1"] == 100 and scores["B1"] == 100
    assert a.scores == [scores[f"A{i}"] for i in range(1, 8)]
    assert a.average == average(runs, "A") and b.average == average(runs, "B")
    assert sum(k for _, k in a.bands) == 7 and sum(k for _, k in b.bands) == 5
    for c, prefix in ((a, "A"), (b, "B")):
        s = [v for n, v in scores.items() if n.startswith(prefix)]
        assert dict(c.bands) == {
            "0–49": sum(x <= 49 for x in s),
            "50–69": sum(50 <= x <= 69 for x in s),
            "70–84": sum(70 <= x <= 84 for x in s),
            "85–100": sum(x >= 85 for x in s),
        }


def test_the_api_takes_transcripts_in_memory_too(runs, files):
    assert summarize(runs).cases[0].questions == summarize_files(files).cases[0].questions
    one = summarize(runs[7:8]).cases[0]
    assert one.count == 1 and one.average == 100 and dict(one.bands)["85–100"] == 1


# --- the command line ----------------------------------------------------------------------


def test_markdown_to_standard_output(files, runs, summary):
    p = summary(*files)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert out.startswith("# Workshop summary") and "12 training transcripts, 2 cases." in out
    assert "## Liberia, UNMIL (2008)" in out and "## Burundi, BINUB integrated office (2008)" in out
    assert "Case liberia-unmil-2008: 7 learners." in out and "Case burundi-binub-2008: 5 learners." in out
    assert (
        f"Average: **{average(runs, 'A'):g}/100**" in out
        and f"Average: **{average(runs, 'B'):g}/100**" in out
    )
    assert "The key's answers give **Two feet in**; 4 of 7 predicted it." in out
    assert "The key's answers give **One foot in, one foot out**; 3 of 5 predicted it." in out
    liberia, burundi = out.split("## Burundi")
    assert "| Two feet in (the key's) | 4 |" in liberia and "| One foot in, one foot out | 2 |" in liberia
    assert "| Two feet out | 1 |" in liberia and "| Not applicable | 0 |" in liberia
    assert (
        "| Hostility | 4 of 7 | Low: actors broadly cooperate | "
        "High: some actors are hostile to each other (3) |"
    ) in liberia
    assert "| Security | 2 of 7 | Very stable | Stable, with occasional incidents (2) |" in liberia
    assert "| NGO coordination apart from the HC | 1 of 7 | Yes | not answered (1) |" in liberia
    assert "| Agencies lose visibility for their own results | 5 of 7 |" in liberia
    assert "| Values and principles more likely to conflict in a hostile environment | 2 of 7 |" in liberia
    assert "| One foot in, one foot out (the key's) | 3 |" in burundi
    assert "| UN presence | 3 of 5 |" in burundi and "| Hostility | 2 of 5 |" in burundi
    assert "| Perceived loss of humanitarian independence | 2 of 5 |" in burundi
    assert "| Learner A1 |" in liberia and "| 100 | ✓ Two feet in |" in liberia
    # hostile text stays text in Markdown too
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_a_file_that_is_not_a_training_transcript_is_refused(files, kb, tmp_path, summary):
    plain = write_transcript(
        build_transcript(kb, answers=key_answers(kb.case(LIBERIA))), "json", tmp_path / "plain.json"
    )
    p = summary(files[0], plain)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "plain.json" in p.stderr and "not a training transcript" in p.stderr
    junk = tmp_path / "junk.json"
    junk.write_text('{"format": "something-else"}', encoding="utf-8")
    for bad in (junk, tmp_path / "missing.json"):
        p = summary(files[0], bad)
        assert p.returncode == 2 and p.stdout == "" and p.stderr.count("\n") == 1 and bad.name in p.stderr


def test_html_has_charts_and_escapes_user_text(files, runs, tmp_path, summary):
    out = tmp_path / "summary.html"
    p = summary(*files, "--output", out)
    assert p.returncode == 0 and p.stdout == "" and str(out) in p.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    tree = lxml.html.document_fromstring(html)
    # per case: scores, models, answers, missed flags, wrongly expected flags
    assert len(tree.xpath("//svg")) == 10
    assert tree.xpath("//script") == [] and tree.xpath("//img") == []
    assert not [
        a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")
    ]
    # self-contained: no element loads anything, the style sheet imports nothing
    assert not [el for el in tree.iter() if isinstance(el.tag, str) and {"src", "href"} & set(el.attrib)]
    assert tree.xpath("//link") == [] and tree.xpath("//iframe") == [] and tree.xpath("//object") == []
    style = "".join(tree.xpath("//style/text()")).lower()
    assert "@import" not in style and "url(" not in style
    low = html.lower()
    assert "<script" not in low and "<img" not in low and "https://" not in low
    assert low.count("http://") == low.count('xmlns="http://www.w3.org/2000/svg"')
    text = tree.text_content()
    assert SCRIPT in text and IMG in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "4 of 7" in text and f"{average(runs, 'A'):g}/100" in text
    # the same file again: refused without --force, kept; replaced with it
    before = out.read_bytes()
    p = summary(*files, "--output", out)
    assert p.returncode == 2 and "already exists; use --force" in p.stderr and p.stderr.count("\n") == 1
    assert out.read_bytes() == before
    p = summary(*files, "--output", out, "--format", "markdown", "--force")
    assert p.returncode == 0 and out.read_text(encoding="utf-8").startswith("# Workshop summary")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["summary.html"]  # no temporary file left


def test_html_api_and_markdown_api_agree_with_the_cli(files, summary):
    w = summarize_files(files)
    assert summary(*files).stdout == render_markdown(w)
    assert "<svg" in render_html(w)


def test_output_into_a_folder_and_force_without_output(files, tmp_path, summary):
    p = summary(*files, "--format", "html", "--output", tmp_path)
    assert p.returncode == 0 and (tmp_path / "workshop-summary.html").exists()
    p = summary(*files, "--force")
    assert p.returncode == 2 and "--force goes with --output" in p.stderr


# --- the chart -----------------------------------------------------------------------------


def test_bar_chart_is_well_formed_svg_with_proportional_bars():
    svg = bar_chart(
        [("Two feet in", 4), ("Two feet out", 2), Bar("None", 0, highlight=True)],
        title="Models",
        unit=" learners",
    )
    root = lxml.etree.fromstring(svg.encode("utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    rects = root.findall(".//s:rect", ns)
    assert len(rects) == 3
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] > 0 and widths[1] == pytest.approx(widths[0] / 2) and widths[2] == 0
    assert rects[2].get("fill") != rects[0].get("fill")  # highlighted
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "Models"
    assert "Two feet in" in texts and "4 learners" in texts and "0 learners" in texts
    assert root.find("s:title", ns).text == "Models"


def test_bar_chart_scales_to_max_value_and_escapes_labels():
    label = '<b>"Ü & co"</b> ' + "x" * 80
    svg = bar_chart([(label, 5), ("b", -3)], title="<Title & more>", max_value=10, width=500)
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&lt;Title &amp; more&gt;" in svg
    root = lxml.etree.fromstring(svg.encode("utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    rects = root.findall(".//s:rect", ns)
    x = float(rects[0].get("x"))
    full = 500 - x - (len("10") * 7 + 12)
    assert float(rects[0].get("width")) == pytest.approx(full / 2, abs=0.1)
    assert float(rects[1].get("width")) == 0  # below zero is drawn as zero
    shown = "".join(root.findall(".//s:g", ns)[0].find("s:text", ns).itertext())
    assert shown.endswith("…") and len(shown) <= 40
    assert root.findall(".//s:g", ns)[0].find("s:title", ns).text.startswith(label)  # full label as tooltip


def test_bar_chart_without_items():
    svg = bar_chart([], title="Nothing")
    root = lxml.etree.fromstring(svg.encode("utf-8"))
    assert root.findall(".//{http://www.w3.org/2000/svg}rect") == []
    assert "none" in "".join(root.itertext())
