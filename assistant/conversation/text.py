"""The assistant's messages as Markdown: questions, conclusions, the final recommendation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

from ..consultation.explain import severity_word
from ..consultation.result import Reason, Result, Sensitivity
from ..consultation.understand import Said
from ..i18n import _, elide, language
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Citation, Question, TrainingCase
from ..render.blocks import SEVERITY_MARK, para, to_markdown
from ..render.citations import cite
from ..render.labels import confidence_word as confidence
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


def quoted(text: str) -> str:
    """Words quoted as the language in force quotes them: “…”; in French « … »."""
    return f"«\u00a0{text}\u00a0»" if language() == "fr" else f"“{text}”"


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
    return (*((o.id, o.label) for o in q.options), (UNKNOWN, _("Unknown / not sure")))


def question_text(q: Question, number: int, total: int, previous: tuple[str, ...] | None = None) -> str:
    """The question as the chat asks it. Its options are not repeated here: they come with the
    reply (``Reply.options``) and the chat shows them once, numbered, where they are picked."""
    title = _("**Question {number} of up to {total}: {question}**").format(
        number=number, total=total, question=q.name
    )
    lines = [title, "", q.prompt, ""]
    if q.multi:
        lines += [_("_Answer with several numbers or names, separated by commas; `why` tells why I ask._")]
    else:
        lines += [_("_Answer with an option's number, or in your words; `why` tells why I ask._")]
    if previous:
        earlier = ", ".join(q.label_of(v) for v in previous)
        lines.append(_("_Your earlier answer: {answer}._").format(answer=earlier))
    return "\n".join(lines)


def standing(result: Result) -> str:
    rec = result.recommendation
    return f"**{rec.label}** ({confidence(rec.confidence)}){cite(rec.citations)}"


def how_text(result: Result, said: Mapping[str, Said] | None = None) -> str:
    """How the recommendation was reached; ``said``: the words typed for the answers, shown
    beside each answer it rests on."""
    rec = result.recommendation
    # one sentence with the model in bold: the words around it as the language places them
    before, _model, after = _("How I reached {model} ({confidence}):").partition("{model}")
    after = after.format(confidence=confidence(rec.confidence))
    blocks = [para(("text", before), ("strong", rec.label), ("text", after))]
    blocks += reason_blocks(rec.reasons, said=said, facts=answer_facts(result) if said else None)
    if rec.assumptions:
        blocks.append(para(("text", _("Assumptions:"))))
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
        return [_("No conflicts flagged by the answers so far.")]
    return [f"- {SEVERITY_MARK[f.severity]} **{f.title}**{cite(f.citations, f.see)}" for f in result.flags]


def final_text(result: Result, said: Mapping[str, Said] | None = None) -> str:
    """The brief: one screen that leads with the recommendation; ``said``: the words typed for
    the answers, shown beside the assumptions."""
    hint = para(
        (
            "em",
            _(
                "The annex below holds the reasoning, the alternatives, every flag with what helps, and the "
                "checklists. Type how, what if QUESTION OPTION, summary or export."
            ),
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
    title = _("**What if {change}?** (your answers are unchanged)").format(change=change)
    lines = [
        elide(title) if language() == "fr" else title,  # « et si il » → « et s'il »
        "",
        "| | {now} | {then} |".format(now=_("now"), then=_("what if")),
        "|---|---|---|",
    ]
    model, conf, form = _("Model"), _("Confidence"), _("Form")
    lines.append(f"| {model} | {a.label} | {b.label} |")
    lines.append(f"| {conf} | {confidence(a.confidence)} | {confidence(b.confidence)} |")
    lines.append(f"| {form} | {a.form_label} | {b.form_label} |")
    ids = list(dict.fromkeys([f.id for f in now.flags] + [f.id for f in then.flags]))
    sev_a = {f.id: f.severity for f in now.flags}
    sev_b = {f.id: f.severity for f in then.flags}
    for fid in ids:
        was = severity_word(sev_a[fid]) if fid in sev_a else "—"
        would = severity_word(sev_b[fid]) if fid in sev_b else "—"
        lines.append(f"| {kb.flags[fid].title} | {was} | {would} |")
    lines.append("")
    if a.model != b.model:
        why = b.reasons[0]
        lines.append(
            _("The model would change to {model}: {reason}").format(
                model=b.label.lower(), reason=statement(why.explanation, why.basis, why.citations, why.see)
            )
        )
    else:
        lines.append(_("The model would stay the same."))
    return "\n".join(lines)


def sensitivity_text(sens: Sensitivity, names: dict[str, str]) -> str:
    """What would change the recommendation, as a chat message."""
    lines = [_("**What would change this recommendation**"), ""]
    if not sens.single_changes and not sens.pair_changes:
        lines.append(_("No change of one or two answers would give another model."))
    lines += [f"- {change.sentence}" for change in sens.single_changes]
    lines += [f"- {change.sentence}" for change in sens.pair_changes[:12]]
    if len(sens.pair_changes) > 12:
        lines.append("- " + _("… and {n} more pairs").format(n=len(sens.pair_changes) - 12))
    matter = [u for u in sens.unknowns if u.matters]
    if matter:
        questions = ", ".join(names.get(u.question, u.question) for u in matter)
        lines += [
            "",
            _("Unknown or unanswered answers that matter: {questions}.").format(questions=questions),
        ]
    return "\n".join(lines)
