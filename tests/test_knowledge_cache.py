"""The cache of parsed knowledge files: JSON only, by the sha256 of each file's text, used only in
a folder of the user's own; a stale, corrupt or altered entry is never what gets loaded."""

import json
import os
import shutil
from pathlib import Path

import pytest

from assistant.knowledge.loader import load_knowledge
from assistant.knowledge.parsed import ParsedCache, text_key

ROOT = Path(__file__).resolve().parents[1]
OWNERS = pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs file owners and modes")


@pytest.fixture
def knowledge(tmp_path):
    """A copy of the shipped knowledge, to change."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "dialogues", tmp_path / "dialogues")
    return tmp_path / "rules", tmp_path / "dialogues"


def _questions_file(knowledge) -> Path:
    return knowledge[1] / "questions.yaml"


def _entry(cache: ParsedCache, path: Path) -> Path:
    return cache.folder / f"{text_key(path.read_text(encoding='utf-8'))}.json"


def test_a_second_load_reads_the_cache_and_gives_the_same_knowledge(knowledge, tmp_path, monkeypatch):
    cache = ParsedCache(tmp_path / "cache")
    first = load_knowledge(*knowledge, cache=cache)
    entries = sorted(cache.folder.glob("*.json"))
    rules, dialogues = knowledge
    files = [*rules.glob("*.yaml"), *dialogues.glob("*.yaml"), *dialogues.glob("cases/*.yaml")]
    files += [*rules.glob("fr/*.yaml"), *dialogues.glob("fr/*.yaml"), *dialogues.glob("fr/cases/*.yaml")]
    read = {p for p in files if p.parent.name != "fr" and p.parent.parent.name != "fr"}
    read |= {p for p in files if p.name == "understanding.yaml"}
    assert len(entries) == len(read)  # one per file the loader reads
    for entry in entries:
        assert json.loads(entry.read_text(encoding="ascii"))["format"] == "integration-assistant/parsed-yaml"

    from assistant.knowledge import loader

    monkeypatch.setattr(loader, "parse", lambda *a, **k: pytest.fail("a cached file was parsed again"))
    second = load_knowledge(*knowledge, cache=cache)
    assert second.questions == first.questions and second.rules == first.rules and second.cases == first.cases
    assert second.flags == first.flags and second.source == first.source and second.glossary == first.glossary


def test_a_changed_file_is_read_afresh_not_from_its_stale_entry(knowledge, tmp_path):
    cache = ParsedCache(tmp_path / "cache")
    load_knowledge(*knowledge, cache=cache)
    path = _questions_file(knowledge)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: UN presence", "name: The UN's presence", 1), encoding="utf-8")
    kb = load_knowledge(*knowledge, cache=cache)
    assert kb.question("un_presence").name == "The UN's presence"
    assert _entry(cache, path).is_file()  # the new text has an entry of its own now


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty
        b'{"format": "integration-assistant/parsed-yaml", "format_version": 1, "sha',  # cut short
        b"\x80\x81 not text",
        b"[1, 2, 3]",  # JSON, not an entry
    ],
)
def test_a_corrupt_entry_is_ignored_and_written_afresh(knowledge, tmp_path, damage):
    cache = ParsedCache(tmp_path / "cache")
    expected = load_knowledge(*knowledge, cache=cache).question("un_presence")
    entry = _entry(cache, _questions_file(knowledge))
    entry.write_bytes(damage)
    assert load_knowledge(*knowledge, cache=cache).question("un_presence") == expected
    assert json.loads(entry.read_text(encoding="ascii"))["data"]["questions"][0]["id"] == "un_presence"


def test_an_entry_that_is_not_what_the_file_says_is_never_loaded(knowledge, tmp_path):
    cache = ParsedCache(tmp_path / "cache")
    load_knowledge(*knowledge, cache=cache)
    entry = _entry(cache, _questions_file(knowledge))
    doc = json.loads(entry.read_text(encoding="ascii"))
    doc["data"]["questions"][0]["name"] = "Altered"  # valid data, but not the file's
    doc["sha256"] = "0" * 64  # written for another text
    entry.write_text(json.dumps(doc), encoding="ascii")
    assert load_knowledge(*knowledge, cache=cache).question("un_presence").name == "UN presence"

    doc["sha256"] = entry.stem
    doc["data"]["questions"][0]["prompt"] = 42  # the right name, data that fails validation
    entry.write_text(json.dumps(doc), encoding="ascii")
    assert load_knowledge(*knowledge, cache=cache).question("un_presence").name == "UN presence"


@OWNERS
def test_a_folder_others_may_write_to_is_neither_read_nor_written(knowledge, tmp_path):
    shared = tmp_path / "shared"
    cache = ParsedCache(shared)
    load_knowledge(*knowledge, cache=cache)  # entries written while the folder is private
    entry = _entry(cache, _questions_file(knowledge))
    doc = json.loads(entry.read_text(encoding="ascii"))
    doc["data"]["questions"][0]["name"] = "Planted"
    entry.write_text(json.dumps(doc), encoding="ascii")
    os.chmod(entry, 0o600)
    os.chmod(shared, 0o777)  # now anyone could have planted it
    try:
        assert load_knowledge(*knowledge, cache=cache).question("un_presence").name == "UN presence"
        for path in shared.glob("*.json"):
            path.unlink()
        load_knowledge(*knowledge, cache=cache)
        assert not list(shared.glob("*.json")), "entries were written where others may write"
    finally:
        os.chmod(shared, 0o700)


@OWNERS
def test_an_entry_others_may_write_to_is_not_read(knowledge, tmp_path):
    cache = ParsedCache(tmp_path / "cache")
    load_knowledge(*knowledge, cache=cache)
    entry = _entry(cache, _questions_file(knowledge))
    doc = json.loads(entry.read_text(encoding="ascii"))
    doc["data"]["questions"][0]["name"] = "Planted"
    entry.write_text(json.dumps(doc), encoding="ascii")
    os.chmod(entry, 0o666)
    assert load_knowledge(*knowledge, cache=cache).question("un_presence").name == "UN presence"


def test_data_json_would_change_is_not_cached(tmp_path):
    cache = ParsedCache(tmp_path / "cache")
    import datetime as dt

    cache.put("a: 2008-05-01\n", {"a": dt.date(2008, 5, 1)})  # a date: not JSON
    cache.put("1: one\n", {1: "one"})  # a number as a key: JSON would make it text
    assert not list(cache.folder.glob("*.json"))
    cache.put("a: [1, 2.5, true, null, é]\n", {"a": [1, 2.5, True, None, "é"]})
    assert cache.get("a: [1, 2.5, true, null, é]\n") == {"a": [1, 2.5, True, None, "é"]}
