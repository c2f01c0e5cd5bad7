"""The "Training debrief" section of a training run's transcript, as blocks every format renders.

Its citations are exactly those :func:`~assistant.transcripts.model.debrief_passages` numbers.
"""

from __future__ import annotations

from ..consultation.result import Result
from ..i18n import N_, _, ngettext
from ..render.blocks import Block, Span, heading, item, para, said_spans, stated
from .common import (
    confidence_word,
    fill,
    flag_title,
    model_label,
    said_by_question,
    score_line,
    separator,
    severity_word,
)
from .model import Transcript

HEADING = N_("Training debrief")  # shown through _()
OK, NO = "✓", "✗"


def _flags(t: Transcript, result: Result, cited: bool) -> list[Span]:
    if not result.flags:
        return [("text", _("no flags"))]
    segs: list[Span] = []
    for i, f in enumerate(result.flags):
        if i:
            segs.append(("text", separator()))
        segs.append(
            ("text", _("{flag} ({severity})").format(flag=f.title, severity=severity_word(f.severity)))
        )
        if cited:
            segs.append(("cite", f.citations))
    return segs


def debrief_blocks(t: Transcript, level: int = 2) -> list[Block]:
    d = t.training
    if d is None:
        return []
    s = d.score
    out = [
        heading(_(HEADING), level),
        para(
            ("strong", _("Case: ")),
            *fill(_("{title} ({case})"), title=("user", d.title), case=("user", d.case)),
        ),
    ]
    if t.details.officer:
        out.append(para(("strong", _("Participant: ")), ("user", t.details.officer)))
    out += [
        para(("strong", score_line(s))),
        para(
            (
                "text",
                ngettext(
                    "{agreed} of {total} answers agree with the key.",
                    "{agreed} of {total} answers agree with the key.",
                    s.answers_agreed,
                ).format(agreed=s.answers_agreed, total=s.answers_total),
            )
        ),
        heading(_("Your answers against the key"), level + 1),
    ]
    said = said_by_question(t)
    # questions the learner's answers left open because they could no longer change the result
    skipped = {x.question for x in d.learner_result.skipped}
    for c in d.answers:
        mine = ", ".join(c.learner_labels)
        # the words the learner typed follow the learner's answer
        typed = said_spans(said.get(c.question)) if c.learner else []
        why = stated(c.why, c.basis, c.citations, c.see, "scenario")
        if c.agrees:
            segs = fill(
                _("{mark} {question}: {answer}{typed}, as the key says. Why: {why}"),
                mark=OK,
                question=("strong", c.name),
                answer=mine,
                typed=typed,
                why=why,
            )
        else:
            if mine:
                template = _(
                    "{mark} {question}: you answered {answer}{typed}; the key says {key}. Why: {why}"
                )
            elif c.question in skipped:
                template = _(
                    "{mark} {question}: not asked, as with your other answers it could not change the "
                    "result{typed}; the key says {key}. Why: {why}"
                )
            else:
                template = _(
                    "{mark} {question}: you did not answer it{typed}; the key says {key}. Why: {why}"
                )
            segs = fill(
                template,
                mark=NO,
                question=("strong", c.name),
                answer=mine,
                typed=typed,
                key=", ".join(c.key_labels),
                why=why,
            )
            if c.matters:
                segs.append(
                    ("text", " " + _("What the difference changes: {matters}").format(matters=c.matters))
                )
        out.append(item(*segs))

    p = d.prediction
    kr = d.key_result.recommendation
    out.append(heading(_("Your prediction"), level + 1))
    out.append(
        item(
            *fill(
                _("{mark} Model: you predicted {predicted}; the key's answers give {expected}{cited}."),
                mark=OK if p.model_right else NO,
                predicted=model_label(t, p.model),
                expected=model_label(t, p.expected_model),
                cited=("cite", kr.citations),
            )
        )
    )

    def names(ids: list[str]) -> str:
        return separator().join(flag_title(t, f) for f in ids)

    if p.flags_hit:
        out.append(
            item(
                (
                    "text",
                    _("{mark} Flags you expected that the key's answers raise: {flags}.").format(
                        mark=OK, flags=names(p.flags_hit)
                    ),
                )
            )
        )
    if p.flags_missed:
        out.append(
            item(
                ("text", _("{mark} Flags you missed: {flags}.").format(mark=NO, flags=names(p.flags_missed)))
            )
        )
    if p.flags_extra:
        out.append(
            item(
                (
                    "text",
                    _("{mark} Flags you expected that the key's answers do not raise: {flags}.").format(
                        mark=NO, flags=names(p.flags_extra)
                    ),
                )
            )
        )
    if not (p.flags_hit or p.flags_missed or p.flags_extra):
        out.append(
            item(
                ("text", _("{mark} You expected no flags, and the key's answers raise none.").format(mark=OK))
            )
        )

    lr = d.learner_result.recommendation
    out.append(heading(_("The assistant's results"), level + 1))
    out.append(
        item(
            *fill(
                _(
                    "For your answers: {model} (confidence {confidence}; structural form: {form}); flags: {flags}."
                ),
                model=("strong", lr.label),
                confidence=confidence_word(lr.confidence),
                form=lr.form_label,
                flags=_flags(t, d.learner_result, cited=False),
            )
        )
    )
    out.append(
        item(
            *fill(
                _(
                    "For the key: {model}{cited} (confidence {confidence}; structural form: {form}); flags: {flags}."
                ),
                model=("strong", kr.label),
                cited=("cite", kr.citations),
                confidence=confidence_word(kr.confidence),
                form=kr.form_label,
                flags=_flags(t, d.key_result, cited=True),
            )
        )
    )

    a = d.arrangement
    out.append(heading(_("What the report records"), level + 1))
    if a.model is None:
        out.append(
            para(("text", _("Not recorded: the report does not record the UN's arrangement in this case.")))
        )
    else:
        template = (
            _("The report records {model}, which differs from the reasoning on the key ({key}).")
            if d.arrangement_differs
            else _("The report records {model}, as the reasoning on the key gives.")
        )
        out.append(
            Block(
                "para",
                fill(
                    template, model=("strong", model_label(t, a.model)), key=model_label(t, p.expected_model)
                ),
            )
        )
    out.append(para(*stated(a.text, a.basis, a.citations, a.see)))
    if d.ocha_preference is not None:
        pref = d.ocha_preference
        out.append(
            Block(
                "para",
                fill(
                    _("OCHA's preference for this context, as the report cites it: {model}. {statement}"),
                    model=("strong", model_label(t, pref.model)),
                    statement=stated(pref.text, pref.basis, pref.citations, pref.see),
                ),
            )
        )
    return out
