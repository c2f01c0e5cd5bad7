"""Every command and key of the assistant, in one table: what is typed, what it does, its key
and footer label, its entry in the command palette, the interface's action, and when it is
available. The chat's help, the chat screen's keys, the command palette and the README's table
of keys and commands are all made from it (``readme_table()``; tests/test_registry.py checks the
README against it). No Textual here: the interface reads the table, the table knows no
interface.

The order is the help's, the palette's and the README's; it is also the order in which typed
text is tried against the patterns (the first that matches wins). The footer orders the keys
itself: the function keys by number, then the others.

To add a command: write its handler, ``handler(interview, arg) -> list[Reply]``, in the module of
:mod:`.commands` for its theme (anything the interface should do, it appends to
``interview.effects``: see :mod:`.effects`); add its :class:`Spec` below; paste ``readme_table()``
into the README. Its key, its palette entry and its line in the help follow."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .replies import Reply
    from .state import State

Handler = Callable[["State", str], list["Reply"]]
# When a command can be used: in any conversation, only in training, or only outside it.
When = Literal["always", "training", "consultation"]
# In training, before the prediction: shown as usual, shown without what it concludes (the
# recommendation), or refused (it would give the case's key away).
InTraining = Literal["shown", "hidden", "refused"]

NOT_IN_TRAINING = (
    "Not during training: that would give the answer away. "
    "Predict first (`predict`); the debrief then shows the reasoning."
)


@dataclass(frozen=True)
class Key:
    """A key that runs a command (or an action of the interface)."""

    key: str  # as Textual names it: "f1", "ctrl+b"
    label: str  # in the footer
    show: bool = True  # in the footer; otherwise in the help and the palette only
    narrow: bool = True  # kept in the footer on a narrow terminal (80 columns)
    on_app: bool = False  # bound by the application (on every screen), not by the chat screen
    spoken: str = ""  # in the help's list of keys; the label in lower case when empty

    @property
    def shown_as(self) -> str:
        """The key as the help and the README write it: "F1", "ctrl+b"."""
        return self.key.upper() if re.fullmatch(r"f\d+", self.key) else self.key

    @property
    def order(self) -> tuple[int, int, str]:
        """Function keys by number, then the others by name."""
        m = re.fullmatch(r"f(\d+)", self.key)
        return (0, int(m.group(1)), "") if m else (1, 0, self.key)


@dataclass(frozen=True)
class PaletteEntry:
    title: str
    help: str


@dataclass(frozen=True)
class Spec:
    """One command (typed, or a key of the interface only)."""

    name: str
    help: str  # one line: in the help and the README
    typed: tuple[str, ...] = ()  # how it is typed, as the help shows it; () for a key of the interface only
    patterns: tuple[str, ...] = ()  # regular expressions the typed text matches (whole, any case)
    handler: str | None = None  # "module.function" in .commands: imported when first run
    key: Key | None = None
    action: str | None = None  # the interface's action, run by the key and the palette
    palette: PaletteEntry | None = None
    when: When = "always"
    in_training: InTraining = "shown"
    unavailable: str = ""  # said when typed where it is not available

    def available(self, training: bool) -> bool:
        return self.when == "always" or (self.when == "training") == training

    def refusal(self, training: bool) -> str | None:
        """What the conversation says instead of running the command, or None to run it."""
        if not self.available(training):
            return self.unavailable or "That command is not available here."
        if training and self.in_training == "refused":
            return NOT_IN_TRAINING
        return None

    def run(self, c: State, arg: str) -> list[Reply]:
        """Run the handler (its module imported on first use: the table itself stays light, for
        the palette and the keys, which need no reasoning)."""
        if self.handler is None:
            raise LookupError(f"the command {self.name} is run by the interface, not typed")
        module, function = self.handler.split(".")
        handler: Handler = getattr(import_module(f"{__package__}.commands.{module}"), function)
        return handler(c, arg)

    def offered(self, training: bool) -> bool:
        """Whether the help lists it (and its key) in this conversation."""
        return self.available(training) and not (training and self.in_training == "refused")


@dataclass(frozen=True)
class Command:
    """A command as typed: its name in the registry and what follows it."""

    name: str
    arg: str = ""


SPECS: tuple[Spec, ...] = (
    Spec(
        "why",
        "why this question is asked, with its citation",
        typed=("why",),
        patterns=(r"why\??|why (?:do|did) you ask(?: this| that)?\??|why this question\??",),
        handler="explaining.why",
        key=Key("f2", "Why"),
        action="command('why')",
        palette=PaletteEntry("Why is this question asked?", "the reason and its citation"),
    ),
    Spec(
        "how",
        "how the recommendation was reached: the fired rules as a tree, each cited",
        typed=("how",),
        patterns=(r"how\??|how did you get (?:there|that)\??|explain (?:the )?(?:reasoning|recommendation)",),
        handler="explaining.how",
        key=Key("f3", "How"),
        action="command('how')",
        palette=PaletteEntry("How was the recommendation reached?", "the tree of fired rules"),
        in_training="refused",
    ),
    Spec(
        "summary",
        "your answers, the recommendation and its flags",
        typed=("summary",),
        patterns=(r"summary|summarise|summarize|status",),
        handler="explaining.summary",
        key=Key("f4", "Summary"),
        action="command('summary')",
        palette=PaletteEntry("Summary", "answers, recommendation, flags"),
        in_training="hidden",
    ),
    Spec(
        "back",
        "back to the previous question (its answer is withdrawn)",
        typed=("back",),
        patterns=(r"back|go back|previous",),
        handler="changing.back",
        key=Key("ctrl+b", "Back", show=False),
        action="command('back')",
        palette=PaletteEntry("Back to the previous question", "withdraws the last answer and asks it again"),
    ),
    Spec(
        "undo",
        "undo the last change, whatever it was: an answer, a change, going back, a restart, a note "
        "(changes made since the session was opened; the session's history keeps them all)",
        typed=("undo",),
        patterns=(r"undo|undo (?:that|it|the last change)|oops",),
        handler="changing.undo",
        action="command('undo')",
        palette=PaletteEntry("Undo the last change", "an answer, a change, going back, a restart or a note"),
    ),
    Spec(
        "set",
        "answer or re-answer any question",
        typed=("set QUESTION OPTION", "change QUESTION OPTION"),
        patterns=(r"(?:set|change)\s+(?P<arg>.+)",),
        handler="changing.set_answer",
        key=Key("f5", "Set"),
        action="prefill('set ')",
        palette=PaletteEntry("Set an answer…", "set QUESTION OPTION"),
    ),
    Spec(
        "whatif",
        "the result under a change, beside the current one",
        typed=("what if QUESTION OPTION",),
        patterns=(r"what\s*-?\s*if\s+(?P<arg>.+)",),
        handler="explaining.what_if",
        key=Key("f6", "What if"),
        action="prefill('what if ')",
        palette=PaletteEntry("What if…", "a change, beside the current result"),
        in_training="refused",
    ),
    Spec(
        "explain",
        "the report's terms, each with its page",
        typed=("explain TERM", "what is a DSRSG?"),
        patterns=(
            r"(?:explain|define|glossary|meaning of)(?:\s+(?P<arg>.+))?",
            r"what(?:'s| is| are| does)\s+(?:an?\s+|the\s+)?(?P<arg>.+?)(?:\s+mean)?\s*\??",
        ),
        handler="explaining.explain",
        key=Key("f7", "Terms", narrow=False, spoken="explain"),
        action="prefill('explain ')",
        palette=PaletteEntry("Explain a term…", "the report's glossary"),
    ),
    Spec(
        "skipped",
        "the questions not asked, and why",
        typed=("skipped", "why skipped QUESTION"),
        patterns=(
            r"(?:why\s+(?:was\s+)?(?:not\s+asked|skipped|not)|skipped)\s+(?P<arg>.+)",
            r"skipped|skips|not asked",
        ),
        handler="explaining.skipped",
        action="command('skipped')",
        palette=PaletteEntry("Skipped questions", "which questions no longer matter, and why"),
        in_training="refused",
    ),
    Spec(
        "note",
        "a note kept with an answer, exactly as typed (on the last answer, or the one named)",
        typed=("note TEXT", "note QUESTION: TEXT"),
        patterns=(r"note\s+(?P<arg>.+)",),
        handler="changing.note",
    ),
    Spec(
        "export",
        "the transcript as Markdown, printable HTML, JSON or Word",
        typed=("export [FORMAT]",),
        patterns=(r"export(?:\s+(?P<arg>.+))?",),
        handler="handover.export",
        key=Key("f10", "Export"),
        action="export",
        palette=PaletteEntry("Export the transcript…", "Markdown, printable HTML, JSON or Word"),
        when="consultation",
        unavailable="A training run exports its debrief: predict first (`predict`), then export it there.",
    ),
    Spec(
        "restart",
        "clear every answer and start again: asks first, and `undo` brings them back",
        typed=("restart",),
        patterns=(r"restart|start over|new interview",),
        handler="changing.restart",
        action="command('restart')",
        palette=PaletteEntry("Clear the answers and start again", "asks first; undo brings them back"),
    ),
    Spec(
        "brief",
        "in training: reread the case's brief",
        typed=("brief",),
        patterns=(r"brief|case|reread(?: the)? brief",),
        handler="handover.brief",
        when="training",
        unavailable="There is no case brief outside training.",
    ),
    Spec(
        "predict",
        "in training: predict the model and the conflicts, then see the debrief",
        typed=("predict",),
        patterns=(r"predict|prediction|reveal",),
        handler="handover.predict",
        key=Key("f9", "Predict"),
        action="predict",
        when="training",
        unavailable="Predictions belong to training (`integration-assistant train`).",
    ),
    Spec(
        "sources",
        "the sources of the last message that cites any: section, page, paragraph and quote",
        key=Key("ctrl+o", "Sources", show=False),
        action="citations",
        palette=PaletteEntry("Sources of the last message", "page, section, paragraph and quote"),
    ),
    Spec(
        "panel",
        "show or hide the side panel: recommendation, flags, questions left",
        key=Key("f8", "Panel", spoken="side panel"),
        action="toggle_panel",
        palette=PaletteEntry("Toggle the side panel", "recommendation, flags, questions left"),
    ),
    Spec(
        "new",
        "a new consultation; the current one stays saved as it is",
        key=Key("ctrl+n", "New", show=False, spoken="new consultation"),
        action="new_consultation",
        palette=PaletteEntry("New consultation…", "this one stays saved; a new crisis, officer and date"),
    ),
    Spec(
        "theme",
        "switch between dark and light",
        key=Key("ctrl+t", "Theme", narrow=False, on_app=True),
        action="toggle_theme",
    ),
    Spec(
        "help",
        "the commands and keys",
        typed=("help",),
        patterns=(r"help|\?|commands",),
        handler="explaining.help_reply",
        key=Key("f1", "Help"),
        action="command('help')",
        palette=PaletteEntry("Help", "the commands"),
    ),
    Spec(
        "quit",
        "leave the assistant (an unfinished training run asks first)",
        typed=("quit",),
        patterns=(r"quit|exit|bye",),
        handler="handover.leave",
        key=Key("ctrl+q", "Quit", on_app=True),
        action="quit",
    ),
)

BY_NAME: dict[str, Spec] = {spec.name: spec for spec in SPECS}
# Keys the help names that belong to no command: the palette itself, and scrolling.
OTHER_KEYS = (("ctrl+p", "all commands"), ("PageUp/PageDown", "scroll the conversation"))

_COMPILED = [
    (spec.name, re.compile(pattern, flags=re.IGNORECASE)) for spec in SPECS for pattern in spec.patterns
]


def parse_command(text: str) -> Command | None:
    """The command typed text stands for, or None when it is not a command."""
    raw = re.match(r"\s*note\s+(?P<arg>\S.*)", text, flags=re.IGNORECASE | re.DOTALL)
    if raw:  # a note is user text: kept exactly as typed
        return Command("note", raw.group("arg"))
    t = " ".join(text.strip().split())
    for name, pattern in _COMPILED:
        m = pattern.fullmatch(t)
        if m:
            return Command(name, (m.groupdict().get("arg") or "").strip())
    return None


def keyed() -> Iterator[tuple[Spec, Key]]:
    """The commands that have a key, with it, in the footer's order (function keys first)."""
    with_keys = [(spec, spec.key) for spec in SPECS if spec.key is not None]
    yield from sorted(with_keys, key=lambda pair: pair[1].order)


def narrow_left_out() -> tuple[str, ...]:
    """The keys left out of the footer on a narrow terminal, so that Help and Quit fit."""
    return tuple(key.key for _spec, key in keyed() if not key.narrow)


def palette_entries() -> list[tuple[str, str, str]]:
    """The command palette's entries: (title, action, help)."""
    return [
        (spec.palette.title, spec.action, spec.palette.help)
        for spec in SPECS
        if spec.palette is not None and spec.action is not None
    ]


def _forms(spec: Spec) -> str:
    return ", ".join(f"`{form}`" for form in spec.typed)


def help_text(training: bool) -> str:
    """The `help` reply: the commands and keys of this conversation (training or not)."""
    lines = ["Answer with a number, an option's name or your own words. Commands:", ""]
    hidden = " (in training: your answers only, until the prediction)" if training else ""
    lines += [
        f"- {_forms(s)}: {s.help}{hidden if s.in_training == 'hidden' else ''}"
        for s in SPECS
        if s.typed and s.offered(training)
    ]
    keys = [f"{key.shown_as} {key.spoken or key.label.lower()}" for s, key in keyed() if s.offered(training)]
    keys += [f"{key} {what}" for key, what in OTHER_KEYS]
    return "\n".join([*lines, "", f"Keys: {' · '.join(keys)}."])


def readme_table() -> str:
    """The README's table of commands and keys."""
    rows = ["| type | key | what it does |", "|---|---|---|"]
    for spec in SPECS:
        key = spec.key.shown_as if spec.key else ""
        when = {"always": "", "training": " (training only)", "consultation": " (not in training)"}[spec.when]
        what = spec.help.removeprefix("in training: ")
        training = {
            "shown": "",
            "hidden": " (in training, the answers only)",
            "refused": " (not in training: it would give the answer away)",
        }[spec.in_training]
        cells = (_forms(spec), key, f"{what}{when}{training}")
        rows.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
    return "\n".join(rows)
