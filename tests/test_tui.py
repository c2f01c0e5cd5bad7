"""The terminal UI driven through Textual's Pilot: typing, keys, clicks, the palette, modals.

pytest-asyncio is not a dependency: each test runs its own event loop with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
from collections.abc import Awaitable, Callable

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, SelectionList, Static

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.conversation import Conversation
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.citation import CitationScreen, CitationsScreen, passages
from assistant.tui.widgets.chat_log import ChatLog
from assistant.tui.widgets.chat_message import ChatMessage, source_refs
from assistant.tui.widgets.how_tree import HowTree
from assistant.tui.widgets.side_panel import SidePanel

from .conftest import CASES, ROOT, load_case, record_notifications
from .keys import type_text

Scenario = Callable[[IntegrationAssistantApp, Pilot], Awaitable[None]]


def drive(
    scenario: Scenario, size: tuple[int, int] = (120, 40), conversation: Conversation | None = None
) -> None:
    async def main() -> None:
        app = IntegrationAssistantApp(conversation or Conversation())
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


# --- helpers ------------------------------------------------------------------------------------


def prompt(app) -> Input:
    return app.screen.query_one("#prompt", Input)


async def type_in(pilot: Pilot, text: str) -> None:
    """Type text key by key into the focused input, then press Enter."""
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def submit(app, pilot: Pilot, text: str) -> None:
    """Put text in the input and press Enter (faster than typing it key by key)."""
    box = prompt(app)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def set_by_position(kb, qid: str, option: str) -> str:
    """The ``set N M`` command for an answer, by the question's number and the option's, as the
    knowledge base orders them ("set 9 3": the ninth question, its third option)."""
    number = [q.id for q in kb.questions].index(qid) + 1
    return f"set {number} {kb.question(qid).option_ids.index(option) + 1}"


def messages(app) -> list[ChatMessage]:
    return list(app.screen.query(ChatMessage))


def kinds(app) -> list[str]:
    return [m.reply.kind for m in messages(app)]


def panel_text(app) -> str:
    return "\n".join(
        str(app.screen.query_one(f"#{i}", Static).render()) for i in ("standing", "flags", "left")
    )


def answers(app):
    return app.conversation.consultation.answers


def asked(app) -> str | None:
    q = app.conversation.current_question
    return q.id if q else None


def assert_panel_shows(app, result, kb) -> None:
    text = panel_text(app)
    rec = result.recommendation
    assert rec.label in text
    assert f"confidence: {rec.confidence}" in text
    assert f"form: {rec.form_label}" in text
    assert f"Flags ({len(result.flags)})" in text
    for f in result.flags:
        assert f"{kb.flags[f.id].title} ({f.severity})" in text
    assert f"Questions left: {len(app.conversation.questions_left())}" in text


# --- the start ----------------------------------------------------------------------------------


def test_start_screen():
    async def scenario(app, pilot):
        assert isinstance(app.screen, ChatScreen)
        assert kinds(app) == ["greeting", "question"]
        assert isinstance(app.focused, Input) and app.focused.id == "prompt"
        options = app.screen.query_one("#options", OptionList)
        assert options.display and options.option_count == len(app.conversation.kb.questions[0].options) + 1
        assert not app.screen.query_one("#choices", SelectionList).display
        assert f"Questions left: {len(app.conversation.kb.questions)}" in panel_text(app)
        assert app.theme == "textual-dark"

    drive(scenario)


# --- reference cases through the UI -------------------------------------------------------------


# One case of each model is typed into the UI in every run; the other cases, which take the same
# path through the UI to other flags, are typed too under -m slow (each case's result is checked
# without the UI in every run, by tests/test_cases.py).
UI_EVERY_RUN = {"afghanistan-unama-2008", "liberia-unmil-2008", "chad-car-minurcat-2008"}


@pytest.mark.parametrize(
    "path",
    [p if p.stem in UI_EVERY_RUN else pytest.param(p, marks=pytest.mark.slow) for p in CASES],
    ids=lambda p: p.stem,
)
def test_reference_case_typed_in_the_ui(kb, path):
    case = load_case(path)
    expected = consult(normalize(kb, case["answers"]), kb)

    async def scenario(app, pilot):
        for qid, value in case["answers"].items():
            values = value if isinstance(value, list) else [value]
            await submit(app, pilot, f"set {qid} {', '.join(str(v) for v in values)}")
            assert kinds(app)[-1] != "error", messages(app)[-1].reply.text
        assert prompt(app).value == ""
        result = app.conversation.result
        assert result.recommendation.model == expected.recommendation.model == case["expect"]["model"]
        assert [f.id for f in result.flags] == [f.id for f in expected.flags]
        assert set(case["expect"].get("flags", [])) <= {f.id for f in result.flags}
        assert_panel_shows(app, expected, kb)

        # then answer every question still asked, until the final message
        for _ in range(len(kb.questions)):
            if asked(app) is None:
                break
            await submit(app, pilot, "not sure")
        assert asked(app) is None
        final = [m for m in messages(app) if m.reply.kind == "final"]
        assert len(final) == 1
        assert final[0].reply.text.startswith("## Recommendation: ")
        assert final[0].reply.citations
        # no options are offered once the interview is over
        assert not app.screen.query_one("#options").display
        assert not app.screen.query_one("#choices").display
        assert_panel_shows(app, app.conversation.result, kb)
        assert "Questions left: 0" in panel_text(app)

    drive(scenario)


def test_whole_interview_by_typing_answers(kb):
    """Answer every asked question in words; the final message comes once, at the end."""
    case = load_case(next(p for p in CASES if "drc" in p.stem))

    async def scenario(app, pilot):
        for _ in range(len(kb.questions)):
            qid = asked(app)
            if qid is None:
                break
            value = case["answers"].get(qid, "unknown")
            label = kb.question(qid).label_of(value) if value != "unknown" else "not sure"
            await submit(app, pilot, label)
            assert answers(app)[qid] == (value,)
        assert kinds(app).count("final") == 1
        assert asked(app) is None
        assert app.conversation.result.recommendation.model == case["expect"]["model"]
        assert set(case["expect"]["flags"]) <= {f.id for f in app.conversation.result.flags}

    drive(scenario)


# --- picking options ----------------------------------------------------------------------------


def test_a_number_typed_on_the_focused_options_goes_to_the_input():
    """A key pressed while the options have the focus is typed, not taken as a pick: the answer
    is recorded only on Enter, as when the number is typed in the input."""

    async def scenario(app, pilot):
        app.screen.query_one("#options", OptionList).focus()
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert answers(app) == {}
        assert prompt(app).value == "3" and app.focused is prompt(app)
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app) == {"un_presence": ("political_mission",)}
        label = app.conversation.kb.question("un_presence").label_of("political_mission")
        assert messages(app)[-3].reply.text == "3"  # the user's words, echoed
        assert label in messages(app)[-2].reply.text
        assert asked(app) == "country_team"
        assert app.focused is prompt(app)

    drive(scenario)


def test_number_typed_in_the_input():
    async def scenario(app, pilot):
        await type_in(pilot, "4")
        assert answers(app) == {"un_presence": ("peacebuilding_office",)}

    drive(scenario)


def test_arrow_keys_and_enter_in_the_input():
    async def scenario(app, pilot):
        options = app.screen.query_one("#options", OptionList)
        assert options.highlighted is None  # nothing is offered as a default
        await pilot.press("down", "down", "down")
        assert options.highlighted == 2
        assert prompt(app).value == "" and app.focused is prompt(app)
        await pilot.press("up")
        assert options.highlighted == 1
        await pilot.press("enter")  # Enter after moving to an option picks it
        await pilot.pause()
        assert answers(app) == {"un_presence": ("traditional_pko",)}
        # the next question's options are shown, none highlighted
        assert options.highlighted is None
        nxt = app.conversation.kb.question(asked(app))
        assert options.option_count == len(nxt.options) + 1
        await pilot.press("enter")  # an empty Enter records nothing
        await pilot.pause()
        assert nxt.id not in answers(app)
        assert asked(app) == nxt.id

    drive(scenario)


def test_an_empty_enter_never_answers():
    """Enter on an empty line used to record option 1 (a "Very stable" security, a condition of
    two feet in). Now it records nothing, at the first question and later ones alike."""

    async def scenario(app, pilot):
        notified = record_notifications(app)
        for _ in range(3):
            await pilot.press("enter")
            await pilot.pause()
        assert answers(app) == {}
        assert asked(app) == "un_presence"
        assert "answer" not in kinds(app)  # nothing said on the user's behalf
        await submit(app, pilot, "set 1 multidimensional")
        await submit(app, pilot, "set 2 yes")
        await submit(app, pilot, "set geographic_mandate single country")
        await submit(app, pilot, "set armed_groups_outside_process no")
        await submit(app, pilot, "set ocha_presence not present")
        assert asked(app) == "security_situation"
        await pilot.press("enter")
        await pilot.pause()
        assert "security_situation" not in answers(app)
        assert any("Nothing recorded" in n for n in notified)

    drive(scenario)


def test_corrections_typed_ahead_apply_where_they_were_typed():
    """Seen: "helo", Backspace, "lo" typed faster than the app handled them gave "helol" (the
    Backspace ran after the letters typed behind it), and ctrl+u then words left an empty line.
    Editing keys now take effect in the order typed: what the officer meant is what is sent."""
    from textual import events

    async def scenario(app, pilot):
        keys = [*"multidimensonal", "left", "left", "left", "left", "i", "end", "ctrl+w", *"peacekeeping"]
        keys += [*" misoin", "backspace", "backspace", "backspace", *"sion", "enter", "enter"]
        keys += [*"no idea", "ctrl+u", *"yes", "enter"]
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else "\r" if key == "enter" else None))
        for _ in range(4):
            await pilot.pause()
        said = [m.reply.text for m in messages(app) if m.reply.role == "user"]
        assert said == ["peacekeeping mission", "yes"]
        assert answers(app)["country_team"] == ("yes",)

    drive(scenario)


def test_lines_typed_ahead_stay_apart():
    """Keys typed faster than the assistant answers (all queued before any is handled) make the
    same lines as typed slowly: "1⏎yes⏎liberia only⏎" used to send "1yesliberia only" three times.
    "liberia only" is read by inference: the last Enter, on an empty line, records the reading."""
    from textual import events

    async def scenario(app, pilot):
        for key in ["1", "enter", *"yes", "enter", *"liberia only", "enter", "enter"]:
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        for _ in range(4):
            await pilot.pause()
        said = [m.reply.text for m in messages(app) if m.reply.role == "user"]
        assert said == ["1", "yes", "liberia only"]
        assert answers(app) == {
            "un_presence": ("multidimensional_pko",),
            "country_team": ("yes",),
            "geographic_mandate": ("single_country",),
        }

    drive(scenario)


def test_enter_on_the_focused_options_needs_a_move_first():
    """shift+Tab puts the focus on the options; Enter there records nothing until an option has
    been moved to."""

    async def scenario(app, pilot):
        await pilot.press("shift+tab")
        await pilot.pause()
        options = app.screen.query_one("#options", OptionList)
        assert app.focused is options
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app) == {}
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert answers(app) == {"un_presence": ("traditional_pko",)}

    drive(scenario)


def test_typing_after_shift_tab_reaches_the_input():
    """Seen: after shift+Tab, typing "no" on a yes/no question went nowhere and Enter recorded
    "Yes". Typed characters now reach the input whatever has the focus."""

    async def scenario(app, pilot):
        await submit(app, pilot, "1")
        assert asked(app) == "country_team"
        for focus in ("shift+tab", "shift+tab"):  # the options, then the conversation
            await pilot.press(focus)
        await pilot.pause()
        assert app.focused is not prompt(app)
        await type_text(pilot, "no")
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app)["country_team"] == ("no",)
        # a command typed with the focus on the options is a command, not a pick
        await pilot.press("shift+tab")
        await pilot.pause()
        await type_text(pilot, "what if OCHA left")
        await pilot.press("enter")
        await pilot.pause()
        assert kinds(app)[-1] == "whatif"
        assert "non_un_forces" not in answers(app) and "ocha_presence" not in answers(app)
        # the same typed in a burst, as a terminal delivers fast typing: sent once, the line emptied
        from textual import events

        open_question = asked(app)
        await pilot.press("shift+tab")
        await pilot.pause()
        for key in [*"not sure", "enter"]:
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        for _ in range(4):
            await pilot.pause()
        assert answers(app)[open_question] == ("unknown",)
        assert [m.reply.text for m in messages(app) if m.reply.role == "user"][-1] == "not sure"
        assert prompt(app).value == ""

    drive(scenario)


def test_mouse_click_on_an_option():
    async def scenario(app, pilot):
        options = app.screen.query_one("#options", OptionList)
        box = options.content_region  # one line per option, none wraps at this width
        for index, expected in ((2, "political_mission"),):
            assert await pilot.click(offset=(box.x + 3, box.y + index))
            await pilot.pause()
            assert answers(app) == {"un_presence": (expected,)}
        box = options.content_region
        assert await pilot.click(offset=(box.x + 3, box.y + 1))  # "No"
        await pilot.pause()
        assert answers(app)["country_team"] == ("no",)

    drive(scenario)


def at_the_multi_select_question(kb) -> Conversation:
    """A conversation with every other question answered "unknown": the multi-select question
    (structural barriers) is the one asked."""
    return Conversation(
        kb, answers={q.id: ("unknown",) for q in kb.questions if q.id != "structural_barriers"}
    )


def test_multi_select_with_space_and_enter(kb):
    async def scenario(app, pilot):
        assert asked(app) == "structural_barriers"
        choices = app.screen.query_one("#choices", SelectionList)
        assert choices.display and not app.screen.query_one("#options").display
        assert choices.option_count == len(kb.question("structural_barriers").options) + 1
        assert choices.highlighted is None  # nothing offered as a default
        await pilot.press("enter")  # an empty Enter sends nothing
        await pilot.pause()
        assert "structural_barriers" not in answers(app)
        await pilot.press("down")  # into the checkboxes
        await pilot.pause()
        assert app.focused is choices and choices.highlighted == 0
        await pilot.press("space")
        await pilot.press("down", "down", "space")
        assert set(choices.selected) == {"movement_and_vehicle_rules", "separate_budgets"}
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app)["structural_barriers"] == ("movement_and_vehicle_rules", "separate_budgets")
        assert "final" in kinds(app)
        assert app.focused is prompt(app)

    drive(scenario, conversation=at_the_multi_select_question(kb))


def test_checkboxes_ticked_in_a_burst(kb):
    """Down, Space, Down, Down, Space, Enter typed faster than the screen follows: the Space
    right after Down ticks the first box (it used to be typed into the line)."""
    from textual import events

    async def scenario(app, pilot):
        for key in ("down", "space", "down", "down", "space", "enter"):
            app.post_message(events.Key(key, " " if key == "space" else None))
        for _ in range(4):
            await pilot.pause()
        assert answers(app)["structural_barriers"] == ("movement_and_vehicle_rules", "separate_budgets")
        assert prompt(app).value == ""

    drive(scenario, conversation=at_the_multi_select_question(kb))


def test_up_from_the_first_checkbox_goes_back_to_the_input(kb):
    async def scenario(app, pilot):
        await pilot.press("down", "up")
        await pilot.pause()
        assert app.focused is prompt(app)
        assert app.screen.query_one("#choices", SelectionList).highlighted is None

    drive(scenario, conversation=at_the_multi_select_question(kb))


def test_spaces_typed_on_the_multi_select_question_are_text(kb):
    """Seen: "movement rules, separate budgets" arrived as "movementrules,separatebudgets", the
    spaces taken by the checkboxes, and a note could not be typed."""

    async def scenario(app, pilot):
        assert asked(app) == "structural_barriers"
        choices = app.screen.query_one("#choices", SelectionList)
        await pilot.press("space")
        assert prompt(app).value == " "  # a space on an empty line is a space too
        prompt(app).value = ""
        await type_text(pilot, "movement rules, separate budgets")
        assert prompt(app).value == "movement rules, separate budgets"
        assert not choices.selected
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app)["structural_barriers"] == ("movement_and_vehicle_rules", "separate_budgets")
        await type_in(pilot, "note as seen in Kinshasa, May 2008")
        assert app.conversation.notes["structural_barriers"] == "as seen in Kinshasa, May 2008"

    drive(scenario, conversation=at_the_multi_select_question(kb))


def test_the_picker_stays_after_a_note_and_the_arrows_still_work():
    """Seen: the options vanished after `note …`, and the arrow keys then did nothing."""

    async def scenario(app, pilot):
        await submit(app, pilot, "1")
        options = app.screen.query_one("#options", OptionList)
        await pilot.press("down")  # moved to "Yes"
        await type_in(pilot, "note the UNCT has 14 agencies")
        assert app.conversation.notes == {"un_presence": "the UNCT has 14 agencies"}
        assert options.display and asked(app) == "country_team"
        assert options.highlighted == 0  # left as the user left it
        await pilot.press("down")
        assert options.highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app)["country_team"] == ("no",)
        for command in ("why", "summary", "explain DSRSG"):  # no command hides the options
            await submit(app, pilot, command)
            assert options.display and options.option_count > 0

    drive(scenario)


def test_multi_select_typed(kb):
    async def scenario(app, pilot):
        assert asked(app) == "structural_barriers"
        await type_in(pilot, "none, 1")
        assert kinds(app)[-1] == "unclear"
        assert app.screen.query_one("#choices").display  # still offered
        await type_in(pilot, "resource sharing and separate budgets")
        assert answers(app)["structural_barriers"] == ("resource_sharing", "separate_budgets")

    drive(scenario, conversation=at_the_multi_select_question(kb))


def test_space_is_text_while_a_single_choice_question_is_open():
    async def scenario(app, pilot):
        by_position = set_by_position(app.conversation.kb, "hostility", "high")
        await type_text(pilot, by_position)
        assert prompt(app).value == by_position
        prompt(app).value = ""
        await pilot.press("space")
        assert prompt(app).value == " "

    drive(scenario)


def test_unclear_answer_keeps_the_question_open():
    async def scenario(app, pilot):
        await type_in(pilot, "blah")
        assert kinds(app)[-2:] == ["answer", "unclear"]
        assert answers(app) == {}
        first = app.conversation.kb.questions[0]
        assert app.screen.query_one("#options", OptionList).option_count == len(first.options) + 1

    drive(scenario)


# --- typed commands -----------------------------------------------------------------------------


def test_typed_commands():
    async def scenario(app, pilot):
        await type_in(pilot, "why")
        why = messages(app)[-1]
        assert why.reply.kind == "why" and why.reply.citations
        first = why.reply.citations[0]
        assert (f"p. {first.page} ¶{first.paragraph[1:]}", 0) in source_refs(why.reply)

        await type_in(pilot, "1")
        await type_in(pilot, "yes")
        assert asked(app) == "geographic_mandate"

        await type_in(pilot, "how")
        assert messages(app)[-1].reply.kind == "how"
        trees = list(app.screen.query(HowTree))
        assert len(trees) == 1

        await type_in(pilot, "back")
        assert asked(app) == "country_team"
        assert "country_team" not in answers(app)
        assert kinds(app)[-2:] == ["info", "question"]

        await type_in(pilot, "set ocha_presence not_present")
        assert answers(app)["ocha_presence"] == ("not_present",)
        assert asked(app) == "country_team"

        await type_in(pilot, "change OCHA's presence to present")
        assert answers(app)["ocha_presence"] == ("present",)

        await type_in(pilot, set_by_position(app.conversation.kb, "hostility", "high"))
        assert answers(app)["hostility"] == ("high",)
        assert "hostile_environment" in {f.id for f in app.conversation.result.flags}
        assert "Flags (" not in panel_text(app)  # the panel concludes nothing before the Country Team is in
        await type_in(pilot, "yes")  # the Country Team question, still open
        assert "Hostile environment" in panel_text(app) or "hostile" in panel_text(app).lower()

        before = answers(app)
        await type_in(pilot, "what if geographic_mandate multi_country")
        w = messages(app)[-1].reply
        assert w.kind == "whatif"
        assert w.other.recommendation.model == "two_feet_out"
        assert answers(app) == before

        await type_in(pilot, "explain DSRSG")
        assert messages(app)[-1].reply.kind == "explain"
        assert "Deputy Special Representative" in messages(app)[-1].source
        await type_in(pilot, "what is a DSRSG?")
        assert "Deputy Special Representative" in messages(app)[-1].source

        await type_in(pilot, "summary")
        assert messages(app)[-1].reply.kind == "summary"

    drive(scenario)


def test_how_tree_widget():
    async def scenario(app, pilot):
        await type_in(pilot, "1")
        await type_in(pilot, "yes")
        await type_in(pilot, "2")  # more than one country
        await type_in(pilot, "how")
        tree = app.screen.query_one(HowTree)
        reasons = app.conversation.result.recommendation.reasons
        assert str(tree.root.label) == "Fired rules"
        assert tree.root.is_expanded
        tops = tree.root.children
        assert [n.data.rule for n in tops] == [r.rule for r in reasons]

        def walk(node):
            yield node
            for child in node.children:
                yield from walk(child)

        rule_nodes = [n for n in walk(tree.root) if n.data is not None]
        assert len(rule_nodes) >= len(reasons)
        for node in rule_nodes:
            assert node.data.citations, "each rule in the tree is cited"
            label = str(node.label)
            assert node.data.title in label and "p. " in label
            assert node.is_expanded
        assert any(str(n.label).startswith("rests on:") for n in walk(tree.root))
        # the tree follows its message in the log
        chat = app.screen.query_one("#chat")
        children = list(chat.children)
        assert children.index(tree) == children.index(messages(app)[-1]) + 1
        assert tree.region.height > 2
        # the log stays at the bottom once the tree has taken its height
        await pilot.pause()
        assert chat.scroll_y == chat.max_scroll_y > 0
        assert tree.region.bottom <= chat.region.bottom

    drive(scenario)


def test_quit_command_exits():
    async def scenario(app, pilot):
        assert app.return_code is None
        await type_in(pilot, "quit")
        assert messages(app)[-1].reply.text == "Goodbye."
        assert app.return_code == 0  # the app has exited

    drive(scenario)


# --- key bindings -------------------------------------------------------------------------------


def test_function_keys():
    async def scenario(app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert kinds(app)[-2:] == ["answer", "help"]
        await pilot.press("f2")
        await pilot.pause()
        assert kinds(app)[-1] == "why"
        await type_in(pilot, "1")
        await pilot.press("f3")
        await pilot.pause()
        assert kinds(app)[-1] == "how"
        assert len(app.screen.query(HowTree)) == 1
        await pilot.press("f4")
        await pilot.pause()
        assert kinds(app)[-1] == "summary"
        for key, text in (("f5", "set "), ("f6", "what if "), ("f7", "explain ")):
            await pilot.press(key)
            assert prompt(app).value == text
            assert app.focused is prompt(app)
            assert prompt(app).cursor_position == len(text)
            prompt(app).value = ""
        # f7 then a term and Enter
        await pilot.press("f7")
        await type_text(pilot, "OCHA")
        await pilot.press("enter")
        await pilot.pause()
        assert "Office for the Coordination of Humanitarian Affairs" in messages(app)[-1].source
        # f5 then the rest of a set command
        await pilot.press("f5")
        await type_text(pilot, "hostility high")
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app)["hostility"] == ("high",)
        # f6 what if
        await pilot.press("f6")
        await type_text(pilot, "hostility low")
        await pilot.press("enter")
        await pilot.pause()
        assert kinds(app)[-1] == "whatif" and answers(app)["hostility"] == ("high",)
        side = app.screen.query_one(SidePanel)
        await pilot.press("f8")
        assert not side.display
        await pilot.press("f8")
        assert side.display

    drive(scenario)


def test_ctrl_b_goes_back():
    async def scenario(app, pilot):
        await type_in(pilot, "1")
        await type_in(pilot, "yes")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert answers(app) == {"un_presence": ("multidimensional_pko",)}
        assert asked(app) == "country_team"
        assert messages(app)[-1].reply.question == "country_team"

    drive(scenario)


def test_restart_asks_first_and_undo_brings_the_answers_back():
    """`restart` cleared every answer without asking; it now asks (No is the default), and the
    answers it clears come back with `undo`."""
    from assistant.tui.screens.confirm import ConfirmScreen

    async def scenario(app, pilot):
        await type_in(pilot, "1")
        await type_in(pilot, "yes")
        await type_in(pilot, "restart")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the default: keep them
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert len(answers(app)) == 2
        await type_in(pilot, "restart")
        await pilot.press("y")
        await pilot.pause()
        assert answers(app) == {}
        assert messages(app)[-1].reply.question == "un_presence"
        assert f"Questions left: {len(app.conversation.kb.questions)}" in panel_text(app)
        await type_in(pilot, "undo")
        assert answers(app) == {"un_presence": ("multidimensional_pko",), "country_team": ("yes",)}
        assert asked(app) == "geographic_mandate"
        assert (
            app.screen.query_one("#options", OptionList).option_count
            == len(app.conversation.kb.question("geographic_mandate").options) + 1
        )

    drive(scenario)


def test_ctrl_o_opens_the_sources_and_escape_closes_them():
    async def scenario(app, pilot):
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CitationsScreen)
        cited = app.conversation.kb.question("un_presence").citations
        assert screen.citations == tuple(cited)
        listing = screen.query_one("#citation-list", OptionList)
        groups = passages(cited)  # each paragraph once, with every phrase quoted from it
        assert listing.option_count == len(groups) <= len(cited)
        assert app.focused is listing
        passage = screen.query_one("#passage", Static)
        shown = str(passage.render())
        assert f"Page: {cited[0].page}" in shown
        assert "Danish Institute for International Studies, Copenhagen 2008" in shown  # the full title
        await pilot.press("down")
        await pilot.pause()
        shown = str(passage.render())
        second = groups[1][0]
        assert f"Paragraph: ¶{second.paragraph[1:]}" in shown
        assert f"Section: {second.section}" in shown
        assert all(f"“{c.quote}”" in shown for c in groups[1] if c.quote)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)

    drive(scenario)


def test_with_a_copy_of_the_report_a_quote_is_shown_in_its_sentence(tmp_path):
    """--report FILE: the viewer shows the paragraph, the cited sentence bold, the quote highlighted."""
    import json

    kb = Conversation().kb
    cited = kb.question("un_presence").citations[0]
    paragraph = f"An opening sentence. Then the words {cited.quote} stand here. A closing sentence."
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"items": [{"id": cited.paragraph, "text": paragraph}]}), encoding="utf-8")

    async def main() -> None:
        app = IntegrationAssistantApp(Conversation(), report=report)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+o")
            await pilot.pause()
            rendered = app.screen.query_one("#passage", Static).render()
            assert paragraph in rendered.plain
            styles = {rendered.plain[s.start : s.end]: s.style for s in rendered.spans}
            assert styles[cited.quote].reverse
            assert styles[f"Then the words {cited.quote} stand here."].bold

    asyncio.run(main())


def test_ctrl_o_without_any_sources_notifies():
    async def scenario(app, pilot):
        notified = record_notifications(app)
        await app.screen.query_one(ChatLog).clear()
        await type_in(pilot, "help")  # neither the help text nor the echo cites anything
        assert not any(m.reply.citations for m in messages(app))
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert any("No message with sources" in n for n in notified)

    drive(scenario)


def test_theme_toggles_with_ctrl_t():
    async def scenario(app, pilot):
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"

    drive(scenario)


# --- the command palette ------------------------------------------------------------------------


async def palette(pilot: Pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_text(pilot, query)
    await pilot.pause(0.3)  # the palette searches in the background
    await pilot.press("enter")
    await pilot.pause()


def test_palette_how():
    async def scenario(app, pilot):
        await type_in(pilot, "1")
        await palette(pilot, "How")
        assert isinstance(app.screen, ChatScreen)
        assert kinds(app)[-2:] == ["answer", "how"]
        assert len(app.screen.query(HowTree)) == 1

    drive(scenario)


@pytest.mark.parametrize(
    "query, check",
    [
        ("Why is", lambda app: kinds(app)[-1] == "why"),
        ("Summary", lambda app: kinds(app)[-1] == "summary"),
        ("Set an", lambda app: prompt(app).value == "set "),
        ("What if", lambda app: prompt(app).value == "what if "),
        ("Explain a term", lambda app: prompt(app).value == "explain "),
        ("Toggle the side", lambda app: not app.screen.query_one(SidePanel).display),
        ("Skipped q", lambda app: kinds(app)[-1] == "skipped"),
        ("Help", lambda app: kinds(app)[-1] == "help"),
    ],
)
def test_palette_entries(query, check):
    async def scenario(app, pilot):
        await palette(pilot, query)
        assert isinstance(app.screen, ChatScreen)
        assert check(app)

    drive(scenario)


def test_palette_sources_opens_the_modal():
    async def scenario(app, pilot):
        await palette(pilot, "Sources of")
        assert isinstance(app.screen, CitationsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)

    drive(scenario)


def test_palette_back_undo_and_restart():
    from assistant.tui.screens.confirm import ConfirmScreen

    async def scenario(app, pilot):
        await type_in(pilot, "1")
        await palette(pilot, "Back to")
        assert answers(app) == {}
        await palette(pilot, "Undo the")
        assert answers(app) == {"un_presence": ("multidimensional_pko",)}
        await palette(pilot, "Clear the answers")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert answers(app) == {}
        assert kinds(app)[-1] == "question"

    drive(scenario)


# --- citations ----------------------------------------------------------------------------------


def source_links(message: ChatMessage) -> list[tuple[str, int]]:
    """The links of a message's "Sources:" line: (link text, citation index), in order."""
    return source_refs(message.reply)


def sources_row(message: ChatMessage) -> tuple[int, int]:
    """Where, inside the message widget, its "Sources:" line starts: (x, y) of the "S"."""
    lines = message.render_lines(message.content_region.reset_offset)
    for y, strip in enumerate(lines):
        text = strip.text
        if "Sources: " in text:
            return text.index(
                "Sources: "
            ) + message.content_region.x - message.region.x, y + message.content_region.y - message.region.y
    raise AssertionError("no Sources line")


def test_clicking_a_source_link_opens_the_cited_passage():
    """A real mouse click on the "Sources:" line of the latest message (not a posted message)."""

    async def scenario(app, pilot):
        question = messages(app)[-1]
        cited = question.reply.citations
        links = source_links(question)
        assert len(links) >= 2
        x0, y = sources_row(question)
        x = x0 + len("Sources: ")
        for text, index in links[:2]:  # both on the first line of the sources
            assert await pilot.click(question, offset=(x + 2, y))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CitationScreen), text
            c = cited[index]
            assert screen.citation == c
            shown = str(screen.query_one(".passage", Static).render())
            assert f"Page: {c.page}" in shown
            assert f"Section: {c.section}" in shown
            assert f"Paragraph: ¶{c.paragraph[1:]}" in shown
            assert c.quote in shown
            if index == 0:
                await pilot.press("escape")
            else:
                await pilot.click("#close")
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            x += len(text) + len(" · ")

    drive(scenario)


def test_sources_line_links_each_citation():
    async def scenario(app, pilot):
        question = messages(app)[-1]
        cited = question.reply.citations
        links = source_links(question)
        # one link per cited paragraph, each pointing at the first citation of its paragraph
        assert [cited[i].paragraph for _, i in links] == list(dict.fromkeys(c.paragraph for c in cited))
        for text, i in links:
            assert text == f"p. {cited[i].page} ¶{cited[i].paragraph[1:]}"
        # user messages carry no sources line
        await type_in(pilot, "1")
        user = messages(app)[-3]
        assert user.reply.role == "user" and not any(
            "Sources:" in s.text for s in user.render_lines(user.content_region.reset_offset)
        )

    drive(scenario)


# --- the side panel -----------------------------------------------------------------------------


def test_no_recommendation_before_the_first_questions_are_in():
    """Seen: the side panel showed a recommendation (and its flags) before any answer."""

    async def scenario(app, pilot):
        model = app.conversation.result.recommendation.label
        text = panel_text(app)
        assert "answer the first questions" in text
        assert model not in text and "Flags (" not in text
        await type_in(pilot, "1")
        assert "answer the first questions" in panel_text(app)
        assert "Recommendation now" not in messages(app)[-2].reply.text  # nor in the chat
        await type_in(pilot, "yes")
        assert "Recommendation so far: " in messages(app)[-2].reply.text  # said once they are in
        text = panel_text(app)
        assert "answer the first questions" not in text
        assert app.conversation.result.recommendation.label in text
        assert f"Flags ({len(app.conversation.result.flags)})" in text

    drive(scenario)


def many_flags(kb) -> Conversation:
    yes = {
        q.id: ("yes",)
        for q in kb.questions
        if "yes" in q.option_ids and q.id != "armed_groups_outside_process"
    }
    return Conversation(
        kb,
        answers={
            **yes,
            "un_presence": ("multidimensional_pko",),
            "country_team": ("yes",),
            "armed_groups_outside_process": ("no",),
            "hostility": ("high",),
            "host_consent": ("hostile",),
            "strategic_framework": ("none",),
            "national_ownership": ("marginal",),
        },
    )


@pytest.mark.parametrize("size, shown", [((120, 40), 6), ((80, 24), 3)])
def test_the_panel_says_how_many_flags_it_does_not_list(kb, size, shown):
    """Seen: "Flags (7)" over a list of 4, with nothing to say there were more."""

    async def scenario(app, pilot):
        await pilot.press("f8") if size[0] < 100 else None
        flags = app.conversation.result.flags
        assert len(flags) > shown
        text = str(app.screen.query_one("#flags", Static).render())
        assert f"Flags ({len(flags)})" in text
        listed = [f for f in flags if f.title in text]
        assert listed == flags[:shown]
        assert f"… and {len(flags) - shown} more" in text
        box = app.screen.query_one("#flags", Static)
        assert box.region.height >= shown + 2  # nothing cut off below

    drive(scenario, size=size, conversation=many_flags(kb))


def test_what_would_change_is_said_once_in_the_brief_and_annex(kb):
    """The brief and its annex say what would change a final recommendation; no message after
    them repeats it (a repeat scrolled the brief's first lines out of view)."""

    async def scenario(app, pilot):
        await type_in(pilot, "none")
        await app.workers.wait_for_complete()
        await pilot.pause(0.8)
        texts = [(m.reply.kind, m.reply.text) for m in messages(app)]
        assert not any(t.startswith("**What would change this recommendation**") for _, t in texts)
        assert any(kind == "final" and "What would change it" in t for kind, t in texts)
        assert any(kind == "annex" and "What would change" in t for kind, t in texts)

    drive(scenario, conversation=at_the_multi_select_question(kb))


# --- small terminals ----------------------------------------------------------------------------


def footer_keys(app) -> dict[str, object]:
    """The keys the footer shows, by key, with their places on the screen."""
    return {k.key: k for k in app.screen.query("FooterKey") if k.display}


def test_usable_at_80x24():
    async def scenario(app, pilot):
        screen = app.screen
        assert screen.has_class("-narrow") and screen.has_class("-short")
        box = prompt(app)
        assert box.region.height == 1  # a one-line input leaves the rows to the conversation
        chat = screen.query_one("#chat")
        assert chat.region.height >= 12
        assert box.region.bottom <= 23 and box.region.width == 80
        side = screen.query_one(SidePanel)
        assert not side.display  # the conversation has the whole width; F8 shows the panel
        await type_in(pilot, "1")
        await type_in(pilot, "how")
        await pilot.press("f3")
        await pilot.pause()
        assert box.region.bottom <= 23
        assert answers(app) == {"un_presence": ("multidimensional_pko",)}
        await pilot.press("f8")
        assert side.display and side.region.width == 28 and side.region.right == 80
        await pilot.press("f8")
        assert not side.display
        assert box.region.width == 80
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert not side.display  # the user's F8 choice holds
        await pilot.press("f8")
        assert side.region.width == 38

    drive(scenario, size=(80, 24))


def test_the_first_question_is_readable_at_80x24():
    """Seen at 80x24: the question was scrolled off on the first screen, its options were listed
    twice, and the footer dropped F8 to F10, then Quit."""

    async def scenario(app, pilot):
        await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        question = messages(app)[-1]
        assert question.reply.kind == "question"
        assert question.region.y >= chat.region.y  # its title is on screen
        options = app.screen.query_one("#options", OptionList)
        q = app.conversation.kb.question("un_presence")
        assert options.region.height >= len(q.options) + 1  # every option on screen, once
        assert not any(o.label in question.source for o in q.options)
        keys = footer_keys(app)
        # Help and Quit, and every function key but F7 (in the help and the palette)
        for key in ("f1", "ctrl+q", "f2", "f3", "f4", "f5", "f6", "f8", "f10"):
            assert key in keys, key
            assert keys[key].region.right <= 80 and keys[key].region.width > 0, key

    drive(scenario, size=(80, 24))


def test_a_long_question_shows_its_start():
    """A question taller than the conversation's rows keeps its title on screen, not its end."""

    async def scenario(app, pilot):
        await pilot.press("f8")  # the side panel narrows the conversation: the question wraps more
        await pilot.pause()
        await type_in(pilot, "1")
        await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        question = messages(app)[-1]
        assert question.reply.question == "country_team"
        assert question.region.y >= chat.region.y

    drive(scenario, size=(80, 20))


def test_page_up_and_down_scroll_the_conversation_from_the_input():
    """The conversation scrolls with PageUp and PageDown while the input has the focus (it used
    to take Tab, Tab first)."""

    async def scenario(app, pilot):
        for text in ("1", "yes", "why", "help"):
            await type_in(pilot, text)
        chat = app.screen.query_one(ChatLog)
        await pilot.pause()
        bottom = chat.scroll_y
        assert bottom > 0 and app.focused is prompt(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert chat.scroll_y < bottom
        assert app.focused is prompt(app)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert chat.scroll_y == chat.max_scroll_y

    drive(scenario, size=(80, 24))


def test_narrow_class_follows_a_resize_under_a_modal():
    async def scenario(app, pilot):
        chat = app.screen
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is chat
        assert chat.has_class("-narrow")

    drive(scenario)


# --- logging stays off the screen ---------------------------------------------------------------


def _ours(handlers):
    """Handlers not put there by pytest (pytest 9 also attaches its capture handlers to loggers
    that do not propagate)."""
    return [h for h in handlers if not type(h).__module__.startswith("_pytest")]


def test_experta_logging_is_contained():
    from assistant.reasoning import _experta  # noqa: F401  (imports experta)

    async def scenario(app, pilot):
        await type_in(pilot, "1")
        await type_in(pilot, "how")

    drive(scenario)
    root = logging.getLogger()
    # experta's import calls logging.basicConfig(), which would add a StreamHandler on stderr
    assert not [h for h in _ours(root.handlers) if isinstance(h, logging.StreamHandler)]
    log = logging.getLogger("experta")
    assert log.propagate is False
    ours = _ours(log.handlers)
    assert ours and all(isinstance(h, (logging.NullHandler, logging.FileHandler)) for h in ours)


def test_no_log_line_reaches_the_terminal():
    """In a fresh process: importing experta and running a session adds no root handler, and a
    record logged by experta (or to the root logger at debug level) writes nothing."""
    code = textwrap.dedent("""
        import asyncio, logging
        root = logging.getLogger()
        before = list(root.handlers)
        from assistant.conversation import Conversation
        from assistant.tui.app import IntegrationAssistantApp

        async def main():
            app = IntegrationAssistantApp(Conversation())
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                await pilot.press("1", "enter")
                await pilot.pause()
                logging.getLogger("experta").warning("EXPERTA-LEAK")
                logging.getLogger("experta.watchers").error("EXPERTA-LEAK")

        asyncio.run(main())
        assert root.handlers == before, root.handlers
        assert logging.getLogger("experta").propagate is False
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert "EXPERTA-LEAK" not in done.stdout + done.stderr


def test_log_file_receives_experta_records(tmp_path):
    from assistant.reasoning._experta import LOGGER

    handlers = list(LOGGER.handlers)
    log_file = tmp_path / "assistant.log"
    try:

        async def main():
            app = IntegrationAssistantApp(Conversation(), log_file=str(log_file))
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                logging.getLogger("experta").warning("to the file")

        asyncio.run(main())
        for h in LOGGER.handlers:
            h.flush()
        assert "to the file" in log_file.read_text(encoding="utf-8")
    finally:
        for h in list(LOGGER.handlers):
            LOGGER.removeHandler(h)
            if h not in handlers:
                h.close()
        for h in handlers:
            LOGGER.addHandler(h)


# --- typed words read by inference ----------------------------------------------------------------


def test_an_inferred_reading_is_marked_and_recorded_on_an_empty_enter():
    """ "not very hostile" is proposed as Moderate: the option is marked, nothing is chosen or
    recorded until Enter; the words stay beside the answer in the summary."""

    async def scenario(app, pilot):
        app.conversation.consultation.answer("un_presence", ["multidimensional_pko"])
        await submit(app, pilot, "set hostility not very hostile")
        await pilot.pause()
        assert kinds(app)[-1] == "propose"
        options = app.screen.query_one("#options", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[1] == "2. Moderate: some tension ◂" and "◂" not in labels[2]
        assert options.highlighted is None  # marked, not chosen
        assert "Esc withdraws" in str(options.border_title)
        assert "hostility" not in answers(app)
        await pilot.press("enter")  # the empty line records the reading
        await pilot.pause()
        assert answers(app)["hostility"] == ("moderate",)
        await submit(app, pilot, "summary")
        assert "(you typed: “not very hostile”; confirmed)" in messages(app)[-1].reply.text

    drive(scenario)


def test_escape_withdraws_a_reading_and_records_nothing():
    async def scenario(app, pilot):
        await submit(app, pilot, "multidimensional")
        await submit(app, pilot, "agencies are there")  # a cue: proposed, not recorded
        assert kinds(app)[-1] == "propose"
        await pilot.press("escape")
        await pilot.pause()
        assert "country_team" not in answers(app)
        assert "Nothing recorded for UN Country Team" in messages(app)[-2].reply.text
        assert app.conversation.proposal is None
        await pilot.press("enter")  # an empty Enter now records nothing either
        await pilot.pause()
        assert "country_team" not in answers(app)

    drive(scenario)


def test_down_after_an_ask_goes_to_the_first_option_that_fits_and_keeps_the_words():
    from .test_conversation import reach

    conversation = Conversation()
    conversation.start()
    reach(conversation, "host_consent")

    async def scenario(app, pilot):
        await submit(app, pilot, "the government is not against the UN")
        assert kinds(app)[-1] == "unclear"
        await pilot.press("down")
        options = app.screen.query_one("#options", OptionList)
        assert options.highlighted == 0  # Full consent: the first option the words fit
        await pilot.press("down")
        assert options.highlighted == 1  # Limited
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app)["host_consent"] == ("limited",)
        assert app.conversation.said["host_consent"].text == "the government is not against the UN"

    drive(scenario, conversation=conversation)
