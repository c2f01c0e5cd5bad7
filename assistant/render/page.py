"""The opening of a standalone HTML document (transcripts, comparisons, workshop summaries)."""

from __future__ import annotations

from html import escape


def html_page_start(title: str, css: str, generator: str | None = None) -> list[str]:
    """Lines from the doctype to the opening ``<body>``; ``title`` and ``generator`` as plain text."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ]
    if generator is not None:
        lines.append(f'<meta name="generator" content="{escape(generator)}">')
    return [*lines, f"<title>{escape(title)}</title>", f"<style>{css}</style>", "</head>", "<body>"]
