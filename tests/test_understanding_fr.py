"""Typed French read by the understanding step (``understand(..., language="fr")``).

The French corpus (tests/data/officer_phrasings_fr.yaml) has the English corpus's shape and bars:
no wrong record, at most 1% wrong proposals, at least 85% of the clear phrasings resolved. The
French held-out set (tests/data/officer_phrasings_fr_heldout.yaml), written after the French
lexicon, is held to the two safety bars; its resolved share is reported. French read with the
English lexicon (a session left in English) may ask, never record a wrong option. Then the design
points, one test each: negation by scope around "ne … pas", accents optional, elisions, the French
words of the options, and English left as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.consultation.understand import _vocabulary, is_accept, is_withdraw, lexicon, tokens, understand
from assistant.knowledge.schema import UNKNOWN

from .question_tests import with_phrasings
from .test_understanding_corpus import (
    KB,
    MAX_WRONG_PROPOSALS,
    MIN_RESOLVED_CLEAR,
    OUTCOMES,
    Phrasing,
    Read,
    figures_of,
    listing,
    phrasing,
    question,
    well_formed_problems,
)

DATA = Path(__file__).parent / "data"
CORPUS_FILE = DATA / "officer_phrasings_fr.yaml"
HELDOUT_FILE = DATA / "officer_phrasings_fr_heldout.yaml"
MIN_ENTRIES_FR = 250
RAW: Any = with_phrasings(yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8")), "fr")
HELDOUT: Any = yaml.safe_load(HELDOUT_FILE.read_text(encoding="utf-8"))


def problems_of(raw: Any) -> list[str]:
    """The English corpus's checks, with the French corpus's size."""
    problems = [p for p in well_formed_problems(raw) if not p.endswith("entries, fewer than 400")]
    n = len(raw.get("entries") or []) if isinstance(raw, dict) else 0
    if n < MIN_ENTRIES_FR:
        problems.append(f"{n} entries, fewer than {MIN_ENTRIES_FR}")
    return problems


def read_all(corpus: list[Phrasing], language: str = "fr") -> list[Read]:
    out = []
    for p in corpus:
        try:
            u = understand(question(p.question), p.text, KB.questions, language=language)
        except Exception as exc:  # noqa: BLE001 - a crash is counted and named
            out.append(Read(p, "", (), (), "", error=f"{type(exc).__name__}: {exc}"))
            continue
        out.append(Read(p, u.outcome, tuple(u.options), tuple(u.candidates), u.reading))
    return out


@pytest.fixture(scope="module")
def corpus() -> list[Phrasing]:
    problems = problems_of(RAW)
    assert not problems, "the French corpus is not well formed:\n" + "\n".join(problems)
    return [phrasing(e) for e in RAW["entries"]]


@pytest.fixture(scope="module")
def reads(corpus: list[Phrasing]) -> list[Read]:
    return read_all(corpus)


# --- the corpus ---------------------------------------------------------------------------------


def test_french_corpus_well_formed():
    problems = problems_of(RAW)
    assert not problems, "\n".join(problems)
    # the held-out set is smaller: its size is not checked, its entries are
    heldout = [p for p in well_formed_problems(HELDOUT) if "fewer than" not in p]
    assert not heldout, "\n".join(heldout)


def test_every_french_phrasing_is_read(reads):
    broken = []
    for r in reads:
        q = question(r.phrasing.question)
        valid = {*q.option_ids, UNKNOWN}
        ok = (
            not r.error
            and r.outcome in OUTCOMES
            and all(o in valid for o in (*r.options, *r.candidates))
            and (
                r.options == ()
                if r.outcome == "ask"
                else bool(r.options) and (q.multi or len(r.options) == 1)
            )
        )
        if not ok:
            broken.append(r)
    assert not broken, listing(broken)


def test_french_corpus_bars(reads, capsys):
    figures = figures_of(reads)
    with capsys.disabled():
        print("\nFrench " + figures.text())
    wrong = [r for r in reads if r.verdict in ("wrong record", "wrong proposal", "crashed", "bad outcome")]
    assert figures.crashed == figures.bad_outcomes == figures.wrong_records == 0, listing(wrong)
    assert not [r for r in reads if r.phrasing.must_ask and r.outcome == "record"]
    assert figures.wrong_proposal_share <= MAX_WRONG_PROPOSALS, listing(wrong)
    unresolved = [r for r in reads if r.phrasing.clear and r.verdict not in ("right record", "right confirm")]
    assert figures.resolved_share >= MIN_RESOLVED_CLEAR, listing(unresolved)


def test_french_heldout_is_never_misrecorded(capsys):
    reads = read_all([phrasing(e) for e in HELDOUT["entries"]])
    figures = figures_of(reads)
    with capsys.disabled():
        print(
            "\nFrench held-out "
            + figures.text().replace(f" (needed: {MIN_RESOLVED_CLEAR:.0%})", " (reported)")
        )
    wrong = [r for r in reads if r.verdict in ("wrong record", "wrong proposal", "crashed", "bad outcome")]
    assert figures.crashed == figures.bad_outcomes == figures.wrong_records == 0, listing(wrong)
    assert figures.wrong_proposal_share <= MAX_WRONG_PROPOSALS, listing(wrong)


@pytest.mark.parametrize("raw", [RAW, HELDOUT], ids=["corpus", "heldout"])
def test_french_read_in_english_records_nothing_wrong(raw):
    """A session left in English reads French: it may ask or propose, it never records wrong."""
    reads = read_all([phrasing(e) for e in raw["entries"]], language="en")
    wrong = [r for r in reads if r.error or r.verdict == "wrong record"]
    assert not wrong, listing(wrong)


# --- "pas <label>" is never that option ------------------------------------------------------------

FRENCH = lexicon("fr")
NEGATED_LABELS = [
    (q.id, o.id, label)
    for q in KB.questions
    for o in q.options
    if (label := str(FRENCH.options.get(q.id, {}).get(o.id, {}).get("label", "")))
    and label not in ("Oui", "Non")
]
PREFIXES = ("pas ", "ce n'est pas ", "ce n’est pas ", "franchement pas ", "ils ne sont pas ")


@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from(NEGATED_LABELS), prefix=st.sampled_from(PREFIXES))
def test_pas_label_is_never_that_option(case, prefix):
    qid, option_id, label = case
    for text in (f"{prefix}{label}", f"{prefix}{label.lower()}"):
        u = understand(question(qid), text, language="fr")
        assert not (u.outcome in ("record", "confirm") and option_id in u.options), (
            f"{qid}: {text!r} -> {u.outcome} {list(u.options)}; reading: {u.reading!r}"
        )


# --- the French vocabulary -------------------------------------------------------------------------


def test_french_vocabulary_names_real_questions_and_options():
    for qid, said in FRENCH.options.items():
        q = KB.question(qid)
        assert q is not None, f"dialogues/fr/understanding.yaml: no question {qid!r}"
        assert set(said) <= set(q.option_ids), f"{qid}: {sorted(set(said) - set(q.option_ids))}"


def test_no_french_phrase_is_claimed_by_two_options():
    for q in KB.questions:
        owners: dict[tuple[str, ...], set[str]] = {}
        for entries in _vocabulary(q, FRENCH).starts.values():
            for e in entries:
                owners.setdefault(e.words, set()).update(e.options)
        claimed = {" ".join(w): sorted(o) for w, o in owners.items() if len(o) > 1}
        assert not claimed, f"{q.id}: {claimed}"


def test_every_option_has_a_french_label_that_records():
    for q in KB.questions:
        for o in q.options:
            label = FRENCH.options.get(q.id, {}).get(o.id, {}).get("label")
            assert label, f"{q.id}.{o.id}: no French label"
            u = understand(q, str(label), language="fr")
            assert (u.outcome, u.options) == ("record", (o.id,)), f"{q.id}: {label!r} -> {u}"


def command_names() -> set[str]:
    """The chat's command names (the command registry; before it, the command patterns)."""
    try:
        from assistant.conversation.registry import SPECS
    except ImportError:
        from assistant.conversation.commands import _PATTERNS  # type: ignore[attr-defined]

        return {name for name, _ in _PATTERNS}
    return {spec.name for spec in SPECS}


def test_french_commands_name_real_commands():
    names = command_names()
    assert FRENCH.commands, "no French command words"
    assert set(FRENCH.commands) <= names, sorted(set(FRENCH.commands) - names)


# --- design points ---------------------------------------------------------------------------------


def fr(qid: str, text: str) -> tuple[str, tuple[str, ...]]:
    u = understand(question(qid), text, KB.questions, language="fr")
    return u.outcome, u.options


@pytest.mark.parametrize(
    "text",
    ["sécurité", "securite", "SÉCURITÉ", "Sécurité"],
)
def test_accents_are_optional(text):
    assert tokens(text, "fr") == ["securite"]


def test_elisions_and_typographic_apostrophes():
    assert tokens("l'OCHA n'est pas là", "fr") == tokens("l’OCHA n’est pas là", "fr")
    assert tokens("l'OCHA n'est pas là", "fr") == ["le", "ocha", "ne", "est", "pas", "la"]
    assert tokens("qu'il", "fr") == ["que", "il"]
    assert tokens("ocha nest plus là", "fr") == ["ocha", "ne", "est", "plus", "la"]


def test_english_tokens_are_unchanged():
    assert tokens("OCHA isn't there") == ["ocha", "is", "not", "there"]
    assert tokens("sécurité") == ["sécurité"]  # English keeps accents: no folding


@pytest.mark.parametrize(
    ("qid", "text", "expected"),
    [
        # "ne … pas" wraps the verb: the scope runs from the verb to the end of the clause
        ("ocha_presence", "l'OCHA n'est pas présent", ("record", ("not_present",))),  # the label
        ("ocha_presence", "OCHA n'est plus là", ("confirm", ("not_present",))),
        ("political_timetable", "il n'y a pas d'élections prévues", ("confirm", ("no",))),
        ("military_assets", "on ne considère pas les moyens militaires", ("confirm", ("no",))),
        ("hostility", "ce n'est pas hostile du tout", ("confirm", ("low",))),
        ("host_consent", "il n'est pas très coopératif", ("confirm", ("limited",))),
        # spoken French drops the "ne"
        ("security_situation", "c'est pas stable du tout", ("confirm", ("volatile",))),
        # a negated post-trigger cancels: "never left" is present
        ("ocha_presence", "OCHA n'a jamais quitté le pays", ("confirm", ("present",))),
        ("ocha_presence", "OCHA a quitté le pays", ("confirm", ("not_present",))),
        # "ne … que" is restrictive (only), not a negation
        ("non_un_forces", "il n'y a que les casques bleus", ("confirm", ("no",))),
        # "ne … pas que" after a verb of its own is a negation, not "not only"
        ("security_situation", "je ne pense pas que ce soit stable", ("ask", ())),
        # a post-trigger negates the subject before it: "ne sont pas présentes"
        ("country_team", "les agences ne sont pas présentes", ("confirm", ("no",))),
        ("insurgency", "l'insurrection n'existe plus", ("confirm", ("no",))),
        # "ne … guère": hardly, the step next to it
        ("hostility", "les acteurs ne sont guère hostiles", ("confirm", ("moderate",))),
        # "plus de" without "ne" is "more" as often as "no more": not a negation
        ("non_un_forces", "il y a plus de troupes de l'UA qu'avant", ("confirm", ("yes",))),
        # pseudo-negations
        ("non_un_forces", "non seulement les casques bleus mais aussi l'OTAN", ("confirm", ("yes",))),
        # a terminator closes the scope
        ("host_consent", "pas hostile mais réticent", ("confirm", ("limited",))),
        # corrections: the words after the last one count
        ("security_situation", "stable, non attendez, volatile", ("confirm", ("volatile",))),
        ("hostility", "faible, pardon, modérée", ("confirm", ("moderate",))),
        # "non, …" with details that agree is recorded; a hedge is confirmed
        ("insurgency", "non, le cessez-le-feu tient", ("record", ("no",))),
        ("security_situation", "plutôt stable", ("confirm", ("stable",))),
        ("forceful_disarmament", "probablement pas", ("confirm", ("no",))),
        # unknown, exact labels, numbers, lists
        ("un_presence", "je ne sais pas", ("record", (UNKNOWN,))),
        ("un_presence", "aucune idée", ("record", (UNKNOWN,))),
        ("security_situation", "tres stable", ("record", ("very_stable",))),
        ("structural_barriers", "1 et 3", ("record", ("movement_and_vehicle_rules", "separate_budgets"))),
        (
            "structural_barriers",
            "tout sauf les salaires",
            ("confirm", ("movement_and_vehicle_rules", "resource_sharing", "separate_budgets")),
        ),
        # what fits several options, or none, is asked
        ("hostility", "faible ou modérée", ("ask", ())),
        ("mission_phase", "ni démarrage ni retrait", ("ask", ())),
        ("abusive_key_actors", "peut-être", ("ask", ())),
    ],
)
def test_french_reading(qid, text, expected):
    assert fr(qid, text) == expected


def test_a_french_typo_is_corrected_and_confirmed_never_recorded():
    assert fr("security_situation", "stabel") == ("confirm", ("stable",))
    assert fr("insurgency", "insurection active") == ("confirm", ("yes",))


def test_a_french_word_is_not_corrected_into_an_option():
    # "tentes" is a French word one letter from "tendus": left alone, so nothing is proposed
    assert fr("hostility", "tentes") == ("ask", ())


def test_french_accept_and_withdraw():
    assert is_accept("oui", "fr") and is_accept("d’accord", "fr") and is_accept("c'est ça", "fr")
    assert is_withdraw("non", "fr") and is_withdraw("pas ça", "fr")
    assert not is_accept("oui", "en") and is_accept("yes")


def test_english_stays_the_default():
    q = question("ocha_presence")
    assert understand(q, "OCHA left").options == ("not_present",)
    assert understand(q, "OCHA left") == understand(q, "OCHA left", language="en")
