"""The key's reasoning on a training case, for a facilitator to show the room after the debriefs."""

from __future__ import annotations

from ..consultation.answers import Answers
from ..i18n import _, pgettext
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import ModelId, TrainingCase
from .debrief import Prediction, arrangement_lines, debrief, key_answers


def key_reasoning_markdown(kb: KnowledgeBase, case: TrainingCase) -> str:
    """Each answer of the key with why the case reads that way, the result the key's answers give,
    and what the report records. Each statement says whose it is (the report's, or the case's
    reading by the assistant) and cites its passages, as the debrief does."""
    from ..render.citations import cite
    from ..render.markdown import statement

    key = key_answers(case)
    d = debrief(kb, case, key, Prediction(model=_model(kb, key)))
    rec = d.key_result.recommendation
    from ..render.labels import confidence_word, severity_word
    from ..transcripts.common import separator

    lines = [
        "## " + _("The key: {case}").format(case=case.title),
        "",
        "### " + _("How the key reads the case"),
        "",
    ]
    for c in d.answers:
        lines.append(
            "- "
            + _("{question}: {answer}. {why}").format(
                question=f"**{c.name}**",
                answer=", ".join(c.key_labels),
                why=statement(c.why, c.basis, c.citations, c.see, "scenario"),
            )
        )
    flags = separator().join(
        _("{flag} ({severity})").format(flag=f.title, severity=severity_word(f.severity).lower())
        for f in d.key_result.flags
    ) or pgettext("flags", "none")
    lines += [
        "",
        "### " + _("What the assistant concludes from the key's answers"),
        "",
        "- "
        + _("Model: {model} ({confidence}){cited}.").format(
            model=f"**{rec.label}**", confidence=confidence_word(rec.confidence), cited=cite(rec.citations)
        ),
        "- " + _("Flags: {flags}.").format(flags=flags),
        "",
        "### " + _("What the report records"),
        "",
        *arrangement_lines(kb, d),
        "",
    ]
    return "\n".join(lines)


def _model(kb: KnowledgeBase, answers: Answers) -> ModelId:
    from ..consultation.consult import consult

    return consult(answers, kb).recommendation.model
