"""Do Experta and the direct evaluator fire the same rules on larger rule bases?

Run from the checkout:  uv run python benchmarks/experta_agreement.py [--sets 150] [--seed 2008]

The shipped rule base is copied 1, 2, 4 and 8 times under renamed rule ids and fact names (as
the property tests do), and both reasoners run on the same random answer sets (each question
answered or not at random, ``unknown`` included). An answer set agrees when both fire the same
activations. Experta runs twice: with experta 1.9.4's own agenda strategy ("unpatched") and
with the fixed strategy of ``assistant/reasoning/_experta.py`` ("patched"), which the app uses.

Prints a table and writes the figures to benchmarks/results/experta_agreement.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.consultation.answers import Answers  # noqa: E402
from assistant.knowledge.loader import KnowledgeBase, shipped_knowledge  # noqa: E402
from assistant.knowledge.schema import UNKNOWN  # noqa: E402
from assistant.reasoning import engine  # noqa: E402
from assistant.reasoning._experta import experta  # noqa: E402
from assistant.reasoning.compiled import compiled  # noqa: E402
from assistant.reasoning.evaluate import evaluate  # noqa: E402
from tests.strategies import copied_rule_base  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "experta_agreement.json"
COPIES = (1, 2, 4, 8)


def random_answers(kb: KnowledgeBase, rng: random.Random) -> Answers:
    """Some questions answered (one option, several for multi-select, or unknown), others not."""
    answers: Answers = {}
    for q in kb.questions:
        if rng.random() < 0.5:
            continue
        if rng.random() < 0.15:
            answers[q.id] = (UNKNOWN,)
        elif q.multi:
            singles = [o for o in q.option_ids if o not in q.exclusive]
            if q.exclusive and rng.random() < 0.2:
                answers[q.id] = (rng.choice(q.exclusive),)
            else:
                chosen = set(rng.sample(singles, rng.randint(1, len(singles))))
                answers[q.id] = tuple(o for o in q.option_ids if o in chosen)
        else:
            answers[q.id] = (rng.choice(q.option_ids),)
    return answers


def _key(f):
    return (f.rule, f.term, f.matched, f.concludes)


def agreement(base, sets: Sequence[Answers], patched: bool) -> tuple[int, float]:
    """How many answer sets both reasoners fire alike on, and the seconds it took."""
    if not patched:
        unpatched = type(
            "UnpatchedEngine",
            (engine.engine_class(base),),
            {"__strategy__": experta.strategies.DepthStrategy},
        )
        runner = unpatched()
    else:
        runner = engine.engine_class(base)()
    order = {q.id: i for i, q in enumerate(base.kb.questions)}
    agree = 0
    start = time.perf_counter()
    for answers in sets:
        # engine.run(), with the engine chosen here
        runner.firings = []
        runner.reset()
        ordered = sorted(answers.items(), key=lambda kv: order[kv[0]])
        facts = [engine.Answer(question=q, value=v) for q, values in ordered for v in values]
        if facts:
            runner.declare(*facts)
        runner.run()
        direct = evaluate(base, answers)
        agree += sorted(map(_key, runner.firings)) == sorted(map(_key, direct.firings))
    return agree, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sets", type=int, default=150, help="random answer sets per rule base (default 150)")
    p.add_argument("--seed", type=int, default=2008)
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)

    kb = shipped_knowledge()
    rng = random.Random(args.seed)
    sets = [random_answers(kb, rng) for _ in range(args.sets)]
    base = compiled(kb)
    rows = []
    for n in COPIES:
        copied = copied_rule_base(base, n)
        # the patched run first: the generated engine class is shared, the unpatched one derives from it
        after, t_after = agreement(copied, sets, patched=True)
        before, t_before = agreement(copied, sets, patched=False)
        rows.append(
            {
                "copies": n,
                "rules": len({r.id for r in copied.rules}),
                "answer_sets": len(sets),
                "unpatched_agree": before,
                "patched_agree": after,
                "unpatched_s": round(t_before, 2),
                "patched_s": round(t_after, 2),
            }
        )
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            "experta": metadata.version("experta"),
            "rulebase_version": kb.version,
            "rulebase_sha256": kb.sha256,
        },
        "settings": {"sets": args.sets, "seed": args.seed},
        "agreement": rows,
    }
    print(f"Experta against the direct evaluator, {args.sets} random answer sets (seed {args.seed})")
    print(f"{'copies':>6}  {'rules':>5}  {'unpatched agree':>16}  {'patched agree':>14}")
    for r in rows:
        print(
            f"{r['copies']:>5}x  {r['rules']:>5}  {r['unpatched_agree']:>10}/{r['answer_sets']:<5}"
            f"  {r['patched_agree']:>8}/{r['answer_sets']}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
