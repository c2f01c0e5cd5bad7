"""The interview: one question at a time, commands at any time. What the user types or picks
goes in; the chat's replies come out, and the effects asked of the interface (an export, a
dialog, leaving) wait in ``effects`` until the interface takes them. The commands are in the
registry (:mod:`.registry`), their handlers in :mod:`.commands`; `undo` in :mod:`.undo`.

The interview speaks one language, its knowledge's (``Interview.language``): its entry points
render their replies in it and read typed answers in it. `language fr` / `langue en` switches it
(:meth:`Interview.switch_language`): the answers are ids and stay, the knowledge becomes the
shipped one in the new language, and the interface is told with a :class:`.effects.SwitchLanguage`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from ..consultation.answers import Answers
from ..consultation.consult import Consultation
from ..consultation.matching import Change, find_question, parse_change
from ..consultation.result import Result
from ..consultation.understand import Said, Understanding, is_accept, is_withdraw, said_words, understand
from ..i18n import Language, _, ngettext, normalize, set_language, using
from ..knowledge.loader import KnowledgeBase, shipped_knowledge
from ..knowledge.schema import Citation, Question, TrainingCase
from ..knowledge.yamlfile import InputError
from . import asking
from . import text as T
from .changes import in_language
from .commands import changing
from .effects import Effect
from .glossary import Glossary
from .registry import BY_NAME, Command, fold, parse_command
from .replies import Reply
from .state import Before
from .undo import remember, snapshot

# Called after every change: ("set", question id, values, said), ("forget", question id, None) or
# ("note", question id, text); ``said`` is the words typed for the answer and how they were read.
Listener = Callable[..., None]

# The questions that decide whether integration applies at all: until they are settled
# (answered, or no longer asked) no recommendation is shown as standing.
APPLICABILITY = ("un_presence", "country_team")
YES = {"yes", "y", "ok", "confirm", "clear", "clear them", "restart", "yes restart", "yes clear them"}
NO = {"no", "n", "cancel", "keep", "keep them", "no keep them"}
# The same in French (read in any session, as the commands are), accents folded.
YES |= {"oui", "o", "d'accord", "confirmer", "effacer", "les effacer", "oui effacer", "recommencer"}
NO |= {"non", "annuler", "garder", "les garder", "conserver", "non garder"}

P = ParamSpec("P")
R = TypeVar("R")


def speaking(
    method: Callable[Concatenate[Interview, P], R],
) -> Callable[Concatenate[Interview, P], R]:
    """An entry point of the interview, run in the interview's language: its replies are written
    in it whatever the language of the rest of the process."""

    @functools.wraps(method)
    def run(self: Interview, *args: P.args, **kwargs: P.kwargs) -> R:
        with using(self.language):
            return method(self, *args, **kwargs)

    return run


def glossary_of(kb: KnowledgeBase) -> Glossary:
    """The knowledge's glossary; in another language than English, its English names find the
    entries too ("explain DSRSG" in a French session)."""
    also = shipped_knowledge("en").glossary if kb.language != "en" else []
    return Glossary(kb.glossary, also=also)


@dataclass(frozen=True)
class Proposal:
    """A reading of typed words waiting for the officer's word: Enter (or "yes") records it,
    Escape (or "no") withdraws it, any other answer replaces it."""

    question: str
    options: tuple[str, ...]
    said: str  # the words, exactly as typed
    via_interview: bool  # an answer to the question asked (not `set`)


class Interview:
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
        # The language the interview speaks and reads typed answers in: its knowledge's, until
        # `language` switches it.
        self.language: Language = normalize(self.kb.language) or "en"
        # In training, nothing the rules conclude is shown until the learner has predicted.
        self.training = training
        self.consultation = Consultation(self.kb, answers)
        self.glossary = glossary_of(self.kb)
        self.listener = listener
        self.asked: list[str] = []  # answered through the interview, in order: what `back` undoes
        self.effects: list[Effect] = []  # asked of the interface, not yet taken (take_effects)
        self.finished_shown = False
        self.asking: str | None = None  # the question last asked
        self.notes: dict[str, str] = {}
        # Set when the session is open in another window: every change is refused with this.
        self.read_only: str | None = None
        self.undo_stack: list[Before] = []  # the changes made in this conversation, latest last
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
        if self.asking and self.asking in self.questions_left():
            return self.kb.question(self.asking)
        nxt = self.result.next_question
        return self.kb.question(nxt) if nxt else None

    def question_by_id(self, qid: str) -> Question:
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
    @speaking
    def start(self, resumed: str | None = None) -> list[Reply]:
        if self.training is not None:
            hello = _(
                "Training case: **{title}**. Answer as the brief suggests; I will not show "
                "the recommendation until you have predicted it. Type `brief` to reread the case, `why` for "
                "a question's reason, `predict` when you are ready."
            ).format(title=self.training.title)
            return [Reply("assistant", "greeting", hello), *self.next_replies()]
        if resumed is not None:
            n = len(self.consultation.answers)
            hello = ngettext(
                "Welcome back to {name}: {n} answer so far. Type `summary` to review them.",
                "Welcome back to {name}: {n} answers so far. Type `summary` to review them.",
                n,
            ).format(name=T.escape_md(resumed), n=n)
            if self.read_only:
                return [
                    Reply("assistant", "greeting", hello),
                    Reply("assistant", "error", self.read_only),
                    *self.next_replies(),
                ]
            return [Reply("assistant", "greeting", hello), *self.next_replies()]
        hello = _(
            "I will ask about the crisis, one question at a time, and recommend a UN integration model "
            "with the conflicts to plan for, citing de Coning (2008) page by page. Type `help` for commands."
        )
        return [Reply("assistant", "greeting", hello), *self.next_replies()]

    @speaking
    def handle(self, typed: str) -> list[Reply]:
        """Typed input: a command, or an answer to the current question. With a reading waiting
        for the officer's word, an empty line or "yes" records it and "no" withdraws it."""
        if self.proposal is not None and (not typed.strip() or self._reads_as(typed, is_accept)):
            echo = [Reply("user", "answer", T.escape_md(typed.strip()))] if typed.strip() else []
            return [*echo, *self.accept()]
        if self.proposal is not None and self._reads_as(typed, is_withdraw):
            return [Reply("user", "answer", T.escape_md(typed.strip())), *self.withdraw()]
        self.proposal = None  # any other answer or command replaces it
        if parse_command(typed) is not None:
            self.unsettled = None
        if not typed.strip():
            return []
        if self.pending is not None:
            word = " ".join(fold(typed.lower()).replace(",", " ").split())
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
            done = _("The interview is complete.")
            return [said, Reply("assistant", "info", f"{done} {asking.after_hint()}")]
        u = understand(q, typed, self.kb.questions, language=self.language)
        return [said, *self.understood(q, u, via_interview=True)]

    def _reads_as(self, typed: str, test: Callable[[str, str], bool]) -> bool:
        """Whether typed words accept (or withdraw) a reading: in the interview's language, or in
        English, which every session reads."""
        return test(typed, self.language) or (self.language != "en" and test(typed, "en"))

    def understood(self, q: Question, u: Understanding, via_interview: bool) -> list[Reply]:
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
            typed, read = T.escape_md(u.text.strip()), T.escape_md(labels)
            text = _(
                "I read “{typed}” as **{labels}** ({reading}). Enter records it; or type another answer."
            ).format(typed=typed, labels=read, reading=T.escape_md(u.reading))
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
        return [asking.unclear(q, u.text, u)]

    @staticmethod
    def _reads(earlier: tuple[str, str, tuple[str, ...]], q: Question, chosen: tuple[str, ...]) -> bool:
        """Whether options chosen right after an ask are a reading of the words asked about: for
        that question, and among the options those words fit (not one they negate)."""
        return earlier[0] == q.id and set(chosen) <= set(earlier[2])

    @speaking
    def accept(self) -> list[Reply]:
        """The officer accepts the reading proposed: it is recorded, with the words typed."""
        proposal, self.proposal = self.proposal, None
        if proposal is None:
            return []
        q = self.question_by_id(proposal.question)
        return self._answer(
            q, proposal.options, proposal.via_interview, said=Said(proposal.said, "confirmed")
        )

    @speaking
    def withdraw(self) -> list[Reply]:
        """The officer turns the reading down: nothing is recorded; the question stays open."""
        proposal, self.proposal = self.proposal, None
        if proposal is None:
            return []
        q = self.question_by_id(proposal.question)
        return [
            Reply(
                "assistant",
                "info",
                _("Nothing recorded for {question}. Type another answer, or pick an option.").format(
                    question=q.name
                ),
            ),
            *self.next_replies(prefer=q.id),
        ]

    @speaking
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

    @speaking
    def run(self, command: Command) -> list[Reply]:
        """A command, by its name in the registry: refused where it is not available (or would
        give a training case's key away), else its handler's replies."""
        spec = BY_NAME[command.name]
        refusal = spec.refusal(self.training is not None)
        if refusal is not None:
            return [Reply("assistant", "info", refusal)]
        return spec.run(self, command.arg)

    @speaking
    def confirm(self, yes: bool) -> list[Reply]:
        """The user's answer to the pending question (only `restart` asks one)."""
        pending, self.pending = self.pending, None
        if pending != "restart":
            return []
        return changing.confirmed_restart(self, yes)

    def take_effects(self) -> list[Effect]:
        """What the interface is asked to do since it last took them (an export, a dialog, leaving)."""
        effects, self.effects = self.effects, []
        return effects

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
        what = _("the answer to {question}") if was is None else _("the change of {question}")
        undo_to = snapshot(self, what.format(question=q.name))
        try:
            self.consultation.answer(q.id, list(chosen))
        except InputError as exc:
            return [Reply("assistant", "error", str(exc))]
        if self.consultation.answers.get(q.id) != was or self.said.get(q.id) != said:
            remember(self, undo_to)
        self.said[q.id] = said
        if via_interview:
            if q.id in self.asked:
                self.asked.remove(q.id)
            self.asked.append(q.id)
        if self.listener:
            self.listener("set", q.id, tuple(chosen), said)
        after = self.result.recommendation
        labels = ", ".join(q.label_of(c) for c in chosen)
        note = _("Noted: {question}: {answer}.").format(question=q.name, answer=labels)
        if said.how == "confirmed":
            note = _("Noted: {question}: {answer} (you typed: “{typed}”).").format(
                question=q.name, answer=labels, typed=T.escape_md(said.text)
            )
        cites: tuple[Citation, ...] = ()
        standing = self.training is None and self.applicability_settled
        if standing and (
            not was_settled or (after.model, after.confidence) != (before.model, before.confidence)
        ):
            # Only an announced recommendation cites anything: the passages of the model now standing.
            now = (
                _("Recommendation now: {standing}.")
                if was_settled
                else _("Recommendation so far: {standing}.")
            )
            note += " " + now.format(standing=T.standing(self.result))
            cites = tuple(after.citations)
        return [Reply("assistant", "ack", note, citations=cites, result=self.result), *self.next_replies()]

    def words_of(self, qid: str) -> str:
        """' (you typed: “…”; confirmed)' beside an answer, or '' when it was picked."""
        said = self.said.get(qid)
        return f" ({T.escape_md(said_words(said))})" if said is not None and said.text else ""

    def next_replies(self, prefer: str | None = None, previous: tuple[str, ...] | None = None) -> list[Reply]:
        return asking.next_replies(self, prefer, previous)

    # --- finding questions and options in typed commands -------------------------------------
    def find_question(self, words: str) -> Question | None:
        return find_question(self.kb, words).question

    def split_change(self, arg: str) -> Change | str:
        """'QUESTION OPTION' (also 'QUESTION=OPTION', 'QUESTION to OPTION', "OCHA left") →
        the question and its options as understood, or a message saying what is wrong."""
        change = parse_change(self.kb, arg)
        if change.ok and change.question is not None:
            return change
        if self.language != "en":
            read = in_language(self.kb, arg, self.language)
            if read is not None:
                return read
        if change.question is not None:
            return (
                _("“{typed}” is not an option of {question}.").format(
                    typed=T.escape_md(change.unmatched), question=change.question.name
                )
                + change.hint
            )
        if not change.unmatched:
            return _("Name a question and an option.")
        return (
            _("I could not find a question in “{typed}”.").format(typed=T.escape_md(change.unmatched))
            + change.hint
        )

    # --- language ------------------------------------------------------------------------------
    def switch_language(self, lang: Language) -> None:
        """Speak ``lang`` from now on: the shipped knowledge in it (the answers are ids and stay),
        the process's language too. A knowledge of one's own (not the shipped one) stays as it is."""
        if self.kb is shipped_knowledge(self.language):
            self.kb = shipped_knowledge(lang)
        self.language = lang
        set_language(lang)
        self.consultation = Consultation(self.kb, self.consultation.answers)
        self.glossary = glossary_of(self.kb)
        if self.training is not None:
            self.training = self.kb.case(self.training.id) or self.training
        self.proposal = None  # a reading in the other language's words: typed again if wanted
        self.unsettled = None


# The name the rest of the assistant has long used for it.
Conversation = Interview
