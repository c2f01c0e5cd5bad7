"""Training on one's own laptop: the name asked once, every debrief kept in the home at once
(whatever key follows), an unfinished run kept to resume, and the start screen listing them."""

import asyncio
import json
import stat

import pytest
from textual.widgets import Button, Input, OptionList

from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import SessionStore
from assistant.settings import FILE_NAME, Settings
from assistant.training.debrief import key_answers
from assistant.training.saved import case_slug, debrief_filename, list_trainings, safe_part
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.confirm import ConfirmScreen
from assistant.tui.screens.name import NameScreen
from assistant.tui.screens.start import StartScreen
from assistant.tui.screens.training import BriefScreen, DebriefScreen, PredictScreen

from .conftest import ROOT

KB = shipped_knowledge()
SIZES = [(120, 40), (80, 24)]
CASE = "burundi-binub-2008"

# Keeping a name or a debrief does not depend on the terminal's size: the everyday run tries it at
# 80x24, the long run (-m slow) at 120x40 too. The layout is tried at both sizes in every run.
EITHER_SIZE = [SIZES[1], pytest.param(SIZES[0], marks=pytest.mark.slow)]


def _app(home, **kw):
    return IntegrationAssistantApp(kb=KB, store=SessionStore(home / "sessions", kb=KB), **kw)


async def _until(pilot, ready, tries: int = 100) -> bool:
    for _ in range(tries):
        if ready():
            return True
        await pilot.pause(0.05)
    return ready()


async def _answer(app, pilot, qids) -> None:
    case = KB.case(CASE)
    key = key_answers(case)
    screen = app.screen
    assert isinstance(screen, ChatScreen)
    for qid in qids:
        screen.query_one("#prompt", Input).value = f"set {qid} {key[qid][0]}"
        await pilot.press("enter")
        await pilot.pause()


async def _name_and_begin(app, pilot, name: str | None) -> None:
    assert await _until(pilot, lambda: isinstance(app.screen, NameScreen))
    if name is not None:
        app.screen.query_one("#name", Input).value = ""
        await pilot.press(*name)
    await pilot.press("enter")
    assert await _until(pilot, lambda: isinstance(app.screen, BriefScreen))
    await pilot.press("enter")
    assert await _until(pilot, lambda: isinstance(app.screen, ChatScreen))
    await pilot.pause()


async def _predict(app, pilot) -> DebriefScreen:
    await pilot.press("f9")
    assert await _until(pilot, lambda: isinstance(app.screen, PredictScreen))
    predict = app.screen
    predict.query_one("#model-two_feet_in").value = True
    await pilot.pause()
    predict.query_one("#ok", Button).press()
    assert await _until(pilot, lambda: isinstance(app.screen, DebriefScreen))
    await pilot.pause()
    return app.screen


def test_file_names_carry_the_case_and_the_name():
    case = KB.case(CASE)
    assert case_slug(case) == "Burundi-BINUB-2008"
    assert debrief_filename(case, "Amina K.", "json") == "Burundi-BINUB-2008-Amina-K.json"
    assert debrief_filename(case, "", "markdown") == "Burundi-BINUB-2008.md"
    assert safe_part("Zoë ../../etc/passwd") == "Zoe-etc-passwd"


@pytest.mark.parametrize("size", EITHER_SIZE)
def test_the_name_is_asked_once_and_offered_next_time(tmp_path, size):
    async def first():
        app = _app(tmp_path, training=CASE)
        async with app.run_test(size=size) as pilot:
            assert await _until(pilot, lambda: isinstance(app.screen, NameScreen))
            name = app.screen.query_one("#name", Input)
            assert name.value == ""
            assert name.region.height and app.screen.region.contains_region(name.region)
            await _name_and_begin(app, pilot, "Amina K.")
            assert app.participant_name == "Amina K."
            # another training in the same run: no second question
            app.switch_to_start()
            await pilot.pause()
            app.start_training(CASE)
            await pilot.pause()
            assert isinstance(app.screen, BriefScreen)

    async def next_time():
        app = _app(tmp_path, training=CASE)
        async with app.run_test(size=size) as pilot:
            assert await _until(pilot, lambda: isinstance(app.screen, NameScreen))
            assert app.screen.query_one("#name", Input).value == "Amina K."  # pre-filled, editable
            await _name_and_begin(app, pilot, None)
            assert app.participant_name == "Amina K."

    asyncio.run(first())
    assert Settings(tmp_path / FILE_NAME).get("participant_name") == "Amina K."
    asyncio.run(next_time())


@pytest.mark.parametrize("size", EITHER_SIZE)
def test_a_debrief_is_kept_at_once_and_escape_loses_nothing(tmp_path, size):
    case = KB.case(CASE)

    async def scenario():
        app = _app(tmp_path, training=CASE)
        async with app.run_test(size=size) as pilot:
            await _name_and_begin(app, pilot, "Amina K.")
            await _answer(app, pilot, list(case.key)[:2])
            unfinished = [t for t in list_trainings(tmp_path / "training") if not t.finished]
            assert len(unfinished) == 1 and unfinished[0].answered == 2
            screen = await _predict(app, pilot)
            # the default export file: the case, then the name
            assert debrief_filename(case, screen.participant, "json") == "Burundi-BINUB-2008-Amina-K.json"
            await pilot.press("escape")  # "Done", right away
            assert await _until(pilot, lambda: isinstance(app.screen, StartScreen))
            await pilot.pause()
            options = [o.id for o in app.screen.query_one("#start-options", OptionList)._options]
            kept = [o for o in options if o and o.startswith("debrief:")]
            assert len(kept) == 1 and not [o for o in options if o and o.startswith("unfinished:")]
            # the start screen opens it again, to read and export
            app.open_saved_debrief(tmp_path / "training" / kept[0].removeprefix("debrief:"))
            await pilot.pause()
            assert isinstance(app.screen, DebriefScreen) and app.screen.participant == "Amina K."

    asyncio.run(scenario())
    files = list((tmp_path / "training").glob("*.json"))
    assert len(files) == 1
    path = files[0]
    assert CASE in path.name and "Amina-K" in path.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data["details"]["officer"] == "Amina K."
    assert data["training"]["case"] == CASE


@pytest.mark.parametrize("size", EITHER_SIZE)
def test_leaving_an_unfinished_training_asks_and_keeps_it_to_resume(tmp_path, size):
    case = KB.case(CASE)
    first_two = list(case.key)[:2]

    async def leave():
        app = _app(tmp_path, training=CASE)
        async with app.run_test(size=size) as pilot:
            await _name_and_begin(app, pilot, "Amina K.")
            await _answer(app, pilot, first_two)
            await pilot.press("ctrl+n")
            assert await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            assert "kept" in app.screen.question and "resume" in app.screen.question
            await pilot.press("escape")  # stay
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            app.screen.query_one("#prompt", Input).value = "quit"  # typed, it asks too
            await pilot.press("enter")
            assert await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen) and app.is_running
            await pilot.press("ctrl+q")  # and so does the key
            assert await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            await pilot.pause()

    async def resume():
        app = _app(tmp_path)
        async with app.run_test(size=size) as pilot:
            assert await _until(pilot, lambda: isinstance(app.screen, StartScreen))
            await pilot.pause()
            options = app.screen.query_one("#start-options", OptionList)
            ids = [o.id for o in options._options]
            unfinished = [i for i, o in enumerate(ids) if o and o.startswith("unfinished:")]
            assert len(unfinished) == 1
            options.highlighted = unfinished[0]
            await pilot.press("enter")
            assert await _until(pilot, lambda: isinstance(app.screen, ChatScreen))
            await pilot.pause()
            conversation = app.screen.conversation
            assert conversation.training.id == CASE
            assert set(conversation.consultation.answers) >= set(first_two)
            assert app.participant_name == "Amina K."

    asyncio.run(leave())
    kept = list((tmp_path / "training").glob("unfinished-*.json"))
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    asyncio.run(resume())


def test_headless_training_takes_the_participant_name(cli, tmp_path):
    case = KB.case(CASE)
    answers = {q: list(v) if KB.question(q).multi else v[0] for q, v in key_answers(case).items()}
    (tmp_path / "mine.json").write_text(json.dumps({"answers": answers}))
    out = tmp_path / "debrief.json"
    cmd = ["train", CASE, "--answers", str(tmp_path / "mine.json")]
    cmd += ["--predict", "two_feet_in", "--participant", "Amina K.", "--output", str(out)]
    p = cli(ROOT, *cmd)
    assert p.returncode == 0, p.stderr
    assert json.loads(out.read_text())["details"]["officer"] == "Amina K."
    # given a folder, the file is named for the case and the participant
    (tmp_path / "class").mkdir()
    cmd[-1] = str(tmp_path / "class")
    p = cli(ROOT, *cmd)
    assert p.returncode == 0, p.stderr
    assert [f.name for f in (tmp_path / "class").iterdir()] == ["Burundi-BINUB-2008-Amina-K.json"]


@pytest.mark.parametrize("size", SIZES)
def test_training_fits_the_terminal(size):
    """The cases' intro wraps, the brief opens at its title, and the prediction dialog shows its
    title, whole labels, the flags and the buttons without Tab, at 80x24 as at 120x40."""
    from assistant.conversation import Conversation
    from assistant.training.debrief import Prediction, debrief
    from assistant.tui.screens.training import CasePickerScreen

    case = KB.case(CASE)

    def inside(screen, widget) -> bool:
        r = widget.region
        return r.height > 0 and r.width > 0 and screen.region.contains_region(r)

    async def scenario():
        app = IntegrationAssistantApp(Conversation(KB))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.push_screen(CasePickerScreen(KB.cases))
            await pilot.pause()
            intro = app.screen.query_one("#cases-intro")
            assert inside(app.screen, intro) and intro.region.height >= 2  # wrapped, not cut
            app.push_screen(BriefScreen(case))
            await pilot.pause()
            assert app.screen.query_one("#brief").scroll_y == 0  # from its title
            app.push_screen(PredictScreen(KB))
            await pilot.pause()
            screen = app.screen
            title = screen.query_one("#predict-title")
            flags_title = screen.query_one("#flags-title")
            for widget in (title, flags_title, screen.query_one("#flags"), *screen.query(Button)):
                assert inside(screen, widget), widget
            assert flags_title.region.width >= len("Which conflicts do you expect flagged? (Space to tick)")
            assert "Space to tick" in str(flags_title.render())
            # the buttons answer the mouse at once: no Tab needed
            screen.query_one("#model-two_feet_in").value = True
            await pilot.pause()
            await pilot.click("#ok")
            await pilot.pause()
            assert not isinstance(app.screen, PredictScreen)
            answers = dict(key_answers(case))
            app.push_screen(
                DebriefScreen(debrief(KB, case, answers, Prediction(model="two_feet_in")), case, KB, answers)
            )
            await pilot.pause()
            scroll = app.screen.query_one("#debrief")
            assert app.focused is scroll and scroll.scroll_y == 0
            await pilot.press("pagedown")
            await pilot.pause()
            assert scroll.scroll_y > 0  # read on with the keys
            footer = app.screen.query_one("KeyFooter")
            assert inside(app.screen, footer)

    asyncio.run(scenario())


def test_the_prediction_shows_what_is_chosen_without_colour():
    """The chosen model is marked ●, a ticked flag ✓; the others are blank, so a monochrome
    terminal or a projector shows the choice."""
    from assistant.conversation import Conversation
    from assistant.tui.widgets.choices import TickList

    async def scenario():
        app = IntegrationAssistantApp(Conversation(KB))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.push_screen(PredictScreen(KB))
            await pilot.pause()
            screen = app.screen
            screen.query_one("#model-two_feet_in").value = True
            flags = screen.query_one("#flags", TickList)
            first = next(iter(KB.flags))
            flags.select(first)
            await pilot.pause()

            def line(y: int) -> str:
                return "".join(s.text for s in flags.render_line(y))

            assert "●" in str(screen.query_one("#model-two_feet_in").render())
            assert "●" not in str(screen.query_one("#model-two_feet_out").render())
            assert "✓" in line(0) and KB.flags[first].title in line(0)
            assert "✓" not in line(1) and "X" not in line(1)

    asyncio.run(scenario())
