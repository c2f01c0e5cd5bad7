"""A transcript as one document, in blocks that the Markdown, HTML and Word exporters render alike.

First the brief, one screen: who asked about which crisis, the recommendation and its confidence,
the structural form and why, the top flags with the first thing that helps, the assumptions that
matter and what would change it (and, for a training run, the debrief). Then, after a page break,
the annex: the reasoning, the alternatives, every flag and note, the answers with the words typed
for them, their notes and times, every change made to them, the rules that fired, and the sources: each passage of the
report once, with its page, paragraph and quotes, under the report's full title.
"""

from __future__ import annotations

from ..render.blocks import Block, Span, heading, item, para, said_spans
from ..render.citations import REPORT_TITLE, paragraph_mark
from ..render.recommendation import annex_blocks, brief_blocks
from .common import heading_of, said_by_question, when
from .model import SourceRef, Transcript
from .training import debrief_blocks

ACTIONS = {"set": "answered", "forget": "withdrawn", "note": "note"}


def title_spans(t: Transcript) -> list[Span]:
    spans: list[Span] = [("text", heading_of(t))]
    if t.details.crisis:
        spans += [("text", ": "), ("user", t.details.crisis)]
    return spans


def document(t: Transcript) -> list[Block]:
    d = t.details
    out = [Block("heading", title_spans(t), level=1)]
    if d.crisis:
        out.append(para(("strong", "Crisis: "), ("user", d.crisis)))
    if d.officer:
        out.append(para(("strong", "Officer: "), ("user", d.officer)))
    if d.date:
        out.append(para(("strong", "Date of assessment: "), ("text", d.date.isoformat())))
    out.append(
        para(
            ("strong", "Generated: "),
            ("text", f"{when(t.generated_at)} by Integration Assistant {t.app_version}"),
        )
    )
    said = said_by_question(t)
    out += brief_blocks(t.result, level=2, said=said)
    if t.training is not None:
        out += debrief_blocks(t)
    out.append(Block("pagebreak"))
    out.append(heading("Annex", 1))
    out += annex_blocks(t.result, level=2, said=said)
    out += answer_blocks(t)
    out += history_blocks(t)
    out += trace_blocks(t)
    out += source_blocks(t)
    out.append(
        para(
            (
                "text",
                f"Integration Assistant {t.app_version}; rule base {t.rulebase.name} "
                f"{t.rulebase.version}, sha256 ",
            ),
            ("code", t.rulebase.sha256),
            ("text", "."),
        )
    )
    return out


def answer_blocks(t: Transcript) -> list[Block]:
    res = t.result
    out = [heading("Answers", 2)]
    if not t.answers:
        out.append(para(("text", "No questions answered.")))
    else:
        rows: list[list[list[Span]]] = [
            [[("text", "Question")], [("text", "Answer")], [("text", "Note")], [("text", "Answered")]]
        ]
        for a in t.answers:
            rows.append(
                [
                    [("strong", a.name), ("text", ": "), ("text", a.prompt)],
                    [("text", ", ".join(a.labels)), *said_spans(a.said_as())],
                    [("user", a.note)] if a.note else [],
                    [("text", when(a.at))],
                ]
            )
        out.append(Block("table", rows=rows))
    if not res.complete and res.next_question:
        out.append(
            para(
                ("text", "Interview not complete: the next question would be "),
                ("code", res.next_question),
                ("text", "."),
            )
        )
    if res.skipped:
        out.append(para(("text", "Questions that can no longer change the result:")))
        out += [item(("code", s.question), ("text", ": " + s.why)) for s in res.skipped]
    return out


def history_blocks(t: Transcript) -> list[Block]:
    """Every change to the answers, in order, with its time (a session's; none when headless)."""
    if not t.history:
        return []
    out = [heading("Changes to the answers", 2)]
    for c in t.history:
        spans: list[Span] = [
            ("text", f"{when(c.at)}: "),
            ("strong", c.name),
            ("text", f" {ACTIONS[c.action]}"),
        ]
        if c.action == "set":
            spans += [("text", f": {', '.join(c.labels)}"), *said_spans(c.said_as())]
        if c.note:
            spans += [("text", ", note: "), ("user", c.note)]
        out.append(item(*spans))
    return out


def trace_blocks(t: Transcript) -> list[Block]:
    out = [heading("How the rules fired", 2)]
    for s in t.result.trace:
        out.append(
            item(
                ("strong", s.title),
                ("text", f" ({s.topic}): {s.derived.text}"),
                ("cite", s.citations),
                marker="number",
            )
        )
    return out


def source_blocks(t: Transcript) -> list[Block]:
    """Each cited paragraph once, with its page, section and every phrase quoted from it."""
    out = [heading("Sources", 2), para(("text", f"All citations are to {REPORT_TITLE}."))]
    groups: dict[str, list[SourceRef]] = {}
    for s in t.sources:
        groups.setdefault(s.paragraph, []).append(s)
    for pid, refs in groups.items():
        first = refs[0]
        spans: list[Span] = [("strong", paragraph_mark(pid)), ("text", f", p. {first.page}, {first.section}")]
        quotes = list(dict.fromkeys(r.quote for r in refs if r.quote))
        if quotes:
            spans.append(("text", ": " + "; ".join(f"“{q}”" for q in quotes)))
        primary = list(dict.fromkeys(r.as_cited_in for r in refs if r.as_cited_in))
        if primary:
            spans.append(("text", f" (as cited in the report: {'; '.join(primary)})"))
        spans.append(("text", "."))
        block = item(*spans)
        block.anchor = f"para-{pid}"
        out.append(block)
    return out
