"""A transcript as a Word document, built with python-docx from the same blocks as the others.

Headings; the brief, then a page break and the annex; every claim with its page and paragraph
and whose it is; flags with their severity in colour; the answers as a table; the sources.
Control and bidirectional characters (which a user might paste, and most of which XML cannot
hold) are shown as escapes (``\\x1b``, ``\\u202e``), as everywhere text read from a file is shown;
what XML still cannot hold is replaced with U+FFFD; all other text is kept as typed.
"""

from __future__ import annotations

import io
import re

from ..i18n import _, using
from ..render.basis import lead_colon
from ..render.blocks import SEVERITY_MARK, Span, plain
from ..render.citations import cite
from ..usertext import visible
from .common import title_of
from .document import document
from .model import Transcript

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SEVERITY_RGB = {"high": (0xA4, 0x16, 0x1A), "medium": (0xB3, 0x5C, 0x00), "low": (0x2F, 0x6F, 0x3E)}
ASSISTANT_RGB = (0x6B, 0x3F, 0xA0)
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR"}
LIST_STYLES = {
    "bullet": ("List Bullet", "List Bullet 2", "List Bullet 3"),
    "check": ("List Bullet", "List Bullet 2", "List Bullet 3"),
    "number": ("List Number", "List Number 2", "List Number 3"),
}


def x(text: str) -> str:
    """Text Word can hold, control characters shown as escapes."""
    return _NOT_XML.sub("\ufffd", visible(text))


def render(t: Transcript):
    with using(t.language):
        return _render(t)


def _render(t: Transcript):
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    d = t.details
    doc = Document()
    props = doc.core_properties
    props.title = x(title_of(t))[:255]
    props.author = x(d.officer)[:255] or "Integration Assistant"
    props.last_modified_by = "Integration Assistant"
    props.comments = _(
        "Integration Assistant {version}; rule base {rulebase_version} sha256 {sha256}"
    ).format(version=t.app_version, rulebase_version=t.rulebase.version, sha256=t.rulebase.sha256)
    if t.language != "en":  # what a Word document says its language is (spelling, hyphenation)
        props.language = LANGUAGE_TAGS[t.language]
        normal = doc.styles["Normal"].element.get_or_add_rPr()
        tag = OxmlElement("w:lang")
        tag.set(qn("w:val"), LANGUAGE_TAGS[t.language])
        normal.append(tag)
    naive = t.generated_at.replace(tzinfo=None)
    props.created = naive
    props.modified = naive
    doc.styles["Normal"].font.size = Pt(10.5)

    # python-docx looks a style name up afresh for every paragraph (half the export time):
    # resolve each name once, and set the paragraph's style id directly.
    style_ids: dict[str, str] = {}

    def paragraph(style: str | None = None, container=doc):
        p = container.add_paragraph()
        if style:
            if style not in style_ids:
                style_ids[style] = doc.styles[style].style_id
            p._p.style = style_ids[style]
        return p

    def runs(p, items: list[Span]) -> None:
        for kind, value in items:
            if kind == "basis":
                basis, role = value
                r = p.add_run(x(lead_colon(basis, role) + " "))
                r.italic = r.bold = True
                if basis != "report":
                    r.font.color.rgb = RGBColor(*ASSISTANT_RGB)
            elif kind == "severity":
                r = p.add_run(SEVERITY_MARK[value])
                r.bold = True
                r.font.color.rgb = RGBColor(*SEVERITY_RGB[value])
            elif kind == "cite":
                p.add_run(x(cite(value)))
            elif kind == "see":
                p.add_run(x(cite((), value)))
            elif kind == "strong":
                p.add_run(x(value)).bold = True
            elif kind == "em":
                p.add_run(x(value)).italic = True
            elif kind == "code":
                p.add_run(x(value)).font.name = "Consolas"
            elif kind == "quote" and t.language != "en":  # the report's own words: English
                r = p.add_run(x(value))
                tag = OxmlElement("w:lang")
                tag.set(qn("w:val"), LANGUAGE_TAGS["en"])
                r._r.get_or_add_rPr().append(tag)
            else:
                p.add_run(x(str(value)))

    titled = False
    for b in document(t):
        if b.kind == "heading":
            # The first top heading is the document's title; the others (the annex) are level 1.
            h = doc.add_heading(level=min(b.level, 4) if titled or b.level != 1 else 0)
            titled = True
            runs(h, b.spans)
        elif b.kind == "para":
            runs(paragraph(), b.spans)
        elif b.kind == "item":
            p = paragraph(LIST_STYLES[b.marker][min(b.level, 2)])
            if b.marker == "check":
                p.add_run("\u2610 ")
            runs(p, b.spans)
        elif b.kind == "table" and b.rows:
            head, *rows = b.rows
            table = doc.add_table(rows=1, cols=len(head))
            table.style = "Table Grid"
            for cell, spans_ in zip(table.rows[0].cells, head, strict=False):
                cell.text = ""
                cell.paragraphs[0].add_run(x(plain(spans_))).bold = True
            for row in rows:
                for cell, spans_ in zip(table.add_row().cells, row, strict=False):
                    cell.text = ""
                    runs(cell.paragraphs[0], spans_)
        elif b.kind == "pagebreak":
            doc.add_page_break()
    return doc


def export(transcript: Transcript) -> bytes:
    buf = io.BytesIO()
    render(transcript).save(buf)
    return buf.getvalue()
