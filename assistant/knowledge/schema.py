"""The vocabulary of the rule and dialogue files, as pydantic models: the questions and the
glossary, the rules and what they conclude, the report's index. The base types are in
:mod:`.stated`, training cases in :mod:`.cases`, the reading of typed answers in :mod:`.lexicon`;
all are read from here.

Every model forbids unknown keys and is frozen: a typo in a YAML file is an error with its
file and line, never a silent default.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from .cases import Arrangement as Arrangement
from .cases import BriefPart as BriefPart
from .cases import Expectation as Expectation
from .cases import KeyAnswer as KeyAnswer
from .cases import Preference as Preference
from .cases import TrainingCase as TrainingCase
from .lexicon import FramedNegation as FramedNegation
from .lexicon import LanguageLexicon as LanguageLexicon
from .lexicon import Lexicon as Lexicon
from .lexicon import Negation as Negation
from .lexicon import OptionWords as OptionWords
from .stated import BASIS_HELP as BASIS_HELP
from .stated import SEE_HELP as SEE_HELP
from .stated import SEVERITY_RANK as SEVERITY_RANK
from .stated import SUPPORT_HELP as SUPPORT_HELP
from .stated import UNKNOWN as UNKNOWN

# Read from here by the rest of the program: the base types, the cases' and the lexicon's models.
from .stated import Basis as Basis
from .stated import Citation as Citation
from .stated import Confidence as Confidence
from .stated import FormId as FormId
from .stated import Id as Id
from .stated import ModelId as ModelId
from .stated import RuleId as RuleId
from .stated import Severity as Severity
from .stated import Stated as Stated
from .stated import Strict as Strict
from .stated import Text as Text

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
            from ..i18n import pgettext

            return pgettext("answer", "Unknown")
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
