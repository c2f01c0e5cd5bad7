"""A transcript as one self-contained, printable HTML page.

No external assets and no JavaScript: the CSS is inline (with print rules, and a page break
between the brief and the annex), links are only to anchors in the page. Every piece of text,
the user's and the rule base's alike, goes through ``html.escape``, so a crisis named
``<script>…</script>`` is shown as text, and its control and bidirectional characters are shown
as escapes (``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

from html import escape as _escape

from ..i18n import _, language, using
from ..knowledge.schema import Citation
from ..render.basis import lead_colon
from ..render.blocks import SEVERITY_MARK, Block, Span
from ..render.citations import locator
from ..render.page import html_page_start
from ..usertext import visible
from .common import title_of
from .document import document
from .model import Transcript

CSS = """
:root { --ink: #1b1f24; --muted: #5b6470; --rule: #d5dae0; --high: #a4161a; --medium: #b35c00; --low: #2f6f3e; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: var(--ink); max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0; }
.meta dt { font-weight: bold; float: left; clear: left; margin-right: .4rem; }
.meta dd { margin: 0 0 .1rem 0; }
.model { font-size: 1.15rem; font-weight: bold; }
.ref { color: var(--muted); font-size: .85em; white-space: nowrap; }
.ref a { color: inherit; }
.user { white-space: pre-wrap; overflow-wrap: anywhere; }
.sev { display: inline-block; font: bold .75rem Arial, sans-serif; text-transform: uppercase; color: #fff; border-radius: 3px; padding: .05rem .4rem; vertical-align: middle; }
.sev-high { background: var(--high); } .sev-medium { background: var(--medium); } .sev-low { background: var(--low); }
.flag { border-left: 4px solid var(--rule); padding-left: .8rem; margin: 1rem 0; page-break-inside: avoid; break-inside: avoid; }
.flag-high { border-color: var(--high); } .flag-medium { border-color: var(--medium); } .flag-low { border-color: var(--low); }
ul.checklist { list-style: none; padding-left: 1rem; }
ul.checklist li::before { content: "\\2610\\00a0"; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f2f4f6; }
ol.sources { padding-left: 0; list-style: none; font-size: .9rem; }
ol.sources li { margin-bottom: .3rem; }
.sha { font-family: Menlo, Consolas, monospace; font-size: .8rem; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
.basis { font-style: italic; font-weight: bold; }
.basis-assistant { color: #6b3fa0; }
.page-break { border-top: 2px dashed var(--rule); margin: 2.5rem 0 1rem; }
ul.sources { list-style: none; padding-left: 0; font-size: .9rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
  tr, li { page-break-inside: avoid; break-inside: avoid; }
  .sev { color: #000; border: 1px solid #000; background: none !important; }
  .page-break { border: 0; margin: 0; break-before: page; page-break-before: always; }
  .basis-assistant { color: #000; }
  @page { margin: 18mm 16mm; }
}
"""


def e(text: str) -> str:
    """Text as HTML: escaped, control and bidirectional characters shown as escapes."""
    return _escape(visible(text), quote=True)


def user(text: str) -> str:
    """User text, escaped, line breaks and spaces kept as typed."""
    return f'<span class="user">{e(text)}</span>'


def _refs(citations: list[Citation], see: bool = False) -> str:
    seen: dict[str, str] = {}
    for c in citations:
        seen.setdefault(locator(c), c.paragraph)
    if not seen:
        return ""
    inner = "; ".join(f'<a href="#para-{e(pid)}">{e(ref)}</a>' for ref, pid in seen.items())
    also = _("see ") if see else ""
    return f' <span class="ref">({also}{inner})</span>'


def spans(items: list[Span]) -> str:
    out = []
    for kind, value in items:
        if kind == "strong":
            out.append(f"<strong>{e(value)}</strong>")
        elif kind == "em":
            out.append(f"<em>{e(value)}</em>")
        elif kind == "user":
            out.append(user(value))
        elif kind == "code":
            out.append(f"<code>{e(value)}</code>")
        elif kind == "quote":  # the report's own words: English whatever the page's language
            out.append(f'<span lang="en">{e(value)}</span>' if language() != "en" else e(value))
        elif kind == "cite":
            out.append(_refs(value))
        elif kind == "see":
            out.append(_refs(value, see=True))
        elif kind == "basis":
            basis, role = value
            cls = "report" if basis == "report" else "assistant"
            out.append(f'<span class="basis basis-{cls}">{e(lead_colon(basis, role))}</span> ')
        elif kind == "severity":
            out.append(f'<span class="sev sev-{e(value)}">{e(SEVERITY_MARK[value])}</span>')
        else:
            out.append(e(str(value)))
    return "".join(out)


def blocks_html(blocks: list[Block]) -> list[str]:
    h: list[str] = []
    stack: list[str] = []  # open lists: "ul" or "ol"

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            h.append(f"</li></{stack.pop()}>")

    for b in blocks:
        if b.kind == "item":
            tag = "ol" if b.marker == "number" else "ul"
            depth = b.level + 1
            if len(stack) >= depth:
                close_to(depth)
                h.append("</li>")
            while len(stack) < depth:
                cls = ' class="checklist"' if b.marker == "check" else ""
                h.append(f"<{tag}{cls}>")
                stack.append(tag)
            anchor = f' id="{e(b.anchor)}"' if b.anchor else ""
            h.append(f"<li{anchor}>{spans(b.spans)}")
            continue
        close_to(0)
        if b.kind == "heading":
            level = max(1, min(b.level, 4))
            h.append(f"<h{level}>{spans(b.spans)}</h{level}>")
        elif b.kind == "para":
            h.append(f"<p>{spans(b.spans)}</p>")
        elif b.kind == "table" and b.rows:
            head, *rows = b.rows
            h.append(
                "<table><thead><tr>" + "".join(f"<th>{spans(c)}</th>" for c in head) + "</tr></thead><tbody>"
            )
            h += ["<tr>" + "".join(f"<td>{spans(c)}</td>" for c in row) + "</tr>" for row in rows]
            h.append("</tbody></table>")
        elif b.kind == "pagebreak":
            h.append('<div class="page-break" role="separator"></div>')
    close_to(0)
    return h


def render(t: Transcript) -> str:
    with using(t.language):
        h = [*html_page_start(title_of(t), CSS, generator=f"Integration Assistant {t.app_version}"), "<main>"]
        h += blocks_html(document(t))
    h += ["</main>", "</body>", "</html>", ""]
    return "\n".join(h)


def export(transcript: Transcript) -> bytes:
    return render(transcript).encode("utf-8")
