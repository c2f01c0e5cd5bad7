"""Where the shipped knowledge lives: inside the installed package, or at the checkout's top level."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """Where shipped data lives: inside the installed package, or at the checkout's top level."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name
