"""When Python's garbage collector may pause the app.

A full collection walks every object the app holds (the knowledge, Textual's caches: over 100,000
objects) and takes tens of milliseconds. While the app starts, the collector waits (the entry
point turns it off before importing the UI); what start-up loaded lives as long as the app, and
is then moved out of the collector's way for good (``gc.freeze``) before it runs again.
"""
from __future__ import annotations

import gc

_settled = False


def settle() -> None:
    """Start-up is over: what it made is kept out of every later collection, and the collector
    runs again. Once per process."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.freeze()
    gc.enable()
