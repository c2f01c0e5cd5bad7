"""What a command of the registry is: its typed forms, its key, its palette entry, when it is
available and how it runs (:mod:`.registry` lists them all)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Literal

from ..i18n import N_, _

if TYPE_CHECKING:
    from .replies import Reply
    from .state import State

Handler = Callable[["State", str], list["Reply"]]
# When a command can be used: in any conversation, only in training, or only outside it.
When = Literal["always", "training", "consultation"]
# In training, before the prediction: shown as usual, shown without what it concludes (the
# recommendation), or refused (it would give the case's key away).
InTraining = Literal["shown", "hidden", "refused"]

NOT_IN_TRAINING = N_(
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
    # label and spoken are English, marked N_: the interface and the help translate them (_)

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
    # Regular expressions the typed text matches (whole, any case), English and French alike in
    # any session: written without accents, the typed text's accents are folded before matching.
    patterns: tuple[str, ...] = ()
    typed_fr: tuple[str, ...] = ()  # how it is typed in French, as the French help shows it
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
            return _(self.unavailable) if self.unavailable else _("That command is not available here.")
        if training and self.in_training == "refused":
            return _(NOT_IN_TRAINING)
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
