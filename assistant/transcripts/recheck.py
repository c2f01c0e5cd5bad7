"""Replaying a transcript's answers against the current rule base, and saying what changed."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..consultation.consult import consult
from ..knowledge.loader import KnowledgeBase, shipped_knowledge
from ..knowledge.schema import SEVERITY_RANK, Citation
from .model import Transcript, answers_of, build_transcript, cited_passages


@dataclass(frozen=True)
class Change:
    """One difference between the recorded result and today's."""

    what: str  # model, confidence, form, flag, note, citation
    kind: str  # changed, added, removed, severity
    old: str | None
    new: str | None
    text: str  # one line, in plain words


@dataclass
class Recheck:
    """What replaying a transcript gave: the new transcript, and the changes in its result."""

    old: Transcript
    new: Transcript
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def rulebase_changed(self) -> bool:
        return self.old.rulebase.sha256 != self.new.rulebase.sha256

    def lines(self) -> list[str]:
        """The report, line by line, as `integration-assistant recheck` prints it."""
        o, n = self.old.rulebase, self.new.rulebase
        same = "" if self.rulebase_changed else " (same rule files)"
        out = [
            f"Rule base version: {o.version} -> {n.version}" + ("" if o.name == n.name else f" ({o.name} -> {n.name})"),
            f"Rule base sha256: {o.sha256} -> {n.sha256}{same}",
        ]
        if not self.changes:
            out.append("Result: unchanged")
            return out
        out.append(f"Result: changed ({len(self.changes)} difference{'s' if len(self.changes) != 1 else ''})")
        out += [f"  {c.text}" for c in self.changes]
        return out


def _passage(c: Citation) -> str:
    quote = f' "{c.quote}"' if c.quote else ""
    return f"p. {c.page}, {c.section}, [{c.paragraph}]{quote}"


def recheck(transcript: Transcript, kb: KnowledgeBase | None = None) -> Recheck:
    """Replay the transcript's answers on ``kb`` (the shipped rule base by default).

    InputError if the answers no longer fit the rule base (a question or option is gone).
    """
    kb = kb or shipped_knowledge()
    answers = answers_of(transcript, kb)
    notes = {a.question: a.note for a in transcript.answers if a.note}
    result = consult(answers, kb, with_sensitivity=True)
    new = build_transcript(kb, answers=answers, details=transcript.details, notes=notes, result=result)
    old_r, new_r = transcript.result, new.result
    ch: list[Change] = []
    a, b = old_r.recommendation, new_r.recommendation
    if a.model != b.model:
        ch.append(Change("model", "changed", a.model, b.model, f"model: {a.label} -> {b.label}"))
    if a.confidence != b.confidence:
        ch.append(Change("confidence", "changed", a.confidence, b.confidence, f"confidence: {a.confidence} -> {b.confidence}"))
    if a.form != b.form:
        ch.append(Change("form", "changed", a.form, b.form, f"structural form: {a.form_label} -> {b.form_label}"))
    old_flags = {f.id: f for f in old_r.flags}
    new_flags = {f.id: f for f in new_r.flags}
    for fid, f in new_flags.items():
        if fid not in old_flags:
            ch.append(Change("flag", "added", None, f.severity, f"flag added: {f.title} ({f.severity})"))
        elif old_flags[fid].severity != f.severity:
            was = old_flags[fid].severity
            word = "raised" if SEVERITY_RANK[f.severity] > SEVERITY_RANK[was] else "lowered"
            ch.append(Change("flag", "severity", was, f.severity, f"flag severity {word}: {f.title}: {was} -> {f.severity}"))
    for fid, f in old_flags.items():
        if fid not in new_flags:
            ch.append(Change("flag", "removed", f.severity, None, f"flag removed: {f.title} ({f.severity})"))
    old_notes = {n.id: n for n in old_r.notes}
    new_notes = {n.id: n for n in new_r.notes}
    ch += [Change("note", "added", None, i, f"note added: {n.title}") for i, n in new_notes.items() if i not in old_notes]
    ch += [Change("note", "removed", i, None, f"note removed: {n.title}") for i, n in old_notes.items() if i not in new_notes]
    if transcript.training is None:
        old_src = [s.citation() for s in transcript.sources]
    else:  # a training run's sources also number its debrief's passages; the replay has no debrief
        old_src = list(dict.fromkeys(cited_passages(old_r)))
    new_src = [s.citation() for s in new.sources]
    old_set, new_set = set(old_src), set(new_src)
    ch += [Change("citation", "added", None, _passage(c), f"citation added: {_passage(c)}") for c in new_src if c not in old_set]
    ch += [Change("citation", "removed", _passage(c), None, f"citation removed: {_passage(c)}") for c in old_src if c not in new_set]
    return Recheck(transcript, new, ch)
