"""A YAML text parsed before in the process is not parsed again, and no reader sees another's
changes; JSON is parsed each time."""

import pytest

from assistant.knowledge import yamlfile
from assistant.knowledge.yamlfile import InputError, parse

TEXT = "entries:\n" + "".join(
    f"  - {{id: q{n}, label: 'Question {n}', options: [a, b]}}\n" for n in range(60)
)


def test_the_second_parse_is_a_copy_of_the_first(monkeypatch):
    first = parse(TEXT, "questions.yaml")
    calls = []
    monkeypatch.setattr(yamlfile, "_parse", lambda *a: calls.append(a))
    again = parse(TEXT, "other-name.yaml")
    assert calls == [] and again == first and again is not first
    again["entries"][0]["label"] = "changed"
    again["entries"].clear()
    assert parse(TEXT, "questions.yaml") == first  # a reader's changes stay its own


def test_a_refused_text_is_refused_every_time():
    bad = TEXT + "entries: twice\n"
    for _ in range(2):
        with pytest.raises(InputError, match=r"bad\.yaml:\d+: .*entries"):
            parse(bad, "bad.yaml")


def test_json_is_parsed_each_time_and_apart_from_the_same_text_as_yaml(monkeypatch):
    text = '{"a": [1, 2, 3], "b": "' + "x" * 2000 + '"}'
    assert parse(text, "a.yaml") == parse(text, "a.json") == {"a": [1, 2, 3], "b": "x" * 2000}
    with pytest.raises(InputError, match="malformed JSON"):
        parse(text.replace('"a"', "a"), "a.json")
    calls = []
    real = yamlfile._parse
    monkeypatch.setattr(yamlfile, "_parse", lambda *a, **k: calls.append(a) or real(*a, **k))
    parse(text, "a.json")
    parse(text, "a.yaml")
    assert len(calls) == 1  # the JSON reading; the YAML one was kept


def test_only_so_many_texts_are_kept():
    for n in range(yamlfile.PARSED_KEPT + 10):
        parse(TEXT + f"# {n}\n", "many.yaml")
    assert len(yamlfile._PARSED) <= yamlfile.PARSED_KEPT
