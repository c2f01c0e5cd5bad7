"""One folder, any source: `workshop summary`, `compare` and `workshop board` read the same
inputs (a served workshop folder, a plain folder of debriefs, files, a participant's home), and
the board fits 80 columns."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
from pathlib import Path

import pytest
from textual.widgets import Markdown, OptionList, Static

from assistant.knowledge.yamlfile import InputError
from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.training.summary import summarize_files
from assistant.transcripts import TranscriptDetails, build_transcript, export
from assistant.tui.board_app import WorkshopBoardApp
from assistant.tui.widgets.bars import BarChart
from assistant.workshop.folder import WorkshopFolder
from assistant.workshop.sources import read_debriefs, resolve

ROOT = Path(__file__).resolve().parents[1]
LIBERIA, BURUNDI = "liberia-unmil-2008", "burundi-binub-2008"
T0 = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


def debrief_json(kb, case_id: str, name: str, changes=None, model="two_feet_in", when=T0) -> bytes:
    case = kb.case(case_id)
    answers = dict(key_answers(case))
    answers.update({q: (v,) for q, v in (changes or {}).items()})
    d = debrief(kb, case, answers, Prediction(model=model, flags=["humanitarian_independence"]))
    return export(
        build_transcript(kb, training=d, details=TranscriptDetails(officer=name), generated_at=when), "json"
    )


@pytest.fixture
def shared(kb, tmp_path) -> Path:
    """A shared drive's folder: two participants' exported debriefs, an exported Markdown copy
    and a JSON file that is not a debrief."""
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "Liberia-UNMIL-2008-Amina-K.json").write_bytes(debrief_json(kb, LIBERIA, "Amina K."))
    (folder / "Burundi-BINUB-2008-Bo.json").write_bytes(
        debrief_json(kb, BURUNDI, "Bo Diallo", {"hostility": "high"}, "two_feet_out")
    )
    (folder / "notes.md").write_text("# not JSON, not read\n")
    (folder / "stray.json").write_text('{"something": "else"}')
    return folder


def learners(summary) -> list[tuple[str, list[str]]]:
    return [(c.case, [x.name for x in c.learners]) for c in summary.cases]


# --- the resolver ----------------------------------------------------------------------------


def test_each_kind_of_input_resolves_to_its_debriefs(kb, tmp_path, shared):
    # a plain folder: its JSON debriefs; the stray JSON file skipped with a line naming it
    found = read_debriefs([shared])
    assert [Path(f).name for f, _ in found.items] == [
        "Burundi-BINUB-2008-Bo.json",
        "Liberia-UNMIL-2008-Amina-K.json",
    ]
    assert len(found.problems) == 1 and "stray.json" in found.problems[0]
    assert str(tmp_path) not in found.problems[0] and "\n" not in found.problems[0]
    assert resolve([shared]).sources[0].kind == "folder"

    # a served workshop folder, by its path or by its name under the home
    w = WorkshopFolder.open(tmp_path / "home", "room")
    w.save_debrief("p" * 16, LIBERIA, debrief_json(kb, LIBERIA, "Cy"))
    for given in (w.path, "room"):
        src = resolve([given], tmp_path / "home")
        assert src.sources[0].kind == "workshop" and src.workshop == w
        assert learners(summarize_files([given], tmp_path / "home")) == [(LIBERIA, ["Cy"])]

    # a participant's home: the latest debrief of each case in training/, not the resumable copy
    home = tmp_path / "amina-home"
    (home / "training").mkdir(parents=True)
    (home / "sessions").mkdir()
    (home / "settings.json").write_text("{}")
    early, late = T0, T0 + dt.timedelta(hours=1)
    (home / "training" / "2026-12-05-1000-liberia-unmil-2008-Amina.json").write_bytes(
        debrief_json(kb, LIBERIA, "Amina late", when=late)
    )
    (home / "training" / "2026-12-05-0900-liberia-unmil-2008-Amina.json").write_bytes(
        debrief_json(kb, LIBERIA, "Amina early", when=early)
    )
    (home / "training" / "unfinished-burundi-binub-2008-Amina.json").write_text('{"kind": "x"}')
    assert resolve([home]).sources[0].kind == "home"
    found = read_debriefs([home])
    assert [t.details.officer for _, t in found.items] == ["Amina late"] and not found.problems

    # a list of files, a folder among them: each file once
    files = sorted(shared.glob("*-*.json"))
    found = read_debriefs([*files, shared, home])
    assert len(found.items) == 3 and len(found.problems) == 1


def test_inputs_that_are_not_there_or_not_debriefs_are_one_line(kb, tmp_path, shared):
    with pytest.raises(InputError, match="nowhere: no such file or folder"):
        resolve([tmp_path / "nowhere"])
    with pytest.raises(InputError) as named:  # a file named on its own: an error naming it
        read_debriefs([shared / "Burundi-BINUB-2008-Bo.json", shared / "stray.json"])
    assert "stray.json" in str(named.value) and "\n" not in str(named.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no debrief transcripts found"):
        read_debriefs([empty])


# --- workshop summary and compare over a plain folder ---------------------------------------


def test_summary_and_compare_over_a_plain_folder_name_the_learners(cli, shared):
    p = cli(ROOT, "workshop", "summary", shared)
    assert p.returncode == 0, p.stderr
    assert "2 training transcripts, 2 cases" in p.stdout
    assert "| Amina K. |" in p.stdout and "| Bo Diallo |" in p.stdout
    assert p.stderr.count("\n") == 1 and "skipped" in p.stderr and "stray.json" in p.stderr

    p = cli(ROOT, "compare", shared)
    assert p.returncode == 0, p.stderr
    assert "stray.json" in p.stderr and p.stderr.count("\n") == 1
    head = next(line for line in p.stdout.splitlines() if "| Question |" in line)
    assert "Amina K." in head and "Bo Diallo" in head and ".json" not in head


def test_learners_without_a_name_are_named_by_their_file(kb, tmp_path):
    (tmp_path / "A-sierraleone.json").write_bytes(debrief_json(kb, LIBERIA, ""))
    assert learners(summarize_files([tmp_path])) == [(LIBERIA, ["A-sierraleone.json"])]


# --- the board over a plain folder -----------------------------------------------------------


def status_of(app) -> str:
    return str(app.board.query_one("#board-status", Static).render())


async def until(pilot, predicate, timeout: float = 10.0) -> None:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("timed out")
        await pilot.pause(0.05)


def test_the_board_follows_a_plain_folder_as_files_arrive(kb, tmp_path, shared):
    exports = tmp_path / "trainer" / "exports"

    async def scenario():
        app = WorkshopBoardApp(resolve([shared]), kb=kb, exports=exports)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: "2 debriefs handed in, 2 cases" in status_of(app))
            assert "stray.json" in status_of(app)
            assert app.sub_title == "shared"
            # a third participant saves to the shared folder: it appears, unprompted
            (shared / "Liberia-UNMIL-2008-Cy.json").write_bytes(
                debrief_json(kb, LIBERIA, "Cy Mensah", {"hostility": "high"}, "two_feet_out")
            )
            await until(pilot, lambda: "3 debriefs handed in, 2 cases" in status_of(app), timeout=5)
            board = app.board
            cases = board.query_one("#board-cases", OptionList)
            cases.highlighted = [c.case for c in board.standing.summary.cases].index(LIBERIA)
            await until(pilot, lambda: board.case == LIBERIA)
            names = str(board.query_one("#case-learners", Static).render())
            assert "Amina K." in names and "Cy Mensah" in names and ".json" not in names
            await pilot.press("r")
            await until(pilot, lambda: bool(board.query_one("#case-reveal", Markdown).source))
            assert (
                kb.case(LIBERIA).key["hostility"].why.split(".")[0]
                in board.query_one("#case-reveal", Markdown).source
            )
            await pilot.press("e")
            await until(pilot, lambda: bool(list(exports.glob("workshop-summary-*.html"))))
            page = next(exports.glob("workshop-summary-*.html")).read_text()
            assert "3 training transcripts, 2 cases" in page and "Cy Mensah" in page

    asyncio.run(scenario())
    assert not list(shared.glob("*.html"))  # nothing written into the participants' folder


# --- the board at 80 columns -----------------------------------------------------------------


def chart_lines(chart: BarChart) -> list[str]:
    from textual.geometry import Region

    width, height = chart.content_size
    return ["".join(s.text for s in strip) for strip in chart.render_lines(Region(0, 0, width, height))]


def words_broken(chart: BarChart) -> list[str]:
    """Pieces of the chart's text that are not whole words of its labels (nor cut with '…')."""
    words = {w for label, _, _ in chart.bars for w in label.split()}
    broken = []
    for line in chart_lines(chart)[1:]:  # under the title
        for piece in re.sub(r"[█▏▎▍▌▋▊▉]+", " ", line).split():
            if piece.isdigit() or piece in words or piece.endswith("…"):
                continue
            broken.append(piece)
    return broken


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_board_fits_its_labels_and_reveal_scrolls_into_view(kb, tmp_path, size):
    folder = tmp_path / "class"
    folder.mkdir()
    models = ["one_foot_in_one_foot_out", "not_applicable", "two_feet_out", "two_feet_in"]
    for i, model in enumerate(models):
        (folder / f"L{i}.json").write_bytes(
            debrief_json(kb, LIBERIA, f"Learner {i}", {"hostility": "high"} if i % 2 else {}, model)
        )

    async def scenario():
        app = WorkshopBoardApp(resolve([folder]), kb=kb, watch=False)
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: "4 debriefs handed in" in status_of(app))
            await pilot.pause()
            board = app.board
            charts = list(board.query(BarChart))
            assert [len(c.bars) for c in charts] == [4, 1, len(charts[2].bars), 4]
            whole = ("One foot in, one foot out", "Not applicable", "Two feet out")
            # laid out for the width it has (once the layout settles): each label whole, on one line
            await until(pilot, lambda: all(x in "\n".join(chart_lines(charts[0])) for x in whole), timeout=5)
            for chart in charts:
                assert chart.content_size.width > 0
                assert words_broken(chart) == [], chart.id
            if size == (120, 40):
                assert board.query_one("#board-cases").outer_size.width == 34  # as before
            # reveal: the key's reasoning, scrolled into view
            scroll = board.query_one("#board-case")
            reveal = board.query_one("#case-reveal", Markdown)
            await pilot.press("r")
            await until(pilot, lambda: bool(reveal.source) and reveal.virtual_region.height > 1)

            def in_view() -> bool:
                top = reveal.virtual_region.y
                return scroll.scroll_y <= top < scroll.scroll_y + scroll.scrollable_content_region.height

            await until(pilot, in_view, timeout=5)
            if size == (80, 24):
                assert scroll.max_scroll_y > 0 and scroll.scroll_y > 0  # below the fold: scrolled to

    asyncio.run(scenario())
