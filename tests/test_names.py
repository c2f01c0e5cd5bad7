"""Names as people write them: option labels in answers files, training cases, models and flags
on the command line, and "did you mean" on a miss (never a list of every id)."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.consultation.matching import find_many, find_named


def assess(tmp_path, capsys, content: str, name: str = "answers.yaml") -> tuple[int, str, str]:
    (tmp_path / name).write_text(content, encoding="utf-8")
    code = main(["assess", str(tmp_path / name)])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_answers_file_takes_option_labels_and_synonyms_as_the_chat_does(tmp_path, capsys):
    code, out, err = assess(
        tmp_path,
        capsys,
        (
            "un_presence: Multidimensional peacekeeping operation\n"
            "country_team: 'yes'\n"
            "ocha_presence: OCHA is not present\n"
            "security_situation: very stable\n"  # a label, in another case
            "local_humanitarian_capacity: capable\n"  # a synonym
            "structural_barriers: [Separate budgets and financial rules, pay gaps]\n"
            "strategic_framework: yes\n"  # YAML's boolean, a synonym of "agreed"
        ),
    )
    assert code == 0, err
    answers = json.loads(out)["answers"]
    assert answers == {
        "un_presence": "multidimensional_pko",
        "country_team": "yes",
        "ocha_presence": "not_present",
        "security_situation": "very_stable",
        "local_humanitarian_capacity": "yes",
        "strategic_framework": "agreed",
        "structural_barriers": ["separate_budgets", "remuneration_gaps"],
    }


def test_a_misspelt_label_in_a_file_is_refused_with_the_closest_option(tmp_path, capsys):
    # read as the chat reads it: a reading to confirm, which a file cannot, so it names the reading
    code, out, err = assess(
        tmp_path, capsys, "un_presence: multidimensional_pko\nsecurity_situation: Volatle\n"
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert (
        ":2: security_situation (Security): “Volatle” reads as volatile (Volatile or insecure) by inference"
        in err
    )
    assert err.rstrip().endswith("write the option, or pass --accept-inferred")


def test_a_number_in_a_file_stays_refused(tmp_path, capsys):
    # the chat takes an option's number; a file should not depend on the options' order
    code, _, err = assess(tmp_path, capsys, "hostility: 3\n")
    assert code == 2 and "expected one of" in err
    code, _, err = assess(tmp_path, capsys, "hostility: '3'\n")
    assert code == 2 and "hostility: '3' is not an option" in err


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("liberia", "liberia-unmil-2008"),
        ("Liberia", "liberia-unmil-2008"),
        ("liberia-unmil-2008", "liberia-unmil-2008"),
        ("burundi binub", "burundi-binub-2008"),
        ("Darfur, UNAMID beside UNMIS in Sudan (2008)", "darfur-unamid-2008"),
    ],
)
def test_a_training_case_by_a_word_of_its_name(kb, typed, expected):
    assert find_named(typed, {c.id: [c.title] for c in kb.cases}, "training case") == expected


def test_a_case_name_two_cases_share_names_both(kb):
    with pytest.raises(
        ValueError, match="could be several training cases: darfur-unamid-2008, southern-sudan-unmis-2008"
    ):
        find_named("sudan", {c.id: [c.title] for c in kb.cases}, "training case")


def test_a_misspelt_case_offers_the_closest(kb):
    with pytest.raises(
        ValueError, match=r"^no training case 'liberai'\. Did you mean 'liberia-unmil-2008'\?$"
    ):
        find_named("liberai", {c.id: [c.title] for c in kb.cases}, "training case")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("two feet in", "two_feet_in"),
        ("Two feet in", "two_feet_in"),
        ("two_feet_in", "two_feet_in"),
        ("One foot in, one foot out", "one_foot_in_one_foot_out"),
        ("one-foot-in-one-foot-out", "one_foot_in_one_foot_out"),
    ],
)
def test_a_model_by_its_label(kb, typed, expected):
    assert find_named(typed, {m.id: [m.label] for m in kb.models.values()}, "model") == expected


def test_flags_by_title_even_with_a_comma_inside(kb):
    names = {f.id: [f.title] for f in kb.flags.values()}
    typed = "Stabilization first, or human rights and accountability?, hostile_environment, No agreed overall strategic framework"
    assert find_many(typed, names, "flag") == [
        "stabilization_vs_accountability",
        "hostile_environment",
        "strategic_deficit",
    ]


def _key_answers_file(kb, tmp_path, case_id: str):
    case = kb.case(case_id)
    answers = {q: k.answer for q, k in case.key.items()}
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    return path


def test_headless_training_takes_a_case_word_a_model_label_and_flag_titles(kb, tmp_path, capsys):
    path = _key_answers_file(kb, tmp_path, "liberia-unmil-2008")
    code = main(
        [
            "train",
            "liberia",
            "--answers",
            str(path),
            "--predict",
            "two feet in",
            "--predict-flags",
            "No independent humanitarian coordination",
            "--format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    training = json.loads(out)["training"]
    assert training["case"] == "liberia-unmil-2008"
    assert training["prediction"]["model"] == "two_feet_in"
    assert (
        "humanitarian_coordination_gap"
        in training["prediction"]["flags_extra"] + training["prediction"]["flags_hit"]
    )


@pytest.mark.parametrize(
    "args, says",
    [
        (
            ["train", "liberai", "--predict", "two feet in"],
            "no training case 'liberai'. Did you mean 'liberia-unmil-2008'?",
        ),
        (
            ["train", "liberia", "--predict", "two feat in"],
            "--predict: no model 'two feat in'. Did you mean 'two_feet_in'?",
        ),
        (
            ["train", "liberia", "--predict", "two feet in", "--predict-flags", "hostile enviroment"],
            "--predict-flags: no flag 'hostile enviroment'. Did you mean 'hostile_environment'?",
        ),
    ],
)
def test_a_miss_on_the_command_line_names_the_closest(kb, tmp_path, capsys, args, says):
    path = _key_answers_file(kb, tmp_path, "liberia-unmil-2008")
    assert main([*args, "--answers", str(path)]) == 2
    _, err = capsys.readouterr()
    assert err == f"integration-assistant: {says}\n"
