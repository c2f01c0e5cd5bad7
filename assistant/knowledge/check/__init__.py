"""Check a rule base beyond loading: anomalies that load cleanly but reason badly.

``integration-assistant check`` loads the files (any structural error stops it with
``file:line: message``), then looks for

* rules that can never fire: contradictory conditions within a term (one single-select question
  required to be two options, a fact required both present and absent, two different models),
  options that do not exist, facts nothing derives; and more generally rules that fire for no
  assignment of answers, found by three-valued evaluation with every question unresolved and
  confirmed by a search over the questions the rule depends on;
* rules subsumed by another rule with the same conclusion;
* gaps (answers that give no model) and overlaps (answers that give two models), by evaluating
  the model rules over every combination of answers to the questions they read;
* questions no rule reads and options no rule tells apart;
* synonyms, cues and negated phrases that two options of a question claim, or that are another
  option's label or id: typed, they could mean either;
* citations the paragraph index of rules/source.yaml does not back;
* with the report's numbered text (``check --report FILE``, else ``$INTEGRATION_ASSISTANT_REPORT``
  or ``report.json``/``report.md`` in the home, as the passage viewer finds it; without one these
  are not checked): cited paragraphs the text does not have, pages that are not the paragraph's
  printed page(s), and quotes that do not stand verbatim in their paragraph (see :mod:`.quotes`);
* statements without a basis, report statements without a quoted passage, assistant statements
  that present citations as support, missing clauses, and confidences the rule base cannot
  produce.

Each kind of anomaly has a module of its own; they share a :class:`~.checker.Checker`.

Each anomaly is one line, ``file:line: severity: message``. Answers that no rule condition tells
apart give the same evaluation, so the searches evaluate one answer per class of such answers and
count each class at its full size; ``exhaustive=True`` evaluates every combination instead.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from ...consultation import result as _result  # noqa: F401  (imported before sensitivity, which it completes)
from ...i18n import _
from ...usertext import for_terminal
from ..loader import KnowledgeBase, load_knowledge
from ..yamlfile import InputError
from .checker import Checker
from .citations import citations
from .coverage import gaps_and_overlaps
from .firing import never_fires, terms
from .languages import languages
from .quotes import NumberedText, load_report, quotes
from .redundancy import subsumed
from .report import Anomaly, CheckReport, counts, sort_key
from .statements import basis, wording
from .usage import unread, unused_definitions
from .vocabulary import ambiguous_phrases

__all__ = ["Anomaly", "CheckReport", "NumberedText", "check_knowledge", "load_report", "run_check"]

# In this order: the never-fires search builds on the term checks, and the later checks leave
# out rules already found dead.
KINDS = (
    terms,
    never_fires,
    subsumed,
    gaps_and_overlaps,
    unread,
    unused_definitions,
    ambiguous_phrases,
    citations,
    quotes,
    basis,
    wording,
    languages,
)


def check_knowledge(
    kb: KnowledgeBase, *, exhaustive: bool = False, report: NumberedText | None = None
) -> CheckReport:
    """Every anomaly in a loaded knowledge base, sorted by file and line; with ``report`` (the
    report's numbered text), its citations and quotes checked against that text too."""
    start = time.perf_counter()
    checker = Checker(kb, exhaustive, report)
    for check in KINDS:
        check(checker)
    return CheckReport(
        anomalies=sorted(checker.out, key=sort_key),
        rules=len(kb.rules),
        questions=len(kb.questions),
        combinations=checker.combinations,
        evaluated=checker.evaluated,
        seconds=time.perf_counter() - start,
        report=None if report is None else str(report.path),
        citations=0 if report is None else report.citations,
        quotes=0 if report is None else report.quotes,
    )


def run_check(
    rules_dir: Path | None = None,
    dialogues_dir: Path | None = None,
    *,
    out: TextIO | None = None,
    exhaustive: bool = False,
    report: Path | None = None,
) -> int:
    """``integration-assistant check``: load, check, print; 1 when there is an error, else 0.
    With ``report`` (the report's numbered text), citations and quotes are checked against it; a
    report text that cannot be read is an error too."""
    out = out or sys.stdout
    start = time.perf_counter()
    try:
        text = None if report is None else load_report(report)
    except InputError as exc:
        print(for_terminal(str(exc)), file=out)
        print(
            f"check: {counts(1, 0)} (" + _("the report text does not load; nothing else was checked") + ")",
            file=out,
        )
        return 1
    try:
        kb = load_knowledge(rules_dir, dialogues_dir)
    except InputError as exc:
        print(for_terminal(str(exc)), file=out)
        print(
            f"check: {counts(1, 0)} (" + _("the files do not load; nothing else was checked") + ")", file=out
        )
        return 1
    result = check_knowledge(kb, exhaustive=exhaustive, report=text)
    result.seconds = time.perf_counter() - start
    for line in result.lines():
        print(for_terminal(line), file=out)
    print(for_terminal(result.summary()), file=out)
    return 1 if result.errors else 0
