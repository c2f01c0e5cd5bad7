"""Training runs as transcripts: the debrief in every format, its sources numbered, JSON round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from assistant.consultation.consult import consult
from assistant.knowledge.schema import Citation
from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.transcripts import (
    FORMATS,
    Transcript,
    TranscriptDetails,
    build_transcript,
    export,
    load_transcript,
    write_transcript,
)
from assistant.transcripts.build import debrief_passages
from assistant.transcripts.schema import SCHEMA_PATH

from .test_transcripts import IMG, SCRIPT
from .test_transcripts import text_of as _text_of

CASE = "liberia-unmil-2008"
CASES = sorted((Path(__file__).resolve().parents[1] / "dialogues" / "cases").glob("*.yaml"))


def text_of(fmt: str, data: bytes) -> str:
    """What a reader sees; Markdown rendered as a viewer would, read as UTF-8 (not Latin-1)."""
    if fmt == "markdown":
        import lxml.html
        from markdown_it import MarkdownIt

        return lxml.html.document_fromstring(
            MarkdownIt("commonmark").render(data.decode("utf-8"))
        ).text_content()
    return _text_of(fmt, data)


@pytest.fixture(scope="module")
def case(kb):
    return kb.case(CASE)


@pytest.fixture(scope="module")
def learner(case):
    answers = dict(key_answers(case))
    answers["hostility"] = ("high",)
    answers["security_situation"] = ("stable",)
    del answers["ngo_parallel_coordination"]
    return answers


@pytest.fixture(scope="module")
def run(kb, case, learner):
    key_flags = [f.id for f in consult(key_answers(case), kb).flags]
    prediction = Prediction(model="one_foot_in_one_foot_out", flags=[key_flags[0], "hostile_environment"])
    return debrief(kb, case, learner, prediction)


def fresh(kb, run, **kw) -> Transcript:
    return build_transcript(kb, training=run, generated_at=dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), **kw)


@pytest.fixture(scope="module")
def transcript(kb, run):
    return fresh(kb, run, details=TranscriptDetails(officer="Trainee One"))


# --- the model -----------------------------------------------------------------------------


def test_answers_and_result_are_the_learners(kb, run, transcript, learner, case):
    assert transcript.training == run
    assert transcript.result == run.learner_result
    answered = {a.question: tuple(a.answer) for a in transcript.answers}
    assert answered == learner
    assert transcript.details.crisis == case.title and transcript.details.officer == "Trainee One"
    # a crisis given is kept
    t = fresh(kb, run, details=TranscriptDetails(crisis="Monrovia exercise"))
    assert t.details.crisis == "Monrovia exercise"
    # the same answers may be given; others are refused
    assert fresh(kb, run, answers=learner).result == run.learner_result
    with pytest.raises(ValueError, match="not the learner's answers"):
        fresh(kb, run, answers=key_answers(case))


def test_debrief_citations_are_numbered_first_and_once(transcript, run):
    numbers = [s.number for s in transcript.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    cites = [s.citation() for s in transcript.sources]
    assert len(set(cites)) == len(cites)
    shown = list(debrief_passages(run))
    assert shown and set(shown) <= set(cites)
    first = next(c for check in run.answers for c in (*check.citations, *check.see))
    assert transcript.sources[0].citation() == first
    for c in shown:  # every citation the debrief shows has its number
        assert transcript.number(c) >= 1
    for c in run.arrangement.citations + run.key_result.recommendation.citations:
        assert transcript.number(c)
    # the result's own citations are numbered too
    assert transcript.number(transcript.result.recommendation.citations[0])


def test_a_transcript_without_training_is_as_before(kb, case):
    t = build_transcript(kb, answers=key_answers(case))
    assert t.training is None
    for fmt in ("markdown", "html"):
        assert "Training debrief" not in export(t, fmt).decode("utf-8")
    assert json.loads(export(t, "json"))["training"] is None


# --- every format --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_the_debrief(transcript, run, kb, fmt):
    text = text_of(fmt, export(transcript, fmt))
    s = run.score
    if fmt == "json":
        data = json.loads(export(transcript, fmt))
        assert data["training"]["score"]["total"] == s.total
        assert data["training"]["arrangement"]["text"] == run.arrangement.text
        assert [c["agrees"] for c in data["training"]["answers"]] == [c.agrees for c in run.answers]
        return
    assert "Training debrief" in text
    assert f"Score: {s.total}/100 (answers {s.answers}/50, model {s.model}/30, flags {s.flags}/20)" in text
    assert f"{s.answers_agreed} of {s.answers_total} answers agree with the key" in text
    wrong = [c for c in run.answers if not c.agrees]
    assert {c.question for c in wrong} == {"hostility", "security_situation", "ngo_parallel_coordination"}
    lines = [line.strip() for line in text.splitlines()]
    for c in wrong:
        line = next(x for x in lines if x.startswith(f"✗ {c.name}:") or f"✗ {c.name}:" in x)
        assert ", ".join(c.key_labels) in line and c.why.split(".")[0] in line
        yours = ", ".join(c.learner_labels)
        assert (f"you answered {yours}" if yours else "you did not answer it") in line
        assert "answered not answered" not in line
        assert c.matters and c.matters in line
        for cit in c.citations:  # the key's why with its pages and paragraphs
            assert f"p. {cit.page} ¶{cit.paragraph[1:]}" in line
    for c in run.answers:
        if c.agrees:
            assert any(x.startswith(f"✓ {c.name}:") or f"✓ {c.name}:" in x for x in lines)
    # the prediction
    assert "✗ Model: you predicted One foot in, one foot out; the key's answers give Two feet in" in text
    assert "✗ Flags you missed:" in text and "✓ Flags you expected that the key's answers raise:" in text
    assert "Values and principles more likely to conflict in a hostile environment" in text
    # the key's result and the report's arrangement
    assert "For the key: Two feet in" in text
    assert run.arrangement.text.split(".")[0] in text
    assert "The report records Two feet in, as the reasoning on the key gives." in text
    for cit in run.arrangement.citations:
        assert f"p. {cit.page} ¶{cit.paragraph[1:]}" in text
    assert "Training run: Liberia, UNMIL (2008)" in text


def test_an_arrangement_that_differs_from_the_reasoning_says_so(kb, case, learner):
    arrangement = case.report_arrangement.model_copy(update={"model": "one_foot_in_one_foot_out"})
    other = case.model_copy(update={"report_arrangement": arrangement})
    d = debrief(kb, other, learner, Prediction(model="two_feet_in"))
    assert d.arrangement_differs
    t = fresh(kb, d)
    for fmt in ("markdown", "html", "docx"):
        text = text_of(fmt, export(t, fmt))
        assert (
            "The report records One foot in, one foot out, which differs from the reasoning on the key "
            "(Two feet in)."
        ) in text
    assert "✓ Model: you predicted Two feet in" in text_of("html", export(t, "html"))
    assert "You expected no flags" not in text_of("markdown", export(t, "markdown"))


def test_html_escapes_the_users_and_the_files_text(kb, run):
    hostile_run = run.model_copy(update={"title": SCRIPT, "case": IMG})
    t = fresh(kb, hostile_run, details=TranscriptDetails(officer=IMG))
    assert t.details.crisis == SCRIPT
    html = export(t, "html").decode("utf-8")
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//script") == [] and tree.xpath("//img") == []
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert SCRIPT in tree.text_content() and IMG in tree.text_content()
    md = export(t, "markdown").decode("utf-8")
    assert "<script>" not in md and "\\<script\\>" in md


# --- JSON ----------------------------------------------------------------------------------


def test_json_round_trips_through_load_transcript(tmp_path, kb, run):
    t = fresh(kb, run, details=TranscriptDetails(officer="Trainee One", date=dt.date(2025, 3, 1)))
    path = write_transcript(t, "json", tmp_path / "run.json")
    loaded = load_transcript(path)
    assert loaded == t
    assert loaded.training == run and loaded.training.score == run.score
    assert export(loaded, "markdown") == export(t, "markdown")


def test_json_validates_against_the_committed_schema(transcript):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "training" in schema["properties"]
    data = json.loads(export(transcript, "json"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    for breakage in (
        lambda d: d["training"]["score"].__setitem__("total", "full marks"),
        lambda d: d["training"]["prediction"].__setitem__("model", "three_feet_in"),
        lambda d: d["training"].__setitem__("kind", "something else"),
        lambda d: d["training"].pop("answers"),
    ):
        bad = json.loads(export(transcript, "json"))
        breakage(bad)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_recheck_of_a_training_run_compares_the_result_only(kb, run, tmp_path):
    from assistant.cli import main
    from assistant.transcripts import recheck

    t = fresh(kb, run)
    assert not recheck(t, kb).changed  # the debrief's own passages are not "removed citations"
    path = write_transcript(t, "json", tmp_path / "run.json")
    assert main(["recheck", str(path)]) == 0


def test_a_key_reason_that_only_points_to_passages_shows_them_in_every_format(kb, case):
    """A key reason that is the case's own reading points to passages with see: the debrief shows
    it when the learner answered otherwise, each format prints the passage as one to see, and the
    transcript numbers it among its sources."""
    see = Citation(
        section="Conflicting Values and Principles",
        page="25",
        paragraph="p58",
        quote="not, however, limited to hostile environments",
    )
    hostility = case.key["hostility"].model_copy(update={"basis": "assistant", "citations": [], "see": [see]})
    other = case.model_copy(update={"key": {**case.key, "hostility": hostility}})
    t = fresh(kb, debrief(kb, other, {}, Prediction(model="two_feet_in")))
    assert t.number(see) >= 1
    for fmt in ("markdown", "html", "docx"):
        line = next(x for x in text_of(fmt, export(t, fmt)).splitlines() if "Hostility:" in x and "✗" in x)
        assert "Case scenario, not from the report" in line and "see p. 25 ¶58" in line
    sources = json.loads(export(t, "json"))["sources"]
    assert any(s["paragraph"] == "p58" and s["quote"] == see.quote for s in sources)


@pytest.mark.parametrize("case_id", [p.stem for p in CASES])
def test_every_case_debriefs_in_every_format(kb, case_id):
    """Each shipped case, for a learner who answered nothing (so every reason of the key is shown):
    every passage a reason cites or points to is numbered, and every format exports."""
    t = fresh(kb, debrief(kb, kb.case(case_id), {}, Prediction(model="one_foot_in_one_foot_out")))
    for check in t.training.answers:
        for c in (*check.citations, *check.see):
            assert t.number(c) >= 1
    for fmt in FORMATS:
        assert export(t, fmt)
