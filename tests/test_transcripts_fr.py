"""Transcripts in French: any session written in either language, in every format; the report's
quotations stay in its English; old sessions and transcripts read as English."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from assistant import i18n
from assistant.i18n import NBSP, NNBSP
from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import Session, SessionStore
from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.training.summary import summarize
from assistant.training.summary_pages import render_html, render_markdown
from assistant.transcripts import (
    FORMATS,
    build_transcript,
    export,
    load_transcript,
    recheck,
    write_transcript,
)
from assistant.transcripts.compare import compare
from assistant.transcripts.compare import render_html as compare_html
from assistant.transcripts.compare import render_markdown as compare_md

from .conftest import CASES, load_case
from .test_transcripts_training import text_of

ROOT = Path(__file__).resolve().parents[1]
LIBERIA = next(p for p in CASES if "liberia" in p.name)
NOTE = "Coopératif selon la visite de mai"

# What a French reader meets in every format, and what an English one does instead.
FRENCH = ["Annexe", "Réponses", "Modifications des réponses", "Comment les règles se sont appliquées"]
ENGLISH = ["Date of assessment", "Changes to the answers", "How the rules fired", "All citations are to"]


@pytest.fixture(scope="module")
def kb_en():
    return shipped_knowledge("en")


@pytest.fixture(scope="module")
def session(kb_en):
    s = Session.new("Liberia (UNMIL)", officer="A. Officer", date=dt.date(2026, 12, 5), kb=kb_en)
    at = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)
    for i, (qid, value) in enumerate(load_case(LIBERIA)["answers"].items()):
        s.set_answer(qid, value, at=at + dt.timedelta(minutes=i))
    s.set_note("hostility", NOTE, at=at + dt.timedelta(hours=1))
    return s


@pytest.fixture(scope="module")
def english(kb_en, session):
    return build_transcript(
        kb_en, session=session, generated_at=dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)
    )


@pytest.fixture(scope="module")
def french(kb_en, session):
    return build_transcript(
        kb_en, session=session, generated_at=dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC), language="fr"
    )


def quotes(t) -> list[str]:
    return [s.quote for s in t.sources if s.quote]


def test_the_same_session_is_written_in_either_language(english, french, session):
    assert session.language == "en"
    assert english.language == "en" and french.language == "fr"
    # the same reasoning: the same model, flags, sources; the texts in the transcript's language
    assert english.result.recommendation.model == french.result.recommendation.model
    assert [f.id for f in english.result.flags] == [f.id for f in french.result.flags]
    assert english.sources == french.sources
    assert english.result.recommendation.label != french.result.recommendation.label
    assert [a.at for a in english.answers] == [a.at for a in french.answers]
    assert [a.note for a in french.answers if a.note] == [NOTE]
    assert len(french.history) == len(english.history)
    assert french.history[0].labels != english.history[0].labels  # labels in French


def test_english_is_written_as_before(kb_en, session, english):
    """Without a language, an English knowledge base writes English, as it always has."""
    with i18n.using("en"):
        default = build_transcript(kb_en, session=session, generated_at=english.generated_at)
    for fmt in ("markdown", "html", "json"):
        assert export(default, fmt) == export(english, fmt)
    md = export(english, "markdown").decode()
    assert all(word in md for word in ENGLISH)
    assert '<html lang="en">' in export(english, "html").decode()
    assert "**Date of assessment:** 2026-12-05" in md


@pytest.mark.parametrize("fmt", FORMATS)
def test_french_in_every_format_with_the_quotes_in_english(english, french, fmt):
    data = export(french, fmt)
    text = text_of(fmt, data)
    if fmt == "json":
        assert json.loads(data)["language"] == "fr"
        assert json.loads(export(english, "json"))["language"] == "en"
    else:
        for word in FRENCH:
            assert word in text, word
        for word in ENGLISH:
            assert word not in text, word
        assert "5 décembre 2026" in text  # the date of the assessment
        assert "5 décembre 2026, 9 h 30 UTC" in text  # when the first question was answered
        assert f"Crise{NBSP}:" in text and f"Responsable{NBSP}:" in text
        assert french.result.recommendation.label in text
    # every passage the English transcript quotes is quoted, word for word, in the French one
    assert quotes(english)
    for q in quotes(english):
        assert q in text, q
    assert NOTE in text


def test_french_quotes_in_guillemets_and_html_marks_them_english(french):
    md = export(french, "markdown").decode()
    first = quotes(french)[0]
    assert f"«{NBSP}{first}{NBSP}»" in md
    assert f"“{first}”" not in md
    html = export(french, "html").decode()
    assert '<html lang="fr">' in html
    assert (
        f'<span lang="en">{first}</span>' in html
        or f'<span lang="en">{first.replace("&", "&amp;")}</span>' in html
    )
    assert "<title>Évaluation de l&#x27;intégration" in html or "<title>Évaluation de l'intégration" in html


def test_french_typography_in_what_the_transcript_itself_says(french):
    md = export(french, "markdown").decode()
    changes = md[md.index("## Modifications des réponses") : md.index("## Comment les règles")]
    assert f"{NBSP}: " in changes and " :" not in changes.replace(f"{NBSP}:", "")
    sources = md[md.index("## Sources") :]
    assert f"{NNBSP}; «" in sources  # between two quotes of one paragraph
    assert "5 décembre 2026, 9 h 30 UTC" in changes


def test_docx_says_it_is_french(french):
    import docx

    d = docx.Document(io.BytesIO(export(french, "docx")))
    assert d.core_properties.language == "fr-FR"
    assert d.core_properties.title.startswith("Évaluation de l'intégration")
    assert any(p.text == "Annexe" for p in d.paragraphs)
    english_runs = [
        r.text for p in d.paragraphs for r in p.runs if 'w:val="en-GB"' in r._r.xml and r.text.strip()
    ]
    assert quotes(french)[0] in english_runs


def test_a_transcript_exported_in_the_other_language(english, french, tmp_path):
    """A transcript read back from its JSON can be written in the other language."""
    path = write_transcript(english, "json", tmp_path / "t.json")
    again = load_transcript(path)
    assert export(again, "markdown", language="fr") == export(french, "markdown")
    assert export(french, "markdown", language="en") == export(english, "markdown")
    written = write_transcript(again, "markdown", tmp_path / "t.md", language="fr")
    assert "Annexe" in written.read_text(encoding="utf-8")


def test_a_french_transcript_rechecks_unchanged(french, tmp_path):
    again = load_transcript(write_transcript(french, "json", tmp_path / "fr.json"))
    assert again.language == "fr"
    r = recheck(again)
    assert not r.changed and not r.altered
    assert r.new.language == "fr"


def test_old_sessions_and_transcripts_without_a_language_read_as_english(english, session, kb_en, tmp_path):
    data = json.loads(session.model_dump_json())
    del data["language"]
    assert Session.model_validate(data, context={"kb": kb_en}).language == "en"
    store = SessionStore(tmp_path / "sessions", kb=kb_en)
    store.directory.mkdir()
    (store.directory / f"{session.id}.json").write_text(json.dumps(data), encoding="utf-8")
    assert store.load(session.id).language == "en"

    old = json.loads(export(english, "json"))
    del old["language"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    t = load_transcript(path)
    assert t.language == "en"
    assert export(t, "markdown") == export(english, "markdown")


def test_a_session_records_the_language_it_was_held_in(tmp_path):
    kb_fr = shipped_knowledge("fr")
    s = Session.new("Libéria", kb=kb_fr)
    assert s.language == "fr"
    assert Session.new("Liberia", kb=shipped_knowledge("en"), language="fr").language == "fr"
    store = SessionStore(tmp_path, kb=kb_fr)
    store.save(s, durable=False)
    assert store.load(s.id).language == "fr"
    # its transcript is French by default, from the French knowledge it was held with
    assert build_transcript(kb_fr, session=s).language == "fr"


# --- training: the debrief, the workshop summary, the comparison ----------------------------------


def run(kb, case_id: str, name: str, change: dict[str, tuple[str, ...]], model: str):
    case = kb.case(case_id)
    answers = {**key_answers(case), **change}
    d = debrief(kb, case, answers, Prediction(model=model, flags=[]))
    return build_transcript(
        kb,
        training=d,
        answers=answers,
        details=build_details(name),
        generated_at=dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC),
    )


def build_details(name: str):
    from assistant.transcripts import TranscriptDetails

    return TranscriptDetails(officer=name, date=dt.date(2026, 12, 5))


@pytest.fixture(scope="module")
def runs_fr():
    kb = shipped_knowledge("fr")
    with i18n.using("fr"):
        return [
            run(kb, "liberia-unmil-2008", "Amina K.", {"hostility": ("high",)}, "two_feet_in"),
            run(kb, "liberia-unmil-2008", "Jean D.", {}, "one_foot_in_one_foot_out"),
        ]


def test_a_training_debrief_in_french(runs_fr):
    t = runs_fr[0]
    assert t.language == "fr"
    md = export(t, "markdown").decode()
    for words in (
        "Débriefing de formation",
        f"Participant{NBSP}:",
        f"Score{NBSP}: ",
        "Vos réponses face au corrigé",
        "Votre prédiction" if "Votre prédiction" in md else "Ce que consigne le rapport",
        "Les résultats de l'assistant",
    ):
        assert words in md, words
    assert "Training debrief" not in md and "Your answers against the key" not in md
    for check in t.training.answers:  # the key's reasons keep the report's passages
        for c in check.citations:
            if c.quote:
                assert c.quote in text_of("markdown", export(t, "markdown"))
    # the debrief's own words, worked out in French
    assert any("À elle seule" in c.matters or "Elle " in c.matters for c in t.training.answers if c.matters)


def test_a_training_run_written_in_french_from_english(runs_fr):
    kb_en = shipped_knowledge("en")
    with i18n.using("en"):
        t = run(kb_en, "liberia-unmil-2008", "Amina K.", {"hostility": ("high",)}, "two_feet_in")
    again = build_transcript(
        kb_en,
        training=t.training,
        details=build_details("Amina K."),
        generated_at=t.generated_at,
        language="fr",
    )
    assert again.training == runs_fr[0].training
    assert export(again, "markdown") == export(runs_fr[0], "markdown")


def test_the_workshop_summary_in_french(runs_fr):
    items = [("amina.json", runs_fr[0]), ("jean.json", runs_fr[1])]
    w = summarize(items, language="fr")
    md = render_markdown(w, language="fr")
    assert md.startswith("# Synthèse de l'atelier\n")
    assert "2 comptes rendus de formation, 1 cas." in md
    assert f"Cas liberia-unmil-2008{NBSP}: 2 participants." in md
    assert (
        "| Question | Participants ayant répondu autrement | La réponse du corrigé | Autre réponse la plus fréquente |"
        in md
    )
    assert "| Participant | Crise | Score | Modèle prédit | Fichier |" in md
    assert "1 sur 2" in md
    html = render_html(w, generated_at=dt.datetime(2026, 12, 5, 18, 5, tzinfo=dt.UTC), language="fr")
    assert '<html lang="fr">' in html and "Établi le 5 décembre 2026, 18 h 05 UTC" in html
    # the same summary in English, as before
    en = render_markdown(summarize(items, language="en"), language="en")
    assert en.startswith("# Workshop summary\n") and "2 training transcripts, 1 case." in en


def test_the_comparison_in_french(runs_fr):
    c = compare([("amina.json", runs_fr[0]), ("jean.json", runs_fr[1])], language="fr")
    md = compare_md(c, language="fr")
    assert md.startswith("# Comparaison de 2 comptes rendus\n")
    for words in (
        "## Réponses",
        "## Résultats",
        "## Formation",
        "| Corrigé |",
        "Réponses conformes au corrigé",
    ):
        assert words in md, words
    assert '<html lang="fr">' in compare_html(c, language="fr")


def test_every_marked_string_has_its_french():
    paths = i18n.python_files([str(ROOT / "assistant" / p) for p in ("transcripts", "training", "sessions")])
    assert i18n.missing(paths) == []
