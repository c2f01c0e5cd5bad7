"""The debrief of a training run: the learner's answers against the key, both results, the
report's recorded arrangement, and a score."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..consultation.answers import Answers
from ..consultation.consult import consult
from ..consultation.result import Out, Result
from ..i18n import _, elide, language
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import Arrangement, Basis, Citation, ModelId, Preference, TrainingCase
from ..knowledge.yamlfile import InputError

# How the score is made up (out of 100): reading the case, predicting the model, and
# expecting the right conflicts.
WEIGHTS = {"answers": 50, "model": 30, "flags": 20}


class AnswerCheck(Out):
    question: str
    name: str
    key: list[str]
    key_labels: list[str]
    learner: list[str] = Field(description="The learner's answer; empty when not answered.")
    learner_labels: list[str]
    agrees: bool
    why: str = Field(description="Why the key reads the case this way.")
    basis: Basis | None = Field(
        default=None, description="Whose reading 'why' is: the report's, or the case's (assistant)."
    )
    matters: str = Field(description="What the difference changes, when the answers differ.")
    citations: list[Citation]
    see: list[Citation] = Field(default_factory=list)


class Prediction(Out):
    model: ModelId
    flags: list[str] = Field(default_factory=list)


class PredictionCheck(Out):
    model: ModelId
    model_right: bool
    expected_model: ModelId
    flags_hit: list[str]
    flags_missed: list[str]
    flags_extra: list[str]


class Score(Out):
    total: int = Field(description="Out of 100.")
    answers: int
    model: int
    flags: int
    answers_agreed: int
    answers_total: int


class Debrief(Out):
    kind: Literal["integration-assistant/debrief"] = "integration-assistant/debrief"
    case: str
    title: str
    answers: list[AnswerCheck]
    prediction: PredictionCheck
    learner_result: Result
    key_result: Result
    arrangement: Arrangement = Field(
        description="What the report records of the UN's actual arrangement; model null where it records none."
    )
    arrangement_differs: bool = Field(
        description="The report records an arrangement, and it differs from the reasoning on the key."
    )
    ocha_preference: Preference | None = Field(
        default=None, description="The model OCHA prefers for the case's context, where the report says so."
    )
    score: Score


def key_answers(case: TrainingCase) -> dict[str, tuple[str, ...]]:
    return {q: tuple(k.answer) if isinstance(k.answer, list) else (k.answer,) for q, k in case.key.items()}


def debrief(kb: KnowledgeBase, case: TrainingCase, learner: Answers, prediction: Prediction) -> Debrief:
    key = key_answers(case)
    key_result = consult(key, kb, with_sensitivity=True)
    learner_result = consult(learner, kb, with_sensitivity=True)

    checks: list[AnswerCheck] = []
    for qid, entry in case.key.items():
        q = kb.question(qid)
        if q is None:  # the loader checks a shipped case's key; a case built elsewhere may not fit
            raise InputError(_("case {case}: no question '{question}'").format(case=case.id, question=qid))
        given = learner.get(qid, ())
        agrees = tuple(given) == key[qid]
        matters = ""
        if not agrees:
            alone = consult(
                {**key, qid: tuple(given)} if given else {k: v for k, v in key.items() if k != qid}, kb
            )
            if alone.recommendation.model != key_result.recommendation.model:
                matters = _("On its own this changes the model: {model} instead of {key_model}.").format(
                    model=alone.recommendation.label, key_model=key_result.recommendation.label
                )
                if language() == "fr":  # « au lieu de Un pied… » → « au lieu d'Un pied… »
                    matters = elide(matters)
            else:
                a = {(f.id, f.severity) for f in alone.flags}
                b = {(f.id, f.severity) for f in key_result.flags}
                if a != b:
                    matters = _("It does not change the model, but it changes the conflicts flagged.")
                elif alone.recommendation.confidence != key_result.recommendation.confidence:
                    from ..render.labels import confidence_word

                    matters = _("It leaves the model, but its confidence becomes {confidence}.").format(
                        confidence=confidence_word(alone.recommendation.confidence)
                    )
                else:
                    matters = _("On its own it changes neither the model nor the flags.")
        checks.append(
            AnswerCheck(
                question=qid,
                name=q.name,
                key=list(key[qid]),
                key_labels=[q.label_of(v) for v in key[qid]],
                learner=list(given),
                learner_labels=[q.label_of(v) for v in given],
                agrees=agrees,
                why=entry.why,
                basis=entry.basis,
                matters=matters,
                citations=list(entry.citations),
                see=list(entry.see),
            )
        )

    expected_flags = [f.id for f in key_result.flags]
    hit = [f for f in prediction.flags if f in expected_flags]
    missed = [f for f in expected_flags if f not in prediction.flags]
    extra = [f for f in prediction.flags if f not in expected_flags]
    expected_model = key_result.recommendation.model
    pred = PredictionCheck(
        model=prediction.model,
        model_right=prediction.model == expected_model,
        expected_model=expected_model,
        flags_hit=hit,
        flags_missed=missed,
        flags_extra=extra,
    )

    agreed = sum(c.agrees for c in checks)
    answers_points = round(WEIGHTS["answers"] * agreed / len(checks)) if checks else 0
    model_points = WEIGHTS["model"] if pred.model_right else 0
    # flags: the F1 of predicted against expected (both empty: full marks)
    if not expected_flags and not prediction.flags:
        f1 = 1.0
    else:
        precision = len(hit) / len(prediction.flags) if prediction.flags else 0.0
        recall = len(hit) / len(expected_flags) if expected_flags else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    flag_points = round(WEIGHTS["flags"] * f1)
    score = Score(
        total=answers_points + model_points + flag_points,
        answers=answers_points,
        model=model_points,
        flags=flag_points,
        answers_agreed=agreed,
        answers_total=len(checks),
    )
    arrangement = case.report_arrangement
    return Debrief(
        case=case.id,
        title=case.title,
        answers=checks,
        prediction=pred,
        learner_result=learner_result,
        key_result=key_result,
        arrangement=arrangement,
        arrangement_differs=arrangement.model is not None and arrangement.model != expected_model,
        ocha_preference=case.ocha_preference,
        score=score,
    )


def arrangement_lines(kb: KnowledgeBase, d: Debrief) -> list[str]:
    """What the report records (or that it records nothing), and OCHA's preference where it has one."""
    from ..render.markdown import statement

    a = d.arrangement
    if a.model is None:
        head = _("The report does not record this arrangement.")
    elif d.arrangement_differs:
        head = _("The report records {model}, which differs from the reasoning on the key.").format(
            model=f"**{kb.models[a.model].label}**"
        )
    else:
        head = _("The report records {model}, as the reasoning on the key gives.").format(
            model=f"**{kb.models[a.model].label}**"
        )
    lines = [head, "", statement(a.text, a.basis, a.citations, a.see)]
    if d.ocha_preference is not None:
        p = d.ocha_preference
        lines += [
            "",
            _("OCHA's preference for this context: {model}. {statement}").format(
                model=f"**{kb.models[p.model].label}**",
                statement=statement(p.text, p.basis, p.citations, p.see),
            ),
        ]
    return lines
