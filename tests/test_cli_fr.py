"""The command line in French: `--lang fr`, $INTEGRATION_ASSISTANT_LANG, the settings file's
"language" and the locale each choose it, in that order; its help, its error lines, `check`'s
summary and the labels of its outputs are French then; English stays as it was."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import i18n
from assistant.cli import main
from assistant.cli.parser import build_parser
from assistant.knowledge.check.report import Anomaly, CheckReport

from .conftest import run_main

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
FORCE_EN = "--force goes with --output FILE"
FORCE_FR = "--force s'emploie avec --output FICHIER"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch, tmp_path):
    """No language from the environment, and a home of the test's own (no settings file)."""
    for name in (i18n.ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INTEGRATION_ASSISTANT_HOME", str(tmp_path / "home"))
    yield
    assert i18n.language() == "en"  # main() leaves the process's language as it found it


def force_error(capsys, *options: str) -> str:
    """The one error line of `compare a.json --force` (refused before anything is read)."""
    code, out, err = run_main(capsys, *options, "compare", "a.json", "--force")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    return err


def settings(home: Path, language: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.json").write_text(json.dumps({"language": language}), encoding="utf-8")
    return home


def test_english_by_default(capsys):
    assert FORCE_EN in force_error(capsys)


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_option_chooses_french(capsys, where):
    options = ["--lang", "fr"]
    err = (
        force_error(capsys, *options)
        if where == "before"
        else run_main(capsys, "compare", "a.json", "--force", *options)[2]
    )
    assert FORCE_FR in err


def test_locale_chooses_french(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert FORCE_FR in force_error(capsys)


def test_variable_chooses_french_and_beats_the_locale(capsys, monkeypatch):
    monkeypatch.setenv(i18n.ENV, "fr")
    assert FORCE_FR in force_error(capsys)
    monkeypatch.setenv(i18n.ENV, "en")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert FORCE_EN in force_error(capsys)


def test_settings_file_chooses_french(capsys, monkeypatch, tmp_path):
    settings(tmp_path / "home", "fr")
    assert FORCE_FR in force_error(capsys)
    # the home named by --home is the one whose settings count
    other = settings(tmp_path / "other", "en")
    assert FORCE_EN in force_error(capsys, "--home", str(other))


def test_precedence(capsys, monkeypatch, tmp_path):
    """--lang > $INTEGRATION_ASSISTANT_LANG > the settings file > the locale."""
    home = settings(tmp_path / "home", "en")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert FORCE_EN in force_error(capsys)  # the setting beats the locale
    settings(home, "fr")
    monkeypatch.setenv(i18n.ENV, "en")
    assert FORCE_EN in force_error(capsys)  # the variable beats the setting
    assert FORCE_FR in force_error(capsys, "--lang", "fr")  # the option beats all
    monkeypatch.setenv(i18n.ENV, "fr")
    assert FORCE_EN in force_error(capsys, "--lang=en")


def test_unknown_language_is_one_line_naming_what_is_offered(capsys):
    code, out, err = run_main(capsys, "--lang", "de", "rules")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "de" in err and "en, fr" in err


def test_unknown_language_in_french_too(capsys, monkeypatch):
    """The refusal itself is in the language the rest would choose."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, out, err = run_main(capsys, "--lang", "klingon")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "langue inconnue" in err and "en, fr" in err


def test_help_in_french(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "fr", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"utilisation{NBSP}: integration-assistant")
    assert f"options{NBSP}:" in out and "afficher cette aide et quitter" in out
    assert "Recommande un modèle d'intégration des Nations Unies" in out
    assert "vérifier la base de règles" in out
    assert "usage:" not in out and "show this help" not in out


def test_help_in_english_unchanged(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: integration-assistant") and "\noptions:\n" in out
    assert "show this help message and exit" in out and "--lang LANG" in out


def test_argparse_errors_in_french(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "fr", "rules", "--format", "x"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith(
        f"integration-assistant rules: erreur{NBSP}: argument --format{NBSP}: choix non valide"
    )
    assert err.startswith(f"utilisation{NBSP}:")


def test_lang_is_a_global_option():
    for argv in (["--lang", "fr", "serve"], ["serve", "--lang", "fr"], ["workshop", "board", "--lang", "fr"]):
        assert build_parser().parse_args(argv).lang == "fr"
    assert build_parser().parse_args(["serve"]).lang is None


def test_check_summary_in_french():
    report = CheckReport(
        anomalies=[
            Anomaly("gap", "error", "rules/models.yaml:3", "x"),
            Anomaly("gap", "error", "rules/models.yaml:4", "y"),
            Anomaly("subsumed", "warning", "rules/models.yaml:5", "z"),
        ],
        rules=10,
        questions=4,
        combinations=120,
        seconds=1.5,
    )
    with i18n.using("fr"):
        assert report.summary() == (
            "check: 2 erreurs, 1 avertissement (10 règles, 4 questions, 120 combinaisons vérifiées en 1,50 s)"
        )
        assert report.anomalies[2].line() == "rules/models.yaml:5: avertissement: z"
    assert report.summary() == (
        "check: 2 errors, 1 warning (10 rules, 4 questions, 120 combinations checked in 1.50 s)"
    )


def test_check_in_french(capsys, tmp_path):
    code, out, _err = run_main(capsys, "--lang", "fr", "check")
    assert code == 0
    assert re.fullmatch(
        r"check: \d+ erreurs?, \d+ avertissements? \(\d+ règles, \d+ questions, \d+ combinaisons "
        r"vérifiées en \d+,\d\d s\)",
        out.strip().splitlines()[-1],
    )


def test_check_anomaly_in_french(capsys, tmp_path):
    """A subsumed rule, told in French (the ids and file names as they are)."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "dialogues", tmp_path / "dialogues")
    shutil.copy(
        ROOT / "tests" / "data" / "check" / "subsumed.yaml", tmp_path / "rules" / "seeded_subsumed.yaml"
    )
    argv = ["--rules", tmp_path / "rules", "--dialogues", tmp_path / "dialogues", "check", "--lang", "fr"]
    code, out, _err = run_main(capsys, *argv)
    assert code == 0
    assert (
        f"avertissement: la règle seeded.military_assets_in_insurgency est subsumée par la règle "
        f"flag.military_assets_last_resort{NBSP}:"
    ) in out
    assert re.match(r"check: 0 erreur, [1-9]\d* avertissements? \(", out.splitlines()[-1])


def test_understand_in_french(capsys):
    code, out, _err = run_main(capsys, "--lang", "fr", "understand", "hostility", "pas très hostile")
    assert code == 0
    assert f"{NBSP}: «{NBSP}pas très hostile{NBSP}»" in out
    assert f"options possibles{NBSP}:" in out and f"lecture{NBSP}:" in out


def test_assess_batch_labels_in_french(capsys, tmp_path):
    batch = tmp_path / "answers.jsonl"
    batch.write_text("[1, 2]\n", encoding="utf-8")
    code, out, err = run_main(
        capsys, "--lang", "fr", "assess", "--batch", batch, "--format", "markdown", "--skip-invalid"
    )
    assert code == 2 and err.count("\n") == 1
    assert out.startswith(f"# Ligne 1{NBSP}: non consultée")


def test_questions_labels_in_french(capsys):
    code, out, _err = run_main(capsys, "--lang", "fr", "questions")
    assert code == 0 and "un seul choix" in out and "choose one" not in out


def test_served_pages_in_french():
    from assistant.workshop import pages

    with i18n.using("fr"):
        page = pages.room_full(3).text
    assert 'lang="fr"' in page and "La salle est pleine" in page and "3 participants travaillent" in page
    assert 'lang="en"' in pages.room_full(1).text and "1 participant is working" in pages.room_full(1).text


def test_every_marked_string_has_its_french():
    parts = ["assistant/cli", "assistant/home.py", "assistant/settings.py", "assistant/errors.py"]
    parts += ["assistant/knowledge/check", "assistant/workshop"]
    gaps = i18n.missing(i18n.python_files([str(ROOT / p) for p in parts]))
    assert not gaps, gaps


def test_version_loads_no_catalog():
    """`--version` reads no settings and imports no Babel, whatever the language."""
    code = (
        "import sys; from assistant.cli import main\n"
        "try:\n    main(['--lang', 'fr', '--version'])\nexcept SystemExit: pass\n"
        "print('babel' in sys.modules, 'platformdirs' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert out.splitlines()[-1] == "False False"


def test_served_participants_get_the_facilitators_language(capsys, monkeypatch, tmp_path):
    """`serve` in French: the banner in French, and each participant's app (and the board)
    started with --lang fr."""
    import assistant.cli.serve as serve_module

    started: dict = {}

    class Server:
        def __init__(self, workshop, where, **kw):
            started.update(kw)
            self.join_url = "http://127.0.0.1:8000/join/x"
            self.facilitator_url = "http://127.0.0.1:8000/board/y"
            self.public_url = "http://127.0.0.1:8000"

        def serve(self):
            print(self.banner)

    monkeypatch.setattr(serve_module, "WorkshopServer", Server)
    monkeypatch.setattr(serve_module, "listening", lambda host, port, url: SimpleNamespace(addresses=[]))
    code, out, _err = run_main(capsys, "--lang", "fr", "serve", "--home", tmp_path / "h", "--workshop", "w")
    assert code == 0
    command = started["participant_command"]("abc", str(tmp_path / "p"))
    assert command[command.index("--lang") + 1] == "fr"
    assert started["board_command"][started["board_command"].index("--lang") + 1] == "fr"
    assert out.startswith("Atelier w (dossier ") and f"Accès des participants{NBSP}:" in out
    assert build_parser().parse_args(command[3:]).lang == "fr"  # the app's own command line takes it
