"""The assistant's messages as Markdown: questions, conclusions, the final recommendation."""
from __future__ import annotations

from ..consultation.result import Reason, Result
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Citation, Question
from ..render.markdown import CONFIDENCE_WORDS, cite, reason_lines

def escape_md(text: str) -> str:
    """User text shown as typed: Markdown and HTML characters lose their meaning."""
    import re

    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~&])", r"\\\1", text)


SEVERITY_MARK = {"high": "▲ high", "medium": "■ medium", "low": "▽ low"}


def collect(*groups) -> tuple[Citation, ...]:
    """Distinct citations, in order of first appearance."""
    seen, out = set(), []
    for group in groups:
        for c in group:
            key = (c.paragraph, c.quote, c.as_cited_in)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return tuple(out)


def option_list(q: Question) -> tuple[tuple[str, str], ...]:
    return (*((o.id, o.label) for o in q.options), (UNKNOWN, "Unknown / not sure"))


def question_text(q: Question, number: int, total: int, previous: tuple[str, ...] | None = None) -> str:
    """The question as the chat asks it. Its options are not repeated here: they come with the
    reply (``Reply.options``) and the chat shows them once, numbered, where they are picked."""
    lines = [f"**Question {number} of up to {total}: {q.name}**", "", q.prompt, ""]
    hint = "several numbers or names, separated by commas" if q.multi else "an option's number, or in your words"
    lines += [f"_Answer with {hint}; `why` tells why I ask._"]
    if previous:
        lines.append(f"_Your earlier answer: {', '.join(q.label_of(v) for v in previous)}._")
    return "\n".join(lines)


def standing(result: Result) -> str:
    rec = result.recommendation
    return f"**{rec.label}** ({rec.confidence}){cite(rec.citations)}"


def how_text(result: Result) -> str:
    rec = result.recommendation
    lines = [f"How I reached **{rec.label}** ({rec.confidence}):", ""]
    for r in rec.reasons:
        lines.extend(reason_lines(r, explain=False))
    if rec.assumptions:
        lines += ["", "Assumptions:"]
        lines += [f"- {a.statement}" for a in rec.assumptions]
    return "\n".join(lines)


def how_citations(result: Result) -> tuple[Citation, ...]:
    def walk(r: Reason):
        yield r.citations
        for s in r.because:
            yield from walk(s)

    return collect(*(c for r in result.recommendation.reasons for c in walk(r)))


def flag_lines(result: Result, mitigations: bool = True) -> list[str]:
    if not result.flags:
        return ["No conflicts flagged by the answers so far."]
    lines = []
    for f in result.flags:
        lines.append(f"- **{f.title}** ({SEVERITY_MARK[f.severity]}){cite(f.citations)}: {f.explanation}")
        if mitigations:
            lines += [f"  - what helps: {m.text}{cite(m.citations)}" for m in f.mitigations]
    return lines


def final_text(result: Result) -> str:
    rec = result.recommendation
    lines = [
        f"## Recommendation: {rec.label}",
        "",
        f"{rec.summary}{cite(rec.citations)}",
        "",
        f"- Confidence: {CONFIDENCE_WORDS[rec.confidence]}",
        f"- Structural form: {rec.form_label}",
        "",
        "### Why",
    ]
    for r in rec.reasons:
        lines.extend(reason_lines(r, explain=False))
    if rec.assumptions:
        lines += ["", "### Assumptions"] + [f"- {a.statement}" for a in rec.assumptions]
    lines += ["", "### Alternatives considered"]
    lines += [f"- **{a.label}**: not recommended; {a.why_not}{cite(a.citations)}" for a in rec.alternatives]
    lines += ["", "### Conflicts to plan for"] + flag_lines(result)
    for n in result.notes:
        lines += ["", f"### {n.title}", f"{n.text}{cite(n.citations)}"]
        lines += [f"- [ ] {i.text}{cite(i.citations)}" for i in n.items]
    lines += ["", "_Type `how` for the reasoning tree, `what if QUESTION OPTION` to test a change, `summary` for your answers._"]
    return "\n".join(lines)


def final_citations(result: Result) -> tuple[Citation, ...]:
    rec = result.recommendation
    groups = [rec.citations, how_citations(result)]
    groups += [a.citations for a in rec.alternatives]
    for f in result.flags:
        groups.append(f.citations)
        groups += [m.citations for m in f.mitigations]
    for n in result.notes:
        groups.append(n.citations)
        groups += [i.citations for i in n.items]
    return collect(*groups)


def whatif_text(kb: KnowledgeBase, change: str, now: Result, then: Result) -> str:
    a, b = now.recommendation, then.recommendation
    lines = [f"**What if {change}?** (your answers are unchanged)", "", "| | now | what if |", "|---|---|---|"]
    lines.append(f"| Model | {a.label} | {b.label} |")
    lines.append(f"| Confidence | {a.confidence} | {b.confidence} |")
    lines.append(f"| Form | {a.form_label} | {b.form_label} |")
    ids = list(dict.fromkeys([f.id for f in now.flags] + [f.id for f in then.flags]))
    sev_a = {f.id: f.severity for f in now.flags}
    sev_b = {f.id: f.severity for f in then.flags}
    for fid in ids:
        lines.append(f"| {kb.flags[fid].title} | {sev_a.get(fid, '—')} | {sev_b.get(fid, '—')} |")
    lines.append("")
    if a.model != b.model:
        lines.append(f"The model would change: {b.reasons[0].title}{cite(b.reasons[0].citations)}.")
    else:
        lines.append("The model would stay the same.")
    return "\n".join(lines)


def sensitivity_text(sens, names: dict[str, str]) -> str:
    """What would change the recommendation, as a chat message."""
    lines = ["**What would change this recommendation**", ""]
    if not sens.single_changes and not sens.pair_changes:
        lines.append("No change of one or two answers would give another model.")
    for change in sens.single_changes:
        c = change.changes[0]
        lines.append(f"- {names.get(c.question, c.question)}: {c.label} (now: {c.was}) → **{change.label}**")
    for change in sens.pair_changes[:12]:
        both = " and ".join(f"{names.get(c.question, c.question)}: {c.label}" for c in change.changes)
        lines.append(f"- together, {both} → **{change.label}**")
    if len(sens.pair_changes) > 12:
        lines.append(f"- … and {len(sens.pair_changes) - 12} more pairs")
    matter = [u for u in sens.unknowns if u.matters]
    if matter:
        lines += ["", "Unknown or unanswered answers that matter: "
                  + ", ".join(names.get(u.question, u.question) for u in matter) + "."]
    return "\n".join(lines)
