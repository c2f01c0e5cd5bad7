"""Where sessions live: one JSON file per session, written atomically after every change.

The folder is, in order of precedence: the ``directory`` given to :class:`SessionStore`;
``$INTEGRATION_ASSISTANT_HOME/sessions``; ``platformdirs.user_data_dir("integration-assistant")/sessions``.

A file that cannot be a session of this app (not JSON, truncated, another format, failing
validation, answering questions the knowledge base does not have, a folder where a file should
be…) is never skipped silently, never overwritten and never deleted: it is renamed, untouched,
to ``<name>.corrupt-<UTC timestamp>`` and reported as a :class:`SessionProblem`. A session
written by a newer version of the app, or too large to open, is reported but left where it is:
it may be one this app wrote. The history keeps a session far below that size (see
:mod:`~assistant.sessions.history`), and a session that would exceed it is not saved.

One window at a time changes a session: it holds the session's :meth:`SessionStore.claim` (an
advisory lock on ``.<id>.lock`` beside it, released when the window lets go, or by the system
when its process ends, even killed). Another window finds the claim taken and opens the session
read-only. Temporary files a killed save left behind are removed at start once a minute old.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from ..home import APP_NAME as APP_NAME
from ..home import HOME_ENV as HOME_ENV
from ..home import sessions_directory
from ..i18n import _
from ..knowledge.bounds import DataProblem, TooLarge, read_bytes
from ..knowledge.loader import KnowledgeBase, shipped_knowledge
from ..knowledge.yamlfile import InputError, describe_error, load_json
from .atomic import atomic_write, move_aside, remove_stale_temporaries
from .model import SESSION_FORMAT, SESSION_FORMAT_VERSION, SESSION_ID_PATTERN, Session, utcnow

SUFFIX = ".json"
MAX_BYTES = 32 * 1024 * 1024  # opened up to this size (an older app wrote sessions of 24 MB)
MAX_SAVE = 16 * 1024 * 1024  # saved up to this size, so every saved session opens again


def default_directory() -> Path:
    """The sessions folder when none is given (see the module docstring)."""
    return sessions_directory()


@dataclass(frozen=True)
class SessionSummary:
    """One saved session, as a list of sessions shows it."""

    id: str
    crisis: str
    officer: str
    date: dt.date
    created: dt.datetime
    updated: dt.datetime
    answered: int
    path: Path


@dataclass(frozen=True)
class SessionProblem:
    """A file in the sessions folder that is not a usable session."""

    path: Path  # where the file was found
    reason: str  # what is wrong, in a few words
    moved_to: Path | None  # where it was moved aside; None when it was left in place

    @property
    def message(self) -> str:
        """One line naming the file, what is wrong, and where it went."""
        if self.moved_to:
            return _("{file}: {reason}; moved aside to {moved}").format(
                file=self.path, reason=self.reason, moved=self.moved_to.name
            )
        return _("{file}: {reason}; left in place").format(file=self.path, reason=self.reason)

    def __str__(self) -> str:
        return self.message


class SessionListing(builtins.list[SessionSummary]):
    """The sessions, newest first (a list of :class:`SessionSummary`), and ``problems``: the files
    that were not sessions, with what was done about them."""

    def __init__(self, sessions: builtins.list[SessionSummary], problems: builtins.list[SessionProblem]):
        super().__init__(sessions)
        self.problems = problems


class SessionUnusable(InputError):
    """``load`` found a file that is not a usable session; ``problem`` says what was done."""

    def __init__(self, problem: SessionProblem):
        super().__init__(problem.message)
        self.problem = problem


class SessionClaim:
    """A held claim on a session (see :meth:`SessionStore.claim`)."""

    def __init__(self, lock: FileLock | None):
        self._lock = lock

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class _Unusable(Exception):
    def __init__(self, reason: str, move: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.move = move


class SessionStore:
    """Saved sessions in one folder.

    ``problems`` accumulates every :class:`SessionProblem` found by any call (``list``,
    ``load``, ``latest``), so a UI can show them whenever it likes.
    """

    def __init__(self, directory: Path | str | None = None, kb: KnowledgeBase | None = None):
        self.directory = Path(directory).expanduser() if directory is not None else default_directory()
        self.kb = kb or shipped_knowledge()
        self.problems: builtins.list[SessionProblem] = []
        self._ready = False
        self._swept = False

    def path_of(self, session_id: str) -> Path:
        """The file a session id is saved in (InputError for an id that is not one)."""
        if not isinstance(session_id, str) or not re.fullmatch(SESSION_ID_PATTERN, session_id):
            raise InputError(
                _("'{id}' is not a session id (letters, digits, '-' and '_')").format(id=session_id)
            )
        return self.directory / f"{session_id}{SUFFIX}"

    # --- writing -----------------------------------------------------------------------------

    def save(self, session: Session, *, durable: bool = True) -> Path:
        """Write the session atomically (temp file, fsync, rename, fsync of the folder).

        Returns the file's path. Raises InputError (one line) when the folder cannot be written.
        ``durable=False`` skips the fsyncs (still atomic; for tests and bulk imports).
        """
        path = self.path_of(session.id)
        data = session.model_dump_json(indent=2).encode("utf-8")
        if len(data) > MAX_SAVE:
            raise InputError(
                _(
                    "{file}: cannot save the session: it would take {size} bytes, more than "
                    "{most} (a very long note?)"
                ).format(file=path, size=len(data), most=MAX_SAVE)
            )
        try:
            if not self._ready:
                self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._ready = True
            atomic_write(path, data, durable=durable)
        except OSError as exc:
            self._ready = False
            raise InputError(
                _("{file}: cannot save the session ({reason})").format(file=path, reason=exc.strerror or exc)
            ) from None
        return path

    # --- reading -----------------------------------------------------------------------------

    def load(self, session_id: str) -> Session:
        """The saved session with this id.

        Raises InputError if there is none, and :class:`SessionUnusable` (an InputError) if its
        file is not a usable session: that file is then moved aside like ``list`` does.
        """
        path = self.path_of(session_id)
        self._sweep()
        if not os.path.lexists(path):
            raise InputError(_("no session '{id}' in {folder}").format(id=session_id, folder=self.directory))
        try:
            return self._read(path)
        except _Unusable as bad:
            raise SessionUnusable(self._problem(path, bad)) from None

    def list(self) -> SessionListing:
        """Every saved session, newest change first, and the problems met on the way.

        Files that are not usable sessions are moved aside and reported in ``.problems``.
        """
        sessions: builtins.list[SessionSummary] = []
        problems: builtins.list[SessionProblem] = []
        self._sweep()
        try:
            entries = sorted(os.scandir(self.directory), key=lambda e: e.name)
        except FileNotFoundError:
            return SessionListing([], [])
        except OSError as exc:
            problem = SessionProblem(self.directory, _cannot_read(exc), None)
            self.problems.append(problem)
            return SessionListing([], [problem])
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(SUFFIX):
                continue  # temporary files of a save in progress, files moved aside, other files
            path = Path(entry.path)
            try:
                s = self._read(path)
            except _Unusable as bad:
                problems.append(self._problem(path, bad))
                continue
            sessions.append(
                SessionSummary(
                    id=s.id,
                    crisis=s.details.crisis,
                    officer=s.details.officer,
                    date=s.details.date,
                    created=s.created,
                    updated=s.updated,
                    answered=len(s.answers),
                    path=path,
                )
            )
        sessions.sort(key=lambda x: (x.updated, x.id), reverse=True)
        return SessionListing(sessions, problems)

    def latest(self) -> Session | None:
        """The session changed most recently, or None when there is none."""
        for summary in self.list():
            try:
                return self.load(summary.id)
            except InputError:
                continue  # changed under our feet since the listing: already reported
        return None

    def claim(self, session_id: str) -> SessionClaim | None:
        """Claim the right to change a session, for as long as the claim is held; None when
        another window (another process, or another claim in this one) holds it."""
        lock = FileLock(self.directory / f".{self.path_of(session_id).stem}.lock", mode=0o600)
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            lock.acquire(timeout=0)
        except Timeout:
            return None
        except OSError:
            return SessionClaim(None)  # no lock can be taken here: saving will say what is wrong
        return SessionClaim(lock)

    # --- internals -----------------------------------------------------------------------------

    def _sweep(self) -> None:
        """Once per store: remove temporary files a killed save left behind."""
        if not self._swept:
            self._swept = True
            remove_stale_temporaries(self.directory)

    def _problem(self, path: Path, bad: _Unusable) -> SessionProblem:
        moved = None
        if bad.move:
            stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
            try:
                moved = move_aside(path, f".corrupt-{stamp}")
            except OSError as exc:
                bad = _Unusable(
                    _("{reason}; could not be moved aside ({why})").format(
                        reason=bad.reason, why=exc.strerror or exc
                    ),
                    False,
                )
        problem = SessionProblem(path, bad.reason, moved)
        self.problems.append(problem)
        return problem

    def _read(self, path: Path) -> Session:
        if path.is_dir():
            raise _Unusable(_("a folder, not a session file"))
        try:
            data = read_bytes(path, MAX_BYTES)
        except TooLarge as exc:
            # A session too large to open may still be one this app wrote: it stays where it is.
            raise _Unusable(exc.message, move=False) from None
        except DataProblem as exc:
            raise _Unusable(exc.message) from None
        except FileNotFoundError:
            if path.is_symlink():
                raise _Unusable(_("a link to a file that does not exist")) from None
            raise _Unusable(_("vanished while being read"), move=False) from None
        except OSError as exc:
            raise _Unusable(_cannot_read(exc), move=False) from None
        if not data.strip():
            raise _Unusable(_("empty file"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Unusable(_("not UTF-8 text, so not a session")) from None
        try:
            doc = load_json(text)
        except json.JSONDecodeError as exc:
            body = text.strip()
            cut = (body[:1] in "{[" and body[-1:] not in "}]") or exc.pos >= len(text.rstrip())
            kind = (
                _("truncated JSON (line {line}: {problem})")
                if cut
                else _("malformed JSON (line {line}: {problem})")
            )
            raise _Unusable(kind.format(line=exc.lineno, problem=exc.msg)) from None
        except DataProblem as exc:
            raise _Unusable(
                _("{problem} (line {line})").format(problem=exc.message, line=exc.line)
                if exc.line
                else exc.message
            ) from None
        if not isinstance(doc, dict) or doc.get("format") != SESSION_FORMAT:
            found = doc.get("format") if isinstance(doc, dict) else None
            what = (
                _("format {format}").format(format=repr(found))
                if isinstance(found, str)
                else _("no session format marker")
            )
            raise _Unusable(_("not an Integration Assistant session ({what})").format(what=what))
        version = doc.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > SESSION_FORMAT_VERSION:
            raise _Unusable(
                _("written by a newer version of the app (session format {version})").format(version=version),
                move=False,
            )
        try:
            session = Session.model_validate(doc, context={"kb": self.kb})
        except ValidationError as exc:
            err = exc.errors()[0]
            msg = re.sub(r" \(questions: [^)]*\)", "", describe_error(err))
            others = len(exc.errors()) - 1
            raise _Unusable(
                (
                    _("not a valid session: {problem} (and {count} more)")
                    if others
                    else _("not a valid session: {problem}")
                ).format(problem=msg, count=others)
            ) from None
        if session.id != path.name[: -len(SUFFIX)]:
            raise _Unusable(
                _("holds session '{id}', which does not match its file name").format(id=session.id)
            )
        return session


def _cannot_read(exc: OSError) -> str:
    return _("cannot be read ({reason})").format(reason=exc.strerror or exc)
