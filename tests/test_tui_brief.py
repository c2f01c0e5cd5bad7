"""The end of an interview in the chat: a one-screen brief, and the annex folded under it."""

from __future__ import annotations

import asyncio

from textual.widgets import Collapsible

from assistant.consultation.answers import normalize
from assistant.conversation import Conversation
from assistant.tui.app import IntegrationAssistantApp
from assistant.tui.widgets.chat_log import ChatLog
from assistant.tui.widgets.chat_message import ChatMessage, source_refs

from .conftest import CASES, load_case

LIBERIA = next(p for p in CASES if "liberia" in p.stem)


def finished_conversation() -> Conversation:
    """Every question answered but the last one the interview asks."""
    conv = Conversation()
    answers = normalize(conv.kb, load_case(LIBERIA)["answers"])
    for qid, values in answers.items():
        conv.consultation.answer(qid, list(values))
    while (q := conv.current_question) is not None and len(conv.questions_left()) > 1:
        conv.consultation.answer(q.id, [q.option_ids[-1]])
    return conv


def test_the_brief_leads_and_the_annex_is_folded_until_opened():
    async def main() -> None:
        conv = finished_conversation()
        app = IntegrationAssistantApp(conv)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            q = conv.current_question
            chat = app.screen.query_one(ChatLog)
            box = app.screen.query_one("#prompt")
            box.value = "unknown"
            await pilot.press("enter")
            for _ in range(20):
                await pilot.pause(0.05)
                if chat.query(Collapsible):
                    break
            assert q is not None and conv.current_question is None
            brief = next(m for m in chat.query(ChatMessage) if m.reply.kind == "final")
            annex = chat.query_one(Collapsible)
            assert annex.collapsed and annex.parent is chat
            inner = annex.query_one(ChatMessage)
            assert inner.reply.kind == "annex" and "Alternatives and why not" in inner.reply.text
            # folded: the annex takes one line on screen, the brief many
            assert annex.region.height <= 2 < brief.region.height
            assert not inner.display or inner.region.height == 0 or annex.collapsed
            # Enter on its title opens it
            annex.query_one("CollapsibleTitle").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert not annex.collapsed and inner.region.height > 10
            # the annex says whose each statement is (the brief states none of the report's but
            # its recommendation); the brief's sources read as page and ¶
            assert "*The report:*" in inner.reply.text
            assert all("¶" in label or "n. " in label for label, _ in source_refs(brief.reply))

    asyncio.run(main())


def test_the_panel_marks_the_assistants_reading_and_cites_by_paragraph():
    """OCHA absent before the two-feet-in situation: inferred, the assistant's reading, said so."""
    from textual.widgets import Static

    async def main() -> None:
        conv = Conversation()
        for qid, value in [
            ("un_presence", "multidimensional_pko"),
            ("country_team", "yes"),
            ("geographic_mandate", "single_country"),
            ("armed_groups_outside_process", "no"),
            ("ocha_presence", "not_present"),
            ("security_situation", "stable"),
        ]:
            conv.consultation.answer(qid, [value])
        app = IntegrationAssistantApp(conv)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = str(app.screen.query_one("#standing", Static).render())
            assert "confidence: inferred" in shown
            assert "The assistant's reading, not the report's" in shown
            assert "p. 20 ¶44" in shown

    asyncio.run(main())
