"""What would change a recommendation: single changes, minimal pairs, unknowns that matter."""

import json

from hypothesis import given

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.consultation.sensitivity import model_questions, sensitivity
from assistant.reasoning import engine
from assistant.reasoning.compiled import compiled
from assistant.transcripts import build_transcript, export

from .conftest import CASES, ROOT, load_case
from .strategies import KB, answer_sets


def by_experta(answers) -> str:
    """The model a run of Experta concludes for ``answers``: the search is checked against the
    engine whose result is shown, not against the direct evaluator it uses (nor the whole
    consultation, whose explanations these tests do not read)."""
    firings = engine.run(compiled(KB), answers).firings
    return next(f.concludes[1] for f in firings if f.concludes[0] == "model")


@given(answer_sets())
def test_every_reported_change_gives_the_model_it_says_and_pairs_are_minimal(answers):
    base = compiled(KB)
    sens = sensitivity(base, answers)
    current = by_experta(answers)
    assert sens.model == current == consult(answers, KB).recommendation.model
    singles = {(c.changes[0].question, c.changes[0].option) for c in sens.single_changes}
    for change in sens.single_changes + sens.pair_changes:
        changed = {**answers, **{c.question: (c.option,) for c in change.changes}}
        assert by_experta(changed) == change.model != current
    for pair in sens.pair_changes:
        assert not any((c.question, c.option) in singles for c in pair.changes)


@given(answer_sets())
def test_no_single_change_is_missed(answers):
    base = compiled(KB)
    found = {(c.changes[0].question, c.changes[0].option) for c in sensitivity(base, answers).single_changes}
    current = by_experta(answers)
    for qid in model_questions(base):
        for option in KB.question(qid).option_ids:
            if answers.get(qid) == (option,):
                continue
            if by_experta({**answers, qid: (option,)}) != current:
                assert (qid, option) in found


def test_unknown_answers_that_matter_are_named():
    answers = normalize(
        KB,
        {
            "un_presence": "multidimensional_pko",
            "country_team": "yes",
            "geographic_mandate": "unknown",
            "ocha_presence": "present",
            "armed_groups_outside_process": "no",
            "hostility": "unknown",
        },
    )
    sens = sensitivity(compiled(KB), answers)
    by_question = {u.question: u for u in sens.unknowns}
    assert by_question["geographic_mandate"].matters
    assert "two_feet_out" in by_question["geographic_mandate"].models
    assert not by_question["hostility"].matters  # unknown, but the model does not read it


def test_assess_json_carries_sensitivity(cli):
    case = next(p for p in CASES if "burundi" in p.stem)
    out = cli(ROOT, "assess", case)
    data = json.loads(out.stdout)
    sens = data["sensitivity"]
    assert sens["model"] == "one_foot_in_one_foot_out"
    assert {k: sens["single_changes"][3]["changes"][0][k] for k in ("question", "option")} == {
        "question": "geographic_mandate",
        "option": "multi_country",
    }


def test_transcripts_say_what_would_change_it():
    case = load_case(next(p for p in CASES if "liberia" in p.stem))
    t = build_transcript(KB, answers=normalize(KB, case["answers"]))
    assert t.result.sensitivity is not None
    change = t.result.sensitivity.single_changes[0]
    assert change.sentence.startswith("If ") and change.sentence.endswith(".")
    for fmt in ("markdown", "html"):
        text = export(t, fmt).decode("utf-8").replace("&#x27;", "'")
        assert "What would change it" in text  # in the brief
        assert "What would change the recommendation" in text  # every change, in the annex
        assert "the recommendation would be one foot in, one foot out" in text
    import io

    from docx import Document

    doc = Document(io.BytesIO(export(t, "docx")))
    assert any("What would change the recommendation" in p.text for p in doc.paragraphs)
