"""The vocabulary of the rule and dialogue files, as pydantic models.

Every model forbids unknown keys and is frozen: a typo in a YAML file is an error with its
file and line, never a silent default.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Severity = Literal["high", "medium", "low"]
Confidence = Literal["firm", "default", "inferred", "tentative"]
Basis = Literal["report", "assistant"]
ModelId = Literal["one_foot_in_one_foot_out", "two_feet_out", "two_feet_in", "not_applicable"]
FormId = Literal["dsrsg_rc_hc", "ersg_rc_hc", "none"]

UNKNOWN = "unknown"
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


class Strict(BaseModel):
    # defer_build: validators are built on first use, not at import, so start-up stays quick.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Citation(Strict):
    """A passage of the report that supports a claim."""

    source: str = Field(
        default="de Coning 2008, The United Nations and the Comprehensive Approach, DIIS Report 2008:14",
        description="The work cited; the report unless a primary source is named.",
    )
    section: Text = Field(description="The report's section heading, as printed.")
    page: Annotated[str, StringConstraints(pattern=r"^\d+(-\d+)?$")] = Field(
        description='Printed page, or a range such as "20-21".'
    )
    paragraph: Annotated[str, StringConstraints(pattern=r"^(p|fn)\d+$")] = Field(
        description='Paragraph id in the numbered report, e.g. "p45" or "fn25".'
    )
    quote: Text | None = Field(default=None, description="A short phrase, verbatim from that paragraph.")
    as_cited_in: Text | None = Field(
        default=None, description="A primary source the report relies on, cited as in the report."
    )


BASIS_HELP = (
    "report: a cited passage states it (the quote, read in its paragraph, supports the claim itself); "
    "assistant: the assistant's own inference or suggested practice, or a condition the report does not name."
)
SUPPORT_HELP = "With basis report: the passages that state it (at least one with a quote)."
SEE_HELP = "With basis assistant: passages that raise the problem, shown as 'see', never as support."


class Stated(Strict):
    """A statement the assistant shows, with its basis: the report's, or the assistant's own."""

    basis: Basis | None = Field(default=None, description=BASIS_HELP)
    citations: list[Citation] = Field(default_factory=list, description=SUPPORT_HELP)
    see: list[Citation] = Field(default_factory=list, description=SEE_HELP)


# --- dialogues -------------------------------------------------------------------------------


class Option(Strict):
    id: Id
    label: Text = Field(description="What the user sees.")
    clause: Text | None = Field(
        default=None,
        description="A whole clause saying this answer holds, e.g. 'OCHA is not present in the country'; "
        "explanations are built from it.",
    )
    synonyms: list[Text] = Field(
        default_factory=list,
        description="Other names of this option: typed alone (or after a 'yes, '/'no, ' that agrees), "
        "they are recorded as this option without asking.",
    )
    cues: list[Text] = Field(
        default_factory=list,
        description="Words that point to this option by inference (a paraphrase, a force or agency that "
        "implies it: 'AMISOM', 'AU troops'): the officer is asked to confirm the reading. Inside a "
        "negation they count against the option.",
    )
    hints: list[Text] = Field(
        default_factory=list,
        description="Words about the question's topic that lean to this option but do not answer it alone "
        "('rebels' for an insurgency): with nothing else the officer is asked; negated, they count against "
        "the option as a cue does ('there are no rebels').",
    )
    negated: list[Text] = Field(
        default_factory=list,
        description="Phrases that name this option by negating another ('not hostile at all' for Low): "
        "read as they stand, never negated again; the officer is asked to confirm the reading.",
    )


class Question(Stated):
    id: Id
    name: Text = Field(description="A short name, as explanations show it.")
    subject: Text | None = Field(
        default=None,
        description="What the question settles, as an indirect question: 'whether OCHA is present in the "
        "country'. Explanations say 'It is not known whether …'.",
    )
    topic: Text = Field(description="A heading the question is grouped under.")
    prompt: Text
    why: Text = Field(description="Why the assistant asks, in plain words; basis and citations are its own.")
    multi: bool = Field(default=False, description="Several options may be chosen at once.")
    exclusive: list[Id] = Field(
        default_factory=list, description="With multi: options that cannot be combined with others."
    )
    options: Annotated[list[Option], Field(min_length=2)]
    scale: list[Id] = Field(
        default_factory=list,
        description="For a graded question, its option ids from one end to the other (low, moderate, "
        "high): 'not very high' reads as its neighbour, 'not high at all' as the far end.",
    )

    @model_validator(mode="after")
    def _options_unique(self) -> Question:
        ids = [o.id for o in self.options]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"option ids repeat: {', '.join(sorted(dup))}")
        if UNKNOWN in ids:
            raise ValueError("'unknown' is added to every question; do not list it")
        if bad := [x for x in self.exclusive if x not in ids]:
            raise ValueError(f"exclusive names options that do not exist: {', '.join(bad)}")
        if self.scale and sorted(self.scale) != sorted(ids):
            raise ValueError("scale must list every option id once, from one end to the other")
        return self

    @property
    def short(self) -> str:
        return self.name

    def label_of(self, option_id: str) -> str:
        if option_id == UNKNOWN:
            return "Unknown"
        o = self.option(option_id)
        return o.label if o else option_id

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


class GlossaryEntry(Stated):
    id: Id
    term: Text
    aliases: list[Text] = Field(default_factory=list)
    definition: Text = Field(description="The term in plain words; basis and citations are its own.")


class QuestionsFile(Strict):
    questions: list[Question]


class GlossaryFile(Strict):
    glossary: list[GlossaryEntry]


# --- rules -----------------------------------------------------------------------------------


class AnswerIs(Strict):
    """The question was answered with one of these options."""

    answer: Id
    is_: Id | None = Field(default=None, alias="is")
    in_: list[Id] | None = Field(default=None, alias="in")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @model_validator(mode="after")
    def _one_of(self) -> AnswerIs:
        if (self.is_ is None) == (self.in_ is None):
            raise ValueError("an answer condition takes exactly one of 'is' or 'in'")
        if self.in_ is not None and not self.in_:
            raise ValueError("'in' needs at least one option")
        return self

    @property
    def options(self) -> tuple[str, ...]:
        return (self.is_,) if self.is_ is not None else tuple(self.in_ or ())


class FactHolds(Strict):
    """A fact derived by another rule holds (with this value, if one is given)."""

    fact: Id
    value: Id | None = None


class FactAbsent(Strict):
    """No rule has derived this fact (with this value, if one is given)."""

    no_fact: Id
    value: Id | None = None


class ModelIs(Strict):
    """The recommended model is one of these."""

    model: list[ModelId] = Field(min_length=1)


class AnyOf(Strict):
    """At least one of these conditions holds."""

    any: Annotated[list[Condition], Field(min_length=2)]


Condition = AnswerIs | FactHolds | FactAbsent | ModelIs | AnyOf
# No AnyOf.model_rebuild() here: it would build the validators now, which defer_build leaves to
# their first use; "Condition" is found in this module then.


class Then(Strict):
    """What a rule concludes: exactly one of the keys."""

    derive: Id | None = Field(default=None, description="An intermediate fact other rules use.")
    value: Id | None = Field(default=None, description="With derive: the fact's value.")
    model: ModelId | None = None
    confidence: Confidence | None = Field(
        default=None,
        description="With model: firm (every condition the recommendation rests on is answered and holds; it "
        "never means the report decides), default (the UN's default model), "
        "inferred (the report does not decide the case; the assistant's reading), tentative (a "
        "fallback that only fires while an answer that could settle the model is open).",
    )
    form: FormId | None = Field(default=None, description="The structural form of integration.")
    flag: Id | None = None
    severity: Severity | None = None
    note: Id | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Then:
        kinds = [k for k in ("derive", "model", "form", "flag", "note") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("'then' takes exactly one of derive, model, form, flag, note")
        kind = kinds[0]
        if (self.value is not None) and kind != "derive":
            raise ValueError("'value' goes with 'derive'")
        if (self.confidence is None) == (kind == "model"):
            raise ValueError("'confidence' is required with 'model', and only there")
        if (self.severity is None) == (kind == "flag"):
            raise ValueError("'severity' is required with 'flag', and only there")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("derive", "model", "form", "flag", "note") if getattr(self, k) is not None)

    @property
    def fact(self) -> tuple[str, str]:
        """The fact this conclusion declares, as (name, value)."""
        kind = self.kind
        if kind == "derive":
            assert self.derive is not None  # the kind says so
            return self.derive, self.value or "yes"
        if kind == "flag":
            assert self.severity is not None  # required with a flag (checked on load)
            return f"flag:{self.flag}", self.severity
        if kind == "note":
            return f"note:{self.note}", "yes"
        return kind, getattr(self, kind)


class Rule(Stated):
    id: RuleId
    title: Text
    explanation: Text = Field(
        description="What the rule says, in plain words; basis and citations are its own."
    )
    salience: int = Field(description="Higher fires first; set explicitly, never by file order.")
    when: list[Condition] = Field(default_factory=list, description="All must hold; empty: always.")
    then: Then


class FactDef(Strict):
    id: Id
    title: Text = Field(description="A whole clause saying the fact holds, as explanations show it.")
    negation: Text | None = Field(default=None, description="A whole clause saying the fact does not hold.")
    values: dict[Id, Text] = Field(
        default_factory=dict, description="For a fact derived with a value: a clause saying each value holds."
    )

    def clause(self, value: str | None = None) -> str:
        return self.values.get(value or "", self.title)


class ModelDef(Stated):
    id: ModelId
    label: Text
    clause: Text | None = Field(
        default=None,
        description="A whole clause saying this is the model, e.g. 'no integration model applies'.",
    )
    summary: Text = Field(description="What the model is; basis and citations are its own.")


class FormDef(Stated):
    id: FormId
    label: Text
    clause: Text | None = Field(
        default=None,
        description="A whole clause saying this is the form, e.g. 'there is no structural integration'.",
    )
    summary: Text = Field(description="What the form is; basis and citations are its own.")


class Mitigation(Stated):
    """Something that helps with a flag, as the report names it or as the assistant suggests."""

    text: Text
    when: list[Condition] = Field(
        default_factory=list,
        description="Shown only when all of these hold in the result (answers, derived facts, the model), so "
        "that no mitigation argues against the recommendation or the situation it comes with.",
    )


class FlagDef(Stated):
    id: Id
    title: Text
    explanation: Text = Field(description="The conflict in plain words; basis and citations are its own.")
    mitigations: Annotated[list[Mitigation], Field(min_length=1)]


class ChecklistItem(Stated):
    text: Text


class NoteDef(Stated):
    id: Id
    title: Text
    text: Text = Field(description="The note; basis and citations are its own (each item has its own).")
    items: list[ChecklistItem] = Field(default_factory=list)


class RulesFile(Strict):
    """One file of the rule base: a topic's catalogue entries and its rules."""

    topic: Text
    facts: list[FactDef] = Field(default_factory=list)
    models: list[ModelDef] = Field(default_factory=list)
    forms: list[FormDef] = Field(default_factory=list)
    flags: list[FlagDef] = Field(default_factory=list)
    notes: list[NoteDef] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)


class Paragraph(Strict):
    section: Text
    page: Annotated[str, StringConstraints(pattern=r"^\d+(-\d+)?$")]


class SourceFile(Strict):
    """The report the rule base cites, and where each of its paragraphs stands."""

    rulebase: Text
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    source: Text
    paragraphs: dict[str, Paragraph]

    @model_validator(mode="after")
    def _ids(self) -> SourceFile:
        bad = [k for k in self.paragraphs if not re.fullmatch(r"(p|fn)\d+", k)]
        if bad:
            raise ValueError(f"paragraph ids must look like p12 or fn3: {', '.join(bad)}")
        return self


# --- training cases ----------------------------------------------------------------------------


class KeyAnswer(Stated):
    """One answer of a training case's key, with why it is the right reading of the case."""

    answer: Id | list[Id]
    why: Text = Field(description="Why the case calls for this answer; basis and citations are its own.")


class BriefPart(Stated):
    """One paragraph of a case brief."""

    text: Text
    outside_report: bool = Field(
        default=False,
        description="True history that the report does not give (basis assistant): shown as background from "
        "outside the report.",
    )


class Expectation(Strict):
    model: ModelId
    flags: list[Id] = Field(default_factory=list)
    not_flags: list[Id] = Field(default_factory=list)


class Arrangement(Stated):
    """What the report records of the UN's actual arrangement in this case, if anything."""

    model: ModelId | None = Field(
        description="The model the report records the UN had; null where the report records none."
    )
    text: Text = Field(description="What the report says of it; basis and citations are its own.")


class Preference(Stated):
    """The model OCHA prefers for the case's context, where the report says so [p45]."""

    model: ModelId
    text: Text = Field(
        description="The preference as the report reports it; basis and citations are its own."
    )


class TrainingCase(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    level: Literal["introductory", "intermediate", "advanced"] = "intermediate"
    brief: Annotated[list[BriefPart], Field(min_length=1)] = Field(
        description="The situation for learners, paragraph by paragraph, without giving the answers away."
    )
    key: dict[Id, KeyAnswer] = Field(description="The answer key: question id to answer and why.")
    expect: Expectation
    report_arrangement: Arrangement
    ocha_preference: Preference | None = None


# --- reading typed answers ----------------------------------------------------------------------


class Negation(Strict):
    pre: list[Text] = Field(description="Words that negate what follows them, to the end of the clause.")
    post: list[Text] = Field(description="Words that negate what comes before them in the clause.")
    both: list[Text] = Field(
        default_factory=list, description="Words that negate what they govern on either side in the clause."
    )
    pseudo: list[Text] = Field(
        default_factory=list, description="Phrases that look negative but negate nothing."
    )
    terminators: list[Text] = Field(default_factory=list, description="Words that close a negation's scope.")


class Lexicon(Strict):
    """The words that negate, hedge, correct or only fill a typed answer (dialogues/understanding.yaml)."""

    negation: Negation
    contrasts: list[Text] = Field(default_factory=list)
    undecided: list[Text] = Field(default_factory=list)
    every: list[Text] = Field(default_factory=list)
    intensifiers: list[Text] = Field(default_factory=list)
    totalizers: list[Text] = Field(default_factory=list)
    corrections: list[Text] = Field(default_factory=list)
    hedges: list[Text] = Field(default_factory=list)
    fillers: list[Text] = Field(default_factory=list)
    yes: list[Text] = Field(default_factory=list)
    no: list[Text] = Field(default_factory=list)
    likely_yes: list[Text] = Field(default_factory=list)
    likely_no: list[Text] = Field(default_factory=list)
    accept: list[Text] = Field(default_factory=list)
    withdraw: list[Text] = Field(default_factory=list)
    unknown: list[Text] = Field(default_factory=list)


class FramedNegation(Negation):
    """Negation in a language whose negation wraps the verb ("ne … pas")."""

    frames: list[Text] = Field(
        default_factory=list, description="Words that open a framed negation when a closer follows: 'ne'."
    )
    closers: list[Text] = Field(
        default_factory=list, description="Words that complete the frame: 'pas', 'plus', 'jamais', 'aucun'…"
    )
    restrictive: list[Text] = Field(
        default_factory=list, description="Words that make the frame restrictive, not negative: 'ne … que'."
    )


class OptionWords(Strict):
    """An option's words in another language: what an officer types for it."""

    label: Text | None = None
    synonyms: list[Text] = Field(default_factory=list)
    cues: list[Text] = Field(default_factory=list)
    hints: list[Text] = Field(default_factory=list)
    negated: list[Text] = Field(default_factory=list)


class LanguageLexicon(Lexicon):
    """How typed answers are read in another language (dialogues/<language>/understanding.yaml):
    the English lexicon's groups, a framed negation, the small words the reading steps over, each
    question's options in the language's words, and the chat's command words."""

    negation: FramedNegation
    conjunctions: list[Text] = Field(default_factory=list, description="'and', 'or', 'but' after a 'no'.")
    list_joins: list[Text] = Field(default_factory=list, description="What joins the options of a list.")
    auxiliaries: list[Text] = Field(default_factory=list, description="Verbs between a negation and a verb.")
    weak: list[Text] = Field(default_factory=list, description="Negations that mean 'hardly'.")
    options: dict[str, dict[str, OptionWords]] = Field(default_factory=dict)
    commands: dict[str, list[Text]] = Field(
        default_factory=dict, description="A chat command's name (English) → the words that call it."
    )
