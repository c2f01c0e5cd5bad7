"""`integration-assistant assess` on bad answers files, run as a real process.

Every bad input ends with exit status 2 and exactly one line on stderr that names the file and
line (or the question and its allowed options), never a traceback. The broken answers files are
in tests/data/broken/answers/; each test copies what it needs into tmp_path and runs there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from assistant.knowledge.loader import shipped_knowledge

from .conftest import run_cli as run

BROKEN = Path(__file__).parent / "data" / "broken" / "answers"
PROG = "integration-assistant"


@cache
def allowed(qid: str) -> str:
    """A question's allowed options as messages list them, from the shipped questions."""
    q = shipped_knowledge().question(qid)
    assert q is not None, qid
    return re.escape(", ".join([*q.option_ids, "unknown"]))


def assert_refused(proc: subprocess.CompletedProcess[str], where: str, phrase: str) -> str:
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


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every bad case run at once (each in its own folder), keyed by case id: the processes are
    independent, and starting them side by side keeps the module fast."""
    jobs: dict[str, tuple[Path, list[str]]] = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp(case.id)
        shutil.copyfile(BROKEN / case.file, folder / case.file)
        jobs[case.id] = (folder, ["assess", "--batch", case.file] if case.batch else ["assess", case.file])
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        futures = {cid: pool.submit(run, folder, *args) for cid, (folder, args) in jobs.items()}
        return {cid: (jobs[cid][0], f.result()) for cid, f in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_answers_file(refused, case):
    _, proc = refused[case.id]
    phrase = case.phrase.replace("{hostility}", allowed("hostility"))
    assert_refused(proc, f"{case.file}:{case.line}", phrase)


def test_corpus_is_all_used():
    assert {p.name for p in BROKEN.iterdir()} == {c.file for c in CASES}


def test_yaml_tag_runs_nothing(refused):
    folder, proc = refused["yaml-tag"]
    assert proc.returncode == 2
    assert not (folder / "pwned").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["yaml_tag.yaml"]


def test_missing_file(tmp_path):
    line = assert_refused(run(tmp_path, "assess", "nowhere.yaml"), "nowhere.yaml", r"no such file$")
    assert line == f"{PROG}: nowhere.yaml: no such file"


def test_directory(tmp_path):
    (tmp_path / "answers.yaml").mkdir()
    line = assert_refused(
        run(tmp_path, "assess", "answers.yaml"), "answers.yaml", r"is a folder, not a file$"
    )
    assert line == f"{PROG}: answers.yaml: is a folder, not a file"


def test_non_utf8(tmp_path):
    (tmp_path / "latin1.yaml").write_bytes(b"un_presence: multidimensional_pko\nhostility: h\xe9gh\n")
    assert_refused(run(tmp_path, "assess", "latin1.yaml"), "latin1.yaml:2", r": not UTF-8 text$")


# --- good input ------------------------------------------------------------------------------


def assess_json(tmp_path: Path, name: str, content: str, *extra: str) -> dict:
    (tmp_path / name).write_text(content, encoding="utf-8")
    proc = run(tmp_path, "assess", name, *extra)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def test_plain_mapping_without_answers_key(tmp_path):
    doc = assess_json(tmp_path, "plain.yaml", "un_presence: multidimensional_pko\nocha_presence: present\n")
    assert doc["answers"] == {"un_presence": "multidimensional_pko", "ocha_presence": "present"}
    assert doc["recommendation"]["model"] == "one_foot_in_one_foot_out"


def test_json_document_with_answers(tmp_path):
    content = json.dumps({"id": "a-session", "notes": "from a JSON file", "answers": {"country_team": "no"}})
    doc = assess_json(tmp_path, "session.json", content)
    assert doc["answers"] == {"country_team": "no"}
    assert doc["recommendation"]["model"] == "not_applicable"


def test_unquoted_yaml_yes_no(tmp_path):
    # YAML reads unquoted yes/no as booleans; yes/no questions take them as their options.
    doc = assess_json(tmp_path, "bools.yaml", "country_team: no\narmed_groups_outside_process: yes\n")
    assert doc["answers"] == {"country_team": "no", "armed_groups_outside_process": "yes"}
    assert doc["recommendation"]["model"] == "not_applicable"


def test_batch_three_lines_in_order(tmp_path):
    lines = [
        {"country_team": "no"},
        {"answers": {"un_presence": "multidimensional_pko", "geographic_mandate": "multi_country"}},
        {"un_presence": "multidimensional_pko"},
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    proc = run(tmp_path, "assess", "--batch", "batch.jsonl")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == 3
    models = [json.loads(x)["recommendation"]["model"] for x in out]
    assert models == ["not_applicable", "two_feet_out", "one_foot_in_one_foot_out"]


def test_markdown_format(tmp_path):
    (tmp_path / "plain.yaml").write_text("un_presence: multidimensional_pko\n", encoding="utf-8")
    proc = run(tmp_path, "assess", "plain.yaml", "--format", "markdown")
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


def test_batch_reports_every_bad_line_and_writes_nothing(tmp_path):
    _mixed_batch(tmp_path)
    proc = run(tmp_path, "assess", "--batch", "batch.jsonl")
    assert proc.returncode == 2
    assert proc.stdout == ""
    errors = proc.stderr.splitlines()
    assert len(errors) == 2 and "Traceback" not in proc.stderr
    assert errors[0].startswith(f"{PROG}: batch.jsonl:2: malformed JSON: ")
    assert errors[1].startswith(f"{PROG}: batch.jsonl:4: hostility: 'apocalyptic' is not an option")


def test_batch_skip_invalid_keeps_the_good_lines_in_order(tmp_path):
    _mixed_batch(tmp_path)
    proc = run(tmp_path, "assess", "--batch", "batch.jsonl", "--skip-invalid")
    assert proc.returncode == 2  # a line was bad, even though the rest was written
    assert len(proc.stderr.splitlines()) == 2
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(out) == 5  # one record per non-empty line
    assert [o.get("line") for o in out] == [None, 2, None, 4, None]
    assert out[1]["error"].startswith("batch.jsonl:2: malformed JSON")
    assert "'apocalyptic' is not an option" in out[3]["error"]
    models = [o["recommendation"]["model"] for o in out if "recommendation" in o]
    assert models == ["not_applicable", "two_feet_out", "one_foot_in_one_foot_out"]


def test_skip_invalid_goes_with_batch(tmp_path):
    (tmp_path / "a.yaml").write_text("hostility: high\n", encoding="utf-8")
    proc = run(tmp_path, "assess", "a.yaml", "--skip-invalid")
    assert proc.returncode == 2 and "--skip-invalid goes with --batch" in proc.stderr
