"""How fast is a consultation?

Run from the checkout:  uv run python benchmarks/consultation.py [--runs 300] [--batch 1000] [--seed 2008]

Measures
  (a) one full consultation, ``consult(answers)``, on complete random answer sets (every question
      answered, options drawn with a fixed seed, several for the multi-select question) and on the
      reference cases in tests/cases/: median and p95 in ms, after a warm-up;
  (b) batch throughput: ``integration-assistant assess --batch FILE.jsonl --format json`` as a
      subprocess over random answer sets (wall time, process start included), beside the
      in-process rate of ``consult()`` over the same answer sets;
  (c) one Experta run alone (``engine.run``) against the direct evaluator (``evaluate``) on the
      same answers, as a ratio.

Prints a table and writes the figures to benchmarks/results/consultation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from assistant.consultation.answers import Answers, normalize, to_plain  # noqa: E402
from assistant.consultation.consult import consult  # noqa: E402
from assistant.knowledge.loader import KnowledgeBase, shipped_knowledge  # noqa: E402
from assistant.reasoning import engine  # noqa: E402
from assistant.reasoning.compiled import compiled  # noqa: E402
from assistant.reasoning.evaluate import evaluate  # noqa: E402

CASES_DIR = ROOT / "tests" / "cases"
RESULTS = ROOT / "benchmarks" / "results" / "consultation.json"
TARGET_MEDIAN_MS = 15.0
TARGET_PER_SECOND = 100.0


# --- answer sets ---------------------------------------------------------------------------------


def random_plain(kb: KnowledgeBase, rng: random.Random) -> dict[str, Any]:
    """Every question answered with one of its own options; a subset for multi-select ones."""
    plain: dict[str, Any] = {}
    for q in kb.questions:
        if q.multi:
            singles = [o for o in q.option_ids if o not in q.exclusive]
            # an exclusive option (e.g. 'none') alone, as often as any one combination size
            if q.exclusive and rng.random() < 1 / (len(singles) + 1):
                plain[q.id] = [rng.choice(q.exclusive)]
            else:
                plain[q.id] = rng.sample(singles, rng.randint(1, len(singles)))
        else:
            plain[q.id] = rng.choice(q.option_ids)
    return plain


def random_answer_sets(kb: KnowledgeBase, n: int, seed: int) -> list[Answers]:
    rng = random.Random(seed)
    return [normalize(kb, random_plain(kb, rng)) for _ in range(n)]


def case_answer_sets(kb: KnowledgeBase) -> list[tuple[str, Answers]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((path.stem, normalize(kb, doc["answers"])))
    return out


# --- timing --------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def median(values: Sequence[float]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def time_each(fn: Callable[[Answers], Any], sets: Sequence[Answers]) -> list[float]:
    """Milliseconds per call, one call per answer set."""
    out = []
    for answers in sets:
        t0 = time.perf_counter_ns()
        fn(answers)
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def summary(ms: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "median_ms": round(median(ms), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "mean_ms": round(sum(ms) / len(ms), 3),
        "min_ms": round(min(ms), 3),
        "max_ms": round(max(ms), 3),
    }


# --- the command line as a subprocess ------------------------------------------------------------


def cli_command() -> list[str]:
    script = shutil.which("integration-assistant", path=str(Path(sys.executable).parent)) or shutil.which(
        "integration-assistant"
    )
    return [script] if script else [sys.executable, "-m", "assistant"]


def run_batch(path: Path, cwd: Path) -> tuple[float, list[str]]:
    cmd = [*cli_command(), "assess", "--batch", str(path), "--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return wall, [line for line in proc.stdout.splitlines() if line.strip()]


# --- the benchmark -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=300, help="random answer sets for (a) and (c)")
    ap.add_argument("--case-repeats", type=int, default=30, help="times each reference case is consulted")
    ap.add_argument("--batch", type=int, default=1000, help="answer sets in the batch file for (b)")
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2008)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    kb = shipped_knowledge()
    base = compiled(kb)
    load_ms = (time.perf_counter() - t0) * 1e3

    sets = random_answer_sets(kb, args.runs, args.seed)
    cases = case_answer_sets(kb)
    batch_sets = random_answer_sets(kb, args.batch, args.seed + 1)

    t0 = time.perf_counter()
    consult(sets[0], kb)
    first_ms = (time.perf_counter() - t0) * 1e3
    for answers in random_answer_sets(kb, args.warmup, args.seed - 1):
        consult(answers, kb)

    # (a) full consultations
    random_ms = time_each(lambda a: consult(a, kb), sets)
    case_ms: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(args.case_repeats):
        for name, answers in cases:
            case_ms[name].extend(time_each(lambda a: consult(a, kb), [answers]))
    all_case_ms = [m for ms in case_ms.values() for m in ms]

    # (c) Experta alone vs the direct evaluator, same answers, interleaved so drift hits both
    engine_ms, evaluate_ms = [], []
    for answers in sets:
        engine_ms.extend(time_each(lambda a: engine.run(base, a), [answers]))
        evaluate_ms.extend(time_each(lambda a: evaluate(base, a), [answers]))
    for answers in sets[:20]:  # same conclusions, or the comparison means nothing
        a, b = engine.run(base, answers), evaluate(base, answers)
        assert [f.concludes for f in a.firings if f.concludes[0] == "model"] == [
            f.concludes for f in b.firings if f.concludes[0] == "model"
        ], answers

    # (b) batch throughput
    with tempfile.TemporaryDirectory(prefix="ia-bench-") as tmp:
        tmpdir = Path(tmp)
        jsonl = tmpdir / "answers.jsonl"
        jsonl.write_text("".join(json.dumps(to_plain(kb, a)) + "\n" for a in batch_sets), encoding="utf-8")
        one = tmpdir / "one.jsonl"  # the command refuses an empty file, so: start plus one line
        one.write_text(json.dumps(to_plain(kb, batch_sets[0])) + "\n", encoding="utf-8")
        start_wall, _ = run_batch(one, tmpdir)
        batch_wall, lines = run_batch(jsonl, tmpdir)
    if len(lines) != len(batch_sets):
        raise SystemExit(f"batch printed {len(lines)} results for {len(batch_sets)} answer sets")
    cli_models = [json.loads(line)["recommendation"]["model"] for line in lines]

    t0 = time.perf_counter()
    inproc_models = [consult(a, kb).recommendation.model for a in batch_sets]
    inproc_s = time.perf_counter() - t0
    if cli_models != inproc_models:
        raise SystemExit("the batch command and consult() disagree on a model")

    a_random, a_cases = summary(random_ms), summary(all_case_ms)
    c_engine, c_eval = summary(engine_ms), summary(evaluate_ms)
    n = len(batch_sets)
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "machine": platform.machine(),
            "system": platform.system(),
            "experta": metadata.version("experta"),
            "frozendict": metadata.version("frozendict"),
            "pydantic": metadata.version("pydantic"),
            "rulebase_version": kb.version,
            "rulebase_sha256": kb.sha256,
            "questions": len(kb.questions),
            "rules": len(kb.rules),
            "compiled_terms": sum(len(r.terms) for r in base.rules),
        },
        "settings": {
            "seed": args.seed,
            "runs": args.runs,
            "warmup": args.warmup,
            "case_repeats": args.case_repeats,
            "batch": n,
        },
        "cold": {"load_knowledge_ms": round(load_ms, 1), "first_consult_ms": round(first_ms, 1)},
        "consultation": {
            "random_complete": a_random,
            "reference_cases": a_cases,
            "reference_cases_median_ms": {k: round(median(v), 3) for k, v in case_ms.items()},
            "target_median_ms": TARGET_MEDIAN_MS,
            "meets_target": a_random["median_ms"] <= TARGET_MEDIAN_MS
            and a_cases["median_ms"] <= TARGET_MEDIAN_MS,
        },
        "batch": {
            "answer_sets": n,
            "cli_wall_s": round(batch_wall, 3),
            "cli_per_second": round(n / batch_wall, 1),
            "cli_one_line_s": round(start_wall, 3),
            "cli_per_second_excluding_start": round((n - 1) / max(batch_wall - start_wall, 1e-9), 1),
            "in_process_s": round(inproc_s, 3),
            "in_process_per_second": round(n / inproc_s, 1),
            "target_per_second": TARGET_PER_SECOND,
            "meets_target": n / batch_wall >= TARGET_PER_SECOND,
            "models": {m: cli_models.count(m) for m in sorted(set(cli_models))},
        },
        "engine_vs_evaluator": {
            "experta_run": c_engine,
            "direct_evaluate": c_eval,
            "ratio_median": round(c_engine["median_ms"] / c_eval["median_ms"], 2),
            "ratio_total": round(sum(engine_ms) / sum(evaluate_ms), 2),
            "experta_share_of_consult_median": round(c_engine["median_ms"] / a_random["median_ms"], 2),
        },
    }

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print_table(figures)
    try:
        shown = args.out.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = args.out
    print(f"\nwritten to {shown}")
    return 0


def print_table(f: dict[str, Any]) -> None:
    env, a, b, c = f["environment"], f["consultation"], f["batch"], f["engine_vs_evaluator"]
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    rows = [
        (
            "(a) consult(), random complete answers",
            f"median {a['random_complete']['median_ms']:.2f} ms",
            f"p95 {a['random_complete']['p95_ms']:.2f} ms",
            f"target median <= {TARGET_MEDIAN_MS:g} ms: "
            + ok(a["random_complete"]["median_ms"] <= TARGET_MEDIAN_MS),
        ),
        (
            f"(a) consult(), {len(a['reference_cases_median_ms'])} reference cases",
            f"median {a['reference_cases']['median_ms']:.2f} ms",
            f"p95 {a['reference_cases']['p95_ms']:.2f} ms",
            f"target median <= {TARGET_MEDIAN_MS:g} ms: "
            + ok(a["reference_cases"]["median_ms"] <= TARGET_MEDIAN_MS),
        ),
        (
            f"(b) assess --batch, {b['answer_sets']} lines (subprocess)",
            f"{b['cli_per_second']:.0f} /s",
            f"wall {b['cli_wall_s']:.2f} s (1 line: {b['cli_one_line_s']:.2f} s)",
            f"target >= {TARGET_PER_SECOND:g} /s: " + ok(b["meets_target"]),
        ),
        (
            "(b) consult() in process, same lines",
            f"{b['in_process_per_second']:.0f} /s",
            f"{b['in_process_s']:.2f} s",
            "",
        ),
        (
            "(c) engine.run() (Experta)",
            f"median {c['experta_run']['median_ms']:.3f} ms",
            f"p95 {c['experta_run']['p95_ms']:.3f} ms",
            "",
        ),
        (
            "(c) evaluate() (direct)",
            f"median {c['direct_evaluate']['median_ms']:.3f} ms",
            f"p95 {c['direct_evaluate']['p95_ms']:.3f} ms",
            "",
        ),
        (
            "(c) Experta / direct",
            f"x{c['ratio_median']:.2f} (medians)",
            f"x{c['ratio_total']:.2f} (totals)",
            f"Experta = {c['experta_share_of_consult_median']:.0%} of a consult median",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print(
        f"Integration Assistant consultation benchmark — Python {env['python']}, experta {env['experta']},"
        f" frozendict {env['frozendict']}, rule base {env['rulebase_version']}"
        f" ({env['rules']} rules, {env['compiled_terms']} terms, {env['questions']} questions)"
    )
    print(
        f"cold: load knowledge {f['cold']['load_knowledge_ms']:.0f} ms, first consult {f['cold']['first_consult_ms']:.0f} ms;"
        f" seed {f['settings']['seed']}, {f['settings']['runs']} runs after {f['settings']['warmup']} warm-up"
    )
    print()
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)).rstrip())


if __name__ == "__main__":
    raise SystemExit(main())
