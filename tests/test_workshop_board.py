"""A workshop's results gathering live: debriefs handed in by participants' apps, the
facilitator's board following them as they arrive, and `workshop summary` on the folder."""

import asyncio
import json
import time

import pytest
from textual.widgets import Input, Markdown, OptionList, Static

from assistant.sessions import SessionStore
from assistant.training.debrief import Prediction, debrief, key_answers
from assistant.training.summary import summarize_files
from assistant.training.summary_pages import render_markdown
from assistant.transcripts import TranscriptDetails, build_transcript, export
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.board_app import WorkshopBoardApp
from assistant.tui.screens.download import DownloadScreen
from assistant.tui.screens.name import NameScreen
from assistant.tui.screens.training import DebriefScreen
from assistant.workshop.folder import WorkshopFolder

from .conftest import record_notifications

LIBERIA, BURUNDI = "liberia-unmil-2008", "burundi-binub-2008"
MARKUP_NAME = "[b]Mallory[/b] [link=http://x]"


def hand_in(kb, workshop, participant: str, case_id: str, name: str, changes=None, model="two_feet_in"):
    case = kb.case(case_id)
    answers = dict(key_answers(case))
    answers.update({q: (v,) for q, v in (changes or {}).items()})
    d = debrief(kb, case, answers, Prediction(model=model, flags=["humanitarian_independence"]))
    t = build_transcript(kb, training=d, details=TranscriptDetails(officer=name))
    return workshop.save_debrief(participant, case_id, export(t, "json"))


def status_of(app) -> str:
    return str(app.board.query_one("#board-status", Static).render())


async def until(pilot, predicate, timeout: float = 10.0) -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("timed out")
        await pilot.pause(0.05)
    return time.monotonic() - start


def test_the_board_follows_debriefs_as_they_arrive_and_agrees_with_the_summary(kb, cli, tmp_path):
    w = WorkshopFolder.open(tmp_path, "room")
    hand_in(kb, w, "p" * 16, LIBERIA, "Ann")

    async def scenario():
        app = WorkshopBoardApp(w, kb=kb)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: "1 debrief handed in" in status_of(app))
            # a second participant finishes Liberia, a third Burundi: the board follows, unprompted
            hand_in(kb, w, "q" * 16, LIBERIA, MARKUP_NAME, {"hostility": "high"}, "one_foot_in_one_foot_out")
            await until(pilot, lambda: "2 debriefs handed in" in status_of(app), timeout=5)
            hand_in(kb, w, "r" * 16, BURUNDI, "Cy", model="two_feet_out")
            await until(pilot, lambda: "3 debriefs handed in, 2 cases" in status_of(app), timeout=5)
            board = app.board
            shown = board.standing.summary
            expected = summarize_files([w.path])
            assert [
                (
                    c.case,
                    c.count,
                    [p.count for p in c.predictions],
                    c.scores,
                    [(f.id, f.count) for f in c.flags_missed],
                    [(q.question, q.differ) for q in c.questions],
                )
                for c in shown.cases
            ] == [
                (
                    c.case,
                    c.count,
                    [p.count for p in c.predictions],
                    c.scores,
                    [(f.id, f.count) for f in c.flags_missed],
                    [(q.question, q.differ) for q in c.questions],
                )
                for c in expected.cases
            ]
            options = board.query_one("#board-cases", OptionList)
            assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
                f"{c.title} ({c.count})" for c in expected.cases
            ]
            liberia = next(c for c in expected.cases if c.case == LIBERIA)
            assert board.case == LIBERIA
            head = str(board.query_one("#case-head", Static).render())
            assert f"{liberia.count} finished" in head and f"average score {liberia.average:g}/100" in head
            bars = {n: board.query_one(f"#case-{n}").bars for n in ("models", "answers", "flags", "scores")}
            assert [(label, count) for label, count, _ in bars["models"]] == [
                (p.label, p.count) for p in liberia.predictions
            ]
            assert [count for _, count, key in bars["models"] if key] == [liberia.model_right]
            assert (
                bars["answers"][0][0].startswith("Hostility") and bars["answers"][0][1] == 1
            )  # unlike the key
            assert [(label, count) for label, count, _ in bars["flags"]] == [
                (f.label, f.count) for f in liberia.flags_missed
            ]
            assert [count for _, count, _ in bars["scores"]] == [k for _, k in liberia.bands]
            learners = str(board.query_one("#case-learners", Static).render())
            assert MARKUP_NAME in learners  # as typed, not read as markup
            # reveal: the key's reasoning, for discussion
            reveal = board.query_one("#case-reveal", Markdown)
            assert not reveal.display
            await pilot.press("r")
            await pilot.pause()
            assert reveal.display
            text = reveal.source
            case = kb.case(LIBERIA)
            assert case.key["hostility"].why.split(".")[0] in text
            assert case.report_arrangement.text.split(".")[0] in text
            await pilot.press("r")
            assert not reveal.display
            # the export is the summary `workshop summary` writes, kept in the workshop folder
            await pilot.press("e")
            await pilot.pause()
            pages = list((w.path / "exports").glob("workshop-summary-*.html"))
            assert len(pages) == 1
            page = pages[0].read_text()
            assert "3 training transcripts, 2 cases" in page and "<svg" in page and "Mallory" in page
            assert "[b]Mallory" in page.replace("&#x27;", "'") and "<b>Mallory" not in page

    asyncio.run(scenario())
    p = cli(tmp_path, "workshop", "summary", w.path)
    assert p.returncode == 0, p.stderr
    assert "3 training transcripts, 2 cases" in p.stdout
    assert p.stdout == render_markdown(summarize_files([w.path]))


def test_summary_refuses_a_folder_that_is_not_a_workshop(cli, tmp_path):
    p = cli(tmp_path, "workshop", "summary", tmp_path)
    assert (
        p.returncode == 2
        and p.stderr.count("\n") == 1
        and str(tmp_path) in p.stderr
        and "workshop" in p.stderr
    )


def test_the_board_names_a_file_that_is_not_a_debrief_and_goes_on(kb, tmp_path):
    w = WorkshopFolder.open(tmp_path, "room")
    hand_in(kb, w, "p" * 16, LIBERIA, "Ann")
    (w.debriefs / "liberia-unmil-2008--broken.json").write_text("{not json")

    async def scenario():
        app = WorkshopBoardApp(w, kb=kb, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: "handed in" in status_of(app))
            status = status_of(app)
            assert "1 debrief handed in" in status and "liberia-unmil-2008--broken.json" in status
            assert str(tmp_path) not in status

    asyncio.run(scenario())


def test_board_of_a_workshop_that_does_not_exist_is_one_line(cli, tmp_path):
    p = cli(tmp_path, "--home", tmp_path, "workshop", "board", "nowhere")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "nowhere" in p.stderr


def test_a_participant_names_themself_once_and_the_debrief_reaches_the_workshop(kb, tmp_path):
    w = WorkshopFolder.open(tmp_path, "room")
    participant = "a" * 16
    home = w.participant_home(participant, create=True)
    case = kb.case(LIBERIA)

    async def scenario():
        app = IntegrationAssistantApp(
            kb=kb, store=SessionStore(home / "sessions", kb=kb), workshop=w, participant=participant
        )
        notified = record_notifications(app)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, NameScreen)
            await pilot.press("enter")  # nothing typed: asked again, nothing recorded
            assert isinstance(app.screen, NameScreen) and "name" in str(
                app.screen.query_one("#name-error").render()
            )
            app.screen.query_one("#name", Input).value = "  Ann\x1b[31m  Officer "
            await pilot.press("enter")
            await pilot.pause()
            app.start_training(LIBERIA)
            await pilot.pause()
            await pilot.press("enter")  # begin answering
            await pilot.pause()
            for qid, values in key_answers(case).items():
                app.screen.query_one("#prompt", Input).value = f"set {qid} {values[0]}"
                await pilot.press("enter")
                await pilot.pause()
            await pilot.press("f9")
            await pilot.pause()
            app.screen.query_one("#model-two_feet_in").value = True
            await pilot.pause()
            await pilot.click("#ok")
            await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
            await until(pilot, lambda: any(w.debriefs.iterdir()))
            # export: a format to download, no path to type
            await pilot.press("f10")
            await pilot.pause()
            assert isinstance(app.screen, DownloadScreen) and not app.screen.query(Input)
            app.screen.query_one("#fmt-markdown").value = True
            await pilot.pause()
            await pilot.click("#ok")
            await until(pilot, lambda: list(home.glob("exports/*.md")))
            await pilot.pause()
            shown = " ".join(notified)
            assert str(tmp_path) not in shown

    asyncio.run(scenario())
    assert w.participant_name(participant) == "Ann [31m Officer"
    files = list(w.debriefs.glob("*.json"))
    assert [f.name for f in files] == [f"{LIBERIA}--{participant}.json"]
    doc = json.loads(files[0].read_text())
    assert doc["details"]["officer"] == "Ann [31m Officer"
    assert doc["training"]["case"] == LIBERIA and doc["training"]["prediction"]["model_right"]
    assert len(list((home / "training").glob("*.json"))) == 1  # the participant's own training run
    summary = summarize_files([w.path])
    assert [(c.case, [x.name for x in c.learners]) for c in summary.cases] == [
        (LIBERIA, ["Ann [31m Officer"])
    ]


def test_a_name_known_is_not_asked_again(kb, tmp_path):
    w = WorkshopFolder.open(tmp_path, "room")
    participant = "b" * 16
    w.set_participant_name(participant, "Bea")

    async def scenario():
        app = IntegrationAssistantApp(
            kb=kb,
            store=SessionStore(w.participant_home(participant) / "sessions", kb=kb),
            workshop=w,
            participant=participant,
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            assert not isinstance(app.screen, NameScreen)
            assert app.screen.query_one("#cases", OptionList)

    asyncio.run(scenario())


@pytest.mark.parametrize("bad", ["../x", "a b", ""])
def test_participant_ids_and_workshop_names_are_never_paths(tmp_path, bad):
    w = WorkshopFolder.open(tmp_path, "room")
    with pytest.raises(ValueError):
        w.participant_home(bad)
    from assistant.knowledge.yamlfile import InputError

    with pytest.raises(InputError):
        WorkshopFolder.open(tmp_path, bad)
