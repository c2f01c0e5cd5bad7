"""`integration-assistant assess` on bad answers files.

Every bad input ends with exit status 2 and exactly one line on stderr that names the file and
line (or the question and its allowed options), never a traceback. The broken answers files are
in tests/data/broken/answers/; each test copies what it needs into tmp_path and runs the command
line there, in the test's process (the ``cli`` fixture); one bad file also goes through the
installed command's own process, as a user's shell runs it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from assistant.knowledge.loader import shipped_knowledge

from .conftest import Ran, run_cli

BROKEN = Path(__file__).parent / "data" / "broken" / "answers"
PROG = "integration-assistant"


@cache
def allowed(qid: str) -> str:
    """A question's allowed options as messages list them, from the shipped questions."""
    q = shipped_knowledge().question(qid)
    assert q is not None, qid
    return re.escape(", ".join([*q.option_ids, "unknown"]))


def assert_refused(proc: Ran | subprocess.CompletedProcess[str], where: str, phrase: str) -> str:
    """Exit 2, nothing on stdout, one stderr line starting with `<prog>: <where>: ` and matching phrase."""
    err = proc.stderr
    assert proc.returncode == 2, (proc.returncode, err)
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert proc.stdout == ""
    line = err.rstrip("\n")
    assert line.startswith(f"{PROG}: {where}: "), line
    assert re.search(phrase, line), line
    return line


@dataclass(frozen=True)
class Bad:
    id: str
    file: str  # in tests/data/broken/answers/
    line: int
    phrase: str  # a regex; "{hostility}" stands for that question's allowed options
    batch: bool = False


CASES = [
    Bad(
        "unknown-question",
        "unknown_question.yaml",
        2,
        r": unknown question 'country_tean' \(questions: un_presence, country_team, .*\)$",
    ),
    Bad(
        "unknown-option",
        "unknown_option.yaml",
        3,
        "hostility: 'apocalyptic' is not an option \\(allowed: {hostility}\\)$",
    ),
    Bad(
        "list-for-single-select",
        "list_for_single.yaml",
        2,
        "hostility: takes one option, not a list \\(allowed: {hostility}\\)$",
    ),
    Bad("malformed-yaml", "malformed.yaml", 2, r": malformed YAML: "),
    Bad("malformed-json", "malformed.json", 5, r": malformed JSON: "),
    Bad(
        "tab-indented-json-unknown-option",
        "tab_indented.json",
        4,
        "hostility: 'apocalyptic' is not an option \\(allowed: {hostility}\\)$",
    ),
    Bad("yaml-tag", "yaml_tag.yaml", 2, r": YAML tags \(!!python/object/apply:os\.system\) are not allowed$"),
    Bad("empty-file", "empty.yaml", 1, r": the file is empty$"),
    Bad("number-as-answer", "number_answer.yaml", 2, "hostility: expected one of {hostility}, got 3$"),
    Bad(
        "top-level-list",
        "top_level_list.yaml",
        1,
        r": expected a mapping of question id to option, or a document with 'answers:'$",
    ),
    Bad(
        "answers-is-a-list",
        "answers_list.yaml",
        2,
        r": 'answers' must be a mapping of question id to option$",
    ),
    Bad(
        "none-combined",
        "none_combined.yaml",
        3,
        r"structural_barriers: 'none' cannot be combined with other options$",
    ),
    Bad("batch-line-3-malformed-json", "batch_bad_json_line3.jsonl", 3, r": malformed JSON: ", batch=True),
    Bad(
        "batch-line-2-unknown-option",
        "batch_bad_option_line2.jsonl",
        2,
        "hostility: 'apocalyptic' is not an option \\(allowed: {hostility}\\)$",
        batch=True,
    ),
    Bad(
        "batch-line-2-tab",
        "batch_tab_line2.jsonl",
        2,
        "hostility: 'apocalyptic' is not an option \\(allowed: {hostility}\\)$",
        batch=True,
    ),
]


def refuse(cli, tmp_path: Path, case: Bad) -> Ran:
    """``case`` run in a folder of its own holding only its file."""
    shutil.copyfile(BROKEN / case.file, tmp_path / case.file)
    return cli(tmp_path, *(["assess", "--batch", case.file] if case.batch else ["assess", case.file]))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_answers_file(cli, tmp_path, case):
    phrase = case.phrase.replace("{hostility}", allowed("hostility"))
    assert_refused(refuse(cli, tmp_path, case), f"{case.file}:{case.line}", phrase)


def test_a_bad_file_is_one_line_from_the_command_itself(cli, tmp_path):
    """The same refusal from ``python -m assistant`` in a process of its own: one line on stderr
    and status 2 reach the shell, nothing else (no log line, no warning, no traceback)."""
    case = next(c for c in CASES if c.id == "unknown-option")
    shutil.copyfile(BROKEN / case.file, tmp_path / case.file)
    proc = run_cli(tmp_path, "assess", case.file)
    assert_refused(proc, f"{case.file}:{case.line}", case.phrase.replace("{hostility}", allowed("hostility")))


def test_corpus_is_all_used():
    assert {p.name for p in BROKEN.iterdir()} == {c.file for c in CASES}


def test_yaml_tag_runs_nothing(cli, tmp_path):
    proc = refuse(cli, tmp_path, next(c for c in CASES if c.id == "yaml-tag"))
    assert proc.returncode == 2
    assert not (tmp_path / "pwned").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["yaml_tag.yaml"]


def test_missing_file(cli, tmp_path):
    line = assert_refused(cli(tmp_path, "assess", "nowhere.yaml"), "nowhere.yaml", r"no such file$")
    assert line == f"{PROG}: nowhere.yaml: no such file"


def test_directory(cli, tmp_path):
    (tmp_path / "answers.yaml").mkdir()
    line = assert_refused(
        cli(tmp_path, "assess", "answers.yaml"), "answers.yaml", r"is a folder, not a file$"
    )
    assert line == f"{PROG}: answers.yaml: is a folder, not a file"


def test_non_utf8(cli, tmp_path):
    (tmp_path / "latin1.yaml").write_bytes(b"un_presence: multidimensional_pko\nhostility: h\xe9gh\n")
    assert_refused(cli(tmp_path, "assess", "latin1.yaml"), "latin1.yaml:2", r": not UTF-8 text$")


# --- good input ------------------------------------------------------------------------------


def assess_json(cli, tmp_path: Path, name: str, content: str, *extra: str) -> dict:
    (tmp_path / name).write_text(content, encoding="utf-8")
    proc = cli(tmp_path, "assess", name, *extra)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def test_plain_mapping_without_answers_key(cli, tmp_path):
    doc = assess_json(
        cli, tmp_path, "plain.yaml", "un_presence: multidimensional_pko\nocha_presence: present\n"
    )
    assert doc["answers"] == {"un_presence": "multidimensional_pko", "ocha_presence": "present"}
    assert doc["recommendation"]["model"] == "one_foot_in_one_foot_out"


def test_json_document_with_answers(cli, tmp_path):
    content = json.dumps({"id": "a-session", "notes": "from a JSON file", "answers": {"country_team": "no"}})
    doc = assess_json(cli, tmp_path, "session.json", content)
    assert doc["answers"] == {"country_team": "no"}
    assert doc["recommendation"]["model"] == "not_applicable"


def test_unquoted_yaml_yes_no(cli, tmp_path):
    # YAML reads unquoted yes/no as booleans; yes/no questions take them as their options.
    doc = assess_json(cli, tmp_path, "bools.yaml", "country_team: no\narmed_groups_outside_process: yes\n")
    assert doc["answers"] == {"country_team": "no", "armed_groups_outside_process": "yes"}
    assert doc["recommendation"]["model"] == "not_applicable"


def test_batch_three_lines_in_order(cli, tmp_path):
    lines = [
        {"country_team": "no"},
        {"answers": {"un_presence": "multidimensional_pko", "geographic_mandate": "multi_country"}},
        {"un_presence": "multidimensional_pko"},
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    proc = cli(tmp_path, "assess", "--batch", "batch.jsonl")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == 3
    models = [json.loads(x)["recommendation"]["model"] for x in out]
    assert models == ["not_applicable", "two_feet_out", "one_foot_in_one_foot_out"]


def test_markdown_format(cli, tmp_path):
    (tmp_path / "plain.yaml").write_text("un_presence: multidimensional_pko\n", encoding="utf-8")
    proc = cli(tmp_path, "assess", "plain.yaml", "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# ")
    assert "(p. 20 ¶44" in proc.stdout


# --- a batch with bad lines among good ones ---------------------------------------------------


def _mixed_batch(tmp_path: Path) -> None:
    lines = [
        json.dumps({"country_team": "no"}),
        '{"un_presence": ',  # line 2: malformed
        json.dumps({"un_presence": "multidimensional_pko", "geographic_mandate": "multi_country"}),
        json.dumps({"hostility": "apocalyptic"}),  # line 4: not an option
        "",
        json.dumps({"un_presence": "multidimensional_pko"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_batch_reports_every_bad_line_and_writes_nothing(cli, tmp_path):
    _mixed_batch(tmp_path)
    proc = cli(tmp_path, "assess", "--batch", "batch.jsonl")
    assert proc.returncode == 2
    assert proc.stdout == ""
    errors = proc.stderr.splitlines()
    assert len(errors) == 2 and "Traceback" not in proc.stderr
    assert errors[0].startswith(f"{PROG}: batch.jsonl:2: malformed JSON: ")
    assert errors[1].startswith(f"{PROG}: batch.jsonl:4: hostility: 'apocalyptic' is not an option")


def test_batch_skip_invalid_keeps_the_good_lines_in_order(cli, tmp_path):
    _mixed_batch(tmp_path)
    proc = cli(tmp_path, "assess", "--batch", "batch.jsonl", "--skip-invalid")
    assert proc.returncode == 2  # a line was bad, even though the rest was written
    assert len(proc.stderr.splitlines()) == 2
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(out) == 5  # one record per non-empty line
    assert [o.get("line") for o in out] == [None, 2, None, 4, None]
    assert out[1]["error"].startswith("batch.jsonl:2: malformed JSON")
    assert "'apocalyptic' is not an option" in out[3]["error"]
    models = [o["recommendation"]["model"] for o in out if "recommendation" in o]
    assert models == ["not_applicable", "two_feet_out", "one_foot_in_one_foot_out"]


def test_skip_invalid_goes_with_batch(cli, tmp_path):
    (tmp_path / "a.yaml").write_text("hostility: high\n", encoding="utf-8")
    proc = cli(tmp_path, "assess", "a.yaml", "--skip-invalid")
    assert proc.returncode == 2 and "--skip-invalid goes with --batch" in proc.stderr
