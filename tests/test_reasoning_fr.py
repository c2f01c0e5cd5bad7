"""The reasoning in French: the brief and the annex of every reference case, read in French.

Every sentence the assistant builds is French (no English word outside the report's quotations,
which stay in English within “…”), the quotations and their places in the report are those of
the English brief, the words that say whose a statement is are the French ones, and the clauses
joined into sentences are elided as French writes them (« qu'il », « s'il », « d'un »).
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant import i18n
from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.consultation.understand import understand
from assistant.knowledge.loader import shipped_knowledge
from assistant.render.blocks import to_markdown
from assistant.render.recommendation import annex_blocks, brief_blocks

from .conftest import CASES, load_case

ROOT = Path(__file__).resolve().parent.parent

# Common English words that French never writes as words of its own ("a", "on", "an", "or",
# "assistant", "change", "confidence", "tentative" are French words too, and are left out).
ENGLISH_WORDS = (
    "the and of is are not where which would could should answered you your if with that this "
    "it its by from what how why when there no to in be has have was were been see none rests "
    "raised severity helps shown above conflicts flagged annex more default firm model report "
    "reading recommendation recommends unknown unanswered whether yet known only because"
)
ENGLISH = frozenset(ENGLISH_WORDS.split())
QUOTE = re.compile(r"“[^”]*”")
CODE = re.compile(r"`[^`]*`")
LOCATOR = r"p\. [\d–-]+ (?:¶\d+|n\. \d+)"
# A quotation and the place the sentence gives for it: “…” (p. 20 ¶44), or (“…”, p. 20 ¶44).
QUOTED_AT = re.compile(rf"“([^”]+)”[^“]*?({LOCATOR})")
VOWEL = "aeiouyéèêëàâîïôûAEIOUYÉÈÊÀÂÎÔÛ"
UNELIDED = re.compile(
    rf"\b(?:[Qq]ue|[Dd]e|[Nn]e|[Ll]orsque|[Pp]uisque|[Jj]usque) [{VOWEL}]\w*|\b[Ss]i ils?\b|\b[Ll][ae] [{VOWEL}]\w*"
)

FR_LEADS = {
    "Le rapport",
    "Lecture de l'assistant, non du rapport",
    "Suggéré par l'assistant, non par le rapport",
    "Selon les conditions du rapport",
    "Selon la lecture de l'assistant, non celle du rapport",
}
EN_LEADS = (
    "The report:",
    "The assistant's reading",
    "Suggested by the assistant",
    "By the report's conditions",
    "By the assistant's reading",
)


@pytest.fixture(scope="module")
def kb_fr():
    return shipped_knowledge("fr")


@pytest.fixture(scope="module")
def kb_en():
    return shipped_knowledge("en")


def outside_quotes(text: str) -> str:
    return CODE.sub(" ", QUOTE.sub(" ", text))


def english_words(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z]+(?:'[a-z]+)?", outside_quotes(text))
    return [w for w in words if w.lower() in ENGLISH]


def unelided(text: str) -> list[str]:
    return UNELIDED.findall(outside_quotes(text))


def consulted(kb, answers: dict, lang: i18n.Language):
    with i18n.using(lang):
        result = consult(normalize(kb, answers), kb, with_sensitivity=True)
        text = to_markdown([*brief_blocks(result), *annex_blocks(result)])
        brief = to_markdown(brief_blocks(result))
    return result, brief, text


def variants() -> list[tuple[str, dict]]:
    """Each reference case as given, and with whether OCHA is present unknown."""
    out = []
    for path in CASES:
        answers = dict(load_case(path)["answers"])
        out.append((path.stem, answers))
        out.append((f"{path.stem}-ocha-unknown", {**answers, "ocha_presence": "unknown"}))
    return out


VARIANTS = variants()


@pytest.mark.parametrize("name, answers", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_brief_and_annex_read_in_french(name, answers, kb_fr, kb_en):
    result, brief, text = consulted(kb_fr, answers, "fr")
    english, _, english_text = consulted(kb_en, answers, "en")
    assert result.recommendation.model == english.recommendation.model
    assert result.recommendation.confidence == english.recommendation.confidence
    # French throughout, but for the report's own words in “…”
    assert not english_words(text), english_words(text)
    assert brief.startswith("## Recommandation")
    # whose words, in French: every lead is one of the French ones, none of the English ones
    leads = set(re.findall(r"(?<!\*)\*([^*]+?)\u00a0:\*(?!\*)", text)) - {"Repose sur", "Signalé parce que"}
    assert leads and leads <= FR_LEADS, leads
    assert not any(lead in text for lead in EN_LEADS)
    # the clauses joined into sentences are elided as French writes them
    assert not unelided(text), unelided(text)
    # the same passages, quoted in English at the same page and paragraph
    # (the knowledge's own texts quote in their language: « on peut dire » for “one can say”)
    assert Counter(re.findall(LOCATOR, text)) == Counter(re.findall(LOCATOR, english_text))
    for fr_alt, en_alt in zip(
        result.recommendation.alternatives, english.recommendation.alternatives, strict=True
    ):
        assert QUOTED_AT.findall(fr_alt.why_not) == QUOTED_AT.findall(en_alt.why_not)
        assert QUOTE.findall(fr_alt.why_not) == QUOTE.findall(en_alt.why_not)
        assert (fr_alt.basis, fr_alt.citations, fr_alt.see) == (en_alt.basis, en_alt.citations, en_alt.see)


@pytest.mark.parametrize("name, answers", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_sentences_built_from_clauses_are_french(name, answers, kb_fr):
    result, _, _ = consulted(kb_fr, answers, "fr")
    assert result.sensitivity is not None
    sentences = [
        *(a.why_not for a in result.recommendation.alternatives),
        *(a.statement for a in result.recommendation.assumptions),
        *(c.sentence for c in result.sensitivity.single_changes + result.sensitivity.pair_changes),
        *(s.why for s in result.skipped),
        *(d for f in result.flags for d in f.details),
        *(m for r in result.recommendation.reasons for m in r.matched),
    ]
    for s in sentences:
        assert not english_words(s), s
        assert not unelided(s), s
    for c in result.sensitivity.single_changes:
        assert c.sentence.startswith(("Si ", "S'il")), c.sentence
        assert " la recommandation serait le modèle « " in c.sentence or "aucun modèle" in c.sentence


def test_an_unknown_answer_is_worded_in_french(kb_fr):
    answers = {**load_case(next(p for p in CASES if "drc" in p.stem))["answers"], "ocha_presence": "unknown"}
    result, brief, _ = consulted(kb_fr, answers, "fr")
    assert result.recommendation.confidence == "tentative"
    assert "confiance provisoire" in brief
    assert "On ne sait pas si l'OCHA est présent dans le pays" in brief
    assert "### Hypothèses déterminantes" in brief
    assert "Lecture de l'assistant, non du rapport" in brief


def test_a_tentative_recommendation_somewhere_among_the_cases(kb_fr):
    confidences = {consulted(kb_fr, answers, "fr")[0].recommendation.confidence for _, answers in VARIANTS}
    assert "tentative" in confidences


def test_the_report_words_keep_their_hedges(kb_fr):
    """ "typically" stays « généralement », and OCHA's draft policy is « le projet de politique de
    l'OCHA », as in the French knowledge."""
    answers = load_case(next(p for p in CASES if "drc" in p.stem))["answers"]
    _, _, text = consulted(kb_fr, answers, "fr")
    assert "se présente généralement (“typically occurs”, p. 20-21 ¶46)" in text
    assert "le projet de politique de l'OCHA" in text


def test_the_elision_of_joined_clauses(kb_fr):
    answers = load_case(next(p for p in CASES if "drc" in p.stem))["answers"]
    _, _, text = consulted(kb_fr, answers, "fr")
    # « vous avez répondu que » + « une équipe de pays … »
    assert "qu'une équipe de pays des Nations Unies est présente" in text
    assert "que une" not in text


def test_english_is_as_it_was(kb_en):
    answers = load_case(next(p for p in CASES if "drc" in p.stem))["answers"]
    _, brief, text = consulted(kb_en, answers, "en")
    assert brief.startswith("## Recommendation: One foot in, one foot out")
    assert ", confidence default: it is the UN's default model" in brief
    assert "*By the assistant's reading, not the report's:*" in text
    assert "- … and 4 more in the annex." in brief
    assert english_words(text) and unelided("vous avez répondu que il ; si il ; de une")  # the checks bite


@pytest.mark.parametrize(
    "qid, typed",
    [
        ("ocha_presence", "non, l'OCHA est parti"),
        ("hostility", "pas très hostile"),
        ("hostility", "pas du tout hostile"),
        ("security_situation", "plutôt stable je pense"),
        ("ocha_presence", "5"),
        ("ocha_presence", "oui et non"),
        ("hostility", "élevée ? tu rigoles"),
        ("ocha_presence", ""),
    ],
)
def test_the_reading_of_a_typed_answer_is_in_the_session_language(qid, typed, kb_fr):
    u = understand(kb_fr.question(qid), typed, kb_fr.questions, language="fr")
    assert u.reading
    assert not english_words(u.reading), u.reading


def test_the_reading_stays_english_in_an_english_session(kb_en):
    u = understand(kb_en.question("hostility"), "not very hostile", kb_en.questions)
    assert "is negated by “not”, which leaves the step next to it" in u.reading


def test_every_marked_string_has_its_french():
    files = i18n.python_files([str(ROOT / "assistant" / "consultation"), str(ROOT / "assistant" / "render")])
    assert i18n.missing(files) == []
