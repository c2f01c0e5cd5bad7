"""At 80x24 (and wider): the brief on one screen, each passage listed once and shown on screen,
the `how` tree wrapped (never cut), Help and Quit in the footer, the header shortened by words."""

from __future__ import annotations

import asyncio
import io
import re

import pytest
from rich.console import Console
from textual.geometry import Region
from textual.widgets import OptionList, Static

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.consultation.result import Reason
from assistant.knowledge.schema import Citation
from assistant.tui.screens.citation import CitationsScreen, passages
from assistant.tui.widgets.chat_log import ChatLog
from assistant.tui.widgets.chat_message import ChatMessage
from assistant.tui.widgets.header import by_words, fit_title
from assistant.tui.widgets.how_tree import HowTree

from .conftest import CASES, load_case
from .test_tui_snapshots import SMALL, finish_drc, new_app


def run(size, scenario) -> None:
    async def main() -> None:
        app = new_app()
        async with app.run_test(size=size) as pilot:
            await scenario(app, pilot)

    asyncio.run(main())


def test_every_part_of_the_brief_is_on_the_first_screen_at_80x24():
    async def scenario(app, pilot):
        await finish_drc(pilot)
        chat = app.screen.query_one(ChatLog)
        brief = next(m for m in chat.query(ChatMessage) if m.reply.kind == "final")
        text = brief.reply.text
        for part in ("Recommendation:", "Structural form:", "Conflicts to plan for", "What would change it"):
            assert part in text, part
        assert brief.region.y >= chat.region.y  # its first line on screen
        # its last part, what would change it, to its last item, on screen too
        changes = text[text.index("What would change it") :].split("\n\n")[1]
        last = changes.splitlines()[-1]
        assert last.startswith("- ")
        ending = " ".join(last.split()[-3:])
        lines = [s.text for s in brief.render_lines(Region(0, 0, brief.size.width, brief.size.height))]
        joined = [" ".join(" ".join(lines[max(0, i - 1) : i + 1]).split()) for i in range(len(lines))]
        row = next(i for i, line in enumerate(joined) if ending in line)
        assert brief.region.y + row < chat.region.bottom, (row, brief.region, chat.region)

    run(SMALL, scenario)


def test_the_passage_list_names_each_passage_once():
    a = Citation(paragraph="p45", page="20", section="S", quote="one phrase")
    b = Citation(paragraph="p45", page="20", section="S", quote="another phrase")
    c = Citation(paragraph="p44", page="20", section="S", quote="a third")
    groups = passages([a, b, c, a, b])
    assert groups == [(a, b), (c,)]


def test_ctrl_o_lists_each_passage_once_and_enter_shows_it_on_screen_at_80x24():
    async def scenario(app, pilot):
        await finish_drc(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CitationsScreen)
        listing = screen.query_one("#citation-list", OptionList)
        labels = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        places = [re.sub(r"^\d+\. ", "", label) for label in labels]
        assert len(places) == len(set(places)), labels
        await pilot.press("down", "enter")
        await pilot.pause()
        passage = screen.query_one("#passage", Static)
        assert not listing.display
        assert passage.region.height > 0 and passage.region.y < 24 - 2
        assert f"Paragraph: ¶{screen.passages[1][0].paragraph[1:]}" in str(passage.render())
        await pilot.press("escape")  # back to the list
        await pilot.pause()
        assert listing.display and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen

    run(SMALL, scenario)


def _tree_text(tree: HowTree, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(tree.render())
    lines = console.export_text().splitlines()
    return " ".join(re.sub(r"^[\s│├└─]+", "", line).strip() for line in lines)


def _walk(reasons) -> list[Reason]:
    return [x for r in reasons for x in (r, *_walk(r.because))]


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_how_lines_wrap_and_are_never_cut(kb, case, width):
    result = consult(normalize(kb, load_case(case)["answers"]), kb)
    tree = HowTree("Fired rules", tuple(result.recommendation.reasons))
    shown = " ".join(_tree_text(tree, width).split())
    for r in _walk(result.recommendation.reasons):
        assert " ".join(r.title.split()) in shown, r.title
        for fact in r.matched:
            if not any(fact in sub.explanation for sub in r.because):
                assert " ".join(f"rests on: {fact}".split()) in shown, fact
    assert "[p" not in shown  # one citation style: "p. 20 ¶45"


def test_the_footer_keeps_help_and_quit_at_80x24():
    async def scenario(app, pilot):
        await pilot.pause()
        keys = {k.key: k for k in app.screen.query("FooterKey") if k.display}
        for key in ("f1", "ctrl+q"):
            assert key in keys and keys[key].region.width > 0 and keys[key].region.right <= 80, key

    run(SMALL, scenario)


def test_the_header_is_shortened_by_words():
    title, sub = "Integration Assistant", "UN integration models, cited from de Coning (2008)"
    assert fit_title(title, sub, 120) == (title, sub)
    assert fit_title(title, sub, 62) == (title, "UN integration models")
    assert by_words("Democratic Republic of the Congo", 21) == "Democratic Republic …"
    for width in range(10, 80):
        t, s = fit_title(title, sub, width)
        assert len(t) + (3 + len(s) if s else 0) <= width
        words = {w.rstrip(",") for w in f"{title} {sub}".split()}
        assert all(w.rstrip(",") in words or w == "…" for w in f"{t} {s}".split())  # whole words only
