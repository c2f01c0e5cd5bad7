"""The assistant's commands in the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

ENTRIES = [
    ("Why is this question asked?", "command('why')", "the reason and its citation"),
    ("How was the recommendation reached?", "command('how')", "the tree of fired rules"),
    ("Back to the previous question", "command('back')", "withdraws the last answer and asks it again"),
    ("Undo the last change", "command('undo')", "an answer, a change, going back, a restart or a note"),
    ("Set an answer…", "prefill('set ')", "set QUESTION OPTION"),
    ("What if…", "prefill('what if ')", "a change, beside the current result"),
    ("Explain a term…", "prefill('explain ')", "the report's glossary"),
    ("Skipped questions", "command('skipped')", "which questions no longer matter, and why"),
    ("Summary", "command('summary')", "answers, recommendation, flags"),
    ("Sources of the last message", "citations", "page, section, paragraph and quote"),
    ("Export the transcript…", "export", "Markdown, printable HTML, JSON or Word"),
    ("New consultation…", "new_consultation", "this one stays saved; a new crisis, officer and date"),
    ("Clear the answers and start again", "command('restart')", "asks first; undo brings them back"),
    ("Toggle the side panel", "toggle_panel", "recommendation, flags, questions left"),
    ("Help", "command('help')", "the commands"),
]


class AssistantCommands(Provider):
    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    async def discover(self) -> Hits:
        for title, action, help_text in ENTRIES:
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in ENTRIES:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=help_text)
