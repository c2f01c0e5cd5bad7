"""`compare TRANSCRIPT...`: two or more transcripts side by side."""

from __future__ import annotations

import argparse

from ..transcripts.compare import compare_inputs, render
from .common import report_from_files


def compare(args: argparse.Namespace) -> int:
    """compare TRANSCRIPT...: two or more transcripts side by side."""
    return report_from_files(args, lambda: compare_inputs(args.transcripts, args.home), render, "comparison")
