"""A transcript as one document, in blocks that the Markdown, HTML and Word exporters render alike.

First the brief, one screen: who asked about which crisis, the recommendation and its confidence,
the structural form and why, the top flags with the first thing that helps, the assumptions that
matter and what would change it (and, for a training run, the debrief). Then, after a page break,
the annex: the reasoning, the alternatives, every flag and note, the answers with the words typed
for them, their notes and times, every change made to them, the rules that fired, and the sources: each passage of the
report once, with its page, paragraph and quotes, under the report's full title.
"""

from __future__ import annotations

from ..consultation.result import Result, TraceStep
from ..i18n import _, using
from ..knowledge.schema import SEVERITY_RANK, Citation
from ..render.blocks import Block, Span, heading, item, para, said_spans
from ..render.citations import REPORT_TITLE, locator
from ..render.recommendation import annex_blocks, brief_blocks
from .common import day, fill, heading_of, listed, question_name, quoted, said_by_question, when
from .model import SourceRef, Transcript
from .training import debrief_blocks


def title_spans(t: Transcript) -> list[Span]:
    if not t.details.crisis:
        return [("text", heading_of(t))]
    return fill(_("{heading}: {crisis}"), heading=heading_of(t), crisis=("user", t.details.crisis))


def document(t: Transcript) -> list[Block]:
    """The transcript's blocks, in the language it was written in."""
    with using(t.language):
        return _document(t)


def _document(t: Transcript) -> list[Block]:
    d = t.details
    out = [Block("heading", title_spans(t), level=1)]
    if d.crisis:
        out.append(para(("strong", _("Crisis: ")), ("user", d.crisis)))
    if d.officer:
        out.append(para(("strong", _("Officer: ")), ("user", d.officer)))
    if d.date:
        out.append(para(("strong", _("Date of assessment: ")), ("text", day(d.date))))
    out.append(
        para(
            ("strong", _("Generated: ")),
            (
                "text",
                _("{when} by Integration Assistant {version}").format(
                    when=when(t.generated_at), version=t.app_version
                ),
            ),
        )
    )
    said = said_by_question(t)
    out += brief_blocks(t.result, level=2, said=said)
    if t.training is not None:
        out += debrief_blocks(t)
    out.append(Block("pagebreak"))
    out.append(heading(_("Annex"), 1))
    out += annex_blocks(t.result, level=2, said=said, names=lambda qid: question_name(t, qid))
    out += answer_blocks(t)
    out += history_blocks(t)
    out += trace_blocks(t)
    out += source_blocks(t)
    out.append(
        Block(
            "para",
            fill(
                _("Integration Assistant {version}; rule base {name} {rulebase_version}, sha256 {sha256}."),
                version=t.app_version,
                name=t.rulebase.name,
                rulebase_version=t.rulebase.version,
                sha256=("code", t.rulebase.sha256),
            ),
        )
    )
    return out


def answer_blocks(t: Transcript) -> list[Block]:
    res = t.result
    out = [heading(_("Answers"), 2)]
    if not t.answers:
        out.append(para(("text", _("No questions answered."))))
    else:
        rows: list[list[list[Span]]] = [
            [
                [("text", _("Question"))],
                [("text", _("Answer"))],
                [("text", _("Note"))],
                [("text", _("Answered"))],
            ]
        ]
        for a in t.answers:
            rows.append(
                [
                    fill(_("{name}: {text}"), name=("strong", a.name), text=a.prompt),
                    [("text", ", ".join(a.labels)), *said_spans(a.said_as())],
                    [("user", a.note)] if a.note else [],
                    [("text", when(a.at))],
                ]
            )
        out.append(Block("table", rows=rows))
    if not res.complete and res.next_question:
        out.append(
            Block(
                "para",
                fill(
                    _("Interview not complete: the next question would be on {question}."),
                    question=("strong", question_name(t, res.next_question)),
                ),
            )
        )
    if res.skipped:
        out.append(para(("text", _("Questions that can no longer change the result:"))))
        out += [
            item(*fill(_("{name}: {text}"), name=("strong", question_name(t, s.question)), text=s.why))
            for s in res.skipped
        ]
    return out


def history_blocks(t: Transcript) -> list[Block]:
    """Every change to the answers, in order, with its time (a session's; none when headless)."""
    if not t.history:
        return []
    out = [heading(_("Changes to the answers"), 2)]
    for c in t.history:
        fields: dict[str, Span | list[Span] | str] = {"when": when(c.at), "question": ("strong", c.name)}
        if c.action == "note":  # a change of the note alone: the note is the whole of it
            if c.note:
                out.append(item(*fill(_("{when}: {question} note: {note}"), note=("user", c.note), **fields)))
            else:
                out.append(item(*fill(_("{when}: {question} note removed"), **fields)))
            continue
        if c.action == "set":
            fields |= {"answer": ", ".join(c.labels), "typed": said_spans(c.said_as())}
            if c.note:
                template = _("{when}: {question} answered: {answer}{typed}, note: {note}")
                fields["note"] = ("user", c.note)
            else:
                template = _("{when}: {question} answered: {answer}{typed}")
        elif c.note:
            template = _("{when}: {question} withdrawn, note: {note}")
            fields["note"] = ("user", c.note)
        else:
            template = _("{when}: {question} withdrawn")
        out.append(item(*fill(template, **fields)))
    return out


def fired_rules(result: Result) -> list[tuple[TraceStep, list[str], list[Citation]]]:
    """The rules that fired, each once, in the order they first fired: the step, what it
    concluded (each conclusion once) and its passages. A rule that fired again on other answers
    adds nothing a reader needs twice, and two rules of one title and topic read as one rule, so
    they are one line; a flag raised at a lower severity than another rule raised it is left
    out, since the flag stands at the higher one."""
    top: dict[str, int] = {}
    for s in result.trace:
        if s.derived.name.startswith("flag:") and s.derived.value in SEVERITY_RANK:
            rank = SEVERITY_RANK[s.derived.value]
            top[s.derived.name] = max(top.get(s.derived.name, rank), rank)
    rules: dict[tuple[str, str], tuple[TraceStep, list[str], list[Citation]]] = {}
    for s in result.trace:
        d = s.derived
        if d.name in top and SEVERITY_RANK.get(d.value, top[d.name]) < top[d.name]:
            continue
        _step, derived, cites = rules.setdefault((s.title, s.topic), (s, [], []))
        if d.text not in derived:
            derived.append(d.text)
        cites += [c for c in s.citations if c not in cites]
    return list(rules.values())


def trace_blocks(t: Transcript) -> list[Block]:
    out = [heading(_("How the rules fired"), 2)]
    for s, derived, cites in fired_rules(t.result):
        out.append(
            item(
                *fill(
                    _("{rule} ({topic}): {conclusions}"),
                    rule=("strong", s.title),
                    topic=s.topic,
                    conclusions=listed(derived),
                ),
                ("cite", cites),
                marker="number",
            )
        )
    return out


def source_blocks(t: Transcript) -> list[Block]:
    """Each cited paragraph once, with its page, section and every phrase quoted from it."""
    out = [
        heading(_("Sources"), 2),
        Block("para", fill(_("All citations are to {report}."), report=("quote", REPORT_TITLE))),
    ]
    groups: dict[str, list[SourceRef]] = {}
    for s in t.sources:
        groups.setdefault(s.paragraph, []).append(s)
    for pid, refs in groups.items():
        first = refs[0]
        spans = fill(
            _("{passage}, {section}"), passage=("strong", locator(first.citation())), section=first.section
        )
        quotes = list(dict.fromkeys(r.quote for r in refs if r.quote))
        if quotes:
            spans = fill(_("{passage}: {quotes}"), passage=spans, quotes=quoted(quotes))
        primary = list(dict.fromkeys(r.as_cited_in for r in refs if r.as_cited_in))
        if primary:
            spans = fill(
                _("{passage} (as cited in the report: {sources})"), passage=spans, sources=listed(primary)
            )
        spans.append(("text", "."))
        block = item(*spans)
        block.anchor = f"para-{pid}"
        out.append(block)
    return out
