"""The "Training debrief" section of a training run's transcript, as blocks every format renders.

Its citations are exactly those :func:`~assistant.transcripts.model.debrief_passages` numbers.
"""

from __future__ import annotations

from ..consultation.result import Result
from ..render.blocks import Block, Span, heading, item, para, said_spans, stated
from .common import SEVERITY_WORDS, flag_title, model_label, said_by_question, score_line
from .model import Transcript

HEADING = "Training debrief"
OK, NO = "✓", "✗"


def _flags(t: Transcript, result: Result, cited: bool) -> list[Span]:
    if not result.flags:
        return [("text", "no flags")]
    segs: list[Span] = []
    for i, f in enumerate(result.flags):
        if i:
            segs.append(("text", "; "))
        segs.append(("text", f"{f.title} ({SEVERITY_WORDS[f.severity]})"))
        if cited:
            segs.append(("cite", f.citations))
    return segs


def debrief_blocks(t: Transcript, level: int = 2) -> list[Block]:
    d = t.training
    if d is None:
        return []
    s = d.score
    out = [
        heading(HEADING, level),
        para(("strong", "Case: "), ("user", d.title), ("text", " ("), ("user", d.case), ("text", ")")),
    ]
    if t.details.officer:
        out.append(para(("strong", "Participant: "), ("user", t.details.officer)))
    out += [
        para(("strong", score_line(s))),
        para(("text", f"{s.answers_agreed} of {s.answers_total} answers agree with the key.")),
        heading("Your answers against the key", level + 1),
    ]
    said = said_by_question(t)
    # questions the learner's answers left open because they could no longer change the result
    skipped = {x.question for x in d.learner_result.skipped}
    for c in d.answers:
        mine = ", ".join(c.learner_labels)
        # the words the learner typed follow the learner's answer
        typed = said_spans(said.get(c.question)) if c.learner else []
        if c.agrees:
            segs: list[Span] = [
                ("text", f"{OK} "),
                ("strong", c.name),
                ("text", f": {mine}"),
                *typed,
                ("text", ", as the key says. Why: "),
                *stated(c.why, c.basis, c.citations, c.see, "scenario"),
            ]
        else:
            if mine:
                yours = f"you answered {mine}"
            elif c.question in skipped:
                yours = "not asked, as with your other answers it could not change the result"
            else:
                yours = "you did not answer it"
            segs = [
                ("text", f"{NO} "),
                ("strong", c.name),
                ("text", f": {yours}"),
                *typed,
                ("text", f"; the key says {', '.join(c.key_labels)}. Why: "),
                *stated(c.why, c.basis, c.citations, c.see, "scenario"),
            ]
            if c.matters:
                segs.append(("text", f" What the difference changes: {c.matters}"))
        out.append(item(*segs))

    p = d.prediction
    kr = d.key_result.recommendation
    out.append(heading("Your prediction", level + 1))
    out.append(
        item(
            (
                "text",
                f"{OK if p.model_right else NO} Model: you predicted {model_label(t, p.model)}; "
                f"the key's answers give {model_label(t, p.expected_model)}",
            ),
            ("cite", kr.citations),
            ("text", "."),
        )
    )

    def names(ids: list[str]) -> str:
        return "; ".join(flag_title(t, f) for f in ids)

    if p.flags_hit:
        out.append(
            item(("text", f"{OK} Flags you expected that the key's answers raise: {names(p.flags_hit)}."))
        )
    if p.flags_missed:
        out.append(item(("text", f"{NO} Flags you missed: {names(p.flags_missed)}.")))
    if p.flags_extra:
        out.append(
            item(
                (
                    "text",
                    f"{NO} Flags you expected that the key's answers do not raise: {names(p.flags_extra)}.",
                )
            )
        )
    if not (p.flags_hit or p.flags_missed or p.flags_extra):
        out.append(item(("text", f"{OK} You expected no flags, and the key's answers raise none.")))

    lr = d.learner_result.recommendation
    out.append(heading("The assistant's results", level + 1))
    out.append(
        item(
            ("text", "For your answers: "),
            ("strong", lr.label),
            ("text", f" (confidence {lr.confidence}; structural form: {lr.form_label}); flags: "),
            *_flags(t, d.learner_result, cited=False),
            ("text", "."),
        )
    )
    out.append(
        item(
            ("text", "For the key: "),
            ("strong", kr.label),
            ("cite", kr.citations),
            ("text", f" (confidence {kr.confidence}; structural form: {kr.form_label}); flags: "),
            *_flags(t, d.key_result, cited=True),
            ("text", "."),
        )
    )

    a = d.arrangement
    out.append(heading("What the report records", level + 1))
    if a.model is None:
        out.append(
            para(("text", "Not recorded: the report does not record the UN's arrangement in this case."))
        )
    else:
        words = (
            f", which differs from the reasoning on the key ({model_label(t, p.expected_model)})."
            if d.arrangement_differs
            else ", as the reasoning on the key gives."
        )
        out.append(
            para(("text", "The report records "), ("strong", model_label(t, a.model)), ("text", words))
        )
    out.append(para(*stated(a.text, a.basis, a.citations, a.see)))
    if d.ocha_preference is not None:
        pref = d.ocha_preference
        out.append(
            para(
                ("text", "OCHA's preference for this context, as the report cites it: "),
                ("strong", model_label(t, pref.model)),
                ("text", ". "),
                *stated(pref.text, pref.basis, pref.citations, pref.see),
            )
        )
    return out
