"""How quick, and how right, is the reading of typed answers?

Run from the checkout:  uv run python benchmarks/understand.py [--rounds 20] [--corpus FILE]

Reads the corpus of officer phrasings, tests/data/officer_phrasings.yaml with the English
phrasings of each question's own test file in tests/questions/ (entries
``{question, text, accept | must_ask, clear}``: ``accept`` lists the acceptable option ids, for
the multi-select question lists of ids; ``must_ask`` says the only right outcome is to ask;
``clear`` is false for borderline phrasings), or, where that file is missing, the built-in list of
phrasings below. Measures

  (a) the time of one ``understand(question, text, questions)`` call, made as the chat makes it
      (with every question, so that an answer to another one is told apart): every entry,
      --rounds times over, after one warm-up pass; the median and p95 in microseconds (goal:
      median <= 2 ms), and the slowest phrasings;
  (b) what the readings are: entries recorded right or wrong (an accepted option, or not),
      confirmed right or wrong, asked (right for a must_ask entry, a miss for the others), and the
      share of the clear phrasings resolved (recorded or confirmed as an accepted option).

Prints a table and writes the figures to benchmarks/results/understand.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from statistics import fmean, median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.consultation.understand import Understanding, understand  # noqa: E402
from assistant.knowledge.loader import KnowledgeBase, load_knowledge  # noqa: E402
from assistant.knowledge.schema import Question  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "understand.json"
CORPUS = ROOT / "tests" / "data" / "officer_phrasings.yaml"
TARGET_MEDIAN_US = 2000.0

# Used where the corpus file is missing: phrasings of the shipped questions, in the corpus's form.
BUILTIN: list[dict[str, Any]] = [
    {
        "question": "un_presence",
        "text": "Multidimensional peacekeeping operation",
        "accept": ["multidimensional_pko"],
    },
    {"question": "un_presence", "text": "2", "accept": ["traditional_pko"]},
    {"question": "un_presence", "text": "special political mission", "accept": ["political_mission"]},
    {"question": "un_presence", "text": "like BINUB", "accept": ["peacebuilding_office"]},
    {"question": "un_presence", "text": "just the UNCT, no mission", "accept": ["none"]},
    {"question": "un_presence", "text": "a mission or an office, not decided", "must_ask": True},
    {"question": "country_team", "text": "yes", "accept": ["yes"]},
    {"question": "country_team", "text": "no, the agencies left", "accept": ["no"]},
    {"question": "country_team", "text": "not sure", "accept": ["unknown"]},
    {"question": "geographic_mandate", "text": "Liberia only", "accept": ["single_country"]},
    {"question": "geographic_mandate", "text": "it covers the whole region", "accept": ["multi_country"]},
    {
        "question": "geographic_mandate",
        "text": "another mission in the same country",
        "accept": ["second_mission_in_country"],
    },
    {"question": "armed_groups_outside_process", "text": "no, they are all in the process", "accept": ["no"]},
    {
        "question": "armed_groups_outside_process",
        "text": "yes, two factions refused to sign",
        "accept": ["yes"],
    },
    {"question": "ocha_presence", "text": "OCHA left last year", "accept": ["not_present"]},
    {"question": "ocha_presence", "text": "OCHA is present", "accept": ["present"]},
    {"question": "ocha_presence", "text": "ocha has an office in the capital", "accept": ["present"]},
    {"question": "security_situation", "text": "very stable", "accept": ["very_stable"]},
    {"question": "security_situation", "text": "volatile", "accept": ["volatile"]},
    {"question": "security_situation", "text": "stable with occasional incidents", "accept": ["stable"]},
    {"question": "security_situation", "text": "stable or volatile, it changes weekly", "must_ask": True},
    {"question": "local_humanitarian_capacity", "text": "partly", "accept": ["partly"]},
    {"question": "local_humanitarian_capacity", "text": "yes", "accept": ["yes"]},
    {"question": "local_humanitarian_capacity", "text": "no capacity at all", "accept": ["no"]},
    {"question": "mission_phase", "text": "start-up", "accept": ["start_up"]},
    {"question": "mission_phase", "text": "drawdown", "accept": ["drawdown"]},
    {"question": "mission_phase", "text": "consolidating the peace", "accept": ["consolidation"]},
    {"question": "mission_phase", "text": "carrying out the mandate", "accept": ["implementation"]},
    {"question": "hostility", "text": "high", "accept": ["high"]},
    {"question": "hostility", "text": "not very hostile", "accept": ["moderate"]},
    {"question": "hostility", "text": "not hostile at all", "accept": ["low"]},
    {"question": "hostility", "text": "some tension", "accept": ["moderate"]},
    {"question": "hostility", "text": "low to moderate", "must_ask": True},
    {"question": "host_consent", "text": "full consent", "accept": ["full"]},
    {"question": "host_consent", "text": "conditional consent", "accept": ["limited"]},
    {"question": "host_consent", "text": "the government is hostile", "accept": ["hostile"]},
    {"question": "insurgency", "text": "yes", "accept": ["yes"]},
    {"question": "insurgency", "text": "no insurgency", "accept": ["no"]},
    {"question": "forceful_disarmament", "text": "no", "accept": ["no"]},
    {"question": "abusive_key_actors", "text": "yes", "accept": ["yes"]},
    {"question": "political_timetable", "text": "don't know", "accept": ["unknown"]},
    {"question": "aid_conditionality", "text": "no", "accept": ["no"]},
    {"question": "military_assets", "text": "yes", "accept": ["yes"]},
    {"question": "non_un_forces", "text": "no", "accept": ["no"]},
    {"question": "dual_role_ngos", "text": "yes", "accept": ["yes"]},
    {"question": "ngo_parallel_coordination", "text": "no", "accept": ["no"]},
    {"question": "strategic_framework", "text": "agreed framework in place", "accept": ["agreed"]},
    {"question": "strategic_framework", "text": "partly agreed", "accept": ["partial"]},
    {"question": "strategic_framework", "text": "no shared framework", "accept": ["none"]},
    {"question": "national_ownership", "text": "national actors lead", "accept": ["leading"]},
    {"question": "national_ownership", "text": "they are consulted", "accept": ["consulted"]},
    {"question": "national_ownership", "text": "marginal", "accept": ["marginal"]},
    {"question": "structural_barriers", "text": "separate budgets", "accept": [["separate_budgets"]]},
    {
        "question": "structural_barriers",
        "text": "separate budgets and pay gaps",
        "accept": [["separate_budgets", "remuneration_gaps"]],
    },
    {"question": "structural_barriers", "text": "none of these", "accept": [["none"]]},
]


@dataclass(frozen=True)
class Entry:
    q: Question
    text: str
    accept: tuple[frozenset[str], ...]  # the acceptable readings, each a set of option ids
    must_ask: bool
    clear: bool


def load_corpus(path: Path, kb: KnowledgeBase) -> tuple[list[Entry], str]:
    """The corpus entries, and where they came from."""
    if path.exists():
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        raw = data["entries"] if isinstance(data, dict) else data
        source = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        if path == CORPUS:  # with the phrasings in each question's own test file, as the tests read it
            for own in sorted((ROOT / "tests" / "questions").glob("*.yaml")):
                mine = yaml.safe_load(own.read_text(encoding="utf-8"))
                raw = [*raw, *({"question": mine["question"], **e} for e in mine["phrasings"].get("en", []))]
            source += " and tests/questions/"
    else:
        raw, source = BUILTIN, "built-in list (the corpus file is missing)"
    entries = []
    for n, item in enumerate(raw, 1):
        q = kb.question(item["question"])
        if q is None:
            raise SystemExit(f"{source}: entry {n}: no question {item['question']!r}")
        readings = tuple(frozenset(a if isinstance(a, list) else [a]) for a in (item.get("accept") or []))
        must_ask = bool(item.get("must_ask"))
        if must_ask == bool(readings):
            raise SystemExit(f"{source}: entry {n}: give accept or must_ask: true, not both or neither")
        entries.append(Entry(q, str(item["text"]), readings, must_ask, bool(item.get("clear", not must_ask))))
    return entries, source


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timings(
    entries: list[Entry], rounds: int, others: Sequence[Question]
) -> tuple[list[float], dict[int, float]]:
    """Microseconds of every call (after a warm-up pass), and each entry's median."""
    for e in entries:
        understand(e.q, e.text, others)
    per_entry: dict[int, list[float]] = {i: [] for i in range(len(entries))}
    clock = time.perf_counter_ns
    for _ in range(rounds):
        for i, e in enumerate(entries):
            t0 = clock()
            understand(e.q, e.text, others)
            per_entry[i].append((clock() - t0) / 1000)
    every = [t for ts in per_entry.values() for t in ts]
    return every, {i: median(ts) for i, ts in per_entry.items()}


def right(e: Entry, u: Understanding) -> bool:
    return not e.must_ask and frozenset(u.options) in e.accept


def tally(entries: list[Entry], others: Sequence[Question]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The corpus figures, and the entries read wrong (recorded or confirmed as an option not
    accepted, or not asked when they must be)."""
    counts = dict.fromkeys(
        [
            "recorded_right",
            "recorded_wrong",
            "confirmed_right",
            "confirmed_wrong",
            "asked_right",
            "asked_clear",
            "asked_unclear",
        ],
        0,
    )
    clear = resolved = 0
    wrong: list[dict[str, Any]] = []
    for e in entries:
        u = understand(e.q, e.text, others)
        ok = right(e, u)
        if u.outcome == "ask":
            key = "asked_right" if e.must_ask else ("asked_clear" if e.clear else "asked_unclear")
        else:
            key = ("recorded_" if u.outcome == "record" else "confirmed_") + ("right" if ok else "wrong")
        counts[key] += 1
        if e.clear and not e.must_ask:
            clear += 1
            resolved += ok and u.outcome != "ask"
        if u.outcome != "ask" and not ok:
            wrong.append(
                {
                    "question": e.q.id,
                    "text": e.text,
                    "outcome": u.outcome,
                    "options": list(u.options),
                    "accept": "ask" if e.must_ask else [sorted(a) for a in e.accept],
                    "reading": u.reading,
                }
            )
    must_ask = sum(e.must_ask for e in entries)
    figures = {
        "entries": len(entries),
        "clear": clear,
        "must_ask": must_ask,
        **counts,
        "asked": counts["asked_right"] + counts["asked_clear"] + counts["asked_unclear"],
        "clear_resolved": resolved,
        "clear_resolved_share": round(resolved / clear, 3) if clear else None,
        "must_ask_asked_share": round(counts["asked_right"] / must_ask, 3) if must_ask else None,
    }
    return figures, wrong


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=20, help="timed passes over the corpus (default 20)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    kb = load_knowledge()
    entries, source = load_corpus(args.corpus, kb)
    if not entries:
        raise SystemExit(f"{source}: no entries")
    every, per_entry = timings(entries, args.rounds, kb.questions)
    corpus, wrong = tally(entries, kb.questions)
    slowest = sorted(per_entry.items(), key=lambda kv: kv[1], reverse=True)[:5]
    med, p95 = median(every), percentile(every, 95)
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "machine": platform.machine(),
            "system": platform.system(),
            "cpus": os.cpu_count(),
            "pydantic": metadata.version("pydantic"),
            "rulebase_version": kb.version,
            "rulebase_sha256": kb.sha256,
            "questions": len(kb.questions),
        },
        "settings": {"rounds": args.rounds, "corpus": source},
        "per_call_us": {
            "calls": len(every),
            "median": round(med, 1),
            "p95": round(p95, 1),
            "mean": round(fmean(every), 1),
            "max": round(max(every), 1),
            "slowest": [
                {"question": entries[i].q.id, "text": entries[i].text, "median_us": round(t, 1)}
                for i, t in slowest
            ],
        },
        "corpus": corpus,
        "read_wrong": wrong,
        "target_median_us": TARGET_MEDIAN_US,
        "meets_target": med <= TARGET_MEDIAN_US,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    c = corpus
    print(f"understand() over {c['entries']} phrasings ({source}), {args.rounds} rounds, {len(every)} calls")
    print(
        f"  {'per call':<28} median {med:8.1f} us   p95 {p95:8.1f} us"
        f"   goal median <= {TARGET_MEDIAN_US:.0f} us: {'met' if figures['meets_target'] else 'NOT met'}"
    )
    print(f"  {'recorded':<28} {c['recorded_right']} right, {c['recorded_wrong']} wrong")
    print(f"  {'confirmed':<28} {c['confirmed_right']} right, {c['confirmed_wrong']} wrong")
    print(
        f"  {'asked':<28} {c['asked']} ({c['asked_right']} of {c['must_ask']} that must be asked;"
        f" {c['asked_clear']} clear and {c['asked_unclear']} borderline phrasings)"
    )
    share = c["clear_resolved_share"]
    print(
        f"  {'clear phrasings resolved':<28} {c['clear_resolved']} of {c['clear']}"
        + (f" ({share:.1%})" if share is not None else "")
    )
    for w in wrong[:10]:
        print(f"  wrong: {w['question']} “{w['text']}” → {w['outcome']} {', '.join(w['options'])}")
    try:
        shown = args.out.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = args.out
    print(f"wrote {shown}")
    return 0 if figures["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
