"""Training end to end: in the chat (brief, answers, prediction, debrief, score) and headless."""

import asyncio
import json

from textual.widgets import Input, RadioSet, SelectionList

from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import SessionStore
from assistant.training.debrief import key_answers
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.name import NameScreen
from assistant.tui.screens.training import BriefScreen, DebriefScreen, PredictScreen
from assistant.tui.widgets.side_panel import SidePanel

from .conftest import ROOT


def test_training_in_the_chat_from_brief_to_score(tmp_path):
    kb = shipped_knowledge()
    case = kb.case("liberia-unmil-2008")
    key = key_answers(case)

    async def scenario():
        app = IntegrationAssistantApp(
            kb=kb, store=SessionStore(tmp_path / "sessions", kb=kb), training=case.id
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NameScreen)  # asked once, before the brief
            await pilot.press(*"Amina", "enter")
            await pilot.pause()
            assert isinstance(app.screen, BriefScreen)
            await pilot.press("enter")  # begin answering
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            screen = app.screen
            panel = str(screen.query_one(SidePanel).query_one("#standing").render())
            assert "hidden" in panel and "Two feet" not in panel
            # answer as the key says, except OCHA's presence
            for qid, values in key.items():
                value = "present" if qid == "ocha_presence" else values[0]
                screen.query_one("#prompt", Input).value = f"set {qid} {value}"
                await pilot.press("enter")
                await pilot.pause()
            # nothing concluded is shown before the prediction
            texts = " ".join(m.reply.text for m in screen.query("ChatMessage"))
            assert "Recommendation now" not in texts and "Recommendation so far" not in texts
            screen.query_one("#prompt", Input).value = "how"
            await pilot.press("enter")
            await pilot.pause()
            assert "Not during training" in list(screen.query("ChatMessage"))[-1].reply.text
            await pilot.press("f9")
            await pilot.pause()
            predict = app.screen
            assert isinstance(predict, PredictScreen)
            radio = predict.query_one("#model", RadioSet)
            predict.query_one("#model-two_feet_in").value = True
            await pilot.pause()
            assert radio.pressed_button.id == "model-two_feet_in"
            predict.query_one("#flags", SelectionList).select("humanitarian_independence")
            await pilot.click("#ok")
            await pilot.pause()
            debrief_screen = app.screen
            assert isinstance(debrief_screen, DebriefScreen)
            d = debrief_screen.debrief
            assert d.prediction.model_right  # the key gives two feet in
            wrong = [c for c in d.answers if not c.agrees]
            assert [c.question for c in wrong] == ["ocha_presence"]
            assert "changes the model" in wrong[0].matters
            assert d.learner_result.recommendation.model == "one_foot_in_one_foot_out"
            assert d.score.answers_agreed == len(key) - 1
            assert d.score.total == d.score.answers + d.score.model + d.score.flags
            assert 0 < d.score.total < 100

    asyncio.run(scenario())


def test_headless_training_writes_a_debrief_transcript(cli, tmp_path):
    kb = shipped_knowledge()
    case = kb.case("darfur-unamid-2008")
    answers = {q: list(v) if kb.question(q).multi else v[0] for q, v in key_answers(case).items()}
    answers["geographic_mandate"] = "single_country"
    (tmp_path / "mine.json").write_text(json.dumps({"answers": answers}))
    out = tmp_path / "debrief.json"
    cmd = [
        "train",
        case.id,
        "--answers",
        str(tmp_path / "mine.json"),
        "--predict",
        "one_foot_in_one_foot_out",
        "--predict-flags",
        "hostile_environment",
        "--format",
        "json",
        "--output",
        str(out),
    ]
    p = cli(ROOT, *cmd)
    assert p.returncode == 0, p.stderr
    data = json.loads(out.read_text())
    training = data["training"]
    assert training["case"] == case.id
    assert not training["prediction"]["model_right"]  # the key's answers give two feet out
    assert training["prediction"]["expected_model"] == "two_feet_out"
    assert [a["question"] for a in training["answers"] if not a["agrees"]] == ["geographic_mandate"]
    assert data["result"]["recommendation"]["model"] == "one_foot_in_one_foot_out"
    # refuses to overwrite, and bad input is one line
    again = cli(ROOT, *cmd)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "force" in again.stderr
    bad = cli(ROOT, "train", "atlantis", "--answers", "x", "--predict", "y")
    assert bad.returncode == 2 and "atlantis" in bad.stderr and "Traceback" not in bad.stderr
