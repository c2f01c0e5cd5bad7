"""Options that apply to every command (--home, --report, --rules, --dialogues) are taken before
or after the subcommand; `uv run integration-assistant --version` prints the program's line alone."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant import __version__
from assistant.cli.parser import build_parser

from .test_cli_errors import PROG

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "argv",
    [
        ["serve"],
        ["check"],
        ["assess", "answers.yaml"],
        ["rules"],
        ["questions"],
        ["train", "liberia"],
        ["workshop", "board"],
        ["workshop", "summary", "x.json"],
        ["compare", "a.json", "b.json"],
    ],
)
def test_global_options_are_taken_before_or_after_the_subcommand(argv):
    options = ["--home", "/h", "--report", "/r.json", "--rules", "/rules", "--dialogues", "/d"]
    before = build_parser().parse_args([*options, *argv])
    after = build_parser().parse_args([*argv, *options])
    for args in (before, after):
        assert (args.home, args.report, args.rules, args.dialogues) == (
            Path("/h"),
            Path("/r.json"),
            Path("/rules"),
            Path("/d"),
        )
    # not given: None, wherever it would have gone
    bare = build_parser().parse_args(argv)
    assert (bare.home, bare.report, bare.rules, bare.dialogues) == (None, None, None, None)


def test_serve_home_is_not_refused(tmp_path):
    args = build_parser().parse_args(["serve", "--home", str(tmp_path)])
    assert args.command == "serve" and args.home == tmp_path


def test_a_global_option_after_the_subcommand_is_used(cli, tmp_path):
    """--rules after `rules`: the folder named is read (and, missing, refused by name)."""
    missing = tmp_path / "no-rules-here"
    proc = cli(tmp_path, "rules", "--rules", str(missing))
    assert proc.returncode == 2 and "unrecognized arguments" not in proc.stderr
    assert str(missing) in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_uv_run_version_prints_one_line():
    """The README's command prints the program's output alone: no "Bytecode compiled …" first."""
    env = {k: v for k, v in os.environ.items() if k != "UV_COMPILE_BYTECODE"}
    proc = subprocess.run(
        ["uv", "run", "integration-assistant", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert out.splitlines() == [f"{PROG} {__version__}"], out
