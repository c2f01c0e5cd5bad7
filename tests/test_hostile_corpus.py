"""The hostile corpus (tests/data/hostile/) run against every reader and every export.

Whatever a file holds, each command ends with exit 0 (1 for recheck's findings) and clean output,
or exit 2 and one line naming the file, never a traceback; what reaches the terminal has its
control characters escaped; a transcript written is private and keeps the exact text; and the
sessions folder, seeded with every file, starts with each one reported and moved out of the way.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from assistant.cli import main
from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import SessionStore
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.start import StartScreen

HOSTILE = Path(__file__).parent / "data" / "hostile"
CORPUS = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".json", ".yaml", ".jsonl"))
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMATS = {"markdown": "md", "html": "html", "json": "json", "docx": "docx"}


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def check(
    code: int, out: str, err: str, file: Path, ok: tuple[int, ...] = (0,), per_line: bool = False
) -> bool:
    """A clean end: ``ok`` with safe output, or 2 with one line naming the file (``per_line``: one
    line for each bad line of a batch, each naming the file and its line). True if ok."""
    assert "Traceback" not in err
    assert not RAW.search(out + err), repr(out + err)[:300]
    if code == 2:
        assert out == ""
        lines = err.splitlines()
        assert lines and all(line.startswith(f"integration-assistant: {file}") for line in lines), err
        if per_line:
            assert all(
                re.match(rf"integration-assistant: {re.escape(str(file))}:\d+: ", line) for line in lines
            ), err
        else:
            assert len(lines) == 1, err
        return False
    assert code in ok, (code, err)
    return True


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_assess_and_every_export(capsys, tmp_path, path):
    accepted = check(*run_main(capsys, "assess", path), path)
    for fmt, ext in FORMATS.items():
        out = tmp_path / f"t.{ext}"
        if check(*run_main(capsys, "assess", path, "--format", fmt, "--output", out), path):
            assert accepted and out.stat().st_size > 0
            if sys.platform != "win32":
                assert stat.S_IMODE(out.stat().st_mode) == 0o600
        else:
            assert not accepted and not out.exists()
    if accepted:
        crisis = _document(path).get("session", {}).get("crisis")
        if crisis is not None:
            assert (
                json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["details"]["crisis"] == crisis
            )


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_batch(capsys, path):
    code, out, err = run_main(capsys, "assess", "--batch", path)
    if check(code, out, err, path, per_line=True):
        assert all(json.loads(line)["recommendation"] for line in out.splitlines())


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_transcript_readers(capsys, path):
    check(*run_main(capsys, "recheck", path), path, ok=(0, 1))
    check(*run_main(capsys, "compare", path, path), path)
    check(*run_main(capsys, "workshop", "summary", path), path)


def test_transcripts_of_the_accepted_files_are_read_back_cleanly(capsys, tmp_path):
    made = []
    for path in CORPUS:
        out = tmp_path / f"{path.stem}.json"
        code, _, _ = run_main(capsys, "assess", path, "--output", out)
        if code == 0:
            made.append(out)
    assert {p.stem for p in made} >= {"escapes", "markup"}
    for t in made:
        assert check(*run_main(capsys, "recheck", t), t)
    assert check(*run_main(capsys, "compare", *made), made[0])
    for fmt in ("markdown", "html"):
        out = tmp_path / f"comparison.{FORMATS[fmt]}"
        assert check(*run_main(capsys, "compare", *made, "--format", fmt, "--output", out), made[0])


def test_sessions_folder_seeded_with_the_corpus_starts(tmp_path):
    kb = shipped_knowledge()
    folder = tmp_path / "sessions"
    folder.mkdir()
    for i, path in enumerate(CORPUS):
        shutil.copyfile(path, folder / f"20250101-000000-{i:06x}.json")

    async def scenario():
        app = IntegrationAssistantApp(kb=kb, store=SessionStore(folder, kb=kb))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            problems = app.screen.query(".problem").results(Static)
            assert len(list(problems)) == len(CORPUS) + 1  # one line each, and what to do
            assert app.screen.query_one("#start-options", OptionList).option_count == 2  # new, training

    asyncio.run(scenario())
    assert not list(folder.glob("*.json"))
    assert len(list(folder.glob("*.corrupt-*"))) == len(CORPUS)


def _document(path: Path) -> dict:
    from assistant.knowledge.yamlfile import parse

    data = parse(path.read_text(encoding="utf-8"), str(path))
    return data if isinstance(data, dict) else {}
