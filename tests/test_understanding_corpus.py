"""The officer-phrasings corpus (tests/data/officer_phrasings.yaml) read by the understanding step.

Each phrasing is what a desk officer types to one question, with the readings a careful human
reader accepts, or ``must_ask`` when the only right outcome is to ask. The step is measured the
way it fails:

- a wrong record (recorded, but not an acceptable reading; any record of a must_ask phrasing) is
  never allowed;
- wrong proposals (confirmed, but not an acceptable reading; any confirm of a must_ask phrasing)
  are at most 1% of the corpus;
- of the clear phrasings (a careful reader resolves them without doubt), at least 85% are
  resolved: recorded or confirmed as an acceptable reading.

A second set, tests/data/officer_phrasings_heldout.yaml, was written apart from the first and
from the lexicon, by a reader who saw only the questions and their labels, and was first run
after the step had been tuned on the first set. The same two limits hold for it (no wrong record,
at most 1% wrong proposals); its resolved share is reported, not required: it measures how far
the vocabulary reaches beyond the phrasings it was written from.

A property test adds that "not <label>" never records or confirms the option of that label.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.consultation.understand import understand
from assistant.knowledge.loader import shipped_knowledge
from assistant.knowledge.schema import UNKNOWN, Question

from .question_tests import with_phrasings

CORPUS_FILE = Path(__file__).parent / "data" / "officer_phrasings.yaml"
HELDOUT_FILE = Path(__file__).parent / "data" / "officer_phrasings_heldout.yaml"
MIN_ENTRIES = 400
MIN_PER_QUESTION = 12
MAX_WRONG_PROPOSALS = 0.01  # of all entries
MIN_RESOLVED_CLEAR = 0.85  # of the clear accept-entries
OUTCOMES = ("record", "confirm", "ask")
KEYS = {"question", "text", "accept", "must_ask", "clear"}

KB = shipped_knowledge()
# the corpus file's phrasings and those of each question's own test file (tests/questions/)
RAW: Any = with_phrasings(yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8")), "en")


def question(qid: str) -> Question:
    q = KB.question(qid)
    assert q is not None, f"no question {qid!r}"
    return q


def same_text(text: str) -> str:
    """A text as duplicates are found: case and spacing ignored."""
    return " ".join(text.casefold().split())


# --- the corpus ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrasing:
    question: str
    text: str
    readings: frozenset[frozenset[str]]  # each acceptable reading, as a set of option ids; none: must ask
    must_ask: bool
    clear: bool

    def accepts(self, options: tuple[str, ...]) -> bool:
        return frozenset(options) in self.readings


@dataclass(frozen=True)
class Read:
    """One phrasing as the understanding step read it."""

    phrasing: Phrasing
    outcome: str
    options: tuple[str, ...]
    candidates: tuple[str, ...]
    reading: str
    error: str = ""  # the exception raised, if any

    @property
    def verdict(self) -> str:
        """right record, right confirm, asked, wrong record, wrong proposal, crashed, bad outcome."""
        if self.error:
            return "crashed"
        if self.outcome == "ask":
            return "asked"
        if self.outcome not in OUTCOMES:
            return "bad outcome"
        right = self.phrasing.accepts(self.options)
        if self.outcome == "record":
            return "right record" if right else "wrong record"
        return "right confirm" if right else "wrong proposal"

    def line(self) -> str:
        p = self.phrasing
        wanted = "must ask" if p.must_ask else " or ".join(sorted("+".join(sorted(r)) for r in p.readings))
        got = self.error or f"{self.outcome} {list(self.options)}"
        return f"  {p.question}: {p.text!r} -> {got}; reading: {self.reading!r} (accept: {wanted})"


def well_formed_problems(raw: Any) -> list[str]:
    """Everything wrong with the corpus file's structure, one line each."""
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        return ["the corpus must be a mapping with a list under 'entries'"]
    problems: list[str] = []
    per_question: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for n, entry in enumerate(raw["entries"], 1):
        where = f"entry {n}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not a mapping")
            continue
        if extra := set(entry) - KEYS:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        qid, text = entry.get("question"), entry.get("text")
        q = KB.question(qid) if isinstance(qid, str) else None
        if not isinstance(qid, str) or q is None:
            problems.append(f"{where}: no question {qid!r}")
            continue
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where} ({qid}): text must be a non-empty string, not {text!r}")
            continue
        where = f"{where} ({qid}: {text!r})"
        per_question[qid] += 1
        key = (qid, same_text(text))
        if key in seen:
            problems.append(f"{where}: duplicate phrasing")
        seen.add(key)
        if "clear" in entry and not isinstance(entry["clear"], bool):
            problems.append(f"{where}: clear must be true or false")
        if "must_ask" in entry:
            if entry["must_ask"] is not True:
                problems.append(f"{where}: must_ask, when given, must be true")
            if "accept" in entry or "clear" in entry:
                problems.append(f"{where}: a must_ask entry has no accept and no clear")
            continue
        accept = entry.get("accept")
        if not isinstance(accept, list) or not accept:
            problems.append(f"{where}: needs a non-empty accept list, or must_ask: true")
            continue
        valid = {*q.option_ids, UNKNOWN}
        readings = accept if q.multi else [[a] for a in accept]
        for reading in readings:
            if not isinstance(reading, list) or not reading:
                problems.append(f"{where}: each reading of a multi-select question is a non-empty list")
                continue
            if bad := [o for o in reading if not isinstance(o, str) or o not in valid]:
                problems.append(f"{where}: not options of {qid}: {bad!r}")
            if len(set(map(str, reading))) != len(reading):
                problems.append(f"{where}: an option listed twice in {reading!r}")
            if len(reading) > 1 and any(o == UNKNOWN or o in q.exclusive for o in reading):
                problems.append(f"{where}: {reading!r} combines an option that stands alone")
        if len({frozenset(map(str, r)) for r in readings if isinstance(r, list)}) != len(readings):
            problems.append(f"{where}: a reading listed twice")
    total = sum(per_question.values())
    if total < MIN_ENTRIES:
        problems.append(f"{total} entries, fewer than {MIN_ENTRIES}")
    for q in KB.questions:
        if per_question[q.id] < MIN_PER_QUESTION:
            problems.append(f"{q.id}: {per_question[q.id]} entries, fewer than {MIN_PER_QUESTION}")
    return problems


def phrasing(entry: dict[str, Any]) -> Phrasing:
    q = question(entry["question"])
    accept = entry.get("accept") or []
    readings = frozenset(frozenset(r) if q.multi else frozenset([r]) for r in accept)
    must_ask = bool(entry.get("must_ask"))
    return Phrasing(q.id, entry["text"], readings, must_ask, not must_ask and entry.get("clear", True))


@pytest.fixture(scope="session")
def corpus() -> list[Phrasing]:
    problems = well_formed_problems(RAW)
    assert not problems, "the corpus is not well formed:\n" + "\n".join(problems)
    return [phrasing(e) for e in RAW["entries"]]


@pytest.fixture(scope="session")
def reads(corpus: list[Phrasing]) -> list[Read]:
    return read_all(corpus)


def read_all(corpus: list[Phrasing]) -> list[Read]:
    """Each phrasing read as the chat reads it (with every question, to tell their answers apart)."""
    out = []
    for p in corpus:
        try:
            u = understand(question(p.question), p.text, KB.questions)
        except Exception as exc:  # noqa: BLE001 - a crash is counted and named, never hides the rest
            out.append(Read(p, "", (), (), "", error=f"{type(exc).__name__}: {exc}"))
            continue
        out.append(Read(p, u.outcome, tuple(u.options), tuple(u.candidates), u.reading))
    return out


@dataclass(frozen=True)
class Figures:
    entries: int
    must_ask: int
    recorded_right: int
    confirmed_right: int
    asked: int
    asked_right: int  # asked, on a must_ask phrasing
    wrong_records: int
    wrong_proposals: int
    crashed: int
    bad_outcomes: int
    clear: int
    clear_resolved: int

    @property
    def wrong_proposal_share(self) -> float:
        return self.wrong_proposals / self.entries if self.entries else 0.0

    @property
    def resolved_share(self) -> float:
        return self.clear_resolved / self.clear if self.clear else 0.0

    def text(self) -> str:
        return "\n".join(
            [
                f"officer phrasings: {self.entries} entries ({self.must_ask} must ask)",
                f"  recorded right:   {self.recorded_right}",
                f"  confirmed right:  {self.confirmed_right}",
                f"  asked:            {self.asked} ({self.asked_right} of them must ask)",
                f"  wrong records:    {self.wrong_records} (allowed: 0)",
                f"  wrong proposals:  {self.wrong_proposals} = {self.wrong_proposal_share:.1%}"
                f" (allowed: {MAX_WRONG_PROPOSALS:.0%})",
                f"  crashed:          {self.crashed}; bad outcomes: {self.bad_outcomes}",
                f"  clear phrasings resolved: {self.clear_resolved} of {self.clear}"
                f" = {self.resolved_share:.1%} (needed: {MIN_RESOLVED_CLEAR:.0%})",
            ]
        )


@pytest.fixture(scope="session")
def figures(reads: list[Read]) -> Figures:
    return figures_of(reads)


def figures_of(reads: list[Read]) -> Figures:
    verdicts = Counter(r.verdict for r in reads)
    clear = [r for r in reads if r.phrasing.clear]
    return Figures(
        entries=len(reads),
        must_ask=sum(r.phrasing.must_ask for r in reads),
        recorded_right=verdicts["right record"],
        confirmed_right=verdicts["right confirm"],
        asked=verdicts["asked"],
        asked_right=sum(r.verdict == "asked" and r.phrasing.must_ask for r in reads),
        wrong_records=verdicts["wrong record"],
        wrong_proposals=verdicts["wrong proposal"],
        crashed=verdicts["crashed"],
        bad_outcomes=verdicts["bad outcome"],
        clear=len(clear),
        clear_resolved=sum(r.verdict in ("right record", "right confirm") for r in clear),
    )


def listing(reads: list[Read]) -> str:
    return "\n".join(r.line() for r in reads)


# --- the tests ----------------------------------------------------------------------------------


def test_corpus_well_formed():
    problems = well_formed_problems(RAW)
    assert not problems, "the corpus is not well formed:\n" + "\n".join(problems)


def test_every_phrasing_is_read(reads):
    """No phrasing crashes the step, and each outcome keeps the contract: record and confirm carry
    the reading (one option for a single-choice question), ask carries none; every id is real."""
    broken = []
    for r in reads:
        if r.error:
            broken.append(r)
            continue
        q = question(r.phrasing.question)
        valid = {*q.option_ids, UNKNOWN}
        ok = (
            r.outcome in OUTCOMES
            and all(o in valid for o in (*r.options, *r.candidates))
            and len(set(r.options)) == len(r.options)
            and (
                r.options == ()
                if r.outcome == "ask"
                else bool(r.options) and (q.multi or len(r.options) == 1)
            )
        )
        if not ok:
            broken.append(r)
    assert not broken, f"{len(broken)} phrasings crashed or broke the contract:\n{listing(broken)}"


def test_no_wrong_record(reads):
    wrong = [r for r in reads if r.verdict == "wrong record"]
    assert not wrong, f"{len(wrong)} wrong records (none is allowed):\n{listing(wrong)}"


def test_must_ask_is_never_recorded(reads):
    wrong = [r for r in reads if r.phrasing.must_ask and r.outcome == "record"]
    assert not wrong, f"{len(wrong)} must-ask phrasings recorded:\n{listing(wrong)}"


def test_wrong_proposals_are_rare(reads, figures):
    wrong = [r for r in reads if r.verdict == "wrong proposal"]
    assert figures.wrong_proposal_share <= MAX_WRONG_PROPOSALS, (
        f"{len(wrong)} wrong proposals, {figures.wrong_proposal_share:.1%} of {figures.entries} entries"
        f" (allowed: {MAX_WRONG_PROPOSALS:.0%}):\n{listing(wrong)}"
    )


def test_clear_phrasings_are_resolved(reads, figures):
    unresolved = [r for r in reads if r.phrasing.clear and r.verdict not in ("right record", "right confirm")]
    assert figures.resolved_share >= MIN_RESOLVED_CLEAR, (
        f"{figures.clear_resolved} of {figures.clear} clear phrasings resolved, {figures.resolved_share:.1%}"
        f" (needed: {MIN_RESOLVED_CLEAR:.0%}); not resolved:\n{listing(unresolved)}"
    )


def test_corpus_figures(figures, capsys):
    """The figures, always shown, and every threshold at once."""
    with capsys.disabled():
        print("\n" + figures.text())
    assert (
        figures.crashed == 0
        and figures.bad_outcomes == 0
        and figures.wrong_records == 0
        and figures.wrong_proposal_share <= MAX_WRONG_PROPOSALS
        and figures.resolved_share >= MIN_RESOLVED_CLEAR
    ), figures.text()


# --- "not <label>" is never that option -----------------------------------------------------------

NEGATED_LABELS = [
    (q.id, o.id, label)
    for q in KB.questions
    for o in q.options
    for label in dict.fromkeys((o.label, o.label.lower()))
]
PREFIXES = ("", "it is ", "they are ", "honestly ")


@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from(NEGATED_LABELS), prefix=st.sampled_from(PREFIXES))
def test_not_label_is_never_that_option(case, prefix):
    qid, option_id, label = case
    text = f"{prefix}not {label}"
    u = understand(question(qid), text)
    assert not (u.outcome in ("record", "confirm") and option_id in u.options), (
        f"{qid}: {text!r} -> {u.outcome} {list(u.options)}; reading: {u.reading!r}"
    )


# --- the held-out set -------------------------------------------------------------------------------


def test_heldout_phrasings_are_never_misrecorded(capsys):
    entries = yaml.safe_load(HELDOUT_FILE.read_text(encoding="utf-8"))
    reads = read_all([phrasing(e) for e in entries])
    figures = figures_of(reads)
    with capsys.disabled():
        print("\nheld-out " + figures.text().replace(f" (needed: {MIN_RESOLVED_CLEAR:.0%})", " (reported)"))
    wrong = [r for r in reads if r.verdict in ("wrong record", "wrong proposal", "crashed", "bad outcome")]
    assert figures.crashed == figures.bad_outcomes == figures.wrong_records == 0, listing(wrong)
    assert figures.wrong_proposal_share <= MAX_WRONG_PROPOSALS, listing(wrong)
