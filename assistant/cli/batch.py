"""`assess --batch`: the results of the good lines, in input order, a large batch spread over
the machine's cores (a pool of forked processes), and an error record for each bad line."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..consultation.consult import consult
from ..i18n import _
from .common import say, show

if TYPE_CHECKING:
    from ..consultation.answers import Answers
    from ..consultation.result import Result
    from ..consultation.understand import Said
    from ..knowledge.loader import KnowledgeBase

# One good line of a batch: its number, its answers and the words written for them.
Line = tuple[int, "Answers", "dict[str, Said]"]
# What one consultation is given: the answers and the words written for them.
Item = tuple["Answers", "dict[str, Said]"]


def batch_results(good: list[Line], bad: dict[int, str], kb: KnowledgeBase, args: argparse.Namespace) -> int:
    """Every bad line is reported on stderr (exit 2). Without --skip-invalid nothing is written
    to stdout then; with it, each line gets its result or an error record, in input order."""
    for message in bad.values():
        say(message)
    if bad and not args.skip_invalid:
        return 2
    results = iter(consult_many([(answers, said) for _, answers, said in good], kb, args.format))
    lines = sorted([n for n, _, _ in good] + list(bad))
    for n in lines:
        if n in bad:
            show(_error_record(n, bad[n], args.format) + "\n", args.format)
        else:
            show(next(results) + "\n", args.format)
    return 2 if bad else 0


def _error_record(line: int, message: str, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"line": line, "error": message}, ensure_ascii=False)
    return _("# Line {line}: not consulted").format(line=line) + f"\n\n{message}\n"


def _consult_one(item: Item, kb: KnowledgeBase, fmt: str) -> str:
    """One batch line's result: ``item`` is (answers, the words written for them)."""
    answers, said = item
    result = consult(answers, kb, with_sensitivity=True)
    return result.model_dump_json() if fmt == "json" else _markdown(result, kb, said)


_POOL: dict[str, Any] = {}  # what each worker process of a large batch was given at its start


def _pool_init(kb: KnowledgeBase) -> None:
    _POOL["kb"] = kb


def _pool_consult(item: tuple[Item, str]) -> str:
    line, fmt = item
    return _consult_one(line, _POOL["kb"], fmt)


def consult_many(batch: list[Item], kb: KnowledgeBase, fmt: str) -> Iterator[str]:
    """Results in input order; large batches are spread over the machine's cores."""
    import multiprocessing
    import os

    jobs = min(os.cpu_count() or 1, 8)
    if jobs < 2 or len(batch) < 64 or "fork" not in multiprocessing.get_all_start_methods():
        for line in batch:
            yield _consult_one(line, kb, fmt)
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_pool_init, initargs=(kb,)) as pool:
        yield from pool.imap(_pool_consult, [(line, fmt) for line in batch], chunksize=16)


def _markdown(result: Result, kb: KnowledgeBase, said: dict[str, Said] | None = None) -> str:
    """One result as the Markdown transcript (the brief, then the annex), with the words written
    for its answers."""
    from ..transcripts import build_transcript, export

    answers = {q: tuple(v) if isinstance(v, list) else (v,) for q, v in result.answers.items()}
    transcript = build_transcript(kb, answers=answers, result=result, said=said or None)
    return export(transcript, "markdown").decode("utf-8")
