"""A transcript as a Word document, built with python-docx.

Headings; the recommendation with its page references and source numbers; the flags with
their severity and their mitigations as bullets; the notes and the Integrated Approach
checklist; the answers as a table; the numbered sources. Characters XML cannot hold (control
characters a user might paste) are replaced with U+FFFD; all other text is kept as typed.
"""
from __future__ import annotations

import io
import re

from ..consultation.result import Reason
from ..knowledge.schema import Citation
from ..render.basis import lead
from .common import CONFIDENCE_WORDS, SEVERITY_WORDS, refs, title_of, sensitivity_items, when
from .model import Transcript
from .training import HEADING as TRAINING_HEADING
from .training import debrief_sections

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SEVERITY_RGB = {"high": (0xA4, 0x16, 0x1A), "medium": (0xB3, 0x5C, 0x00), "low": (0x2F, 0x6F, 0x3E)}


def x(text: str) -> str:
    """Text Word can hold."""
    return _NOT_XML.sub("\ufffd", text)


def _cite(t: Transcript, citations: list[Citation]) -> str:
    r = refs(t, citations)
    return f" ({'; '.join(ref.text() for ref in r)})" if r else ""


def render(t: Transcript):
    from docx import Document
    from docx.shared import Pt, RGBColor

    res = t.result
    rec = res.recommendation
    d = t.details
    doc = Document()
    props = doc.core_properties
    props.title = x(title_of(t))[:255]
    props.author = x(d.officer)[:255] or "Integration Assistant"
    props.last_modified_by = "Integration Assistant"
    props.comments = f"Integration Assistant {t.app_version}; rule base {t.rulebase.version} sha256 {t.rulebase.sha256}"
    naive = t.generated_at.replace(tzinfo=None)
    props.created = naive
    props.modified = naive
    doc.styles["Normal"].font.size = Pt(10.5)

    # python-docx looks a style name up afresh for every paragraph (half the export time):
    # resolve each name once, and set the paragraph's style id directly.
    style_ids: dict[str, str] = {}

    def para(text: str = "", style: str | None = None, bold_prefix: str = ""):
        p = doc.add_paragraph()
        if style:
            if style not in style_ids:
                style_ids[style] = doc.styles[style].style_id
            p._p.style = style_ids[style]
        if bold_prefix:
            p.add_run(x(bold_prefix)).bold = True
        if text:
            p.add_run(x(text))
        return p

    doc.add_heading(x(title_of(t)), level=0)
    if d.crisis:
        para(d.crisis, bold_prefix="Crisis: ")
    if d.officer:
        para(d.officer, bold_prefix="Officer: ")
    if d.date:
        para(d.date.isoformat(), bold_prefix="Date of assessment: ")
    para(f"{when(t.generated_at)} by Integration Assistant {t.app_version}", bold_prefix="Generated: ")
    para(f"{t.rulebase.name} {t.rulebase.version}, sha256 {t.rulebase.sha256}", bold_prefix="Rule base: ")

    if t.training is not None:
        doc.add_heading(TRAINING_HEADING, level=1)
        for section in debrief_sections(t):
            if section.heading:
                doc.add_heading(x(section.heading), level=2)
            for item in section.paras:
                p = para(style="List Bullet" if item.bullet else None)
                for kind, value in item.segs:
                    if kind == "basis":
                        p.add_run(x(lead(*value) + ": ")).italic = True
                        continue
                    text = _cite(t, value) if kind == "cite" else _cite(t, value).replace("(", "(see ", 1) if kind == "see" else value
                    if text:
                        p.add_run(x(text)).bold = kind == "strong" or None

    doc.add_heading("Recommendation", level=1)
    para(f"{rec.label}{_cite(t, rec.citations)}", bold_prefix="Model: ")
    para(CONFIDENCE_WORDS[rec.confidence], bold_prefix="Confidence: ")
    para(rec.form_label, bold_prefix="Structural form: ")
    para(rec.summary)
    doc.add_heading("Why", level=2)

    def reasons(rs: list[Reason], level: int) -> None:
        style = "List Bullet" if level == 1 else "List Bullet 2" if level == 2 else "List Bullet 3"
        for r in rs:
            p = para(f": {r.explanation}{_cite(t, r.citations)}", style=style, bold_prefix=r.title)
            if r.matched:
                p.add_run(x(f" Rests on: {'; '.join(r.matched)}.")).italic = True
            reasons(r.because, min(level + 1, 3))

    reasons(rec.reasons, 1)
    if rec.assumptions:
        doc.add_heading("Assumptions", level=2)
        for a in rec.assumptions:
            para(a.statement, style="List Bullet")
    doc.add_heading("Alternatives considered", level=2)
    for a in rec.alternatives:
        para(f": not recommended; {a.why_not}{_cite(t, a.citations)}", style="List Bullet", bold_prefix=a.label)
    if changes := sensitivity_items(t):
        doc.add_heading("What would change this recommendation", level=2)
        for item in changes:
            para(item, style="List Bullet")

    doc.add_heading("Conflicts to plan for", level=1)
    if not res.flags:
        para("No flags raised by the answers given.")
    for f in res.flags:
        doc.add_heading(x(f.title), level=2)
        p = doc.add_paragraph()
        p.add_run("Severity: ").bold = True
        sev = p.add_run(SEVERITY_WORDS[f.severity])
        sev.bold = True
        sev.font.color.rgb = RGBColor(*SEVERITY_RGB[f.severity])
        para(f"{f.explanation}{_cite(t, f.citations)}")
        if f.details:
            para("Raised by: " + "; ".join(f.details) + ".").runs[0].italic = True
        para(bold_prefix="Mitigations:")
        for m in f.mitigations:
            para(f"{m.text}{_cite(t, m.citations)}", style="List Bullet")

    for n in res.notes:
        doc.add_heading(x(n.title), level=1)
        para(f"{n.text}{_cite(t, n.citations)}")
        for i in n.items:
            para(f"\u2610 {i.text}{_cite(t, i.citations)}", style="List Bullet")

    doc.add_heading("Answers", level=1)
    if t.answers:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, ("Question", "Answer", "Note", "Answered")):
            cell.text = ""
            cell.paragraphs[0].add_run(head).bold = True
        for a in t.answers:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(x(a.name)).bold = True
            cells[0].add_paragraph(x(a.prompt))
            cells[1].text = x(", ".join(a.labels))
            cells[2].text = x(a.note)
            cells[3].text = when(a.at)
    else:
        para("No questions answered.")
    if not res.complete:
        para(f"Interview not complete: the next question would be '{res.next_question}'.")

    doc.add_heading("How the rules fired", level=1)
    for s in res.trace:
        para(f" ({s.topic}): {s.derived.text}{_cite(t, s.citations)}", style="List Number", bold_prefix=s.title)

    doc.add_heading("Sources", level=1)
    for s in t.sources:
        quote = f": \u201c{s.quote}\u201d" if s.quote else ""
        also = f" As cited in: {s.as_cited_in}." if s.as_cited_in else ""
        para(f"p. {s.page}, {s.section}, paragraph {s.paragraph}{quote}. {s.source}.{also}", bold_prefix=f"[{s.number}] ")
    para(
        f"Integration Assistant {t.app_version}; rule base {t.rulebase.name} {t.rulebase.version}, "
        f"sha256 {t.rulebase.sha256}. Source: {t.rulebase.source}."
    ).runs[0].font.size = Pt(8)
    return doc


def export(transcript: Transcript) -> bytes:
    buf = io.BytesIO()
    render(transcript).save(buf)
    return buf.getvalue()
