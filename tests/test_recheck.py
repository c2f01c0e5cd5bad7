"""`integration-assistant recheck`: replay a JSON transcript on the current rule base."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from assistant.knowledge.loader import data_dir, load_knowledge
from assistant.transcripts import build_transcript, load_transcript, recheck

from .conftest import CASES, load_case
from .conftest import run_main as run

LIBERIA = next(p for p in CASES if "liberia" in p.stem)


@pytest.fixture
def exported(tmp_path, capsys) -> Path:
    path = tmp_path / "liberia.json"
    code, _, err = run(capsys, "assess", LIBERIA, "--format", "json", "--output", path)
    assert code == 0, err
    return path


def edited_rules(tmp_path: Path, file: str, old: str, new: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(data_dir("rules"), rules)
    text = (rules / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (rules / file).write_text(text.replace(old, new), encoding="utf-8")
    return rules


def test_unchanged_round_trip(exported, capsys, kb):
    code, out, err = run(capsys, "recheck", exported)
    assert code == 0 and err == ""
    assert "unchanged" in out
    assert f"{kb.sha256} -> {kb.sha256}" in out and f"{kb.version} -> {kb.version}" in out


def test_a_raised_flag_severity_is_reported(exported, tmp_path, capsys, kb):
    rules = edited_rules(
        tmp_path,
        "flags.yaml",
        "then: {flag: agency_visibility, severity: low}",
        "then: {flag: agency_visibility, severity: medium}",
    )
    code, out, err = run(capsys, "--rules", rules, "recheck", exported)
    assert code == 1, err
    assert "unchanged" not in out
    assert "Agencies lose visibility for their own results: low -> medium" in out
    new_sha = load_knowledge(rules).sha256
    assert f"{kb.sha256} -> {new_sha}" in out and new_sha != kb.sha256


def test_a_changed_model_rule_is_reported(exported, tmp_path, capsys):
    rules = edited_rules(
        tmp_path,
        "models.yaml",
        "then: {model: two_feet_in, confidence: firm}",
        "then: {model: one_foot_in_one_foot_out, confidence: firm}",
    )
    code, out, _ = run(capsys, "--rules", rules, "recheck", exported)
    assert code == 1
    assert "model: Two feet in -> One foot in, one foot out" in out
    assert "citation added:" in out or "citation removed:" in out


def test_a_removed_flag_and_citations_are_reported(tmp_path, kb):
    case = load_case(LIBERIA)
    old = build_transcript(kb, answers=case["answers"])
    rules = edited_rules(
        tmp_path,
        "flags.yaml",
        "then: {flag: agency_visibility, severity: low}",
        "then: {flag: ngo_parallel_coordination, severity: low}",
    )
    report = recheck(old, load_knowledge(rules))
    assert report.changed and report.rulebase_changed
    kinds = {(c.what, c.kind) for c in report.changes}
    assert ("flag", "removed") in kinds
    assert any(c.what == "citation" for c in report.changes)
    assert any("Agencies lose visibility" in c.text for c in report.changes)


def test_recheck_of_the_same_rules_is_unchanged_in_the_api(kb):
    case = load_case(next(p for p in CASES if "darfur" in p.stem))
    t = build_transcript(kb, answers=case["answers"])
    report = recheck(t, kb)
    assert not report.changed and not report.rulebase_changed
    assert report.lines()[-1] == "Result: unchanged"


@pytest.mark.parametrize(
    "content, phrase",
    [
        ("not json at all", "not a JSON transcript"),
        ("", "the file is empty"),
        ('{"format": "integration-assistant/session", "id": "x"}', "not an Integration Assistant transcript"),
        ("[1, 2]", "not an Integration Assistant transcript"),
        ('{"format": "integration-assistant/transcript"}', "missing key"),
        ('{"format": "integration-assistant/transcript", "format_version": 7}', "newer than this app reads"),
    ],
)
def test_bad_files_exit_2_with_one_line(tmp_path, capsys, content, phrase):
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "recheck", path)
    assert code == 2 and out == ""
    assert err.startswith(f"integration-assistant: {path}") and phrase in err and err.count("\n") == 1


def test_a_tampered_transcript_names_its_line(exported, capsys):
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["result"]["recommendation"]["confidence"] = "certain"
    exported.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code, _, err = run(capsys, "recheck", exported)
    assert code == 2 and "confidence" in err
    assert re.search(rf"{re.escape(str(exported))}:\d+: result\.recommendation\.confidence", err)


def test_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, "recheck", tmp_path / "nope.json")
    assert code == 2 and "no such file" in err


def test_answers_that_no_longer_fit_exit_2(exported, capsys):
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["answers"][0]["answer"] = ["spaceship"]
    exported.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert load_transcript(exported)  # still a well-formed transcript
    code, _, err = run(capsys, "recheck", exported)
    assert code == 2 and "no longer fit" in err and "spaceship" in err
    lines = exported.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if '"answer":' in t)  # the first answer's
    assert "spaceship" in lines[line]
    assert err.startswith(f"integration-assistant: {exported}:{line}: ")


# --- a transcript that disagrees with itself, or with the rule files it names ------------------


def _forge(path: Path, edit) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    forged = path.with_name("forged.json")
    forged.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return forged


def _repeat(d):
    d["answers"].append(dict(d["answers"][2]))


FORGERIES = [
    (
        "sha256",
        lambda d: d["rulebase"].update(sha256="0" * 64),
        "disagrees with itself: rulebase.sha256 (against result.rulebase.sha256)",
    ),
    (
        "version",
        lambda d: (d["rulebase"].update(version="9.9"), d["result"]["rulebase"].update(version="9.9")),
        "give for its answers: rulebase.version, result.rulebase.version",
    ),
    (
        "label",
        lambda d: d["answers"][0].update(labels=["A spaceship"]),
        "give for its answers: answers[0].labels[0]",
    ),
    (
        "summary",
        lambda d: d["result"]["recommendation"].update(summary="Forged."),
        "give for its answers: result.recommendation.summary",
    ),
    (
        "model",
        lambda d: d["result"]["recommendation"].update(model="one_foot_in_one_foot_out"),
        "give for its answers: result.recommendation.model",
    ),
    (
        "repeated-answer",
        _repeat,
        "disagrees with itself: answers[2] (question 'geographic_mandate' answered twice)",
    ),
    (
        "source-number",
        lambda d: d["sources"][0].update(page="99"),
        "disagrees with itself: sources (against the citations of the result)",
    ),
]


@pytest.mark.parametrize("edit, phrase", [f[1:] for f in FORGERIES], ids=[f[0] for f in FORGERIES])
def test_an_altered_transcript_is_reported_by_field(exported, capsys, edit, phrase):
    code, out, err = run(capsys, "recheck", _forge(exported, edit))
    assert code == 1, err
    assert phrase in out
    assert out.splitlines()[1].startswith("Altered: the transcript ")


def test_a_forged_model_never_reads_as_a_change_to_itself(exported, capsys):
    forged = _forge(
        exported, lambda d: d["result"]["recommendation"].update(model="one_foot_in_one_foot_out")
    )
    _, out, _ = run(capsys, "recheck", forged)
    assert "model: Two feet in -> Two feet in (one_foot_in_one_foot_out -> two_feet_in)" in out


def test_an_altered_training_score_is_reported(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "un_presence: multidimensional_pko\ncountry_team: 'yes'\nhostility: high\n", encoding="utf-8"
    )
    path = tmp_path / "t.json"
    code, _, err = run(
        capsys,
        "train",
        "liberia-unmil-2008",
        "--answers",
        answers,
        "--predict",
        "two_feet_in",
        "--predict-flags",
        "agency_visibility,hostile_environment",
        "--output",
        path,
    )
    assert code == 0, err
    assert run(capsys, "recheck", path)[0] == 0
    forged = _forge(path, lambda d: d["training"]["score"].update(total=100))
    code, out, _ = run(capsys, "recheck", forged)
    assert code == 1 and "give for its answers: training.score.total" in out


def test_a_transcript_written_by_another_process_rechecks_unchanged(tmp_path):
    # Experta used to order equal-rank firings by string hashes, which differ per process: the
    # recorded trace could not be recomputed. Three hash seeds that used to give three traces.
    import os
    import subprocess
    import sys

    def cli(seed: str, *args) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run(
            [sys.executable, "-m", "assistant", *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    # written under one seed, recomputed under two others: a trace that differed would be altered
    path = tmp_path / "t.json"
    assert cli("1", "assess", LIBERIA, "--output", path).returncode == 0
    assert json.loads(path.read_text(encoding="utf-8"))["result"]["trace"]
    for seed in ("0", "3"):
        proc = cli(seed, "recheck", path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Altered" not in proc.stdout and proc.stdout.endswith("Result: unchanged\n")
