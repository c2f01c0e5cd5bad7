"""The key's reasoning on a training case, for a facilitator to show the room after the debriefs."""

from __future__ import annotations

from ..consultation.answers import Answers
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
    lines = [f"## The key: {case.title}", "", "### How the key reads the case", ""]
    for c in d.answers:
        lines.append(
            f"- **{c.name}**: {', '.join(c.key_labels)}. "
            f"{statement(c.why, c.basis, c.citations, c.see, 'scenario')}"
        )
    flags = "; ".join(f"{f.title} ({f.severity})" for f in d.key_result.flags) or "none"
    lines += [
        "",
        "### What the assistant concludes from the key's answers",
        "",
        f"- Model: **{rec.label}** ({rec.confidence}){cite(rec.citations)}.",
        f"- Flags: {flags}.",
        "",
        "### What the report records",
        "",
        *arrangement_lines(kb, d),
        "",
    ]
    return "\n".join(lines)


def _model(kb: KnowledgeBase, answers: Answers) -> ModelId:
    from ..consultation.consult import consult

    return consult(answers, kb).recommendation.model
