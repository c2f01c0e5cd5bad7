"""A conversation with the assistant: what the user types or picks, and what it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..consultation.answers import Answers
from ..consultation.consult import Consultation
from ..consultation.explain import Wording, join_and
from ..consultation.matching import Change, find_question, parse_change
from ..consultation.result import Result
from ..consultation.understand import Said, Understanding, is_accept, is_withdraw, said_words, understand
from ..knowledge.loader import KnowledgeBase, shipped_knowledge
from ..knowledge.schema import Citation, Question, TrainingCase
from ..knowledge.yamlfile import InputError
from ..render.markdown import statement
from . import text as T
from .commands import COMMANDS, Command, parse_command
from .glossary import Glossary
from .replies import Reply

# Called after every change: ("set", question id, values, said), ("forget", question id, None) or
# ("note", question id, text); ``said`` is the words typed for the answer and how they were read.
Listener = Callable[..., None]

# The questions that decide whether integration applies at all: until they are settled
# (answered, or no longer asked) no recommendation is shown as standing.
APPLICABILITY = ("un_presence", "country_team")
UNDO_DEPTH = 200
YES = {"yes", "y", "ok", "confirm", "clear", "clear them", "restart", "yes restart", "yes clear them"}
NO = {"no", "n", "cancel", "keep", "keep them", "no keep them"}
# `export FORMAT`: the words for each transcript format, and how a sentence names it.
EXPORT_FORMATS = {
    **dict.fromkeys(("markdown", "md", "text"), "markdown"),
    **dict.fromkeys(("html", "htm", "web page", "printable html", "printable web page"), "html"),
    "json": "json",
    **dict.fromkeys(("word", "docx", "doc", "microsoft word"), "docx"),
}
FORMAT_NAMES = {"markdown": "Markdown", "html": "a printable web page (HTML)", "json": "JSON", "docx": "Word"}


@dataclass(frozen=True)
class _Before:
    """The interview as it was before one change, and what that change was: what `undo` restores."""

    what: str
    answers: Answers
    notes: dict[str, str]
    asked: tuple[str, ...]
    asking: str | None
    said: dict[str, Said]


@dataclass(frozen=True)
class Proposal:
    """A reading of typed words waiting for the officer's word: Enter (or "yes") records it,
    Escape (or "no") withdraws it, any other answer replaces it."""

    question: str
    options: tuple[str, ...]
    said: str  # the words, exactly as typed
    via_interview: bool  # an answer to the question asked (not `set`)


class Conversation:
    """The interview: one question at a time, commands at any time. Holds no decision logic:
    every conclusion comes from the consultation core."""

    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        answers: Answers | None = None,
        listener: Listener | None = None,
        training: TrainingCase | None = None,
    ):
        self.kb = kb or shipped_knowledge()
        # In training, nothing the rules conclude is shown until the learner has predicted.
        self.training = training
        self.consultation = Consultation(self.kb, answers)
        self.glossary = Glossary(self.kb.glossary)
        self.listener = listener
        self.asked: list[str] = []  # answered through the interview, in order: what `back` undoes
        self.quit_requested = False
        self.finished_shown = False
        self._asking: str | None = None
        self.notes: dict[str, str] = {}
        # Set when the session is open in another window: every change is refused with this.
        self.read_only: str | None = None
        self._undo: list[_Before] = []  # the changes made in this conversation, latest last
        self.pending: str | None = None  # a command waiting for the user's yes or no ("restart")
        self.proposal: Proposal | None = None  # a reading waiting for the officer's word
        # Words that settled nothing, and the question they were typed for: a pick or a number
        # that follows is the officer's reading of them, and they are kept with it.
        self.unsettled: tuple[str, str, tuple[str, ...]] | None = None  # (question, words, what fits)
        self.said: dict[str, Said] = {}  # the words typed for each current answer

    # --- state -------------------------------------------------------------------------------
    @property
    def result(self) -> Result:
        return self.consultation.result

    @property
    def current_question(self) -> Question | None:
        """The question on the table: the one last asked while it is still open, else the next."""
        if self._asking and self._asking in self.questions_left():
            return self.kb.question(self._asking)
        nxt = self.result.next_question
        return self.kb.question(nxt) if nxt else None

    def _question(self, qid: str) -> Question:
        """A question the interview already knows by id (asked, answered, skipped or found)."""
        q = self.kb.question(qid)
        if q is None:
            raise KeyError(f"no question '{qid}' in the rule base")
        return q

    def questions_left(self) -> list[str]:
        """Unanswered questions that can still change the result, in the order they would come."""
        skipped = {s.question for s in self.result.skipped}
        answers = self.consultation.answers
        return [q.id for q in self.kb.questions if q.id not in answers and q.id not in skipped]

    @property
    def applicability_settled(self) -> bool:
        """Whether the questions deciding if integration applies are answered or no longer asked:
        before that, a recommendation would rest on nothing the user said."""
        left = set(self.questions_left())
        return not any(qid in left for qid in APPLICABILITY if self.kb.question(qid) is not None)

    # --- entry points ------------------------------------------------------------------------
    def start(self, resumed: str | None = None) -> list[Reply]:
        if self.training is not None:
            hello = (
                f"Training case: **{self.training.title}**. Answer as the brief suggests; I will not show "
                "the recommendation until you have predicted it. Type `brief` to reread the case, `why` for "
                "a question's reason, `predict` when you are ready."
            )
            return [Reply("assistant", "greeting", hello), *self._next()]
        if resumed is not None:
            n = len(self.consultation.answers)
            hello = f"Welcome back to {T.escape_md(resumed)}: {n} answer{'s' if n != 1 else ''} so far. Type `summary` to review them."
            if self.read_only:
                return [
                    Reply("assistant", "greeting", hello),
                    Reply("assistant", "error", self.read_only),
                    *self._next(),
                ]
            return [Reply("assistant", "greeting", hello), *self._next()]
        hello = (
            "I will ask about the crisis, one question at a time, and recommend a UN integration model "
            "with the conflicts to plan for, citing de Coning (2008) page by page. Type `help` for commands."
        )
        return [Reply("assistant", "greeting", hello), *self._next()]

    def handle(self, typed: str) -> list[Reply]:
        """Typed input: a command, or an answer to the current question. With a reading waiting
        for the officer's word, an empty line or "yes" records it and "no" withdraws it."""
        if self.proposal is not None and (not typed.strip() or is_accept(typed)):
            echo = [Reply("user", "answer", T.escape_md(typed.strip()))] if typed.strip() else []
            return [*echo, *self.accept()]
        if self.proposal is not None and is_withdraw(typed):
            return [Reply("user", "answer", T.escape_md(typed.strip())), *self.withdraw()]
        self.proposal = None  # any other answer or command replaces it
        if parse_command(typed) is not None:
            self.unsettled = None
        if not typed.strip():
            return []
        if self.pending is not None:
            word = " ".join(typed.lower().replace(",", " ").split())
            if word in YES or word in NO:
                return [Reply("user", "answer", T.escape_md(typed.strip())), *self.confirm(word in YES)]
            self.pending = None  # anything else: the question is dropped, and the text taken as usual
        command = parse_command(typed)  # on the raw text: a note keeps its spacing
        typed = typed.strip()
        said = Reply("user", "answer", T.escape_md(typed))
        if command is not None:
            return [said, *self.run(command)]
        q = self.current_question
        if q is None:
            return [said, Reply("assistant", "info", "The interview is complete. " + self._after_hint())]
        return [said, *self._understood(q, understand(q, typed, self.kb.questions), via_interview=True)]

    def _understood(self, q: Question, u: Understanding, via_interview: bool) -> list[Reply]:
        """Record what was named exactly; propose what was inferred; ask about the rest."""
        earlier, self.unsettled = self.unsettled, None
        if u.outcome == "record":
            typed_number = u.text.strip().replace(",", " ").replace(" ", "").isdigit()
            if earlier is not None and typed_number and self._reads(earlier, q, u.options):
                return self._answer(q, u.options, via_interview, said=Said(earlier[1], "confirmed"))
            if typed_number:  # an option's number is a pick from the list, not words to keep
                return self._answer(q, u.options, via_interview, said=Said("", "picked"))
            return self._answer(q, u.options, via_interview, said=Said(u.text.strip(), "exact"))
        if u.outcome == "confirm":
            self.proposal = Proposal(q.id, u.options, u.text.strip(), via_interview)
            labels = ", ".join(q.label_of(o) for o in u.options)
            text = (
                f"I read “{T.escape_md(u.text.strip())}” as **{T.escape_md(labels)}** ({T.escape_md(u.reading)}). "
                "Enter records it; or type another answer."
            )
            return [
                Reply(
                    "assistant",
                    "propose",
                    text,
                    question=q.id,
                    options=T.option_list(q),
                    multi=q.multi,
                    candidates=u.options,
                )
            ]
        self.unsettled = (q.id, u.text.strip(), u.candidates)
        return [self._unclear(q, u.text, u)]

    @staticmethod
    def _reads(earlier: tuple[str, str, tuple[str, ...]], q: Question, chosen: tuple[str, ...]) -> bool:
        """Whether options chosen right after an ask are a reading of the words asked about: for
        that question, and among the options those words fit (not one they negate)."""
        return earlier[0] == q.id and set(chosen) <= set(earlier[2])

    def accept(self) -> list[Reply]:
        """The officer accepts the reading proposed: it is recorded, with the words typed."""
        proposal, self.proposal = self.proposal, None
        if proposal is None:
            return []
        q = self._question(proposal.question)
        return self._answer(
            q, proposal.options, proposal.via_interview, said=Said(proposal.said, "confirmed")
        )

    def withdraw(self) -> list[Reply]:
        """The officer turns the reading down: nothing is recorded; the question stays open."""
        proposal, self.proposal = self.proposal, None
        if proposal is None:
            return []
        q = self._question(proposal.question)
        return [
            Reply(
                "assistant", "info", f"Nothing recorded for {q.name}. Type another answer, or pick an option."
            ),
            *self._next(prefer=q.id),
        ]

    def choose(self, option_ids: tuple[str, ...] | list[str]) -> list[Reply]:
        """Options picked for the current question (by key, arrow and Enter, or click)."""
        q = self.current_question
        if q is None:
            return []
        self.proposal = None
        earlier, self.unsettled = self.unsettled, None
        chosen = tuple(option_ids)
        read = earlier is not None and self._reads(earlier, q, chosen)
        said = Said(earlier[1], "confirmed") if read and earlier is not None else Said("", "picked")
        labels = ", ".join(q.label_of(o) for o in option_ids)
        return [Reply("user", "answer", labels), *self._answer(q, chosen, said=said)]

    REVEALING = {"how", "whatif", "skipped", "why_skipped"}

    def run(self, command: Command) -> list[Reply]:
        if self.training is not None and command.name in self.REVEALING:
            return [
                Reply(
                    "assistant",
                    "info",
                    "Not during training: that would give the answer away. "
                    "Predict first (`predict`); the debrief then shows the reasoning.",
                )
            ]
        handler: Callable[[str], list[Reply]] = getattr(self, f"_cmd_{command.name}")
        return handler(command.arg)

    # --- answering ---------------------------------------------------------------------------
    def _answer(
        self, q: Question, chosen: tuple[str, ...], via_interview: bool = True, said: Said | None = None
    ) -> list[Reply]:
        if self.read_only:
            return [Reply("assistant", "error", self.read_only)]
        said = said or Said("", "picked")
        before = self.result.recommendation
        was_settled = self.applicability_settled
        was = self.consultation.answers.get(q.id)
        snapshot = self._snapshot(f"the answer to {q.name}" if was is None else f"the change of {q.name}")
        try:
            self.consultation.answer(q.id, list(chosen))
        except InputError as exc:
            return [Reply("assistant", "error", str(exc))]
        if self.consultation.answers.get(q.id) != was or self.said.get(q.id) != said:
            self._remember(snapshot)
        self.said[q.id] = said
        if via_interview:
            if q.id in self.asked:
                self.asked.remove(q.id)
            self.asked.append(q.id)
        if self.listener:
            self.listener("set", q.id, tuple(chosen), said)
        after = self.result.recommendation
        note = f"Noted: {q.name}: {', '.join(q.label_of(c) for c in chosen)}."
        if said.how == "confirmed":
            note = f"Noted: {q.name}: {', '.join(q.label_of(c) for c in chosen)} (you typed: “{T.escape_md(said.text)}”)."
        cites: tuple[Citation, ...] = ()
        standing = self.training is None and self.applicability_settled
        if standing and (
            not was_settled or (after.model, after.confidence) != (before.model, before.confidence)
        ):
            # Only an announced recommendation cites anything: the passages of the model now standing.
            note += f" Recommendation {'now' if was_settled else 'so far'}: {T.standing(self.result)}."
            cites = tuple(after.citations)
        return [Reply("assistant", "ack", note, citations=cites, result=self.result), *self._next()]

    def _words(self, qid: str) -> str:
        """' (you typed: “…”; confirmed)' beside an answer, or '' when it was picked."""
        said = self.said.get(qid)
        return f" ({T.escape_md(said_words(said))})" if said is not None and said.text else ""

    def _with_sensitivity(self, result: Result) -> Result:
        """The result with what would change it (a few milliseconds): the brief names the first
        changes, the annex every one."""
        if result.sensitivity is not None:
            return result
        from ..consultation.sensitivity import sensitivity
        from ..reasoning.compiled import compiled

        sens = sensitivity(compiled(self.kb), self.consultation.answers)
        return result.model_copy(update={"sensitivity": sens})

    def _next(self, prefer: str | None = None, previous: tuple[str, ...] | None = None) -> list[Reply]:
        q = self.current_question
        if prefer and prefer in self.questions_left():
            q = self.kb.question(prefer)
        if q is None and self.training is not None:
            self.finished_shown = True
            return [
                Reply(
                    "assistant",
                    "predict",
                    "You have answered every question that can still matter. "
                    "Now predict the model and the conflicts you expect (`predict`, or F9).",
                )
            ]
        if q is None:
            if self.finished_shown:
                return [
                    Reply(
                        "assistant",
                        "info",
                        "Recommendation updated. " + self._after_hint(),
                        result=self.result,
                    )
                ]
            self.finished_shown = True
            r = self._with_sensitivity(self.result)
            return [
                Reply(
                    "assistant", "final", T.final_text(r, self.said), citations=T.final_citations(r), result=r
                ),
                Reply(
                    "assistant",
                    "annex",
                    T.annex_text(r, self.said, self.kb),
                    citations=T.annex_citations(r),
                    result=r,
                ),
            ]
        self.finished_shown = False
        self._asking = q.id
        answered = len(self.consultation.answers)
        total = answered + len(self.questions_left())
        previous = previous or self.consultation.answers.get(q.id)
        return [
            Reply(
                "assistant",
                "question",
                T.question_text(q, answered + 1, total, previous),
                question=q.id,
                options=T.option_list(q),
                multi=q.multi,
                citations=tuple(q.citations),
            )
        ]

    def _unclear(self, q: Question, typed: str, u: Understanding) -> Reply:
        fits = [q.label_of(o) for o in u.candidates]
        offer = f" Which is it: {' or '.join(f'“{T.escape_md(f)}”' for f in fits)}?" if fits else ""
        return Reply(
            "assistant",
            "unclear",
            f"I did not record “{T.escape_md(typed.strip())}” as an answer about {q.name}: "
            f"{T.escape_md(u.reading.rstrip('.'))}.{offer} Pick an option, type its number, or type `help` for commands.",
            question=q.id,
            options=T.option_list(q),
            multi=q.multi,
            candidates=u.candidates,
        )

    def _after_hint(self) -> str:
        return "Use `set QUESTION OPTION` to change an answer, `what if …`, `how`, `summary` or `restart`."

    # --- finding questions and options in typed commands -------------------------------------
    def find_question(self, words: str) -> Question | None:
        return find_question(self.kb, words).question

    def split_change(self, arg: str) -> Change | str:
        """'QUESTION OPTION' (also 'QUESTION=OPTION', 'QUESTION to OPTION', "OCHA left") →
        the question and its options as understood, or a message saying what is wrong."""
        change = parse_change(self.kb, arg)
        if change.ok and change.question is not None:
            return change
        if change.question is not None:
            return (
                f"“{T.escape_md(change.unmatched)}” is not an option of {change.question.name}.{change.hint}"
            )
        if not change.unmatched:
            return "Name a question and an option."
        return f"I could not find a question in “{T.escape_md(change.unmatched)}”.{change.hint}"

    # --- undo ---------------------------------------------------------------------------------
    def _snapshot(self, what: str) -> _Before:
        return _Before(
            what,
            self.consultation.answers,
            dict(self.notes),
            tuple(self.asked),
            self._asking,
            dict(self.said),
        )

    def _remember(self, before: _Before) -> None:
        self._undo.append(before)
        del self._undo[:-UNDO_DEPTH]

    def _restore(self, before: _Before) -> list[str]:
        """Put the answers and notes back as they were; tell the listener each change, so the
        session's history records the undo too. Returns the names of the questions changed."""
        now, want = self.consultation.answers, before.answers
        changed = []
        for qid in now:
            if qid not in want:
                if self.listener:
                    self.listener("forget", qid, None)
                self.notes.pop(qid, None)
                changed.append(qid)
        for qid, value in want.items():
            if now.get(qid) != value or self.said.get(qid) != before.said.get(qid):
                if self.listener:
                    self.listener("set", qid, tuple(value), before.said.get(qid))
                changed.append(qid)
        self.said = dict(before.said)
        for qid in want:
            note = before.notes.get(qid, "")
            if self.notes.get(qid, "") != note:
                if self.listener:
                    self.listener("note", qid, note)
                if qid not in changed:
                    changed.append(qid)
            if note:
                self.notes[qid] = note
            else:
                self.notes.pop(qid, None)
        self.consultation = Consultation(self.kb, want)
        self.asked = list(before.asked)
        self._asking = before.asking
        return [q.name for q in map(self.kb.question, changed) if q is not None]

    # --- commands ----------------------------------------------------------------------------
    def _cmd_why(self, arg: str) -> list[Reply]:
        q = self.find_question(arg) if arg else self.current_question
        if q is None:
            return [
                Reply(
                    "assistant",
                    "info",
                    "No question is open. Type `how` for the reasoning, or `why skipped QUESTION`.",
                )
            ]
        text = f"**Why I ask about {q.name}:** {statement(q.why, q.basis, q.citations, q.see)}"
        return [Reply("assistant", "why", text, citations=T.collect(q.citations, q.see))]

    def _cmd_how(self, arg: str) -> list[Reply]:
        r = self.result
        return [
            Reply(
                "assistant",
                "how",
                T.how_text(r, self.said),
                citations=T.how_citations(r),
                reasons=tuple(r.recommendation.reasons),
                result=r,
            )
        ]

    def _cmd_back(self, arg: str) -> list[Reply]:
        if self.read_only:
            return [Reply("assistant", "error", self.read_only)]
        if not self.asked:
            return [Reply("assistant", "info", "There is no earlier answer to go back to.")]
        q = self._question(self.asked[-1])
        self._remember(self._snapshot(f"going back from {q.name}"))
        qid = self.asked.pop()
        previous = self.consultation.answers.get(qid)
        self.consultation.forget(qid)
        self.said.pop(qid, None)
        self.notes.pop(qid, None)  # a withdrawn answer takes its note with it, as in the session
        if self.listener:
            self.listener("forget", qid, None)
        was = f" (it was: {', '.join(q.label_of(v) for v in previous)})" if previous else ""
        return [
            Reply("assistant", "info", f"Back to {q.name}{was}."),
            *self._next(prefer=q.id, previous=previous),
        ]

    def _cmd_set(self, arg: str) -> list[Reply]:
        parsed = self.split_change(arg)
        if isinstance(parsed, str):
            return [Reply("assistant", "error", parsed + " Usage: `set QUESTION OPTION`.")]
        assert parsed.question is not None and parsed.understood is not None
        return self._understood(parsed.question, parsed.understood, via_interview=False)

    def _cmd_whatif(self, arg: str) -> list[Reply]:
        parsed = self.split_change(arg)
        if isinstance(parsed, str):
            return [Reply("assistant", "error", parsed + " Usage: `what if QUESTION OPTION`.")]
        assert parsed.question is not None
        q, chosen = parsed.question, parsed.chosen
        # A what-if records nothing: an inferred reading is said, not asked about.
        reading = ""
        if parsed.inferred and parsed.understood is not None:
            labels = ", ".join(q.label_of(o) for o in chosen)
            reading = f"I read “{T.escape_md(parsed.understood.text.strip())}” as {q.name}: {T.escape_md(labels)}.\n\n"
        now = self.result
        then = self.consultation.what_if(q.id, list(chosen))
        change = join_and([Wording(self.kb).answer(q.id, c) for c in chosen])
        why = then.recommendation.reasons[0]
        cites = (
            T.collect(why.citations, why.see) if then.recommendation.model != now.recommendation.model else ()
        )
        return [
            Reply(
                "assistant",
                "whatif",
                reading + T.whatif_text(self.kb, change, now, then),
                citations=cites,
                result=now,
                other=then,
            )
        ]

    def _cmd_explain(self, arg: str) -> list[Reply]:
        if not arg:
            terms = ", ".join(e.term for e in self.glossary.entries)
            return [Reply("assistant", "explain", f"Terms I can explain: {terms}.")]
        entry = self.glossary.find(arg)
        if entry is None:
            q = self.find_question(arg)
            if q is not None:
                return self._cmd_why(q.id)
            near = self.glossary.suggest(arg)
            hint = (
                f" Did you mean: {', '.join(e.term for e in near)}?"
                if near
                else " Type `explain` for the list."
            )
            return [Reply("assistant", "explain", f"“{T.escape_md(arg)}” is not in my glossary.{hint}")]
        text = f"**{entry.term}**: {statement(entry.definition, entry.basis, entry.citations, entry.see)}"
        return [Reply("assistant", "explain", text, citations=T.collect(entry.citations, entry.see))]

    def _cmd_skipped(self, arg: str) -> list[Reply]:
        skipped = self.result.skipped
        if not skipped:
            return [Reply("assistant", "skipped", "No question has been skipped so far.")]
        lines = ["Questions I will not ask, because their answer can no longer change the result:", ""]
        lines += [f"- **{self._question(s.question).name}**: {s.why}" for s in skipped]
        return [Reply("assistant", "skipped", "\n".join(lines))]

    def _cmd_why_skipped(self, arg: str) -> list[Reply]:
        q = self.find_question(arg)
        if q is None:
            return self._cmd_skipped("")
        why = next((s.why for s in self.result.skipped if s.question == q.id), None)
        if why is None:
            state = "answered" if q.id in self.consultation.answers else "still to be asked"
            return [Reply("assistant", "skipped", f"{q.name} is not skipped: it is {state}.")]
        return [Reply("assistant", "skipped", f"**{q.name}** is not asked. {why}")]

    def _cmd_summary(self, arg: str) -> list[Reply]:
        r = self.result
        lines = ["**Your answers**", ""]
        answers = self.consultation.answers
        if not answers:
            lines.append("None yet.")
        for q in self.kb.questions:
            if q.id in answers:
                note = f" (note: {T.escape_md(self.notes[q.id])})" if q.id in self.notes else ""
                labels = ", ".join(q.label_of(v) for v in answers[q.id])
                lines.append(f"- {q.name}: {labels}{self._words(q.id)}{note}")
        rec = r.recommendation
        if self.training is None:
            lines += ["", f"**Recommendation:** {T.standing(r)}; structural form: {rec.form_label}.", ""]
            lines += ["**Flags**", "", *T.flag_lines(r)]
        left = self.questions_left()
        lines += ["", f"Questions left that can still matter: {len(left)}."]
        # The summary cites what it shows: the model's passages and each flag's.
        cites = (
            ()
            if self.training is not None
            else T.collect(rec.citations, *(c for f in r.flags for c in (f.citations, f.see)))
        )
        return [Reply("assistant", "summary", "\n".join(lines), citations=cites, result=r)]

    def _cmd_restart(self, arg: str) -> list[Reply]:
        """Clearing every answer asks first (`confirm`); the cleared answers stay in the session's
        history, and `undo` brings them back."""
        if self.read_only:
            return [Reply("assistant", "error", self.read_only)]
        n = len(self.consultation.answers)
        if not n:
            return [Reply("assistant", "info", "There are no answers to clear.")]
        self.pending = "restart"
        return [
            Reply(
                "assistant",
                "confirm",
                f"Clear all {n} answer{'s' if n != 1 else ''} and start the interview again? They stay in the "
                "session's history, and `undo` brings them back. Type `yes` to clear them, `no` to keep them.",
            )
        ]

    def confirm(self, yes: bool) -> list[Reply]:
        """The user's answer to the pending question (only `restart` asks one)."""
        pending, self.pending = self.pending, None
        if pending != "restart":
            return []
        if not yes:
            return [Reply("assistant", "info", "Nothing cleared: your answers are kept.")]
        self._remember(self._snapshot("the restart"))
        for qid in list(self.consultation.answers):
            if self.listener:
                self.listener("forget", qid, None)
        self.consultation = Consultation(self.kb)
        self.notes.clear()
        self.said.clear()
        self.asked.clear()
        self.finished_shown = False
        self._asking = None
        return [
            Reply(
                "assistant",
                "info",
                "Answers cleared: starting the interview again (`undo` brings them back).",
            ),
            *self._next(),
        ]

    def _cmd_undo(self, arg: str) -> list[Reply]:
        if not self._undo:
            return [Reply("assistant", "info", "There is nothing to undo in this conversation.")]
        before = self._undo.pop()
        asking = self.current_question
        answers = self.consultation.answers
        changed = self._restore(before)
        what = f"Undone: {before.what}."
        if len(changed) > 1:
            what += f" As before: {', '.join(changed[:6])}{f' and {len(changed) - 6} more' if len(changed) > 6 else ''}."
        replies = [Reply("assistant", "info", what)]
        now = self.current_question
        if now != asking or (now is None and self.consultation.answers != answers):
            replies += self._next()
        return replies

    def _cmd_note(self, arg: str) -> list[Reply]:
        """`note TEXT` on the last answer, or `note QUESTION: TEXT` on any answered question."""
        if self.read_only:
            return [Reply("assistant", "error", self.read_only)]
        qid, text = None, arg
        if ":" in arg:
            head, rest = arg.split(":", 1)
            q = self.find_question(head)
            if q is not None:
                qid, text = q.id, rest.lstrip()
        if qid is None:
            if not self.asked and not self.consultation.answers:
                return [Reply("assistant", "error", "Answer a question first; a note goes with an answer.")]
            qid = self.asked[-1] if self.asked else list(self.consultation.answers)[-1]
        if qid not in self.consultation.answers:
            return [
                Reply(
                    "assistant",
                    "error",
                    f"{self._question(qid).name} is not answered yet; a note goes with an answer.",
                )
            ]
        if not text:
            return [Reply("assistant", "error", "Usage: `note TEXT`, or `note QUESTION: TEXT`.")]
        if self.notes.get(qid) != text:
            self._remember(self._snapshot(f"the note on {self._question(qid).name}"))
        self.notes[qid] = text
        if self.listener:
            self.listener("note", qid, text)
        return [Reply("assistant", "info", f"Note kept with {self._question(qid).name}.")]

    def _cmd_export(self, arg: str) -> list[Reply]:
        """`export [FORMAT]`: the format by its name as people write it ("html", "as Word")."""
        typed = " ".join(arg.split())
        word = typed.lower().removeprefix("as ").removeprefix("in ").strip(" .")
        fmt = EXPORT_FORMATS.get(word)
        if not typed:
            text = "Export the transcript."
        elif fmt is None:
            text = (
                f"I do not write transcripts as “{T.escape_md(typed)}”: choose Markdown, printable HTML, "
                "JSON or Word."
            )
        else:
            text = f"Export the transcript as {FORMAT_NAMES[fmt]}."
        return [Reply("assistant", "export", text, fmt=fmt)]

    def _cmd_brief(self, arg: str) -> list[Reply]:
        if self.training is None:
            return [Reply("assistant", "info", "There is no case brief outside training.")]
        case = self.training
        text = "\n\n".join([f"**{case.title}**", *T.brief_paragraphs(case)])
        return [Reply("assistant", "info", text, citations=T.brief_citations(case))]

    def _cmd_predict(self, arg: str) -> list[Reply]:
        if self.training is None:
            return [
                Reply("assistant", "info", "Predictions belong to training (`integration-assistant train`).")
            ]
        return [Reply("assistant", "predict", "Predict the model and the conflicts you expect.")]

    def _cmd_help(self, arg: str) -> list[Reply]:
        lines = ["Answer with a number, an option's name or your own words. Commands:", ""]
        lines += [f"- `{name}`: {what}" for name, what in COMMANDS.items()]
        lines += [
            "",
            "Keys: F1 help · F2 why · F3 how · F4 summary · F5 set · F6 what if · F7 explain · F8 side panel · "
            "F10 export · ctrl+b back · ctrl+n new consultation · ctrl+o sources · ctrl+p all commands · "
            "PageUp/PageDown scroll the conversation.",
        ]
        return [Reply("assistant", "help", "\n".join(lines))]

    def _cmd_quit(self, arg: str) -> list[Reply]:
        self.quit_requested = True
        return [Reply("assistant", "info", "Goodbye.")]
