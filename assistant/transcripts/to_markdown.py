"""A transcript as Markdown: every claim with its page and its source number, e.g. (p. 20 [1]).

User text (crisis, officer, notes) is escaped so that it stays text: Markdown and HTML
characters are backslash-escaped, and a note's line breaks become hard line breaks inside its
list item, so no note can open a heading, a list, a table or a code block.
"""
from __future__ import annotations

import re

from ..consultation.result import Reason
from ..knowledge.schema import Citation
from ..render.basis import lead
from .common import CONFIDENCE_WORDS, SEVERITY_WORDS, refs, title_of, sensitivity_items, when
from .model import Transcript
from .training import HEADING as TRAINING_HEADING
from .training import debrief_sections

# Characters with inline meaning (emphasis, code, links, HTML, entities, tables, strikethrough,
# a heading's closing hashes).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#])")
# What would start a block at the beginning of a line: lists, quotes, setext underlines.
_BLOCK_START = "+-=>:"
_ORDERED = re.compile(r"\d+(?=[.)])")


def escape(text: str) -> str:
    """One line of user text, safe anywhere in a Markdown line (line breaks become spaces)."""
    return _escape_line(" ".join(text.splitlines()) if text else "")


def escape_block(text: str, indent: str) -> str:
    """Multi-line user text inside a list item: each line escaped, hard breaks between them."""
    lines = [_escape_line(line) for line in text.splitlines()] or [""]
    return ("\\\n" + indent).join(line if line.strip() else "\u00a0" for line in lines)


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    body = line.lstrip(" \t")
    lead = len(line) - len(body)
    if body[:1] and body[0] in _BLOCK_START:
        body = "\\" + body
    elif m := _ORDERED.match(body):
        body = body[: m.end()] + "\\" + body[m.end() :]
    # Leading blanks would make an indented code block or be dropped: keep them, unbreakable.
    return "\u00a0" * lead + body


def _cite(t: Transcript, citations: list[Citation]) -> str:
    r = refs(t, citations)
    return f" ({'; '.join(x.text() for x in r)})" if r else ""


def _reason_lines(t: Transcript, reason: Reason, depth: int = 0) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}- **{reason.title}**: {reason.explanation}{_cite(t, reason.citations)}"]
    if reason.matched:
        lines.append(f"{pad}  - rests on: {'; '.join(reason.matched)}")
    for sub in reason.because:
        lines.extend(_reason_lines(t, sub, depth + 1))
    return lines


def _segments(t: Transcript, segs) -> str:
    out = []
    for kind, value in segs:
        if kind == "strong":
            out.append(f"**{value}**")
        elif kind == "user":
            out.append(escape(value))
        elif kind == "cite":
            out.append(_cite(t, value))
        elif kind == "see":
            out.append(_cite(t, value).replace(" (", " (see ", 1))
        elif kind == "basis":
            out.append(f"*{lead(*value)}:* ")
        else:
            out.append(value)
    return "".join(out)


def _debrief(t: Transcript) -> list[str]:
    out = [f"## {TRAINING_HEADING}", ""]
    for section in debrief_sections(t):
        if section.heading:
            out += [f"### {section.heading}", ""]
        bullets = [p for p in section.paras if p.bullet]
        for p in section.paras:
            if p.bullet:
                out.append(f"- {_segments(t, p.segs)}")
            else:
                out += [_segments(t, p.segs), ""]
        if bullets:
            out.append("")
    return out


def render(t: Transcript) -> str:
    res = t.result
    rec = res.recommendation
    d = t.details
    out = [f"# {escape(title_of(t))}", ""]
    if d.crisis:
        out.append(f"Crisis: {escape(d.crisis)}  ")
    if d.officer:
        out.append(f"Officer: {escape(d.officer)}  ")
    if d.date:
        out.append(f"Date of assessment: {d.date.isoformat()}  ")
    out.append(f"Generated: {when(t.generated_at)} by Integration Assistant {t.app_version}  ")
    out.append(f"Rule base: {t.rulebase.name} {t.rulebase.version}, sha256 `{t.rulebase.sha256}`")
    out.append("")
    if t.training is not None:
        out += _debrief(t)
    out += ["## Recommendation", ""]
    out.append(f"**Model: {rec.label}**{_cite(t, rec.citations)}  ")
    out.append(f"Confidence: {CONFIDENCE_WORDS[rec.confidence]}  ")
    out.append(f"Structural form: {rec.form_label}")
    out += ["", rec.summary, "", "### Why", ""]
    for reason in rec.reasons:
        out.extend(_reason_lines(t, reason))
    if rec.assumptions:
        out += ["", "### Assumptions", ""]
        out += [f"- {a.statement}" for a in rec.assumptions]
    out += ["", "### Alternatives considered", ""]
    out += [f"- **{a.label}**: not recommended; {a.why_not}{_cite(t, a.citations)}" for a in rec.alternatives]
    if changes := sensitivity_items(t):
        out += ["", "### What would change this recommendation", ""]
        out += [f"- {item}" for item in changes]
    out += ["", "## Conflicts to plan for", ""]
    if not res.flags:
        out += ["No flags raised by the answers given.", ""]
    for f in res.flags:
        out += [f"### {f.title}", "", f"Severity: **{SEVERITY_WORDS[f.severity]}**", ""]
        out.append(f"{f.explanation}{_cite(t, f.citations)}")
        if f.details:
            out += ["", "Raised by: " + "; ".join(f.details) + "."]
        out += ["", "Mitigations:"]
        out += [f"- {m.text}{_cite(t, m.citations)}" for m in f.mitigations]
        out.append("")
    for n in res.notes:
        out += [f"## {n.title}", "", f"{n.text}{_cite(t, n.citations)}"]
        if n.items:
            out.append("")
            out += [f"- [ ] {i.text}{_cite(t, i.citations)}" for i in n.items]
        out.append("")
    out += ["## Answers", ""]
    if not t.answers:
        out.append("No questions answered.")
    for i, a in enumerate(t.answers, 1):
        pad = " " * (len(str(i)) + 2)
        out.append(f"{i}. **{a.name}**: {a.prompt}  ")
        line = f"{pad}Answer: {', '.join(a.labels)}"
        if a.at:
            line += f" ({when(a.at)})"
        if a.note:
            out.append(line + "  ")
            out.append(f"{pad}Note: {escape_block(a.note, pad)}")
        else:
            out.append(line)
    if not res.complete:
        out += ["", f"Interview not complete: the next question would be `{res.next_question}`."]
    if res.skipped:
        out += ["", "Questions that can no longer change the result:", ""]
        out += [f"- `{s.question}`: {s.why}" for s in res.skipped]
    out += ["", "## How the rules fired", ""]
    for step in res.trace:
        out.append(f"{step.step}. **{step.title}** ({step.topic}): {step.derived.text}{_cite(t, step.citations)}")
    out += ["", "## Sources", ""]
    for s in t.sources:
        quote = f": “{s.quote}”" if s.quote else ""
        also = f" As cited in: {s.as_cited_in}." if s.as_cited_in else ""
        out.append(f"- [{s.number}] p. {s.page}, {s.section}, paragraph {s.paragraph}{quote}. {s.source}.{also}")
    out += [
        "",
        f"Integration Assistant {t.app_version}; rule base {t.rulebase.name} {t.rulebase.version}, "
        f"sha256 `{t.rulebase.sha256}`. Source: {t.rulebase.source}.",
        "",
    ]
    return "\n".join(out)


def export(transcript: Transcript) -> bytes:
    return render(transcript).encode("utf-8")
