"""Typed commands, recognised before anything is taken as an answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMANDS = {
    "why": "why this question is asked, with its citation",
    "how": "how the current recommendation was reached, as a tree of fired rules",
    "back": "go back to the previous question (its answer is withdrawn)",
    "undo": "undo the last change: an answer, a change, going back, a restart or a note",
    "set QUESTION OPTION": "answer or re-answer any question (also: change)",
    "what if QUESTION OPTION": "the result under that change, beside the current one",
    "explain TERM": "a term of the report (also: what is a DSRSG?)",
    "skipped": "the questions not asked, and why",
    "note TEXT": "a note on the last answer (or: note QUESTION: TEXT)",
    "export": "write the transcript (Markdown, HTML, JSON or Word)",
    "summary": "the answers and the current recommendation",
    "restart": "clear all answers and start again (asks first; `undo` brings them back)",
    "brief / predict": "in training: reread the case; predict before the reveal",
    "help": "this list",
    "quit": "leave the assistant",
}


@dataclass(frozen=True)
class Command:
    name: str
    arg: str = ""


_PATTERNS: list[tuple[str, str]] = [
    ("why_skipped", r"(?:why\s+(?:was\s+)?(?:not\s+asked|skipped|not)|skipped)\s+(?P<arg>.+)"),
    ("skipped", r"skipped|skips|not asked"),
    ("why", r"why\??|why (?:do|did) you ask(?: this| that)?\??|why this question\??"),
    ("how", r"how\??|how did you get (?:there|that)\??|explain (?:the )?(?:reasoning|recommendation)"),
    ("back", r"back|go back|previous"),
    ("undo", r"undo|undo (?:that|it|the last change)|oops"),
    ("set", r"(?:set|change)\s+(?P<arg>.+)"),
    ("whatif", r"what\s*-?\s*if\s+(?P<arg>.+)"),
    ("explain", r"(?:explain|define|glossary|meaning of)(?:\s+(?P<arg>.+))?"),
    ("explain", r"what(?:'s| is| are| does)\s+(?:an?\s+|the\s+)?(?P<arg>.+?)(?:\s+mean)?\s*\??"),
    ("summary", r"summary|summarise|summarize|status"),
    ("note", r"note\s+(?P<arg>.+)"),
    ("brief", r"brief|case|reread(?: the)? brief"),
    ("predict", r"predict|prediction|reveal"),
    ("export", r"export(?:\s+(?P<arg>.+))?"),
    ("restart", r"restart|start over|new interview"),
    ("help", r"help|\?|commands"),
    ("quit", r"quit|exit|bye"),
]


def parse_command(text: str) -> Command | None:
    """The command typed text stands for, or None when it is not a command."""
    raw = re.match(r"\s*note\s+(?P<arg>\S.*)", text, flags=re.IGNORECASE | re.DOTALL)
    if raw:  # a note is user text: kept exactly as typed
        return Command("note", raw.group("arg"))
    t = " ".join(text.strip().split())
    for name, pattern in _PATTERNS:
        m = re.fullmatch(pattern, t, flags=re.IGNORECASE)
        if m:
            return Command(name, (m.groupdict().get("arg") or "").strip())
    return None
