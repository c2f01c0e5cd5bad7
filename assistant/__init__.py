"""Integration Assistant: a cited, rule-based assistant for UN integration decisions."""

# The single place the version is written; the build reads it from here (pyproject: dynamic).
__version__ = "0.1.0"
