"""The key's reasoning on a training case, for a facilitator to show the room after the debriefs."""
from __future__ import annotations

from ..consultation.consult import consult
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import TrainingCase
from ..render.markdown import cite
from .debrief import key_answers


def key_reasoning_markdown(kb: KnowledgeBase, case: TrainingCase) -> str:
    """Each answer of the key with why the case reads that way, the result the key's answers give,
    and what the report records. Statements are the trainer's and the assistant's; passages of
    the report are cited by page and paragraph."""
    key = key_answers(case)
    result = consult(key, kb)
    rec = result.recommendation
    lines = [f"## The key: {case.title}", "", "### How the key reads the case", ""]
    for qid, entry in case.key.items():
        q = kb.question(qid)
        name = q.name if q is not None else qid
        labels = ", ".join(q.label_of(v) for v in key[qid]) if q is not None else ", ".join(key[qid])
        lines.append(f"- **{name}**: {labels}. {entry.why}{cite(entry.citations)}")
    lines += ["", "### What the assistant concludes from the key's answers", "",
              f"- Model: **{rec.label}** ({rec.confidence}){cite(rec.citations)}."]
    if result.flags:
        lines.append("- Flags: " + "; ".join(f"{f.title} ({f.severity})" for f in result.flags) + ".")
    else:
        lines.append("- Flags: none.")
    arrangement = case.report_arrangement
    differs = "which differs from the reasoning on the key" if arrangement.model != rec.model else "as the reasoning gives"
    lines += ["", "### What the report records", "",
              f"**{kb.models[arrangement.model].label}**, {differs}. {arrangement.text}{cite(arrangement.citations)}", ""]
    return "\n".join(lines)
