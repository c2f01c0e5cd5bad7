"""The assistant in French on the screen: switched in the chat (`langue fr`) or from the command
palette ("Language / Langue"), it keeps the answers and relabels what is on the screen (the
footer, the side panel, the options of the question on the table); the choice is kept in the
settings; the start screen writes its dates the French way."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from assistant import i18n
from assistant.conversation import Conversation
from assistant.conversation.text import option_list
from assistant.knowledge.loader import shipped_knowledge
from assistant.sessions import Session, SessionStore
from assistant.settings import FILE_NAME, Settings
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.start import StartScreen
from assistant.tui.widgets.answer_bar import NumberedOptions
from assistant.tui.widgets.footer import FooterKey  # the footer's keys, as the app's footer draws them

from .test_tui_snapshots import settle


@pytest.fixture(autouse=True)
def language_restored():
    """Each test starts in English and leaves the process's language as it found it."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def run(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """A Pilot scenario run as a plain test (its fixtures passed on)."""

    @functools.wraps(test)
    def plain(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return plain


async def say(pilot: Pilot, text: str) -> None:
    box = pilot.app.screen.query_one("#prompt", Input)
    box.value = text
    await pilot.press("enter")
    await settle(pilot)


def footer_labels(app: IntegrationAssistantApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey) if key.description]


def options_shown(app: IntegrationAssistantApp) -> list[str]:
    options = app.screen.query_one("#options", NumberedOptions)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def options_expected(app: IntegrationAssistantApp, lang: i18n.Language) -> list[str]:
    question = app.conversation.current_question if app.conversation else None
    assert question is not None
    in_lang = shipped_knowledge(lang).question(question.id)
    assert in_lang is not None
    with i18n.using(lang):
        return [f"{i}. {label}" for i, (_oid, label) in enumerate(option_list(in_lang), 1)]


def panel_text(app: IntegrationAssistantApp) -> str:
    return str(app.screen.query_one("#left", Static).render())


@run
async def test_langue_fr_in_the_chat_keeps_the_answers_and_relabels_the_screen():
    app = IntegrationAssistantApp(Conversation())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await say(pilot, "1")
        await say(pilot, "yes")
        assert isinstance(app.screen, ChatScreen)
        answers = dict(app.screen.conversation.consultation.answers)
        assert "Quit" in footer_labels(app)
        assert options_shown(app) == options_expected(app, "en")

        await say(pilot, "langue fr")

        assert i18n.language() == "fr"
        assert dict(app.screen.conversation.consultation.answers) == answers
        labels = footer_labels(app)
        assert "Quitter" in labels and "Quit" not in labels
        assert options_shown(app) == options_expected(app, "fr")
        assert options_shown(app) != options_expected(app, "en")
        assert "Questions restantes" in panel_text(app)
        assert app.title == "Assistant d'intégration"
        prompt = app.screen.query_one("#prompt", Input)
        assert prompt.placeholder.startswith("Tapez une réponse")


@run
async def test_the_palette_switches_back_and_forth_keeping_what_is_typed():
    app = IntegrationAssistantApp(Conversation())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await say(pilot, "1")
        assert isinstance(app.screen, ChatScreen)
        answers = dict(app.screen.conversation.consultation.answers)
        prompt = app.screen.query_one("#prompt", Input)
        prompt.value = "half typed"
        await pilot.press("down")  # moved to an option, not chosen
        await settle(pilot)
        moved = app.screen.query_one("#options", OptionList).highlighted

        await app.run_action("switch_language")  # the palette's "Language / Langue"
        await settle(pilot)
        assert i18n.language() == "fr"
        assert "Quitter" in footer_labels(app)
        assert options_shown(app) == options_expected(app, "fr")
        assert app.screen.query_one("#prompt", Input).value == "half typed"
        assert app.screen.query_one("#options", OptionList).highlighted == moved

        await app.run_action("switch_language")
        await settle(pilot)
        assert i18n.language() == "en"
        assert "Quit" in footer_labels(app)
        assert options_shown(app) == options_expected(app, "en")
        assert dict(app.screen.conversation.consultation.answers) == answers


@run
async def test_the_start_screen_switches_and_the_choice_is_kept(tmp_path):
    kb = shipped_knowledge("en")
    store = SessionStore(tmp_path / "sessions", kb=kb)
    store.save(Session.new("Liberia", "A. Officer", kb=kb))
    app = IntegrationAssistantApp(kb=kb, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        options = app.screen.query_one("#start-options", OptionList)
        assert "New consultation" in str(options.get_option_at_index(0).prompt)

        await app.run_action("switch_language")
        await settle(pilot)
        assert i18n.language() == "fr"
        assert isinstance(app.screen, StartScreen)
        options = app.screen.query_one("#start-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0] == "＋ Nouvelle consultation"
        session = next(p for p in prompts if "Liberia" in p)
        assert "enregistrée le" in session and " à " in session and " h " in session
        assert Settings(tmp_path / FILE_NAME).get("language") == "fr"
        assert app.kb is shipped_knowledge("fr")


@run
async def test_a_french_start_writes_its_dates_the_french_way(tmp_path):
    i18n.set_language("fr")
    kb = shipped_knowledge("fr")
    store = SessionStore(tmp_path / "sessions", kb=kb)
    session = Session.new("Darfour", kb=kb)
    store.save(session)
    app = IntegrationAssistantApp(kb=kb, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#start-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        d = session.details.date
        line = next(p for p in prompts if "Darfour" in p)
        assert f"({i18n.long_date(d.year, d.month, d.day)})" in line
        assert "0 réponse," in line  # French: « 0 réponse », singular
        assert app.title == "Assistant d'intégration"


def test_the_palette_lists_the_switch_once_and_its_entries_in_the_language_in_force():
    from assistant.tui.palette import entries

    english = entries()
    assert [title for title, _action, _help in english].count("Language / Langue") == 1
    i18n.set_language("fr")
    french = entries()
    assert [title for title, _action, _help in french].count("Language / Langue") == 1
    assert len(french) == len(english)
    assert (
        "Language / Langue",
        "app.switch_language",
        "passer de l'anglais au français, et inversement",
    ) in french
