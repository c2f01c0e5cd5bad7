"""Saved consultations: the :class:`Session` model and the :class:`SessionStore` that keeps them.

Typical use by a UI::

    store = SessionStore()                       # or SessionStore(directory, kb=kb)
    session = store.latest() or Session.new("Darfur", officer="A. Officer", kb=kb)
    session.set_answer("un_presence", "multidimensional_pko", note="as of May")
    session.set_answer("hostility", "high", said=Said("they fight each other", "confirmed"))
    session.said("hostility")                    # the words typed, and how they were understood
    store.save(session)                          # after every change; atomic and fast
    result = consult(session.answers_for_engine(), kb)
    listing = store.list()                       # summaries, newest first
    for problem in listing.problems: ...         # files moved aside, one line each
"""

from .model import (
    SESSION_FORMAT,
    SESSION_FORMAT_VERSION,
    AnswerEvent,
    AnswerRecord,
    Session,
    SessionDetails,
    new_session_id,
)
from .store import (
    HOME_ENV,
    SessionClaim,
    SessionListing,
    SessionProblem,
    SessionStore,
    SessionSummary,
    SessionUnusable,
    default_directory,
)

__all__ = [
    "HOME_ENV",
    "SESSION_FORMAT",
    "SESSION_FORMAT_VERSION",
    "AnswerEvent",
    "AnswerRecord",
    "Session",
    "SessionClaim",
    "SessionDetails",
    "SessionListing",
    "SessionProblem",
    "SessionStore",
    "SessionSummary",
    "SessionUnusable",
    "default_directory",
    "new_session_id",
]
