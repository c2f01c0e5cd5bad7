import gc
import io
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

from assistant.knowledge.loader import shipped_knowledge

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
SHARED = ROOT.parent / "shared"

# The project's own modules are compiled once and the bytecode kept, even where
# PYTHONDONTWRITEBYTECODE is set: the test workers and the hundred-odd processes the tests start
# (the command line, served apps, a second window) would otherwise each compile the whole package
# again, about a tenth of the suite's time. The files go where Python puts them, in __pycache__
# folders git ignores.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# Property tests search 30 examples in the everyday run, the same on every machine; CI searches
# them again, 200 examples each, with the long tests: HYPOTHESIS_PROFILE=thorough pytest -m
# "slow or hypothesis" (Hypothesis marks its own tests "hypothesis").
settings.register_profile(
    "quick", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config):
    """The tests are over: what the process holds is left out of the last collections. pytest
    runs a full collection as it ends (to report errors raised while leftovers are freed), and
    Python's shutdown another; over a worker's heap (Textual keeps the rendered lines of up to a
    thousand widgets after their apps have gone) the two took about 3 s of CPU per process, 8% of
    the suite's. Errors raised when garbage is freed during the tests are still reported."""
    gc.freeze()


def pytest_xdist_auto_num_workers(config):
    """``-n auto`` starts two workers per core. Half of the suite's time is spent waiting, not
    computing: the UI tests wait for the app to settle after each key, others for a served
    workshop, a browser or a second process. With one worker per core, the cores idled through
    those waits. ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still overrides this."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return 2 * len(os.sched_getaffinity(0))


@pytest.fixture(autouse=True)
def _no_idle_collections(request, monkeypatch):
    """The app runs a full garbage collection once its user has paused (assistant/tui/collector.py):
    in a test, every wait for the app to settle is such a pause, and a test process holds far more
    than an app (every earlier test's leftovers): a fifth of a second each, a tenth of the suite's
    time. Tests leave the collections to Python's own schedule; tests/test_collector.py tries the
    app's."""
    if request.module.__name__.endswith("test_collector"):
        return
    from assistant.tui import collector

    monkeypatch.setattr(collector.IdleCollector, "input_seen", lambda self: None)


@pytest.fixture
def serve(tmp_path):
    """Starts served workshops (``serve(*options)``) in a home of the test's; each is stopped
    after the test, its output printed (pytest shows it when the test fails) and held to have no
    traceback."""
    from .served import Workshop, free_port

    started = []

    def start(*args, **kwargs):
        w = Workshop(tmp_path / "home", "--workshop", "room", "--port", str(free_port()), *args, **kwargs)
        started.append(w.start())
        return w

    yield start
    for w in started:
        out = w.stop()
        print(f"--- serve {' '.join(w.args)}\n{out}")
        assert "Traceback" not in out, out


@pytest.fixture(scope="session")
def kb():
    return shipped_knowledge()


def load_case(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the command line ---------------------------------------------------------------------------


def run_cli(
    cwd: Path, *args: str, timeout: float = 60, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m assistant ARGS`` in a process of its own, run in ``cwd``: its exit code, its
    output and its errors as text (undecodable bytes replaced, so a test can read them all).
    For what only a process shows (the entry point, what reaches the terminal, another process's
    files); the :func:`cli` fixture runs the same command line in the test's own process."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )


@dataclass(frozen=True)
class Ran:
    """What a run of the command line gave, named as :class:`subprocess.CompletedProcess` names it."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capfd, monkeypatch) -> Callable[..., Ran]:
    """``cli(CWD, ARGS…, stdin=TEXT, timeout=S)``: the command line's ``main(ARGS)`` run in this
    process, in ``CWD``, reading ``stdin``: its exit status, and what it wrote to standard output
    and error, read at the file descriptors (so a write that bypasses ``sys.stdout`` is seen too).
    Starting Python for each command made the command-line tests a tenth of the suite's time.
    With ``timeout``, a command that has not returned in that many seconds (a read that waits
    forever) fails the test, as a process would be stopped."""
    from assistant.cli import main

    def run(cwd: Path, *args: object, stdin: str | None = None, timeout: float | None = None) -> Ran:
        monkeypatch.chdir(cwd)
        if stdin is not None:
            monkeypatch.setattr(
                sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
            )
        capfd.readouterr()
        code: list[int] = []

        def command() -> None:
            try:
                code.append(main([str(a) for a in args]))
            except SystemExit as exc:  # argparse ends a bad command line so
                code.append(exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1))

        if timeout is None:
            command()
        else:
            thread = threading.Thread(target=command, daemon=True)
            thread.start()
            thread.join(timeout)
            if thread.is_alive():
                pytest.fail(f"{' '.join(map(str, args))} did not return within {timeout} s")
        out, err = capfd.readouterr()
        if not code:
            pytest.fail(f"{' '.join(map(str, args))} raised an exception:\n{err}")
        return Ran(code[0], out, err)

    return run


def run_main(capsys, *args) -> tuple[int, str, str]:
    """The command line's ``main(ARGS)`` in this process: its exit code, output and errors."""
    from assistant.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --- the terminal UI ----------------------------------------------------------------------------


def record_notifications(app) -> list[str]:
    """A list that receives, in order, every message ``app`` is asked to notify from now on.

    Screens and widgets notify through ``self.app.notify``, so wrapping the app's public
    ``notify`` on this instance sees them all, without reading Textual's private store of the
    notifications on show (which also drops them once they time out)."""
    notified: list[str] = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        notified.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording
    return notified


def pytest_collection_modifyitems(config, items):
    """Spread each file's tests evenly over the run. With ``-n``, each worker starts on its own
    stretch of the collected tests: in file order, one worker would get the UI tests (which wait
    a lot) and another the property tests (which compute), and the cores would idle through the
    stretch where every worker waits. A file whose tests share a module-scoped fixture (a wheel
    built and installed, say) stays in one piece at the start, so the fixture is made once."""
    by_file: dict[Path, list[pytest.Item]] = {}
    for item in items:
        by_file.setdefault(item.path, []).append(item)
    place: dict[str, tuple[float, str, int]] = {}
    for path, tests in by_file.items():
        shared = any(
            fixture.scope in ("module", "class", "package") for test in tests for fixture in _fixtures(test)
        )
        for i, test in enumerate(tests):
            place[test.nodeid] = (0.0 if shared else (i + 0.5) / len(tests), str(path), i)
    items.sort(key=lambda test: place[test.nodeid])


def _fixtures(item: pytest.Item):
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    return [defs[-1] for defs in info.name2fixturedefs.values() if defs]


async def workers_done(app) -> None:
    """Wait until the app's workers have finished. An exclusive worker (the side panel's
    sensitivity run) is cancelled when a newer one starts: that is a worker done too, not a
    failure of the wait."""
    from textual.worker import WorkerCancelled

    for _ in range(10):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
