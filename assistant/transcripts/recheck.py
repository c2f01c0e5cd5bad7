"""Replaying a transcript's answers against the current rule base, and saying what changed.

Before the replay, a transcript is checked against itself: what it records twice must agree
(the rule base in its head and in its result, the answers and the result's answers, the
numbered sources and the result's citations, a training run's result and its debrief), and no
question may be answered twice. When it names the very rule files it is rechecked on (the same
sha256), everything else is recomputed too: the result, the answers' names and labels and a
training debrief must then be exactly what those files give. Whatever disagrees is reported as
altered, by field.

The report lists the answers replayed, each with the words the officer typed for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..consultation.answers import Answers
from ..consultation.consult import consult
from ..i18n import _, ngettext, using
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import SEVERITY_RANK, Citation
from ..render.blocks import plain, said_spans
from ..render.citations import locator
from .build import answers_of, build_transcript, cited_passages, knowledge_in, number_sources
from .common import confidence_word, said_by_question
from .model import Transcript, TranscriptAnswer

SHOWN = 6  # altered fields listed by name; the rest are counted


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
    # Fields that disagree, by path ("result.recommendation.summary"): with another part of the
    # transcript, and (when it names these very rule files) with what the files give.
    inconsistent: list[str] = field(default_factory=list)
    unlike_rules: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def altered(self) -> list[str]:
        """Every field found altered; empty when the transcript can be taken as written."""
        return [*self.inconsistent, *(f for f in self.unlike_rules if f not in self.inconsistent)]

    @property
    def rulebase_changed(self) -> bool:
        return self.old.rulebase.sha256 != self.new.rulebase.sha256

    def lines(self) -> list[str]:
        """The report, line by line, as `integration-assistant recheck` prints it."""
        o, n = self.old.rulebase, self.new.rulebase
        out = []
        if self.inconsistent:
            out.append(
                _("Altered: the transcript disagrees with itself: {fields}").format(
                    fields=_listed(self.inconsistent)
                )
            )
        if self.unlike_rules:
            out.append(
                _(
                    "Altered: the transcript does not hold what its rule files (the same sha256) give for its"
                    " answers: {fields}"
                ).format(fields=_listed(self.unlike_rules))
            )
        version = (
            _("Rule base version: {old} -> {new}").format(old=o.version, new=n.version)
            if o.name == n.name
            else _("Rule base version: {old} -> {new} ({old_name} -> {new_name})").format(
                old=o.version, new=n.version, old_name=o.name, new_name=n.name
            )
        )
        digest = (
            _("Rule base sha256: {old} -> {new}")
            if self.rulebase_changed
            else _("Rule base sha256: {old} -> {new} (same rule files)")
        ).format(old=o.sha256, new=n.sha256)
        out += [version, digest]
        out.append(
            _("Answers replayed ({count}):").format(count=len(self.new.answers))
            if self.new.answers
            else _("Answers replayed: none")
        )
        out += [f"  {answer_line(a)}" for a in self.new.answers]
        if not self.changes:
            out.append(_("Result: unchanged"))
            return out
        n_changes = len(self.changes)
        out.append(
            ngettext(
                "Result: changed ({count} difference)", "Result: changed ({count} differences)", n_changes
            ).format(count=n_changes)
        )
        out += [f"  {c.text}" for c in self.changes]
        return out


def answer_line(a: TranscriptAnswer) -> str:
    """An answer as the report lists it: its question's name, its labels, the words typed for it."""
    words = _("{name}: {text}").format(name=a.name, text=", ".join(a.labels))
    return plain([("text", words), *said_spans(a.said_as())])


def _passage(c: Citation) -> str:
    quote = f' "{c.quote}"' if c.quote else ""
    return f"{locator(c)}, {c.section}{quote}"


def recheck(transcript: Transcript, kb: KnowledgeBase | None = None) -> Recheck:
    """Replay the transcript's answers on ``kb`` (the shipped rule base by default), in the
    language the transcript was written in (the shipped knowledge in that language for the
    shipped rule files); the report's own words are in the language in force.

    InputError if the answers no longer fit the rule base (a question or option is gone).
    """
    lang = transcript.language
    kb = knowledge_in(kb, lang)
    inconsistent = self_disagreements(transcript)
    answers = answers_of(transcript, kb)
    notes = {a.question: a.note for a in transcript.answers if a.note}
    with using(lang):
        result = consult(answers, kb, with_sensitivity=True)
        new = build_transcript(
            kb,
            answers=answers,
            details=transcript.details,
            notes=notes,
            said=said_by_question(transcript),
            result=result,
            language=lang,
        )
        unlike_rules = (
            recomputed_disagreements(transcript, new, kb, answers)
            if transcript.rulebase.sha256 == kb.sha256
            else []
        )
    old_r, new_r = transcript.result, new.result
    ch: list[Change] = []
    a, b = old_r.recommendation, new_r.recommendation
    if a.model != b.model:
        # a label kept while the model id was edited must not read "A -> A"
        text = (
            _("model: {old} -> {new} ({old_id} -> {new_id})")
            if a.label == b.label
            else _("model: {old} -> {new}")
        ).format(old=a.label, new=b.label, old_id=a.model, new_id=b.model)
        ch.append(Change("model", "changed", a.model, b.model, text))
    if a.confidence != b.confidence:
        ch.append(
            Change(
                "confidence",
                "changed",
                a.confidence,
                b.confidence,
                _("confidence: {old} -> {new}").format(
                    old=confidence_word(a.confidence), new=confidence_word(b.confidence)
                ),
            )
        )
    if a.form != b.form:
        ch.append(
            Change(
                "form",
                "changed",
                a.form,
                b.form,
                _("structural form: {old} -> {new}").format(old=a.form_label, new=b.form_label),
            )
        )
    old_flags = {f.id: f for f in old_r.flags}
    new_flags = {f.id: f for f in new_r.flags}
    for fid, f in new_flags.items():
        if fid not in old_flags:
            text = _("flag added: {flag} ({severity})").format(flag=f.title, severity=_severity(f.severity))
            ch.append(Change("flag", "added", None, f.severity, text))
        elif old_flags[fid].severity != f.severity:
            was = old_flags[fid].severity
            template = (
                _("flag severity raised: {flag}: {old} -> {new}")
                if SEVERITY_RANK[f.severity] > SEVERITY_RANK[was]
                else _("flag severity lowered: {flag}: {old} -> {new}")
            )
            text = template.format(flag=f.title, old=_severity(was), new=_severity(f.severity))
            ch.append(Change("flag", "severity", was, f.severity, text))
    for fid, f in old_flags.items():
        if fid not in new_flags:
            text = _("flag removed: {flag} ({severity})").format(flag=f.title, severity=_severity(f.severity))
            ch.append(Change("flag", "removed", f.severity, None, text))
    old_notes = {n.id: n for n in old_r.notes}
    new_notes = {n.id: n for n in new_r.notes}
    ch += [
        Change("note", "added", None, i, _("note added: {note}").format(note=n.title))
        for i, n in new_notes.items()
        if i not in old_notes
    ]
    ch += [
        Change("note", "removed", i, None, _("note removed: {note}").format(note=n.title))
        for i, n in old_notes.items()
        if i not in new_notes
    ]
    if transcript.training is None:
        old_src = [s.citation() for s in transcript.sources]
    else:  # a training run's sources also number its debrief's passages; the replay has no debrief
        old_src = list(dict.fromkeys(cited_passages(old_r)))
    new_src = [s.citation() for s in new.sources]
    old_set, new_set = set(old_src), set(new_src)
    ch += [
        Change(
            "citation", "added", None, _passage(c), _("citation added: {passage}").format(passage=_passage(c))
        )
        for c in new_src
        if c not in old_set
    ]
    ch += [
        Change(
            "citation",
            "removed",
            _passage(c),
            None,
            _("citation removed: {passage}").format(passage=_passage(c)),
        )
        for c in old_src
        if c not in new_set
    ]
    return Recheck(transcript, new, ch, inconsistent, unlike_rules)


def self_disagreements(t: Transcript) -> list[str]:
    """The fields of a transcript that contradict another part of the same transcript."""
    out: list[str] = []
    counts = Counter(a.question for a in t.answers)
    for i, a in enumerate(t.answers):
        if counts[a.question] > 1:
            out.append(f"answers[{i}] (question '{a.question}' answered twice)")
        if len(a.labels) != len(a.answer):
            out.append(f"answers[{i}].labels")
    recorded = {a.question: (a.answer if len(a.answer) != 1 else a.answer[0]) for a in t.answers}
    in_result = dict(t.result.answers.items())
    if {q: _as_list(v) for q, v in recorded.items()} != {q: _as_list(v) for q, v in in_result.items()}:
        out.append("answers (against result.answers)")
    for name in ("name", "version", "sha256", "source"):
        if getattr(t.rulebase, name) != getattr(t.result.rulebase, name):
            out.append(f"rulebase.{name} (against result.rulebase.{name})")
    if t.training is not None and t.training.learner_result != t.result:
        out += [
            f"{p} (against training.learner_result)"
            for p in differences(
                {"result": t.result.model_dump(mode="json")},
                {"result": t.training.learner_result.model_dump(mode="json")},
            )
        ]
    if t.sources != number_sources(t.result, t.training):
        out.append("sources (against the citations of the result)")
    return out


def recomputed_disagreements(
    old: Transcript, new: Transcript, kb: KnowledgeBase, answers: Answers
) -> list[str]:
    """The fields of ``old`` that differ from what its rule files give: ``new`` is its replay
    on those very files (the same sha256), from ``answers``."""
    out = differences(
        {"rulebase": old.rulebase.model_dump(mode="json"), "result": old.result.model_dump(mode="json")},
        {"rulebase": new.rulebase.model_dump(mode="json"), "result": new.result.model_dump(mode="json")},
    )
    fields = {"question", "name", "prompt", "answer", "labels"}
    out += differences(
        {"answers": [a.model_dump(mode="json", include=fields) for a in old.answers]},
        {"answers": [a.model_dump(mode="json", include=fields) for a in new.answers]},
    )
    if old.training is not None:
        from ..training.debrief import Prediction, debrief

        case = kb.case(old.training.case)
        if case is None:
            return [*out, "training.case (no such case in these files)"]
        p = old.training.prediction
        redone = debrief(kb, case, answers, Prediction(model=p.model, flags=[*p.flags_hit, *p.flags_extra]))
        out += differences(
            {"training": old.training.model_dump(mode="json")}, {"training": redone.model_dump(mode="json")}
        )
    return out


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """The paths at which two JSON-like values differ (a list of another length counts once)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in [*a, *(k for k in b if k not in a)]:
            out += differences(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [path]


def _severity(severity: str) -> str:
    """high, medium, low: in the language in force."""
    from .common import severity_word

    return severity_word(severity).lower()


def _listed(fields: list[str]) -> str:
    shown = ", ".join(fields[:SHOWN])
    if len(fields) <= SHOWN:
        return shown
    return _("{fields} and {count} more").format(fields=shown, count=len(fields) - SHOWN)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]
