"""What the app loads behind its first screen: the knowledge and the saved sessions, then what
the first question needs, made ready ahead (run off the UI thread, by the app's loading worker);
and the reader's copy of the report, when a passage is first shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded behind the start screen, not before it
    from ..i18n import Language
    from ..knowledge.loader import KnowledgeBase
    from ..knowledge.report_text import ReportText
    from ..sessions import SessionListing, SessionStore


@dataclass(frozen=True)
class Loaded:
    kb: KnowledgeBase
    store: SessionStore
    listing: SessionListing


def load(
    kb: KnowledgeBase | None,
    knowledge: Callable[[], KnowledgeBase] | None,
    store: SessionStore | None,
    sessions: Path | None,
    lang: Language | None = None,
) -> Loaded:
    """The knowledge (``kb``, else ``knowledge()``, else the shipped one in ``lang``, by default
    the language in force) and the sessions (``store``, else the folder ``sessions``, else the
    user's), listed. InputError or OSError when either cannot be read."""
    if kb is None:
        if knowledge is None:
            from ..knowledge.loader import shipped_knowledge

            kb = shipped_knowledge(lang)
        else:
            kb = knowledge()
    if store is None:
        from ..sessions import SessionStore

        store = SessionStore(sessions, kb=kb)
    return Loaded(kb, store, store.list())


def warm_up(kb: KnowledgeBase, consult: bool = True) -> None:
    """What the first question needs, made ready ahead: the chat's modules, Markdown, one
    consultation run (the rule engine built, the models' validators made), and what reads typed
    answers."""
    from rich.markdown import Markdown

    from ..conversation import Conversation
    from ..sessions.recorder import SessionRecorder  # noqa: F401
    from .screens.chat import ChatScreen  # noqa: F401

    if consult:
        replies = Conversation(kb).start()
        Markdown(replies[-1].text if replies else "")
    # The reading of typed words: its lexicon, and the word list that tells typos from English.
    from ..consultation.understand import english, lexicon

    lexicon()
    english()


class ReportCopy:
    """The reader's copy of the report (--report FILE), read when a passage is first shown."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._text: ReportText | None = None
        self._read = False

    def text(self) -> ReportText | None:
        """None without a copy; InputError when it cannot be read (said once: then None)."""
        if not self._read:
            self._read = True
            if self.path is not None:
                from ..knowledge.report_text import ReportText

                self._text = ReportText.from_file(self.path)
        return self._text
