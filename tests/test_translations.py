"""The French texts of the knowledge base: complete, current, and written as French.

Each French file sits in a fr/ folder beside its English file and maps paths in the English
document to ``{hash, fr}``. These tests hold the path and hash rules, then every French file
present against its English file: nothing missing, nothing stale, nothing the English no longer
has, no English left untranslated, and French typography.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from assistant.knowledge.translations import (
    TEXT_KEYS,
    TranslationFile,
    check_translation,
    english_texts,
    french_path,
    load_english,
    load_translation,
    main,
    shipped_english_files,
    skeleton,
    text_hash,
    translated,
)

PAIRS = [(en, french_path(en)) for en in shipped_english_files() if french_path(en).exists()]
IDS = [
    f"{fr.parent.parent.name}/fr/{fr.name}" if fr.parent.name == "fr" else f"dialogues/fr/cases/{fr.name}"
    for _, fr in PAIRS
]

SMALL = {
    "topic": "flags",  # a rule file's topic is an id
    "questions": [
        {
            "id": "un_presence",
            "name": "UN   presence",
            "basis": "report",
            "citations": [{"section": "Intro", "page": "7", "paragraph": "p1", "quote": "the UN"}],
            "options": [
                {"id": "pko", "label": "A peacekeeping\n operation", "synonyms": ["pko"]},
                {"id": "none", "label": "None", "clause": "there is no mission"},
            ],
        }
    ],
    "glossary": [{"id": "rc", "term": "Resident Coordinator", "aliases": ["rc", "resident coordinator"]}],
    "brief": [{"text": "First."}, {"text": "Second.", "outside_report": True}],
    "key": {"un_presence": {"answer": "pko", "why": "Because.", "see": [{"quote": "x"}]}},
    "facts": [{"id": "decisive", "title": "it holds", "values": {"geo": "the mandate differs"}}],
    "rules": [{"id": "model.two_feet_in", "title": "Two feet in", "when": [{"answer": "x", "is": "y"}]}],
}


def test_paths_follow_ids_indexes_and_text_keys_only():
    assert list(english_texts(SMALL)) == [
        "questions.un_presence.name",
        "questions.un_presence.options.pko.label",
        "questions.un_presence.options.none.label",
        "questions.un_presence.options.none.clause",
        "glossary.rc.term",
        "glossary.rc.aliases",
        "brief.0.text",
        "brief.1.text",
        "key.un_presence.why",
        "facts.decisive.title",
        "facts.decisive.values.geo",
        "rules.model.two_feet_in.title",
    ]
    assert {"synonyms", "cues", "hints", "negated", "basis", "quote", "section"}.isdisjoint(TEXT_KEYS)


def test_hash_collapses_whitespace_and_joins_lists_by_newline():
    import hashlib

    texts = english_texts(SMALL)
    assert text_hash(texts["questions.un_presence.options.pko.label"]) == text_hash(
        "A peacekeeping operation"
    )
    assert (
        text_hash("A peacekeeping operation") == hashlib.sha256(b"A peacekeeping operation").hexdigest()[:12]
    )
    assert (
        text_hash(["rc", "resident coordinator"])
        == hashlib.sha256(b"rc\nresident coordinator").hexdigest()[:12]
    )


def _french(texts: dict[str, object]) -> TranslationFile:
    return TranslationFile.model_validate({"language": "fr", "source": "x.yaml", "texts": texts})


def test_check_tells_missing_stale_and_unknown():
    english = english_texts(SMALL)
    entries = {p: {"hash": text_hash(t), "fr": t} for p, t in english.items()}
    assert check_translation(SMALL, _french(entries)) == ([], [], [])
    entries.pop("brief.0.text")
    entries["brief.1.text"] = {"hash": text_hash("Second, before."), "fr": "Deuxième."}
    entries["glossary.rc.aliases"] = {"hash": text_hash(english["glossary.rc.aliases"]), "fr": "cr"}
    entries["key.un_presence.why"] = {"hash": text_hash("Because."), "fr": None}
    entries["questions.gone.name"] = {"hash": "0" * 12, "fr": "Parti"}
    missing, stale, unknown = check_translation(SMALL, _french(entries))
    assert missing == ["brief.0.text", "key.un_presence.why"]
    assert stale == ["glossary.rc.aliases", "brief.1.text"]  # a list field given as one string is stale
    assert unknown == ["questions.gone.name"]


def test_translated_document_swaps_current_texts_only():
    english = english_texts(SMALL)
    entries = {p: {"hash": text_hash(t), "fr": t} for p, t in english.items()}
    entries["facts.decisive.values.geo"] = {
        "hash": text_hash("the mandate differs"),
        "fr": "le mandat diffère",
    }
    entries["glossary.rc.aliases"] = {"hash": text_hash(["rc", "resident coordinator"]), "fr": ["cr"]}
    entries["brief.0.text"] = {"hash": text_hash("First, before."), "fr": "Premier."}  # stale: stays English
    doc = translated(SMALL, _french(entries))
    assert doc["facts"][0]["values"]["geo"] == "le mandat diffère"
    assert doc["glossary"][0]["aliases"] == ["cr"]
    assert doc["brief"][0]["text"] == "First."
    assert doc["questions"][0]["citations"] == SMALL["questions"][0]["citations"]
    assert SMALL["facts"][0]["values"]["geo"] == "the mandate differs"  # the English is left as it was


def test_skeleton_refresh_keeps_french_and_keeps_changed_ones_stale(tmp_path):
    english = tmp_path / "small.yaml"
    english.write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    french = tmp_path / "fr" / "small.yaml"
    assert main(["skeleton", str(english), "--into", str(french)]) == 0
    first = load_translation(french)
    assert first.source == "small.yaml" and all(e.fr is None for e in first.texts.values())
    assert "  # en: the mandate differs\n  facts.decisive.values.geo:" in french.read_text(encoding="utf-8")

    done = {
        p: e.model_copy(update={"fr": [f"fr {p}"] if p.endswith("aliases") else f"fr {p}"})
        for p, e in first.texts.items()
    }
    french.write_text(
        skeleton(SMALL, "small.yaml", first.model_copy(update={"texts": done})), encoding="utf-8"
    )
    changed = {**SMALL, "brief": [{"text": "First, revised."}, {"text": "Second."}], "glossary": []}
    english.write_text(yaml.safe_dump(changed), encoding="utf-8")
    assert main(["skeleton", str(english), "--into", str(french)]) == 0
    refreshed = load_translation(french)
    assert refreshed.texts["brief.0.text"].fr == "fr brief.0.text"
    # The changed text stays stale until revised; a vanished path keeps its French, as unknown.
    assert check_translation(changed, refreshed) == (
        [],
        ["brief.0.text"],
        ["glossary.rc.term", "glossary.rc.aliases"],
    )
    assert "# STALE" in french.read_text(encoding="utf-8")


@pytest.mark.parametrize(("english", "french"), PAIRS, ids=IDS)
def test_french_file_is_complete_and_current(english: Path, french: Path):
    translation = load_translation(french)
    assert translation.source == english.name
    missing, stale, unknown = check_translation(load_english(english), translation)
    assert (missing, stale, unknown) == ([], [], [])


@pytest.mark.parametrize(("english", "french"), PAIRS, ids=IDS)
def test_a_refresh_of_a_current_french_file_changes_nothing(english: Path, french: Path):
    """Written as `skeleton --into` writes it, so that refreshing it after a new question or rule
    adds that entry alone, not a rewrite of the whole file."""
    refreshed = skeleton(load_english(english), english.name, load_translation(french))
    assert refreshed == french.read_text(encoding="utf-8")


@pytest.mark.parametrize(("english", "french"), PAIRS, ids=IDS)
def test_french_document_passes_the_english_schema(english: Path, french: Path):
    from assistant.knowledge import schema

    model = {"questions.yaml": schema.QuestionsFile, "glossary.yaml": schema.GlossaryFile}.get(english.name)
    model = model or (schema.TrainingCase if english.parent.name == "cases" else schema.RulesFile)
    model.model_validate(translated(load_english(english), load_translation(french)))


# Words that are English and never French: left in a French text outside parentheses or
# guillemets (where an English name may stand), they betray an untranslated sentence.
ENGLISH_WORDS = {"the", "and", "with", "which", "that", "is", "are", "of", "to", "this", "when", "where"}


def _outside_names(text: str) -> str:
    return re.sub(r"\([^)]*\)|«[^»]*»", " ", text)


def _french_items(english_file: Path, french: Path) -> list[tuple[str, str, str]]:
    """(path, English, French) of each text item, list fields item by item."""
    english = english_texts(load_english(english_file))
    items = []
    for path, entry in load_translation(french).texts.items():
        en = english.get(path, "")
        fr = entry.fr or ""
        if isinstance(fr, list):
            items += [(path, "\n".join(en), f) for f in fr]
        else:
            items.append((path, en if isinstance(en, str) else "\n".join(en), fr))
    return items


@pytest.mark.parametrize(("english", "french"), PAIRS, ids=IDS)
def test_no_english_left(english: Path, french: Path):
    left = []
    for path, en, fr in _french_items(english, french):
        words = set(re.findall(r"[a-z]+", _outside_names(fr)))
        same = " ".join(fr.split()).casefold() == " ".join(en.split()).casefold()
        # A text the same in both languages is a proper name or an abbreviation: a few words at most.
        if (same and len(en.split()) > 3) or (words & ENGLISH_WORDS and not path.endswith("aliases")):
            left.append(f"{path}: {fr[:80]}")
    assert not left, "\n".join(left)


NBSP = "\u00a0\u202f"


@pytest.mark.parametrize(("english", "french"), PAIRS, ids=IDS)
def test_french_typography(english: Path, french: Path):
    wrong = []
    for path, _, fr in _french_items(english, french):
        if path.endswith("aliases"):
            continue  # what someone types: plain keyboard text
        problems = [
            ("straight double quote, not « »", '"' in fr),
            ("« without a non-breaking space after it", re.search(f"«[^{NBSP}]", fr)),
            ("» without a non-breaking space before it", re.search(f"[^{NBSP}]»", fr)),
            ("; : ! ? without a non-breaking space before it", re.search(f"[^{NBSP}\\d][;:!?]|^[;:!?]", fr)),
            ("a plain space before a non-breaking one", re.search(f" [{NBSP}]|[{NBSP}] ", fr)),
        ]
        wrong += [f"{path}: {what}: {fr[:80]}" for what, bad in problems if bad]
    assert not wrong, "\n".join(wrong)
