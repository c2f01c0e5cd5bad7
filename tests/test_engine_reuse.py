"""Experta stays the engine whose result is shown; one engine per knowledge base serves every run
(reset between runs), on whatever thread, and no run sees what an earlier one declared."""

import threading

from assistant.reasoning import engine
from assistant.reasoning.compiled import compiled

FULL = {
    "un_presence": ("multidimensional_pko",),
    "country_team": ("yes",),
    "hostility": ("high",),
    "ocha_presence": ("present",),
}
NONE = {"un_presence": ("none",)}


def _trace(ev) -> list:
    return [(f.rule, f.term, f.matched, f.concludes) for f in ev.firings]


def test_runs_reuse_one_engine_across_threads_and_leave_nothing_behind(kb, monkeypatch):
    base = compiled(kb)
    engine.run(base, {})  # an engine for this knowledge base exists from here on
    cls = engine.engine_class(base)
    built = []
    init = cls.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(cls, "__init__", counting_init)
    first = _trace(engine.run(base, FULL))
    assert first, "the full answers fire rules"
    other = _trace(engine.run(base, NONE))
    assert other != first
    on_thread: list = []

    def elsewhere():
        on_thread.extend([_trace(engine.run(base, FULL)), _trace(engine.run(base, NONE))])

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    again = _trace(engine.run(base, FULL))

    assert on_thread == [first, other]  # the same trace, in the same order, on another thread
    assert again == first  # the run in between left no fact behind
    assert built == []  # the one engine, reset for every run, whichever thread asks


def test_runs_at_the_same_time_each_get_an_engine_of_their_own(kb):
    base = compiled(kb)
    expected = {name: _trace(engine.run(base, answers)) for name, answers in (("full", FULL), ("none", NONE))}
    start = threading.Barrier(4)
    seen: list = []

    def consult(name, answers):
        start.wait()
        for _ in range(5):
            seen.append((name, _trace(engine.run(base, answers))))

    threads = [threading.Thread(target=consult, args=(n, a)) for n, a in (("full", FULL), ("none", NONE)) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 20
    assert all(trace == expected[name] for name, trace in seen)


def test_a_result_kept_is_the_result_a_run_gives(kb):
    """Answers met again give the result worked out before, equal to a run of the rules."""
    from assistant.consultation.consult import consult, recomputed

    first = consult(FULL, kb)
    assert consult(dict(reversed(FULL.items())), kb) is first  # the same answers, in any order
    with recomputed():
        fresh = consult(FULL, kb)
    assert fresh is not first and fresh.model_dump() == first.model_dump()
    assert consult(NONE, kb).model_dump() != first.model_dump()
