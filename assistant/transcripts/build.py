"""Building a transcript: from a session (or answers) and the knowledge, with the result worked out
afresh, every cited passage numbered, and the debrief of a training run; in either language; and
reading a transcript's answers back (:mod:`.model` holds what a transcript is).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping

from .. import __version__
from ..consultation.answers import Answers, normalize
from ..consultation.consult import consult
from ..consultation.result import Reason, Result
from ..consultation.understand import Said, said_words
from ..i18n import Language, using
from ..i18n import language as language_in_force
from ..i18n import normalize as language_of
from ..knowledge.loader import KnowledgeBase, data_dir, shipped_knowledge
from ..knowledge.schema import Citation, Question
from ..knowledge.yamlfile import InputError
from ..sessions.model import AnswerEvent, Session, stored_said, utcnow
from ..training.debrief import Debrief
from .model import (
    SourceRef,
    Transcript,
    TranscriptAnswer,
    TranscriptChange,
    TranscriptDetails,
    TranscriptRulebase,
)


def cited_passages(result: Result) -> Iterator[Citation]:
    """Every citation in a result, in the order a reader meets them (with repeats).

    Supporting passages and passages to see alike: the recommendation, its reasons,
    alternatives, flags and their mitigations, notes and their items, then the rules that fired.
    """
    rec = result.recommendation
    yield from rec.citations
    yield from rec.see

    def reasons(rs: list[Reason]) -> Iterator[Citation]:
        for r in rs:
            yield from r.citations
            yield from r.see
            yield from reasons(r.because)

    yield from reasons(rec.reasons)
    for a in rec.alternatives:
        yield from a.citations
        yield from a.see
    for f in result.flags:
        yield from f.citations
        yield from f.see
        yield from f.severity_reason.citations
        yield from f.severity_reason.see
        for m in f.mitigations:
            yield from m.citations
            yield from m.see
    for n in result.notes:
        yield from n.citations
        yield from n.see
        for i in n.items:
            yield from i.citations
            yield from i.see
    for step in result.trace:
        yield from step.citations


def debrief_passages(training: Debrief) -> Iterator[Citation]:
    """Every citation a training debrief shows, in the order the exporters show them.

    The exporters put the debrief before the result: each key answer's why, the key's model
    (beside the prediction and in the key's result), the flags the key raises, then the report's
    recorded arrangement.
    """
    for check in training.answers:
        yield from check.citations
        yield from check.see
    key = training.key_result
    yield from key.recommendation.citations
    for f in key.flags:
        yield from f.citations
    yield from training.arrangement.citations
    yield from training.arrangement.see
    if training.ocha_preference is not None:
        yield from training.ocha_preference.citations
        yield from training.ocha_preference.see


def number_sources(result: Result, training: Debrief | None = None) -> list[SourceRef]:
    numbered: dict[Citation, int] = {}
    passages = cited_passages(result)
    if training is not None:
        passages = itertools.chain(debrief_passages(training), passages)
    for c in passages:
        numbered.setdefault(c, len(numbered) + 1)
    return [SourceRef(number=n, **c.model_dump()) for c, n in numbered.items()]


def build_transcript(
    kb: KnowledgeBase | None = None,
    *,
    session: Session | None = None,
    answers: Answers | Mapping[str, object] | None = None,
    details: TranscriptDetails | None = None,
    notes: Mapping[str, str] | None = None,
    said: Mapping[str, Said] | None = None,
    result: Result | None = None,
    generated_at: dt.datetime | None = None,
    training: Debrief | None = None,
    language: Language | None = None,
) -> Transcript:
    """A transcript of a consultation, from a session or from plain answers.

    Give ``session`` (its details, notes, the words typed for its answers and answer times are
    used), or ``answers`` (engine form or plain ids, as in answers files) with optional
    ``details``, ``notes`` and ``said`` (the words typed for each answer, by question id). The
    result is computed (with its sensitivity: what would change it) unless given; the answers
    listed are those the result rests on. Bad answers, or notes or words for unknown or
    unanswered questions, raise InputError.

    ``training``: a training run's debrief. The transcript's answers and result are then the
    learner's (taken from the debrief unless ``answers`` or ``session`` is given, which must be
    the same answers: ValueError otherwise), and ``details.crisis`` defaults to the case's title.

    ``language``: the language to write it in (any session can be written in either); by default
    that of ``kb``'s texts, else the language in force. In another language than ``kb``'s, the
    shipped knowledge in that language is used (the same rule files), and a ``result`` or
    ``training`` debrief given is worked out again in it.
    """
    kb = kb or (session.kb if session is not None else None)
    lang: Language = language or (language_of(kb.language) if kb is not None else None) or language_in_force()
    given = kb
    kb = knowledge_in(kb, lang)
    if given is not None and kb is not given:  # written in another language: worked out again in it
        result = None
        if training is not None:
            training = _redebrief(kb, training)
    with using(lang):
        return _build(kb, lang, session, answers, details, notes, said, result, generated_at, training)


def knowledge_in(kb: KnowledgeBase | None, lang: Language) -> KnowledgeBase:
    """``kb`` with its texts in ``lang``: the shipped knowledge in that language for the shipped
    rule files; a knowledge base of other files stays as it is (its texts are the only ones)."""
    if kb is None:
        return shipped_knowledge(lang)
    if kb.language == lang or kb.rules_dir is None:
        return kb
    if kb.rules_dir.resolve() == data_dir("rules").resolve():
        return shipped_knowledge(lang)
    return kb


def _build(
    kb: KnowledgeBase,
    lang: Language,
    session: Session | None,
    answers: Answers | Mapping[str, object] | None,
    details: TranscriptDetails | None,
    notes: Mapping[str, str] | None,
    said: Mapping[str, Said] | None,
    result: Result | None,
    generated_at: dt.datetime | None,
    training: Debrief | None,
) -> Transcript:
    if session is not None:
        if answers is not None:
            raise ValueError("give a session or answers, not both")
        engine_answers = session.answers_for_engine()
        d = session.details
        details = details or TranscriptDetails(
            crisis=d.crisis, officer=d.officer, date=d.date, session_id=session.id
        )
        notes = {**session.notes(), **(notes or {})}
        said = {**session.said_by_question(), **(said or {})}
        times = {qid: r.at for qid, r in session.answers.items()}
        # each change with the note it carried, earlier versions rebuilt from the session's history
        history = [
            _change(q, e, note)
            for e, note in zip(session.history, session.history_notes(), strict=False)
            if (q := kb.question(e.question)) is not None
        ]
    else:
        if answers is None and training is not None:
            answers = training.learner_result.answers
        engine_answers = _engine_answers(kb, answers or {})
        details = details or TranscriptDetails()
        notes = dict(notes or {})
        said = dict(said or {})
        times = {}
        history = []
    if training is not None:
        if engine_answers != _engine_answers(kb, training.learner_result.answers):
            raise ValueError("the answers given are not the learner's answers in the training debrief")
        if not details.crisis:
            details = details.model_copy(update={"crisis": training.title})
        if result is None:
            result = training.learner_result
    if result is None:
        result = consult(engine_answers, kb, with_sensitivity=True)
    for qid in notes:
        if kb.question(qid) is None:
            raise InputError(f"a note for unknown question '{qid}'")
        if qid not in result.answers and notes[qid]:
            raise InputError(f"a note for '{qid}', which is not answered")
    for qid in said:
        if kb.question(qid) is None:
            raise InputError(f"the words typed for unknown question '{qid}'")
        if qid not in result.answers:
            raise InputError(f"the words typed for '{qid}', which is not answered")
    entries = []
    for q in kb.questions:
        if q.id not in result.answers:
            continue
        v = result.answers[q.id]
        ids = v if isinstance(v, list) else [v]
        words, how = stored_said(said.get(q.id))
        entries.append(
            TranscriptAnswer(
                question=q.id,
                name=q.name,
                prompt=q.prompt,
                answer=list(ids),
                labels=[q.label_of(x) for x in ids],
                note=notes.get(q.id, ""),
                said=words,
                understood=how,
                at=times.get(q.id),
            )
        )
    rb = result.rulebase
    return Transcript(
        generated_at=(generated_at or utcnow()).astimezone(dt.UTC),
        app_version=__version__,
        rulebase=TranscriptRulebase(name=rb.name, version=rb.version, sha256=rb.sha256, source=rb.source),
        details=details,
        answers=entries,
        history=history,
        result=result,
        training=training,
        sources=number_sources(result, training),
        language=lang,
    )


def _redebrief(kb: KnowledgeBase, training: Debrief) -> Debrief:
    """A debrief worked out again on ``kb`` (its texts in that language), same answers and prediction."""
    from ..training.debrief import Prediction, debrief

    case = kb.case(training.case)
    if case is None:
        return training
    p = training.prediction
    answers = _engine_answers(kb, training.learner_result.answers)
    with using(language_of(kb.language) or "en"):
        return debrief(kb, case, answers, Prediction(model=p.model, flags=[*p.flags_hit, *p.flags_extra]))


def _change(q: Question, event: AnswerEvent, note: str | None) -> TranscriptChange:
    values = list(event.value or [])
    return TranscriptChange(
        at=event.at,
        question=q.id,
        name=q.name,
        action=event.action,
        answer=values,
        labels=[q.label_of(v) for v in values],
        note=note or "",
        said=event.said,
        understood=event.understood,
    )


def _engine_answers(kb: KnowledgeBase, answers: Mapping[str, object]) -> Answers:
    """Answers in engine form (tuples) or as written in files (a string, a list), checked."""
    plain: dict[str, object] = {}
    for qid, value in answers.items():
        q = kb.question(qid)
        if isinstance(value, tuple):
            plain[qid] = list(value) if (q is not None and q.multi) or len(value) != 1 else value[0]
        else:
            plain[qid] = value
    try:
        return normalize(kb, plain)
    except ValueError as exc:
        raise InputError(str(exc)) from None


class AnswerMismatch(InputError):
    """A transcript's answer that no longer fits a knowledge base; ``index`` is its entry."""

    def __init__(self, message: str, index: int):
        super().__init__(message)
        self.index = index


def answers_of(transcript: Transcript, kb: KnowledgeBase) -> Answers:
    """A transcript's answers, checked against (another) knowledge base: AnswerMismatch (an
    InputError naming the entry) if they no longer fit it (a question or option gone), with the
    words typed for that answer."""
    plain: dict[str, object] = {}
    for i, a in enumerate(transcript.answers):
        typed = said_words(a.said_as())
        beside = f" ({typed})" if typed else ""
        q = kb.question(a.question)
        if q is None:
            raise AnswerMismatch(f"question '{a.question}' is no longer in the rule base{beside}", i)
        value = a.answer if q.multi or len(a.answer) != 1 else a.answer[0]
        try:
            normalize(kb, {a.question: value})
        except ValueError as exc:
            raise AnswerMismatch(
                f"the transcript's answers no longer fit the rule base: {exc}{beside}", i
            ) from None
        plain[a.question] = value
    return normalize(kb, plain)


def in_language(t: Transcript, lang: Language) -> Transcript:
    """The same transcript written in ``lang``: its result (and debrief) worked out again on the
    shipped knowledge in that language, its details, notes, words typed, times and history kept.
    InputError when it was made with other rule files than the shipped ones (their texts in
    another language are not known)."""
    if t.language == lang:
        return t
    from ..i18n import _

    kb = shipped_knowledge(lang)
    if kb.sha256 != t.rulebase.sha256:
        raise InputError(
            _(
                "this transcript was made with other rule files (version {version}): it can only be "
                "written in its own language ({language})"
            ).format(version=t.rulebase.version, language=t.language)
        )
    answers = answers_of(t, kb)
    new = build_transcript(
        kb,
        answers=answers,
        details=t.details,
        notes={a.question: a.note for a in t.answers if a.note},
        said={a.question: s for a in t.answers if (s := a.said_as()) is not None},
        generated_at=t.generated_at,
        training=_redebrief(kb, t.training) if t.training is not None else None,
        language=lang,
    )
    times = {a.question: a.at for a in t.answers}
    history = []
    for c in t.history:
        q = kb.question(c.question)
        history.append(
            c
            if q is None
            else c.model_copy(update={"name": q.name, "labels": [q.label_of(v) for v in c.answer]})
        )
    return new.model_copy(
        update={
            "answers": [a.model_copy(update={"at": times.get(a.question)}) for a in new.answers],
            "history": history,
            "app_version": t.app_version,
        }
    )
