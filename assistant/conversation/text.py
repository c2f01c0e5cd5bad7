"""The assistant's messages as Markdown: questions, conclusions, the final recommendation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

from ..consultation.result import Reason, Result, Sensitivity
from ..consultation.understand import Said
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Citation, Question, TrainingCase
from ..render.blocks import SEVERITY_MARK, para, to_markdown
from ..render.citations import cite
from ..render.markdown import statement
from ..render.recommendation import (
    annex_blocks,
    answer_facts,
    assumption_item,
    brief_blocks,
    question_words,
    reason_blocks,
)


def escape_md(text: str) -> str:
    """User text shown as typed: Markdown and HTML characters lose their meaning."""
    import re

    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~&])", r"\\\1", text)


def collect(*groups: Iterable[Citation]) -> tuple[Citation, ...]:
    """Distinct citations, in order of first appearance."""
    seen: set[tuple[str, str | None, str | None]] = set()
    out: list[Citation] = []
    for group in groups:
        for c in group:
            key = (c.paragraph, c.quote, c.as_cited_in)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return tuple(out)


def brief_paragraphs(case: TrainingCase) -> list[str]:
    """A training case's brief, paragraph by paragraph, each saying whose it is."""
    return [
        statement(
            part.text,
            part.basis,
            part.citations,
            part.see,
            "background" if part.outside_report else "scenario",
        )
        for part in case.brief
    ]


def brief_citations(case: TrainingCase) -> tuple[Citation, ...]:
    return collect(*([*part.citations, *part.see] for part in case.brief))


def option_list(q: Question) -> tuple[tuple[str, str], ...]:
    return (*((o.id, o.label) for o in q.options), (UNKNOWN, "Unknown / not sure"))


def question_text(q: Question, number: int, total: int, previous: tuple[str, ...] | None = None) -> str:
    """The question as the chat asks it. Its options are not repeated here: they come with the
    reply (``Reply.options``) and the chat shows them once, numbered, where they are picked."""
    lines = [f"**Question {number} of up to {total}: {q.name}**", "", q.prompt, ""]
    hint = (
        "several numbers or names, separated by commas" if q.multi else "an option's number, or in your words"
    )
    lines += [f"_Answer with {hint}; `why` tells why I ask._"]
    if previous:
        lines.append(f"_Your earlier answer: {', '.join(q.label_of(v) for v in previous)}._")
    return "\n".join(lines)


def standing(result: Result) -> str:
    rec = result.recommendation
    return f"**{rec.label}** ({rec.confidence}){cite(rec.citations)}"


def how_text(result: Result, said: Mapping[str, Said] | None = None) -> str:
    """How the recommendation was reached; ``said``: the words typed for the answers, shown
    beside each answer it rests on."""
    rec = result.recommendation
    blocks = [para(("text", "How I reached "), ("strong", rec.label), ("text", f" ({rec.confidence}):"))]
    blocks += reason_blocks(rec.reasons, said=said, facts=answer_facts(result) if said else None)
    if rec.assumptions:
        blocks.append(para(("text", "Assumptions:")))
        blocks += [assumption_item(a, said) for a in rec.assumptions]
    return to_markdown(blocks).rstrip()


def how_citations(result: Result) -> tuple[Citation, ...]:
    def walk(r: Reason) -> Iterator[list[Citation]]:
        yield r.citations
        yield r.see
        for s in r.because:
            yield from walk(s)

    return collect(*(c for r in result.recommendation.reasons for c in walk(r)))


def flag_lines(result: Result) -> list[str]:
    """The flags, one line each: severity, title and its passages."""
    if not result.flags:
        return ["No conflicts flagged by the answers so far."]
    return [f"- {SEVERITY_MARK[f.severity]} **{f.title}**{cite(f.citations, f.see)}" for f in result.flags]


def final_text(result: Result, said: Mapping[str, Said] | None = None) -> str:
    """The brief: one screen that leads with the recommendation; ``said``: the words typed for
    the answers, shown beside the assumptions."""
    hint = para(
        (
            "em",
            "The annex below holds the reasoning, the alternatives, every flag with what helps, and the "
            "checklists. Type how, what if QUESTION OPTION, summary or export.",
        )
    )
    return to_markdown([*brief_blocks(result, said=said), hint]).rstrip()


def annex_text(
    result: Result, said: Mapping[str, Said] | None = None, kb: KnowledgeBase | None = None
) -> str:
    """The annex; with ``kb`` the questions it names are named as the rule base names them."""
    known = {q.id: q.name for q in kb.questions} if kb is not None else {}

    def name(qid: str) -> str:
        return known.get(qid) or question_words(qid)

    return to_markdown(annex_blocks(result, level=3, said=said, names=name)).rstrip()


class _Cited(Protocol):
    """Anything shown with its passages: a reason, a flag, a mitigation, a note."""

    @property
    def citations(self) -> list[Citation]: ...

    @property
    def see(self) -> list[Citation]: ...


def _statement_citations(*items: _Cited) -> list[list[Citation]]:
    return [c for i in items for c in (i.citations, i.see)]


def final_citations(result: Result) -> tuple[Citation, ...]:
    """The passages the brief cites, in the order it shows them."""
    rec = result.recommendation
    groups: list[Iterable[Citation]] = [rec.citations, rec.see]
    groups += _statement_citations(*[r for r in rec.reasons if r.rule.startswith("form.")][:1])
    return collect(*groups)


def annex_citations(result: Result) -> tuple[Citation, ...]:
    """The passages the annex cites, in the order it shows them."""
    rec = result.recommendation
    groups: list[Iterable[Citation]] = [how_citations(result)]
    groups += _statement_citations(*rec.alternatives)
    for f in result.flags:
        groups += _statement_citations(f, f.severity_reason, *f.mitigations)
    for n in result.notes:
        groups += _statement_citations(n, *n.items)
    return collect(*groups)


def whatif_text(kb: KnowledgeBase, change: str, now: Result, then: Result) -> str:
    a, b = now.recommendation, then.recommendation
    lines = [
        f"**What if {change}?** (your answers are unchanged)",
        "",
        "| | now | what if |",
        "|---|---|---|",
    ]
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
        why = b.reasons[0]
        lines.append(
            f"The model would change to {b.label.lower()}: "
            + statement(why.explanation, why.basis, why.citations, why.see)
        )
    else:
        lines.append("The model would stay the same.")
    return "\n".join(lines)


def sensitivity_text(sens: Sensitivity, names: dict[str, str]) -> str:
    """What would change the recommendation, as a chat message."""
    lines = ["**What would change this recommendation**", ""]
    if not sens.single_changes and not sens.pair_changes:
        lines.append("No change of one or two answers would give another model.")
    lines += [f"- {change.sentence}" for change in sens.single_changes]
    lines += [f"- {change.sentence}" for change in sens.pair_changes[:12]]
    if len(sens.pair_changes) > 12:
        lines.append(f"- … and {len(sens.pair_changes) - 12} more pairs")
    matter = [u for u in sens.unknowns if u.matters]
    if matter:
        lines += [
            "",
            "Unknown or unanswered answers that matter: "
            + ", ".join(names.get(u.question, u.question) for u in matter)
            + ".",
        ]
    return "\n".join(lines)
