"""The "Training debrief" section of a training run's transcript, in one wording for every format.

:func:`debrief_sections` lays the debrief out as sections of paragraphs made of segments; each
exporter turns the segments into its own markup:

- ``("text", str)``: plain text from the rule base or the case;
- ``("strong", str)``: the same, in bold;
- ``("user", str)``: text read from the transcript file that a user could have written (the case
  title and id), escaped like any user text;
- ``("cite", list[Citation])``: page references with source numbers, e.g. (p. 20 [3]);
- ``("see", list[Citation])``: the same, for passages an assistant's statement only points to;
- ``("basis", (basis, role))``: the words that say whose the statement that follows is.

The citations shown here are exactly those :func:`~assistant.transcripts.model.debrief_passages`
numbers, in the same order.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .common import SEVERITY_WORDS, flag_title, model_label, score_line
from .model import Transcript

HEADING = "Training debrief"
OK, NO = "✓", "✗"

Seg = tuple[str, object]


@dataclass
class Para:
    segs: list[Seg]
    bullet: bool = False


@dataclass
class Section:
    heading: str | None
    paras: list[Para] = field(default_factory=list)


def _flags(t: Transcript, result, cited: bool) -> list[Seg]:
    if not result.flags:
        return [("text", "no flags")]
    segs: list[Seg] = []
    for i, f in enumerate(result.flags):
        if i:
            segs.append(("text", "; "))
        segs.append(("text", f"{f.title} ({SEVERITY_WORDS[f.severity]})"))
        if cited:
            segs.append(("cite", f.citations))
    return segs


def debrief_sections(t: Transcript) -> list[Section]:
    d = t.training
    if d is None:
        return []
    s = d.score
    head = Section(None, [
        Para([("strong", "Case:"), ("text", " "), ("user", d.title), ("text", " ("), ("user", d.case), ("text", ")")]),
        Para([("strong", score_line(t))]),
        Para([("text", f"{s.answers_agreed} of {s.answers_total} answers agree with the key.")]),
    ])

    answers = Section("Your answers against the key")
    for c in d.answers:
        mine = ", ".join(c.learner_labels) or "not answered"
        if c.agrees:
            segs: list[Seg] = [("text", f"{OK} "), ("strong", c.name), ("text", f": {mine}, as the key says. Why: "),
                               ("basis", (c.basis, "scenario")), ("text", c.why), ("cite", c.citations), ("see", c.see)]
        else:
            segs = [("text", f"{NO} "), ("strong", c.name),
                    ("text", f": you answered {mine}; the key says {', '.join(c.key_labels)}. Why: "),
                    ("basis", (c.basis, "scenario")), ("text", c.why), ("cite", c.citations), ("see", c.see)]
            if c.matters:
                segs.append(("text", f" What the difference changes: {c.matters}"))
        answers.paras.append(Para(segs, bullet=True))

    p = d.prediction
    kr = d.key_result.recommendation
    prediction = Section("Your prediction")
    prediction.paras.append(Para([
        ("text", f"{OK if p.model_right else NO} Model: you predicted {model_label(t, p.model)}; "
                 f"the key's answers give {model_label(t, p.expected_model)}"),
        ("cite", kr.citations), ("text", "."),
    ], bullet=True))

    def names(ids: list[str]) -> str:
        return "; ".join(flag_title(t, f) for f in ids)

    if p.flags_hit:
        prediction.paras.append(Para([("text", f"{OK} Flags you expected that the key's answers raise: {names(p.flags_hit)}.")], bullet=True))
    if p.flags_missed:
        prediction.paras.append(Para([("text", f"{NO} Flags you missed: {names(p.flags_missed)}.")], bullet=True))
    if p.flags_extra:
        prediction.paras.append(Para([("text", f"{NO} Flags you expected that the key's answers do not raise: {names(p.flags_extra)}.")], bullet=True))
    if not (p.flags_hit or p.flags_missed or p.flags_extra):
        prediction.paras.append(Para([("text", f"{OK} You expected no flags, and the key's answers raise none.")], bullet=True))

    lr = d.learner_result.recommendation
    results = Section("The assistant's results")
    results.paras.append(Para([
        ("text", "For your answers: "), ("strong", lr.label),
        ("text", f" (confidence {lr.confidence}; structural form: {lr.form_label}); flags: "),
        *_flags(t, d.learner_result, cited=False), ("text", "."),
    ], bullet=True))
    results.paras.append(Para([
        ("text", "For the key: "), ("strong", kr.label), ("cite", kr.citations),
        ("text", f" (confidence {kr.confidence}; structural form: {kr.form_label}); flags: "),
        *_flags(t, d.key_result, cited=True), ("text", "."),
    ], bullet=True))

    a = d.arrangement
    if a.model is None:
        head_segs: list[Seg] = [("text", "The report does not record this arrangement.")]
    else:
        words = (f", which differs from the reasoning on the key ({model_label(t, p.expected_model)})."
                 if d.arrangement_differs else ", as the reasoning on the key gives.")
        head_segs = [("text", "The report records "), ("strong", model_label(t, a.model)), ("text", words)]
    arrangement = Section("What the report records", [
        Para(head_segs),
        Para([("basis", (a.basis, "claim")), ("text", a.text), ("cite", a.citations), ("see", a.see)]),
    ])
    if d.ocha_preference is not None:
        pref = d.ocha_preference
        arrangement.paras.append(Para([
            ("text", "OCHA's preference for this context: "), ("strong", model_label(t, pref.model)), ("text", ". "),
            ("basis", (pref.basis, "claim")), ("text", pref.text), ("cite", pref.citations), ("see", pref.see),
        ]))
    return [head, answers, prediction, results, arrangement]
