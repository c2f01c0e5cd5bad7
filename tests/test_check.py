"""`integration-assistant check`: the shipped rule base checks clean, and each kind of anomaly,
seeded into a copy of the rule base, is found with its kind, file:line and the rule or question."""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.consultation.sensitivity import model_questions
from assistant.knowledge.check import CheckReport, check_knowledge
from assistant.knowledge.loader import load_knowledge
from assistant.knowledge.schema import AnswerIs
from assistant.reasoning.compiled import compiled

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "check"
LINE = re.compile(r"^.+:\d+: (error|warning): \S.*$")
SUMMARY = re.compile(
    r"^check: (\d+) errors?, (\d+) warnings? \((\d+) rules, (\d+) questions, (\d+) combinations checked in [\d.]+ s\)$"
)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the shipped rules/ and dialogues/ to break."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "dialogues", tmp_path / "dialogues")
    return tmp_path


def check(base: Path, **kw) -> CheckReport:
    return check_knowledge(load_knowledge(base / "rules", base / "dialogues"), **kw)


def seed(base: Path, name: str) -> CheckReport:
    shutil.copy(DATA / f"{name}.yaml", base / "rules" / f"seeded_{name}.yaml")
    return check(base)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def found(report: CheckReport, kind: str, *, rule: str | None = None, question: str | None = None):
    hits = [
        a
        for a in report.of(kind)
        if (rule is None or rule in a.rules) and (question is None or question in a.questions)
    ]
    assert hits, f"no {kind} for {rule or question}; got:\n" + "\n".join(report.lines())
    return hits


def only_shipped_warnings(report: CheckReport, *expected_kinds: str) -> None:
    """Nothing but the seeded kinds, beside the warnings the shipped base already has."""
    shipped = {"undistinguished_option"}
    # what is seeded comes without its French: the languages' check is tested on its own
    # (test_french_knowledge.py)
    extra = [
        a
        for a in report.anomalies
        if a.kind not in shipped | set(expected_kinds) and not a.kind.startswith("french_")
    ]
    assert not extra, "\n".join(a.line() for a in extra)


# --- the shipped rule base -------------------------------------------------------------------------


def test_shipped_base_checks_clean_via_the_cli(cli):
    run = cli(ROOT, "check")
    assert run.returncode == 0, run.stdout + run.stderr
    *lines, last = run.stdout.splitlines()
    m = SUMMARY.match(last)
    assert m, last
    assert m.group(1) == "0"
    assert int(m.group(2)) == len(lines)
    assert all(LINE.match(line) and ": warning: " in line for line in lines), lines
    assert int(m.group(5)) >= 20_000  # the model questions' every option, unknown and unanswered


def test_shipped_base_has_no_errors_and_only_known_warnings(kb):
    report = check_knowledge(kb)
    assert not report.errors, "\n".join(report.lines())
    assert report.kinds <= {"undistinguished_option"}, "\n".join(report.lines())
    assert report.rules == len(kb.rules) and report.questions == len(kb.questions)


def test_classes_cover_the_same_combinations_as_the_exhaustive_search(kb):
    quick = check_knowledge(kb)
    assert quick.evaluated < quick.combinations  # equivalent answers were merged
    # every question the model rules read: each option, "unknown" and unanswered
    read = [kb.question(qid) for qid in model_questions(compiled(kb))]
    assert read and not any(q.multi for q in read)  # single choices: no sets of options to count
    assert quick.combinations == math.prod(len(q.options) + 2 for q in read)


# --- load errors ------------------------------------------------------------------------------------


def test_a_file_that_does_not_load_is_one_error_with_file_and_line(copy, capsys):
    edit(
        copy / "rules" / "models.yaml",
        "    salience: 85\n    when:\n      - {answer: security_situation, is: very_stable}",
        "    salince: 85\n    when:\n      - {answer: security_situation, is: very_stable}",
    )
    assert main(["--rules", str(copy / "rules"), "--dialogues", str(copy / "dialogues"), "check"]) == 1
    first, last = capsys.readouterr().out.splitlines()
    assert re.match(
        rf"^{re.escape(str(copy / 'rules' / 'models.yaml'))}:\d+: unknown key 'salince'", first
    ), first
    assert last.startswith("check: 1 error, 0 warnings")


def test_training_cases_are_validated(copy, capsys):
    case = copy / "dialogues" / "cases" / "burundi-binub-2008.yaml"
    edit(case, "    answer: peacebuilding_office\n", "    answer: peace_office\n")
    assert main(["check", "--rules", str(copy / "rules"), "--dialogues", str(copy / "dialogues")]) == 1
    out = capsys.readouterr().out
    assert re.match(
        rf"^{re.escape(str(case))}:\d+: case burundi-binub-2008: 'peace_office' is not an option", out
    ), out


# --- the options, before and after the subcommand -----------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_rules_and_dialogues_options_on_either_side_of_check(copy, capsys, where):
    shutil.copy(DATA / "subsumed.yaml", copy / "rules" / "seeded_subsumed.yaml")
    opts = ["--rules", str(copy / "rules"), "--dialogues", str(copy / "dialogues")]
    argv = [*opts, "check"] if where == "before" else ["check", *opts]
    assert main(argv) == 0  # warnings only
    out = capsys.readouterr().out
    assert "seeded.military_assets_in_insurgency is subsumed by rule flag.military_assets_last_resort" in out
    assert SUMMARY.match(out.splitlines()[-1])


# --- rules that can never fire --------------------------------------------------------------------------


def test_contradictory_conditions(copy):
    report = seed(copy, "contradiction")
    only_shipped_warnings(report, "contradiction")
    two_options = found(report, "contradiction", rule="seeded.two_options", question="security_situation")[0]
    assert two_options.severity == "error" and "very_stable and stable|volatile" in two_options.message
    assert two_options.where.endswith("seeded_contradiction.yaml:10")  # the second condition
    assert "present and absent" in found(report, "contradiction", rule="seeded.present_and_absent")[0].message
    assert "concludes one model" in found(report, "contradiction", rule="seeded.two_models")[0].message
    assert not report.of("never_fires")  # each is explained by its contradiction, once


def test_a_rule_that_never_fires(copy):
    report = seed(copy, "never_fires")
    only_shipped_warnings(report, "never_fires", "contradiction")
    # No term is contradictory: a search over its questions finds no answers that fire it.
    searched = found(report, "never_fires", rule="seeded.no_team_but_decisive")[0]
    assert searched.severity == "error" and "combinations searched" in searched.message
    assert "country_team" in searched.questions
    # Three-valued evaluation: it needs a fact that only a dead rule derives.
    chained = found(report, "never_fires", rule="seeded.dead_reader")[0]
    assert "seeded.dead_source" in chained.message
    found(report, "contradiction", rule="seeded.dead_source")
    # A model condition that the answer conditions beside it rule out.
    found(report, "never_fires", rule="seeded.not_applicable_with_mission", question="un_presence")


def test_an_option_that_does_not_exist(copy):
    # The loader refuses this; the check still catches it in a knowledge base built another way.
    kb = load_knowledge(copy / "rules", copy / "dialogues")
    rule = kb.rule("model.ocha_present")
    bad = rule.model_copy(
        update={"when": [AnswerIs(answer="ocha_presence", **{"is": "withdrawn"}), *rule.when[1:]]}
    )
    kb = replace(kb, rules=[bad if r.id == rule.id else r for r in kb.rules])
    report = check_knowledge(kb)
    hit = found(report, "unknown_option", rule="model.ocha_present", question="ocha_presence")[0]
    assert hit.severity == "error" and "'withdrawn' is not an option of ocha_presence" in hit.message


def test_a_fact_nothing_derives(copy):
    report = seed(copy, "underived")
    only_shipped_warnings(report, "underived_fact", "redundant_condition")
    hit = found(report, "underived_fact", rule="seeded.reads_ghost")[0]
    assert hit.severity == "error" and "ghost_fact" in hit.message
    redundant = found(report, "redundant_condition", rule="seeded.no_ghost")[0]
    assert redundant.severity == "warning" and "no_fact: ghost_fact" in redundant.message


# --- redundant rules ----------------------------------------------------------------------------------


def test_a_subsumed_rule(copy):
    report = seed(copy, "subsumed")
    only_shipped_warnings(report, "subsumed")
    hit = found(report, "subsumed", rule="seeded.military_assets_in_insurgency")[0]
    assert hit.severity == "warning"
    assert hit.rules == ("seeded.military_assets_in_insurgency", "flag.military_assets_last_resort")
    assert hit.where.endswith("seeded_subsumed.yaml:5")


# --- gaps and overlaps -----------------------------------------------------------------------------------


def test_a_gap_without_the_default_model(copy):
    without_the_default_model(copy)
    report = check(copy)
    only_shipped_warnings(report, "gap")
    gap = found(report, "gap", question="ocha_presence")
    assert len(gap) == 1 and gap[0].severity == "error"
    count = int(re.search(r"gap: (\d+) of (\d+)", gap[0].message).group(1))
    assert 0 < count < report.combinations
    assert "e.g. un_presence=" in gap[0].message


def without_the_default_model(copy: Path) -> None:
    models = copy / "rules" / "models.yaml"
    text = models.read_text(encoding="utf-8")
    start, end = text.index("  - id: model.default\n"), text.index("  # --- Structural form")
    models.write_text(text[:start] + text[end:], encoding="utf-8")


def test_an_overlap(copy):
    report = seed(copy, "overlap")
    only_shipped_warnings(report, "overlap")
    with_ocha = found(report, "overlap", rule="model.ocha_present")[0]
    assert "seeded.overlap" in with_ocha.rules and with_ocha.severity == "error"
    assert "one_foot_in_one_foot_out and two_feet_in" in with_ocha.message
    assert "ocha_presence=present" in with_ocha.message
    assert with_ocha.where.endswith("seeded_overlap.yaml:5")


# Every combination evaluated, a few seconds each: with the long tests.
@pytest.mark.slow
def test_the_classes_find_the_gap_and_the_overlap_the_exhaustive_search_finds(copy):
    """The classes of equivalent answers count exactly what evaluating every combination finds."""
    overlap = seed(copy, "overlap")
    assert sorted(a.message for a in check(copy, exhaustive=True).of("overlap")) == sorted(
        a.message for a in overlap.of("overlap")
    )
    without_the_default_model(copy)
    gap = check(copy).of("gap")
    assert gap and [a.message for a in check(copy, exhaustive=True).of("gap")] == [a.message for a in gap]


# --- questions and options -------------------------------------------------------------------------------


def test_a_question_no_rule_reads(copy):
    questions = copy / "dialogues" / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8") + (DATA / "unread_question.yaml").read_text(encoding="utf-8")
    )
    report = check(copy)
    only_shipped_warnings(report, "unread_question")
    hit = found(report, "unread_question", question="seeded_unread")[0]
    assert hit.severity == "warning" and hit.where.startswith(str(questions) + ":")


def test_an_option_no_rule_distinguishes(copy):
    # A third option nobody reads: "partly" and "no" can no longer be told apart.
    edit(
        copy / "dialogues" / "questions.yaml",
        '          - "no stabilization mandate"\n',
        '          - "no stabilization mandate"\n      - id: partly\n        label: Partly\n'
        "        clause: the mission partly has such a mandate\n",
    )
    report = check(copy)
    only_shipped_warnings(report)
    hits = found(report, "undistinguished_option", question="armed_groups_outside_process")
    assert {re.search(r"option (\S+) of", a.message).group(1) for a in hits} == {"no", "partly"}
    assert all(a.severity == "warning" for a in hits)


# --- citations -------------------------------------------------------------------------------------------


def test_a_citation_to_a_paragraph_not_in_the_index(copy):
    edit(
        copy / "rules" / "models.yaml",
        'paragraph: p45, quote: "when there are incompatible geographical mandates',
        'paragraph: p450, quote: "when there are incompatible geographical mandates',
    )
    report = check(copy)
    only_shipped_warnings(report, "citation_paragraph")
    hit = found(report, "citation_paragraph", rule="decisive.geographic_mandate")[0]
    assert hit.severity == "error" and "p450" in hit.message


def test_a_citation_with_the_wrong_page(copy):
    edit(
        copy / "rules" / "models.yaml",
        'page: "20", paragraph: p45, quote: "has a stabilization type of mandate or is otherwise',
        'page: "23", paragraph: p45, quote: "has a stabilization type of mandate or is otherwise',
    )
    report = check(copy)
    only_shipped_warnings(report, "citation_page")
    hit = found(report, "citation_page", rule="decisive.armed_groups")[0]
    assert hit.severity == "error" and "p. 23" in hit.message and "p. 20" in hit.message


def test_an_overlapping_page_range_is_accepted(copy):
    # p46 stands on pp. 20-21: a citation of p. 21 alone overlaps it.
    edit(
        copy / "rules" / "models.yaml",
        'page: "20-21", paragraph: p46, quote: "A current example is the UN Mission in Liberia (UNMIL)"}',
        'page: "21", paragraph: p46, quote: "A current example is the UN Mission in Liberia (UNMIL)"}',
    )
    assert not check(copy).errors


def test_a_citation_with_the_wrong_section(copy):
    edit(
        copy / "rules" / "notes.yaml",
        '{section: "Integrated Missions", page: "22", paragraph: p50, quote: "a system that relies',
        '{section: "Analysis", page: "22", paragraph: p50, quote: "a system that relies',
    )
    report = check(copy)
    only_shipped_warnings(report, "citation_section")
    hit = found(report, "citation_section")[0]
    assert "srsg_authority_limits" in hit.message and hit.where.startswith(
        str(copy / "rules" / "notes.yaml") + ":"
    )


def test_statements_without_a_basis_or_with_the_wrong_support(copy):
    """Every statement says whose it is; a report statement quotes the passage that states it; an
    assistant statement never presents citations as support."""
    flags = copy / "rules" / "flags.yaml"
    # a mitigation that names no basis
    edit(
        flags,
        "          Resist pressure to provide or deny services in selected areas; keep humanitarian\n"
        "          decisions on humanitarian criteria.\n        basis: assistant\n",
        "          Resist pressure to provide or deny services in selected areas; keep humanitarian\n"
        "          decisions on humanitarian criteria.\n",
    )
    # an assistant practice presented with its passage as support
    edit(
        flags,
        "          Tell headquarters about the side effects of its rules in the field rather than\n"
        "          absorbing them silently.\n        basis: assistant\n        see:\n",
        "          Tell headquarters about the side effects of its rules in the field rather than\n"
        "          absorbing them silently.\n        basis: assistant\n        citations:\n",
    )
    kb = load_knowledge(copy / "rules", copy / "dialogues")
    # a report rule whose passage carries no quote
    rule = kb.rule("flag.timetable_vs_principles")
    unquoted = [c.model_copy(update={"quote": None}) for c in rule.citations]
    kb = replace(
        kb,
        rules=[rule.model_copy(update={"citations": unquoted}) if r.id == rule.id else r for r in kb.rules],
    )
    report = check_knowledge(kb)
    only_shipped_warnings(report, "basis_missing", "basis_support", "basis_unquoted")
    missing = found(report, "basis_missing")
    assert any("mitigation 2 of flag blurred_distinction" in a.message for a in missing)
    support = found(report, "basis_support")
    assert any(
        "mitigation 3 of flag structural_impediments" in a.message and "see" in a.message for a in support
    )
    unq = found(report, "basis_unquoted", rule="flag.timetable_vs_principles")[0]
    assert unq.severity == "error" and "cites no passage with a quote" in unq.message


def test_explanations_need_clauses_written_for_them(copy):
    questions = copy / "dialogues" / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith('clause: "OCHA is not present'))
    edit(questions, line + "\n", "")
    report = check(copy)
    only_shipped_warnings(report, "wording_missing")
    hit = found(report, "wording_missing", question="ocha_presence")[0]
    assert (
        hit.severity == "error"
        and "option not_present of question ocha_presence has no clause" in hit.message
    )


def test_a_confidence_the_rule_base_cannot_produce(copy):
    models = copy / "rules" / "models.yaml"
    # the fallback fires only while an answer is open: it cannot be firm
    edit(
        models,
        "then: {model: one_foot_in_one_foot_out, confidence: tentative}",
        "then: {model: one_foot_in_one_foot_out, confidence: firm}",
    )
    # an inference presented as the report's
    edit(models, "    basis: assistant\n    salience: 70\n", "    basis: report\n    salience: 70\n")
    report = check(copy)
    only_shipped_warnings(report, "confidence_unreachable", "confidence_basis", "basis_unquoted")
    unreachable = found(report, "confidence_unreachable", rule="model.default")[0]
    assert unreachable.severity == "error" and "no complete set of answers produces" in unreachable.message
    basis = found(report, "confidence_basis", rule="model.ocha_absent_conditions_short")[0]
    assert "inferred" in basis.message and basis.severity == "error"


# --- catalogue entries and output --------------------------------------------------------------------------


def test_a_flag_no_rule_raises(copy):
    (copy / "rules" / "seeded_unused.yaml").write_text(
        "topic: seeded\nflags:\n  - id: seeded_flag\n    title: Never raised\n    explanation: No rule raises it.\n"
        "    mitigations:\n      - text: None needed.\n        basis: assistant\n"
        '        see: [{section: "Analysis", page: "23", paragraph: p52}]\n'
        '    basis: assistant\n    see:\n      - {section: "Analysis", page: "23", paragraph: p52}\n',
        encoding="utf-8",
    )
    report = check(copy)
    only_shipped_warnings(report, "unused_definition")
    hit = found(report, "unused_definition")[0]
    assert "flag seeded_flag" in hit.message and hit.where.endswith("seeded_unused.yaml:3")


def test_every_line_names_file_line_and_severity(copy, capsys):
    for name in ("contradiction", "never_fires", "overlap", "subsumed", "underived"):
        shutil.copy(DATA / f"{name}.yaml", copy / "rules" / f"seeded_{name}.yaml")
    assert main(["check", "--rules", str(copy / "rules"), "--dialogues", str(copy / "dialogues")]) == 1
    *lines, last = capsys.readouterr().out.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    m = SUMMARY.match(last)
    assert (
        m
        and int(m.group(1)) == sum(": error: " in x for x in lines)
        and int(m.group(2)) == sum(": warning: " in x for x in lines)
    )
