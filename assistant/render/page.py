"""The opening of a standalone HTML document (transcripts, comparisons, workshop summaries)."""

from __future__ import annotations

from html import escape

from ..i18n import language
from ..usertext import visible


def html_page_start(title: str, css: str, generator: str | None = None) -> list[str]:
    """Lines from the doctype to the opening ``<body>``; ``title`` and ``generator`` as plain text
    (control characters in them shown as escapes)."""
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ]
    if generator is not None:
        lines.append(f'<meta name="generator" content="{escape(visible(generator))}">')
    return [*lines, f"<title>{escape(visible(title))}</title>", f"<style>{css}</style>", "</head>", "<body>"]
