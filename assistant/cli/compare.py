"""`compare TRANSCRIPT...`: two or more transcripts side by side."""

from __future__ import annotations

import argparse

from ..errors import InputError
from ..i18n import _
from ..transcripts.compare import compare_inputs, render
from .common import report_format, say, write_report


def compare(args: argparse.Namespace) -> int:
    """compare TRANSCRIPT...: two or more transcripts side by side."""
    if args.force and args.output is None:
        raise InputError(_("--force goes with --output FILE"))
    fmt = report_format(args)
    comparison, problems = compare_inputs(args.transcripts, args.home)
    for problem in problems:
        say(_("skipped {problem}").format(problem=problem))
    return write_report(args, render(comparison, fmt), "comparison")
