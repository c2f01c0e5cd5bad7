"""Typed answers on the command line: `understand` (one text, and --batch), answers files read as
the chat reads them (`assess`, `train --answers`, with and without --accept-inferred), and
`check` refusing a phrase two options claim.

The phrasings are taken from the shipped questions where the contract fixes the outcome: an
option's label (in other case) is recorded, a cue is offered as a reading to confirm, two options
named with "or" are asked about.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from assistant.knowledge.check import check_knowledge
from assistant.knowledge.loader import load_knowledge
from assistant.knowledge.schema import Question

from .conftest import Ran, run_main

ROOT = Path(__file__).resolve().parent.parent
PROG = "integration-assistant"


@pytest.fixture
def run(cli):
    """The command line run from the project's folder, in this process."""

    def command(*args: str, stdin: str | None = None) -> Ran:
        return cli(ROOT, *args, stdin=stdin)

    return command


def cued(kb) -> tuple[Question, str, str]:
    """A single-choice question, one of its options' cues (hostility's if it has one), and the option."""
    for q in sorted(kb.questions, key=lambda q: q.id != "hostility"):
        for o in q.options:
            if o.cues and not q.multi:
                return q, o.cues[0], o.id
    pytest.fail("no option of the shipped questions has a cue")


def labelled(kb) -> tuple[Question, str, str]:
    """security_situation, its first option's label in upper case, and the option."""
    q = kb.question("security_situation")
    return q, q.options[0].label.upper(), q.options[0].id


# --- understand QUESTION TEXT ------------------------------------------------------------------------


def test_a_label_is_recorded_and_shown_with_ids_labels_and_reading(kb, capsys):
    q, text, oid = labelled(kb)
    code, out, err = run_main(capsys, "understand", q.id, *text.split())
    assert code == 0, err
    first, outcome, candidates, reading = out.splitlines()
    assert first == f"{q.id} ({q.name}): “{text}”"
    assert outcome.startswith(f"  record: {oid} ({q.label_of(oid)}); ")
    assert candidates == f"  candidates: {oid} ({q.label_of(oid)})"
    assert reading.startswith("  reading: ") and len(reading) > len("  reading: ")


def test_a_cue_is_a_reading_to_confirm_in_json(kb, capsys):
    q, cue, oid = cued(kb)
    code, out, err = run_main(capsys, "understand", q.id, cue, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert out.count("\n") == 1
    assert doc["question"] == q.id and doc["text"] == cue
    assert doc["outcome"] == "confirm"
    assert doc["option"] == oid
    assert oid in doc["candidates"]
    assert isinstance(doc["reading"], str) and doc["reading"]


def test_two_options_named_are_asked_about(kb, capsys):
    number = [q.id for q in kb.questions].index("hostility") + 1
    code, out, err = run_main(capsys, "understand", number, "low", "or", "high", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["question"], doc["outcome"], doc["option"]) == ("hostility", "ask", None)
    assert set(doc["candidates"]) == {"low", "high"}
    code, out, _ = run_main(capsys, "understand", "hostility", "low or high")
    assert out.splitlines()[1] == "  ask: nothing recorded: the chat asks which option is meant"


def test_a_multi_select_reading_is_a_list_of_ids(kb, capsys):
    q = kb.question("structural_barriers")
    a, b = q.option_ids[1], q.option_ids[3]
    code, out, _ = run_main(capsys, "understand", "structural barriers", f"{a}, {b}", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["outcome"] == "record" and doc["option"] == [a, b]
    code, out, _ = run_main(capsys, "understand", q.id, a, "--format", "json")
    assert json.loads(out)["option"] == [a]


@pytest.mark.parametrize(
    "args, says",
    [
        (["understand", "hostilty", "high"], "no question 'hostilty'. Did you mean Hostility?"),
        (
            ["understand", "hostility"],
            "understand takes QUESTION TEXT (e.g. understand hostility not very hostile)",
        ),
        (
            ["understand", "hostility", "high", "--batch", "x.jsonl"],
            "understand takes QUESTION TEXT, or --batch",
        ),
    ],
)
def test_a_bad_command_line_is_one_line(capsys, args, says):
    code, out, err = run_main(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(f"{PROG}: {says}") and err.count("\n") == 1, err


# --- understand --batch ------------------------------------------------------------------------------


def batch_lines(kb) -> tuple[list[str], list[dict]]:
    """Lines in (a blank one among them), and what each non-blank one should give: the fields that
    must match, or the line and a phrase of its error."""
    q, cue, oid = cued(kb)
    lq, label, loid = labelled(kb)
    lines = [
        json.dumps({"question": "hostility", "text": "low or high"}),
        "",
        "this is not JSON",
        json.dumps({"question": lq.id, "text": label, "note": "other keys are ignored"}),
        "[1, 2]",
        json.dumps({"question": "hostilty", "text": "high"}),
        json.dumps({"question": "hostility", "text": 5}),
        json.dumps({"question": "structural_barriers", "text": "resource_sharing, remuneration_gaps"}),
        json.dumps({"question": q.id, "text": cue}),
        json.dumps({"text": "high"}),
    ]
    expected = [
        {"question": "hostility", "outcome": "ask", "option": None},
        {"line": 3, "error": "malformed JSON"},
        {"question": lq.id, "text": label, "outcome": "record", "option": loid},
        {"line": 5, "error": "expected an object"},
        {"line": 6, "error": "unknown question 'hostilty'. Did you mean 'hostility'?"},
        {"line": 7, "error": '"text" must be a string'},
        {
            "question": "structural_barriers",
            "outcome": "record",
            "option": ["resource_sharing", "remuneration_gaps"],
        },
        {"question": q.id, "text": cue, "outcome": "confirm", "option": oid},
        {"line": 10, "error": 'no "question"'},
    ]
    return lines, expected


def check_batch_output(out: str, expected: list[dict]) -> None:
    got = [json.loads(line) for line in out.splitlines()]
    assert len(got) == len(expected), out
    for g, e in zip(got, expected, strict=True):
        if "error" in e:
            assert set(g) == {"line", "error"} and g["line"] == e["line"], g
            assert e["error"] in g["error"] and "\n" not in g["error"], g
        else:
            assert set(g) == {"question", "text", "outcome", "option", "candidates", "reading"}, g
            assert {k: g[k] for k in e} == e, g


def test_batch_gives_one_line_per_line_in_order_with_errors_and_exit_1(kb, tmp_path, capsys):
    lines, expected = batch_lines(kb)
    path = tmp_path / "typed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_main(capsys, "understand", "--batch", path)
    assert code == 1
    check_batch_output(out, expected)
    assert err == f"{PROG}: {path}: 5 of 9 lines not read\n"


def test_batch_of_good_lines_exits_0_and_reads_stdin_as_text(kb, run):
    lines, expected = batch_lines(kb)
    good = [line for line, e in zip([ln for ln in lines if ln], expected, strict=True) if "error" not in e]
    proc = run("understand", "--batch", "-", "--format", "text", stdin="\n".join(good) + "\n")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == 4
    assert out[0].startswith("1: hostility “low or high” → ask (offers low, high); ")
    q, label, oid = labelled(kb)
    assert out[1].startswith(f"2: {q.id} “{label}” → record {oid}; ")
    assert out[2].startswith(
        "3: structural_barriers “resource_sharing, remuneration_gaps” → record resource_sharing, remuneration_gaps; "
    )
    assert " → confirm " in out[3]


def test_batch_json_from_stdin_keeps_line_numbers_and_says_bad_lines_in_text(kb, run):
    lines, expected = batch_lines(kb)
    proc = run("understand", "--batch", "-", stdin="\n".join(lines))  # no newline after the last line
    assert proc.returncode == 1
    check_batch_output(proc.stdout, expected)
    assert proc.stderr == f"{PROG}: standard input: 5 of 9 lines not read\n"
    text = run("understand", "--batch", "-", "--format", "text", stdin="\n".join(lines))
    assert "3: error: malformed JSON" in text.stdout.splitlines()[1]


@pytest.mark.parametrize(
    "content, says", [(None, "cannot be read|no such file|not found"), ("\n\n", "nothing to read")]
)
def test_a_batch_file_missing_or_empty_is_one_line_exit_2(tmp_path, capsys, content, says):
    import re

    path = tmp_path / "typed.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run_main(capsys, "understand", "--batch", path)
    assert code == 2 and out == ""
    assert err.startswith(f"{PROG}: {path}") and err.count("\n") == 1, err
    assert re.search(says, err, re.IGNORECASE), err


# --- answers files ----------------------------------------------------------------------------------


def answers_file(kb, tmp_path: Path) -> tuple[Path, Question, str, str]:
    """An answers file: an option id, a label in upper case, then (line 3) a cue: an answer read
    by inference."""
    q, cue, oid = cued(kb)
    lq, label, _ = labelled(kb)
    assert q.id != lq.id
    first = "un_presence: multidimensional_pko" if q.id != "un_presence" else "country_team: 'yes'"
    path = tmp_path / "answers.yaml"
    path.write_text(f"{first}\n{lq.id}: {label}\n{q.id}: {json.dumps(cue)}\n", encoding="utf-8")
    return path, q, cue, oid


def test_an_inferred_answer_is_refused_naming_file_line_and_reading(kb, tmp_path, run):
    path, q, cue, oid = answers_file(kb, tmp_path)
    proc = run("assess", str(path))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    line = proc.stderr.rstrip("\n")
    assert line.startswith(
        f"{PROG}: {path}:3: {q.id}: “{cue}” reads as {oid} ({q.label_of(oid)}) by inference"
    ), line
    assert line.endswith("; write the option, or pass --accept-inferred"), line


def test_accept_inferred_takes_it_and_the_transcript_keeps_the_words(kb, tmp_path, capsys):
    path, q, cue, oid = answers_file(kb, tmp_path)
    code, out, err = run_main(capsys, "assess", path, "--accept-inferred")
    assert code == 0, err
    assert json.loads(out)["answers"][q.id] == oid
    target = tmp_path / "t.json"
    code, _, err = run_main(capsys, "assess", path, "--accept-inferred", "--output", target)
    assert code == 0, err
    answers = {a["question"]: a for a in json.loads(target.read_text(encoding="utf-8"))["answers"]}
    assert (answers[q.id]["said"], answers[q.id]["understood"]) == (cue, "inferred")
    lq, label, loid = labelled(kb)
    assert (answers[lq.id]["answer"], answers[lq.id]["said"], answers[lq.id]["understood"]) == (
        [loid],
        label,
        "exact",
    )
    ids = [a for a in answers.values() if a["question"] not in (q.id, lq.id)]
    assert ids and all(a["said"] == "" and a["understood"] is None for a in ids)  # plain ids: no words


def test_an_answer_that_names_no_single_option_offers_the_candidates(tmp_path, run):
    path = tmp_path / "answers.yaml"
    path.write_text("un_presence: multidimensional_pko\nhostility: low or high\n", encoding="utf-8")
    proc = run("assess", str(path), "--accept-inferred")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(f"{PROG}: {path}:2: hostility: 'low or high' is not an option (allowed: ")
    assert (
        "Did you mean “Low: actors broadly cooperate” or “High: some actors are hostile to each other”?"
        in (proc.stderr)
    )


def test_batch_assess_and_headless_training_take_accept_inferred(kb, tmp_path, capsys):
    q, cue, oid = cued(kb)
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({q.id: cue}) + "\n", encoding="utf-8")
    code, out, err = run_main(capsys, "assess", "--batch", batch)
    assert code == 2 and f"{batch}:1: {q.id}: “{cue}” reads as {oid}" in err
    code, out, err = run_main(capsys, "assess", "--batch", batch, "--accept-inferred")
    assert code == 0 and json.loads(out)["answers"][q.id] == oid, err
    code, out, err = run_main(capsys, "assess", "--batch", batch, "--accept-inferred", "--format", "markdown")
    assert code == 0 and f"{q.label_of(oid)} (you typed: “{cue}”; inferred, not confirmed)" in out, err

    path, q, cue, oid = answers_file(kb, tmp_path)
    train = ["train", "liberia-unmil-2008", "--answers", path, "--predict", "two_feet_in", "--format", "json"]
    code, out, err = run_main(capsys, *train)
    assert code == 2 and f"{path}:3: {q.id}: “{cue}” reads as {oid}" in err
    code, out, err = run_main(capsys, *train, "--accept-inferred")
    assert code == 0, err
    answers = {a["question"]: a for a in json.loads(out)["answers"]}
    assert (answers[q.id]["answer"], answers[q.id]["said"], answers[q.id]["understood"]) == (
        [oid],
        cue,
        "inferred",
    )


# --- check -----------------------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "dialogues", tmp_path / "dialogues")
    return tmp_path


def rewrite_question(base: Path, qid: str, change) -> Path:
    """questions.yaml with one question changed by ``change(question mapping)``."""
    path = base / "dialogues" / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(q for q in data["questions"] if q["id"] == qid))
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return path


def line_holding(path: Path, phrase: str) -> int:
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if phrase in line]
    assert len(lines) == 1, (phrase, lines)
    return lines[0]


def test_check_refuses_a_synonym_two_options_claim(copy, capsys):
    def clash(q: dict) -> None:
        q["options"][0].setdefault("synonyms", []).append("Calm Enough")
        q["options"][2].setdefault("synonyms", []).append("calm-enough")

    path = rewrite_question(copy, "hostility", clash)
    code, out, _ = run_main(capsys, "check", "--rules", copy / "rules", "--dialogues", copy / "dialogues")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert errors == [
        f"{path}:{line_holding(path, 'calm-enough')}: error: question hostility: the synonym “calm-enough” of "
        "option high is also a synonym of option low (“Calm Enough”): typed, it could mean either"
    ], out
    assert out.splitlines()[-1].startswith("check: 1 error,")


def test_check_refuses_a_cue_or_negated_phrase_that_is_another_options_label_or_id(copy):
    def clash(q: dict) -> None:
        q["options"][0].setdefault("cues", []).append(q["options"][1]["label"].lower())
        q["options"][1].setdefault("negated", []).append(q["options"][2]["id"])
        q["options"][2].setdefault("cues", []).append("Don't know")

    rewrite_question(copy, "hostility", clash)
    report = check_knowledge(load_knowledge(copy / "rules", copy / "dialogues"))
    assert len(report.of("ambiguous_phrase")) == 3, report.lines()
    assert all(a.severity == "error" and a.questions == ("hostility",) for a in report.of("ambiguous_phrase"))
    messages = [a.message for a in report.of("ambiguous_phrase")]
    assert any("of option low is also the label of option moderate" in m for m in messages), messages
    assert any(
        "the negated phrase “high” of option moderate is also the id of option high" in m for m in messages
    )
    assert any("the cue “Don't know” of option high is also a word for unknown" in m for m in messages)


def test_the_shipped_questions_claim_each_phrase_once(kb):
    assert not check_knowledge(kb).of("ambiguous_phrase")
