"""How typed answers are read, as dialogues/understanding.yaml (and each language's own) hold
it: the words that negate, hedge, correct or only fill an answer."""

from __future__ import annotations

from pydantic import Field

from .stated import Strict, Text


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
