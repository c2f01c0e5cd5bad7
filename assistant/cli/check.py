"""`check`: the rule base checked (dead and redundant rules, gaps, overlaps, citations)."""

from __future__ import annotations

import argparse

from ..home import find_report, home_directory
from ..knowledge.check import run_check


def check(args: argparse.Namespace) -> int:
    report = find_report(args.report, home_directory(args.home))  # as the passage viewer finds it
    return run_check(args.rules, args.dialogues, report=report)
