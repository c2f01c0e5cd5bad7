"""Input that would crash, hang or swell: refused at the door with one line naming file and line.

The files are the corpus in tests/data/hostile/ (README.md there says what each probes); named
pipes, devices and links are made here, as git cannot hold them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.knowledge.yamlfile import InputError, parse
from assistant.sessions import Session, SessionStore
from assistant.transcripts import build_transcript, export

HOSTILE = Path(__file__).parent / "data" / "hostile"
PROG = "integration-assistant"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev/zero")

# file, line named, what the message says (a regex)
REFUSED = [
    ("deep.json", 1, r"nested more than 64 levels deep$"),
    ("deep.yaml", 1, r"(nested more than 64 levels deep|exceeded maximum nesting depth)$"),
    ("deep_block.yaml", 65, r"nested more than 64 levels deep$"),
    ("huge_int.json", 1, r"a number of more than 4300 digits$"),
    ("huge_int.yaml", 2, r"a number of more than 4300 digits$"),
    (
        "lone_surrogate.json",
        1,
        r"text holding a lone surrogate \(\\ud83d\), half of a character pair and no character$",
    ),
    ("lone_surrogate_note.yaml", 5, r"malformed YAML: found invalid Unicode character escape code$"),
    (
        "laughs.yaml",
        1,
        r"more than 5242880 characters once its YAML aliases \(\*name\) are expanded: too large$",
    ),
    (
        "alias_notes.yaml",
        1,
        r"more than 5242880 characters once its YAML aliases \(\*name\) are expanded: too large$",
    ),
    ("alias_self.yaml", 1, r"a value that contains itself \(a YAML alias inside its own anchor\)$"),
    ("duplicate_key.yaml", 3, r"'un_presence' is given twice in one mapping \(first on line 1\)$"),
    ("duplicate_key.json", 4, r"'country_team' is given twice in one mapping$"),
    ("bad_date.yaml", None, r"malformed YAML: month must be in 1\.\.12$"),
    ("escaped_key.json", 1, r"unknown question '\\x1b\]0;pwned\\x07' \(questions: .*\)$"),
]


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err.rstrip("\n")


def refused(code: int, out: str, err: str, where: str, phrase: str) -> str:
    assert code == 2, err
    assert out == ""
    line = one_line(err)
    assert line.startswith(f"{PROG}: {where}: "), line
    assert re.search(phrase, line), line
    return line


@pytest.mark.parametrize("name,line,phrase", REFUSED, ids=[r[0] for r in REFUSED])
def test_hostile_answers_files_are_refused_in_one_line(capsys, tmp_path, name, line, phrase):
    where = f"{HOSTILE / name}" + (f":{line}" if line else "")
    refused(*run_main(capsys, "assess", str(HOSTILE / name)), where, phrase)
    # the same door when a transcript is written
    refused(*run_main(capsys, "assess", str(HOSTILE / name), "-o", str(tmp_path / "out.md")), where, phrase)
    assert not (tmp_path / "out.md").exists()


def test_expanded_size_is_measured_without_expanding(tmp_path):
    # Nine aliases of nine aliases… forty levels down: 9**40 values if expanded.
    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 41)]
    with pytest.raises(InputError, match="once its YAML aliases"):
        parse("\n".join(lines), "laughs.yaml")


def test_aliases_that_stay_small_are_still_fine():
    data = parse("a: &x [1, 2]\nb: *x\nc: *x\n", "small.yaml")
    assert data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_duplicate_key_in_a_nested_mapping_names_its_line():
    with pytest.raises(
        InputError, match=r"^f\.yaml:4: 'hostility' is given twice in one mapping \(first on line 3\)$"
    ):
        parse("answers:\n  un_presence: none\n  hostility: low\n  hostility: high\n", "f.yaml")
    # the same key in two mappings is no repeat
    assert parse("a: {k: 1}\nb: {k: 2}\n", "f.yaml") == {"a": {"k": 1}, "b": {"k": 2}}


# --- files that are not regular files --------------------------------------------------------


@posix_only
def test_devices_pipes_and_links_to_them_are_refused_at_once(cli, tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")  # no writer: opening it for reading would wait forever
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "pipe-link.json").symlink_to(tmp_path / "pipe.yaml")
    (tmp_path / "batch.jsonl").symlink_to("/dev/zero")
    cases = [
        (["assess", "/dev/zero"], "/dev/zero", "a device"),
        (["assess", "pipe.yaml"], "pipe.yaml", "a named pipe"),
        (["assess", "zero.yaml"], "zero.yaml", "a device"),
        (["assess", "pipe-link.json"], "pipe-link.json", "a named pipe"),
        (["assess", "--batch", "batch.jsonl"], "batch.jsonl", "a device"),
        (["recheck", "zero.yaml"], "zero.yaml", "a device"),
        (["compare", "pipe.yaml", "zero.yaml"], "pipe.yaml", "a named pipe"),
        (["workshop", "summary", "pipe-link.json"], "pipe-link.json", "a named pipe"),
    ]
    for args, where, kind in cases:
        proc = cli(tmp_path, *args, timeout=20)
        assert proc.returncode == 2, (args, proc.stderr)
        assert one_line(proc.stderr) == f"{PROG}: {where}: not a regular file ({kind})", args


@posix_only
def test_a_rules_folder_holding_a_pipe_is_refused(cli, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).parents[1] / "rules", rules)
    os.mkfifo(rules / "zz.yaml")
    proc = cli(tmp_path, "--rules", str(rules), "questions", timeout=20)
    assert proc.returncode == 2
    assert one_line(proc.stderr) == f"{PROG}: {rules / 'zz.yaml'}: not a regular file (a named pipe)"


@posix_only
def test_sessions_folder_with_links_to_devices_and_pipes_starts(tmp_path):
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / "20250101-000000-aaaaaa.json").symlink_to("/dev/zero")
    os.mkfifo(folder / "20250101-000000-bbbbbb.json")
    (folder / "20250101-000000-cccccc.json").symlink_to(folder / "20250101-000000-bbbbbb.json")
    shutil.copyfile(HOSTILE / "deep.json", folder / "20250101-000000-dddddd.json")
    shutil.copyfile(HOSTILE / "huge_int.json", folder / "20250101-000000-eeeeee.json")
    code = (
        "import sys; from assistant.sessions import SessionStore\n"
        "listing = SessionStore(sys.argv[1]).list()\n"
        "print(len(listing)); [print(p.message) for p in listing.problems]\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "0"
    reasons = "\n".join(lines[1:])
    assert "20250101-000000-aaaaaa.json: not a regular file (a device); moved aside" in reasons
    assert "20250101-000000-bbbbbb.json: not a regular file (a named pipe); moved aside" in reasons
    assert "20250101-000000-cccccc.json: a link to a file that does not exist; moved aside" in reasons
    assert "20250101-000000-dddddd.json: nested more than 64 levels deep (line 1); moved aside" in reasons
    assert "20250101-000000-eeeeee.json: a number of more than 4300 digits (line 1); moved aside" in reasons
    assert not list(folder.glob("*.json"))  # all out of the way: the next start is clean


# --- lone surrogates -------------------------------------------------------------------------


def test_lone_surrogates_handed_over_in_memory_are_made_whole(tmp_path):
    session = Session.new("Darfur \ud83d", officer="\udc80A. Officer")
    session.set_answer("un_presence", "multidimensional_pko", note="per JMAC \ud83d")
    session.set_note("un_presence", "per JMAC, 3 May \ud800")
    assert session.details.crisis == "Darfur \ufffd"
    transcript = build_transcript(session=session)
    for fmt in ("markdown", "html", "json", "docx"):
        assert export(transcript, fmt)
    assert transcript.answers[0].note == "per JMAC, 3 May \ufffd"
    assert SessionStore(tmp_path).save(session).read_text(encoding="utf-8").count("\ufffd") >= 3


def test_transcripts_with_lone_surrogates_are_refused_by_every_reader(capsys, tmp_path):
    main(
        [
            "assess",
            str(Path(__file__).parents[1] / "examples" / "liberia.yaml"),
            "-o",
            str(tmp_path / "t.json"),
        ]
    )
    text = (tmp_path / "t.json").read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"crisis": "Liberia', '"crisis": "\\ud83dLiberia', 1), encoding="utf-8")
    capsys.readouterr()
    phrase = r"text holding a lone surrogate \(\\ud83d\)"
    refused(*run_main(capsys, "recheck", str(bad)), f"{bad}:13", phrase)
    refused(*run_main(capsys, "compare", str(tmp_path / "t.json"), str(bad)), f"{bad}:13", phrase)
    refused(*run_main(capsys, "workshop", "summary", str(bad)), f"{bad}:13", phrase)


# --- batch lines -----------------------------------------------------------------------------


def test_batch_line_with_an_unknown_top_level_key_is_refused(capsys):
    name = HOSTILE / "batch_unknown_key.jsonl"
    refused(
        *run_main(capsys, "assess", "--batch", str(name)),
        f"{name}:2",
        r"unknown key 'sesion' \(beside 'answers'",
    )


def test_unknown_top_level_key_is_refused_without_output_too(capsys, tmp_path):
    (tmp_path / "a.yaml").write_text(
        "answers:\n  country_team: 'no'\nsesion:\n  crisis: x\n", encoding="utf-8"
    )
    refused(
        *run_main(capsys, "assess", str(tmp_path / "a.yaml")),
        f"{tmp_path / 'a.yaml'}:3",
        r"unknown key 'sesion'",
    )


def test_batch_lines_end_at_newline_only(capsys):
    # The first line's JSON string holds U+2028 and a form feed, which str.splitlines breaks at.
    code, out, err = run_main(capsys, "assess", "--batch", str(HOSTILE / "batch_separators.jsonl"))
    assert (code, err) == (0, "")
    models = [json.loads(line)["recommendation"]["model"] for line in out.splitlines()]
    assert models == ["not_applicable", "one_foot_in_one_foot_out"]
