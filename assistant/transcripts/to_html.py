"""A transcript as one self-contained, printable HTML page.

No external assets and no JavaScript: the CSS is inline (with print rules), links are only to
anchors in the page. Every piece of text, the user's and the rule base's alike, goes through
``html.escape``, so a crisis named ``<script>…`` is shown as text.
"""
from __future__ import annotations

from html import escape as _escape

from ..consultation.result import Reason
from ..knowledge.schema import Citation
from ..render.basis import lead
from .common import CONFIDENCE_WORDS, SEVERITY_WORDS, heading_of, refs, title_of, sensitivity_items, when
from .model import Transcript
from .training import HEADING as TRAINING_HEADING
from .training import debrief_sections

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
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
  tr, li { page-break-inside: avoid; break-inside: avoid; }
  .sev { color: #000; border: 1px solid #000; background: none !important; }
  @page { margin: 18mm 16mm; }
}
"""


def e(text: str) -> str:
    return _escape(text, quote=True)


def user(text: str) -> str:
    """User text, escaped, line breaks and spaces kept as typed."""
    return f'<span class="user">{e(text)}</span>'


def _cite(t: Transcript, citations: list[Citation]) -> str:
    r = refs(t, citations)
    if not r:
        return ""
    inner = "; ".join(f'p. {e(x.page)} <a href="#src-{x.number}">[{x.number}]</a>' for x in r)
    return f' <span class="ref">({inner})</span>'


def _reasons(t: Transcript, reasons: list[Reason]) -> str:
    items = []
    for r in reasons:
        body = f"<strong>{e(r.title)}</strong>: {e(r.explanation)}{_cite(t, r.citations)}"
        if r.matched:
            body += f"<br><small>rests on: {e('; '.join(r.matched))}</small>"
        if r.because:
            body += _reasons(t, r.because)
        items.append(f"<li>{body}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _segments(t: Transcript, segs) -> str:
    out = []
    for kind, value in segs:
        if kind == "strong":
            out.append(f"<strong>{e(value)}</strong>")
        elif kind == "user":
            out.append(user(value))
        elif kind == "cite":
            out.append(_cite(t, value))
        elif kind == "see":
            out.append(_cite(t, value).replace("(", "(see ", 1))
        elif kind == "basis":
            out.append(f"<em>{e(lead(*value))}:</em> ")
        else:
            out.append(e(value))
    return "".join(out)


def _debrief(t: Transcript) -> list[str]:
    h = ['<section class="debrief">', f"<h2>{e(TRAINING_HEADING)}</h2>"]
    for section in debrief_sections(t):
        if section.heading:
            h.append(f"<h3>{e(section.heading)}</h3>")
        in_list = False
        for p in section.paras:
            if p.bullet and not in_list:
                h.append("<ul>")
            elif not p.bullet and in_list:
                h.append("</ul>")
            in_list = p.bullet
            h.append(f"<li>{_segments(t, p.segs)}</li>" if p.bullet else f"<p>{_segments(t, p.segs)}</p>")
        if in_list:
            h.append("</ul>")
    h.append("</section>")
    return h


def render(t: Transcript) -> str:
    res = t.result
    rec = res.recommendation
    d = t.details
    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="Integration Assistant {e(t.app_version)}">',
        f"<title>{e(title_of(t))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(heading_of(t)) + ': ' + user(d.crisis) if d.crisis else e(heading_of(t))}</h1>",
        '<dl class="meta">',
    ]
    if d.officer:
        h.append(f"<dt>Officer:</dt><dd>{user(d.officer)}</dd>")
    if d.date:
        h.append(f"<dt>Date of assessment:</dt><dd>{e(d.date.isoformat())}</dd>")
    h.append(f"<dt>Generated:</dt><dd>{e(when(t.generated_at))} by Integration Assistant {e(t.app_version)}</dd>")
    h.append(
        f"<dt>Rule base:</dt><dd>{e(t.rulebase.name)} {e(t.rulebase.version)}, "
        f'sha256 <span class="sha">{e(t.rulebase.sha256)}</span></dd>'
    )
    h += ["</dl>", "</header>", "<main>"]
    if t.training is not None:
        h += _debrief(t)
    h += ["<section>", "<h2>Recommendation</h2>"]
    h.append(f'<p class="model">Model: {e(rec.label)}{_cite(t, rec.citations)}</p>')
    h.append(f"<p>Confidence: {e(CONFIDENCE_WORDS[rec.confidence])}<br>Structural form: {e(rec.form_label)}</p>")
    h.append(f"<p>{e(rec.summary)}</p>")
    h += ["<h3>Why</h3>", _reasons(t, rec.reasons)]
    if rec.assumptions:
        h += ["<h3>Assumptions</h3>", "<ul>"]
        h += [f"<li>{e(a.statement)}</li>" for a in rec.assumptions]
        h.append("</ul>")
    h += ["<h3>Alternatives considered</h3>", "<ul>"]
    h += [
        f"<li><strong>{e(a.label)}</strong>: not recommended; {e(a.why_not)}{_cite(t, a.citations)}</li>"
        for a in rec.alternatives
    ]
    h.append("</ul>")
    if changes := sensitivity_items(t):
        h += ["<h3>What would change this recommendation</h3>", "<ul>"]
        h += [f"<li>{e(item)}</li>" for item in changes]
        h.append("</ul>")
    h += ["</section>", "<section>", "<h2>Conflicts to plan for</h2>"]
    if not res.flags:
        h.append("<p>No flags raised by the answers given.</p>")
    for f in res.flags:
        h.append(f'<div class="flag flag-{e(f.severity)}">')
        h.append(f'<h3>{e(f.title)} <span class="sev sev-{e(f.severity)}">{e(SEVERITY_WORDS[f.severity])}</span></h3>')
        h.append(f"<p>Severity: {e(SEVERITY_WORDS[f.severity])}. {e(f.explanation)}{_cite(t, f.citations)}</p>")
        if f.details:
            h.append(f"<p><small>Raised by: {e('; '.join(f.details))}.</small></p>")
        h.append("<p>Mitigations:</p><ul>")
        h += [f"<li>{e(m.text)}{_cite(t, m.citations)}</li>" for m in f.mitigations]
        h += ["</ul>", "</div>"]
    h.append("</section>")
    for n in res.notes:
        h += ["<section>", f"<h2>{e(n.title)}</h2>", f"<p>{e(n.text)}{_cite(t, n.citations)}</p>"]
        if n.items:
            h.append('<ul class="checklist">')
            h += [f"<li>{e(i.text)}{_cite(t, i.citations)}</li>" for i in n.items]
            h.append("</ul>")
        h.append("</section>")
    h += ["<section>", "<h2>Answers</h2>"]
    if t.answers:
        h.append("<table><thead><tr><th>#</th><th>Question</th><th>Answer</th><th>Note</th><th>Answered</th></tr></thead><tbody>")
        for i, a in enumerate(t.answers, 1):
            h.append(
                f"<tr><td>{i}</td><td><strong>{e(a.name)}</strong><br><small>{e(a.prompt)}</small></td>"
                f"<td>{e(', '.join(a.labels))}</td><td>{user(a.note) if a.note else ''}</td>"
                f"<td>{e(when(a.at))}</td></tr>"
            )
        h.append("</tbody></table>")
    else:
        h.append("<p>No questions answered.</p>")
    if not res.complete:
        h.append(f"<p>Interview not complete: the next question would be <code>{e(res.next_question or '')}</code>.</p>")
    if res.skipped:
        h.append("<p>Questions that can no longer change the result:</p><ul>")
        h += [f"<li><code>{e(s.question)}</code>: {e(s.why)}</li>" for s in res.skipped]
        h.append("</ul>")
    h += ["</section>", "<section>", "<h2>How the rules fired</h2>", "<ol>"]
    h += [
        f"<li><strong>{e(s.title)}</strong> ({e(s.topic)}): {e(s.derived.text)}{_cite(t, s.citations)}</li>"
        for s in res.trace
    ]
    h += ["</ol>", "</section>", "<section>", "<h2>Sources</h2>", '<ol class="sources">']
    for s in t.sources:
        quote = f": “{e(s.quote)}”" if s.quote else ""
        also = f" As cited in: {e(s.as_cited_in)}." if s.as_cited_in else ""
        h.append(
            f'<li id="src-{s.number}">[{s.number}] p. {e(s.page)}, {e(s.section)}, paragraph {e(s.paragraph)}'
            f"{quote}. {e(s.source)}.{also}</li>"
        )
    h += ["</ol>", "</section>", "</main>"]
    h.append(
        f"<footer>Integration Assistant {e(t.app_version)} · rule base {e(t.rulebase.name)} {e(t.rulebase.version)}, "
        f'sha256 <span class="sha">{e(t.rulebase.sha256)}</span> · Source: {e(t.rulebase.source)}</footer>'
    )
    h += ["</body>", "</html>", ""]
    return "\n".join(h)


def export(transcript: Transcript) -> bytes:
    return render(transcript).encode("utf-8")
