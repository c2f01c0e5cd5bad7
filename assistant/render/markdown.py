"""A consultation result as Markdown, every claim with its page."""
from __future__ import annotations

from ..consultation.result import Reason, Result
from ..knowledge.loader import KnowledgeBase
from .basis import Role, lead
from .citations import cite

CONFIDENCE_WORDS = {
    "firm": "firm: every condition it rests on is answered and holds",
    "default": "default: the UN's default model, and no answer calls for another",
    "inferred": "inferred: the report does not decide this case; this is the assistant's reading",
    "tentative": "tentative: unsettled answers could still change it",
}


def statement(text: str, basis: str | None, citations=(), see=(), role: Role = "claim") -> str:
    """A statement with the words that say whose it is, and its references:
    "*The report:* … (p. 20 ¶45)" or "*Suggested by the assistant, not the report:* … (see p. 25 ¶59)"."""
    return f"*{lead(basis, role)}:* {text}{cite(citations, see)}"


def reason_lines(reason: Reason, depth: int = 0, explain: bool = True) -> list[str]:
    """A reason tree as nested Markdown bullets, each rule with its pages (and, when
    ``explain``, its plain-words explanation)."""
    pad = "  " * depth
    what = f": {reason.explanation}" if explain else ""
    lines = [f"{pad}- **{reason.title}**{what}{cite(reason.citations)}"]
    if reason.matched:
        lines.append(f"{pad}  - rests on: {'; '.join(reason.matched)}")
    for sub in reason.because:
        lines.extend(reason_lines(sub, depth + 1, explain))
    return lines


def render(result: Result, kb: KnowledgeBase, title: str = "Integration Assistant: recommendation") -> str:
    rec = result.recommendation
    out = [f"# {title}", ""]
    out.append(f"**Model: {rec.label}**{cite(rec.citations)}  ")
    out.append(f"Confidence: {CONFIDENCE_WORDS[rec.confidence]}  ")
    out.append(f"Structural form: {rec.form_label}")
    out += ["", rec.summary, "", "## Why", ""]
    for reason in rec.reasons:
        out.extend(reason_lines(reason))
    if rec.assumptions:
        out += ["", "## Assumptions", ""]
        out += [f"- {a.statement}" for a in rec.assumptions]
    out += ["", "## Alternatives considered", ""]
    out += [f"- **{a.label}**: not recommended; {a.why_not}{cite(a.citations)}" for a in rec.alternatives]
    if result.sensitivity is not None:
        from ..conversation.text import sensitivity_text

        names = {q.id: q.name for q in kb.questions}
        out += ["", "## " + sensitivity_text(result.sensitivity, names).removeprefix("**").replace("**\n", "\n", 1)]
    out += ["", "## Conflicts to plan for", ""]
    if not result.flags:
        out.append("No flags raised by the answers given.")
    for f in result.flags:
        out.append(f"### {f.title} ({f.severity})")
        out.append("")
        out.append(f"{f.explanation}{cite(f.citations)}")
        if f.details:
            out.append("")
            out.append("Raised by: " + "; ".join(f.details) + ".")
        out.append("")
        out.append("What helps:")
        out += [f"- {m.text}{cite(m.citations)}" for m in f.mitigations]
        out.append("")
    for n in result.notes:
        out += [f"## {n.title}", "", f"{n.text}{cite(n.citations)}"]
        if n.items:
            out.append("")
            out += [f"- [ ] {i.text}{cite(i.citations)}" for i in n.items]
        out.append("")
    out += ["## Answers", ""]
    for q in kb.questions:
        if q.id in result.answers:
            v = result.answers[q.id]
            labels = [q.label_of(x) for x in (v if isinstance(v, list) else [v])]
            out.append(f"- {q.short}: {', '.join(labels)}")
    if not result.complete:
        out += ["", f"Interview not complete: next question would be `{result.next_question}`."]
    out += ["", f"Rule base {result.rulebase.version}, sha256 {result.rulebase.sha256}. Source: {result.rulebase.source}.", ""]
    return "\n".join(out)
