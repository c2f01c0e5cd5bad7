"""Control characters in user text never reach a terminal raw; files keep the exact text.

A crisis named with an OSC window title, a colour change, a C1 CSI and a right-to-left override
(tests/data/hostile/escapes.json) goes through every command that prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.usertext import for_terminal, json_for_terminal

HOSTILE = Path(__file__).parent / "data" / "hostile"
ESCAPES = json.loads((HOSTILE / "escapes.json").read_text(encoding="utf-8"))["session"]["crisis"]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_terminal_safe(text: str) -> None:
    assert not RAW.search(text), repr(RAW.search(text).group())


@pytest.fixture(scope="module")
def transcripts(tmp_path_factory) -> dict[str, Path]:
    """The hostile answers written as a transcript in each format, and a training run whose
    learner and crisis names carry the same characters."""
    folder = tmp_path_factory.mktemp("escapes")
    out = {}
    for fmt, ext in (("json", "json"), ("markdown", "md"), ("html", "html"), ("docx", "docx")):
        out[fmt] = folder / f"t.{ext}"
        assert main(["assess", str(HOSTILE / "escapes.json"), "-o", str(out[fmt])]) == 0
    answers = folder / "key.yaml"
    answers.write_text("un_presence: multidimensional_pko\ncountry_team: 'yes'\n", encoding="utf-8")
    training = folder / "training.json"
    assert (
        main(
            [
                "train",
                "liberia-unmil-2008",
                "--answers",
                str(answers),
                "--predict",
                "two_feet_in",
                "--output",
                str(training),
            ]
        )
        == 0
    )
    doc = json.loads(training.read_text(encoding="utf-8"))
    doc["details"]["officer"] = ESCAPES
    training.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out["training"] = training
    return out


def test_json_files_keep_the_exact_text_and_the_others_show_escapes(transcripts):
    doc = json.loads(transcripts["json"].read_text(encoding="utf-8"))
    assert doc["details"]["crisis"] == ESCAPES
    assert doc["answers"][0]["note"] == ESCAPES
    markdown = transcripts["markdown"].read_text(encoding="utf-8")  # Markdown escapes its own backslashes
    assert_terminal_safe(markdown)
    assert "\\\\x1b\\]0;pwned\\\\x07" in markdown and "\\\\u202eevil" in markdown


def test_assess_html_on_standard_output_is_escaped(capsys):
    code, out, err = run_main(capsys, "assess", str(HOSTILE / "escapes.json"), "--format", "html")
    assert (code, err) == (0, "")
    assert_terminal_safe(out)
    assert "\\x1b]0;pwned\\x07" in out


def test_json_printed_on_a_terminal_is_the_same_data():
    text = json.dumps({"crisis": ESCAPES}, ensure_ascii=False)
    safe = json_for_terminal(text)
    assert_terminal_safe(safe)
    assert json.loads(safe) == {"crisis": ESCAPES}


def test_compare_prints_escapes(capsys, transcripts):
    code, out, err = run_main(capsys, "compare", str(transcripts["json"]), str(transcripts["json"]))
    assert (code, err) == (0, "")
    assert_terminal_safe(out)
    assert "\\x1b" in out and "\\u202e" in out


def test_workshop_summary_prints_escapes(capsys, transcripts):
    code, out, err = run_main(capsys, "workshop", "summary", str(transcripts["training"]))
    assert (code, err) == (0, "")
    assert_terminal_safe(out)
    # Markdown: the escapes' backslashes escaped in turn, so that it shows \x1b
    assert "\\x1b" in out and "pwned\\\\x07" in out and "\\\\u202eevil" in out


def test_reports_written_to_files_show_escapes(capsys, transcripts, tmp_path):
    assert main(["workshop", "summary", str(transcripts["training"]), "-o", str(tmp_path / "w.md")]) == 0
    text = (tmp_path / "w.md").read_text(encoding="utf-8")
    assert_terminal_safe(text)
    assert "\\\\x1b" in text and "pwned\\\\x07" in text and "\\\\u202eevil" in text


def test_recheck_prints_escapes(capsys, transcripts):
    code, out, err = run_main(capsys, "recheck", str(transcripts["json"]))
    assert code == 0, err
    assert_terminal_safe(out + err)


def test_error_messages_are_escaped(capsys, tmp_path):
    code, _, err = run_main(capsys, "assess", str(HOSTILE / "escaped_key.json"))
    assert code == 2
    assert_terminal_safe(err)
    assert "unknown question '\\x1b]0;pwned\\x07'" in err
    # a file name, and what argparse says about a bad choice
    name = tmp_path / "\x1b]0;x\x07.yaml"
    code, _, err = run_main(capsys, "assess", str(name))
    assert code == 2 and "\\x1b]0;x\\x07.yaml: no such file" in err
    code, _out, err = run_main(capsys, "assess", "--format", "\x1b[31mred", "x.yaml")
    assert code == 2
    assert_terminal_safe(err)


def test_for_terminal_keeps_ordinary_text():
    text = "Côte d'Ivoire — ONUCI\n\tnote: 50% «ok» 👩‍⚕️ עברית"
    assert for_terminal(text) == text
    assert for_terminal("a\rb\x1b[2Jc\u202ed") == "a\\x0db\\x1b[2Jc\\u202ed"


def test_the_serve_banner_shows_a_workshop_name_with_escapes_shown(tmp_path, monkeypatch, capsys):
    """The workshop's folder (under a --home as typed) is printed with its control characters escaped."""
    from assistant import cli
    from assistant.workshop import server as server_module

    shown: list[str] = []
    monkeypatch.setattr(server_module.WorkshopServer, "serve", lambda self: shown.append(self.banner))
    home = tmp_path / "home\x1b]0;pwned\x07"
    code = cli.main(["--home", str(home), "serve", "--workshop", "room", "--port", "18765"])
    assert code == 0 and shown
    assert "\x1b" not in shown[0] and "\x07" not in shown[0]
    assert "\\x1b" in shown[0] and "\n" in shown[0]
