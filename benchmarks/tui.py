"""How quick is the terminal UI?

Run from the checkout:  uv run python benchmarks/tui.py [--launches 10] [--answers 100] [--panel-runs 2]

Measures
  (a) launch: the real entry point (the installed ``integration-assistant`` script, else
      ``python -m assistant``) with a fresh temporary ``--home``, in a 120x40 tmux window (a
      pseudo-terminal where tmux is missing), timed from the process start to
        - the start screen's first paint,
        - its list filled (the knowledge and the sessions loaded behind it), in a launch where
          no key is sent,
        - the details form, after ``n`` is sent as soon as the start screen is painted,
        - the first question's first paint, after the details ("Launch benchmark", Enter,
          Enter, Enter) are sent as soon as the form is painted;
      beside a bare Textual app (Header, Static, Footer) run the same way, to its first paint.
      Interleaved, after one warm-up each (bytecode written, files in the page cache, the
      parsed knowledge cached as on any launch after the first); the median of each and its
      ratio to the bare app's median (goal for the start screen: <= 1.3).
      A probe loaded through ``sitecustomize`` (only in these runs) notes when each screen is
      first written to the terminal: nothing of the benchmark is in the app.
  (b) answer to side panel: in one headless session (``run_test``, 120x40), the time from an
      answer submitted in the input (its text set and the screen idle, then Enter pressed; the
      clock starts at Enter) to the first screen update (a compositor render) after the side
      panel took the new standing. 100 answers, cycling through the questions with ``set
      QUESTION OPTION`` commands, so the chat keeps growing as it would in a long session, with
      a second of reading between one result and the next answer (``--think``). Median and p95
      (goals: median <= 25 ms, p95 <= 50 ms), also split into the first and the last half of the
      run; the full garbage collections of the run and how many fell between an Enter and its
      paint; the slowest answers. Run twice (``--panel-runs``).

Prints a table and writes the figures to benchmarks/results/tui.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results" / "tui.json"
TARGET_LAUNCH_RATIO = 1.3
TARGET_PANEL_P95_MS = 50.0
TARGET_PANEL_MEDIAN_MS = 25.0

# The launch is timed in a real terminal (tmux, else a pseudo-terminal), the way a user starts
# the app: the process is started by a shell that first writes the wall-clock time, and a probe
# loaded through ``sitecustomize`` (only when IA_BENCH_STAMPS names a file, so nothing of it is
# in the app) writes the wall-clock time at which each watched screen was first written to the
# terminal. The probe patches Textual only once ``textual.app`` is imported by the app itself,
# so it costs the timed process nothing before that.
PROBE = textwrap.dedent("""
    import os, sys, time

    _OUT = os.environ.get("IA_BENCH_STAMPS")
    if _OUT:
        from importlib.machinery import PathFinder

        _UNTIL = os.environ.get("IA_BENCH_UNTIL", "start")
        _done = set()

        def _stamp(app, name):
            _done.add(name)
            with open(_OUT, "a", encoding="utf-8") as f:
                f.write(f"{name} {time.time()!r}\\n")
            if name == _UNTIL:
                app.exit()

        def _watch(app):
            screen = app.screen
            kind = type(screen).__name__
            if kind == "Screen" and "bare" not in _done and screen.query("#q"):
                _stamp(app, "bare")
            elif kind == "StartScreen" and "start" not in _done:
                _stamp(app, "start")
            if kind == "StartScreen" and "start_ready" not in _done and not screen.has_class("-loading"):
                _stamp(app, "start_ready")
            if kind == "DetailsScreen" and "details" not in _done:
                if getattr(app.focused, "id", None) == "crisis":
                    _stamp(app, "details")
            elif kind == "ChatScreen" and "question" not in _done:
                if any(m.reply.kind == "question" and m.region.area for m in screen.query("ChatMessage")):
                    _stamp(app, "question")

        def _patch(App):
            display = App._display

            def _display(self, screen, renderable):
                display(self, screen, renderable)
                # what _display itself writes to the terminal, nothing else
                written = renderable is not None and not self._batch_count and self._driver is not None
                if written and self._running and not self._closed and not self.is_headless:
                    _watch(self)

            App._display = _display

        class _AfterImport:
            def find_spec(self, name, path=None, target=None):
                if name != "textual.app":
                    return None
                sys.meta_path.remove(self)
                spec = PathFinder.find_spec(name, path, target)
                if spec is not None and spec.loader is not None:
                    run = spec.loader.exec_module

                    def exec_module(module):
                        run(module)
                        _patch(module.App)

                    spec.loader.exec_module = exec_module
                return spec

        sys.meta_path.insert(0, _AfterImport())
""")

BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Footer, Header, Static


    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Which UN presence is deployed or planned in the country?", id="q")
            yield Footer()


    Bare().run()
""")


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "mean_ms": round(statistics.fmean(values), 2),
        "min_ms": round(min(values), 2),
        "max_ms": round(max(values), 2),
    }


# --- (a) launch ----------------------------------------------------------------------------------


class Tmux:
    """A tmux server of our own (its own socket), one detached 120x40 session per launch."""

    name = "tmux"

    def __init__(self) -> None:
        self.socket = f"ia-bench-{os.getpid()}"
        self.session = ""

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)

    def start(self, command: str, env: dict[str, str], n: int) -> None:
        self.session = f"launch{n}"
        options = [item for k, v in env.items() for item in ("-e", f"{k}={v}")]
        done = self._tmux("new-session", "-d", "-s", self.session, "-x", "120", "-y", "40", *options, command)
        if done.returncode != 0:
            raise RuntimeError(f"tmux new-session failed: {done.stderr.strip()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session).stdout

    def running(self) -> bool:
        return self._tmux("has-session", "-t", self.session).returncode == 0

    def stop(self) -> None:
        if self.running():
            self._tmux("kill-session", "-t", self.session)

    def close(self) -> None:
        self._tmux("kill-server")
        # tmux leaves its socket file behind: it lives beside the user's own tmux sockets
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)


class PseudoTerminal:
    """Without tmux: a 120x40 pseudo-terminal, its output read (and dropped) as it comes."""

    name = "pty"
    KEYS = {"Enter": b"\r", "Escape": b"\x1b"}

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.master = -1
        self.tail = bytearray()

    def start(self, command: str, env: dict[str, str], n: int) -> None:
        import fcntl
        import pty
        import struct
        import termios
        import threading

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.proc = subprocess.Popen(
            ["sh", "-c", command],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", **env},
            start_new_session=True,
        )
        os.close(slave)
        self.tail = bytearray()

        def drain(fd: int) -> None:
            while True:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.tail = (self.tail + data)[-65536:]

        threading.Thread(target=drain, args=(self.master,), daemon=True).start()

    def keys(self, *keys: str, literal: bool = False) -> None:
        for key in keys:
            os.write(self.master, key.encode() if literal else self.KEYS.get(key, key.encode()))

    def screen(self) -> str:
        return self.tail.decode("utf-8", "replace")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        import signal

        if self.running():
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=10)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        pass


def _wait_for(predicate, timeout: float, what: str, term) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise RuntimeError(
                f"no {what} within {timeout:.0f} s; the terminal shows:\n{term.screen()[-3000:]}"
            )
        time.sleep(0.001)


class Launcher:
    """Starts the app (or the bare app) in a terminal, a fresh home each time, and reads the
    probe's stamps: milliseconds from the process start to each screen's first paint."""

    def __init__(self, work: Path, term, via_uv: bool = False) -> None:
        self.work, self.term, self.n = work, term, 0
        (work / "probe").mkdir()
        (work / "probe" / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
        (work / "bare.py").write_text(BARE_APP, encoding="utf-8")
        script = Path(sys.executable).with_name("integration-assistant")
        self.app_command = [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]
        if via_uv:  # the README's command: uv's check of the environment counted in the launch
            root = Path(__file__).resolve().parent.parent
            self.app_command = [
                shutil.which("uv") or "uv",
                "run",
                "--project",
                str(root),
                "integration-assistant",
            ]

    def _stamps(self, path: Path) -> dict[str, float]:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return {}
        return {
            name: float(value) for name, value in (line.split() for line in lines if line.count(" ") == 1)
        }

    def run(
        self, command: list[str], until: str, steps: list[tuple[str, list[tuple[tuple[str, ...], bool]]]] = ()
    ) -> dict[str, float]:
        """``steps``: after each named stamp, the keys to send (each a tuple of keys, literal or not)."""
        self.n += 1
        run = self.work / f"run{self.n}"
        run.mkdir()
        stamps, started = run / "stamps", run / "started"
        env = {
            "IA_BENCH_STAMPS": str(stamps),
            "IA_BENCH_UNTIL": until,
            "PYTHONPATH": str(self.work / "probe"),
        }
        # like an installed app: the package's bytecode is written once (warm-up) and read after
        env["PYTHONDONTWRITEBYTECODE"] = ""
        # GNU date's nanoseconds: the clock starts as the shell hands over to the app's process
        shell = f"date +%s.%N > {shlex.quote(str(started))}; exec {shlex.join(command)}"
        self.term.start(shell, env, self.n)
        try:
            for stamp, keys in steps:
                _wait_for(
                    lambda stamp=stamp: stamp in self._stamps(stamps), 60, f"'{stamp}' paint", self.term
                )
                for group, literal in keys:
                    self.term.keys(*group, literal=literal)
            _wait_for(lambda: until in self._stamps(stamps), 60, f"'{until}' paint", self.term)
            _wait_for(lambda: not self.term.running(), 10, "exit", self.term)
        finally:
            self.term.stop()
        try:
            t0 = float(started.read_text().strip())
        except ValueError:
            raise RuntimeError("the launch clock needs GNU date (date +%s.%N)") from None
        return {name: (t - t0) * 1000 for name, t in self._stamps(stamps).items()}

    def app(self) -> dict[str, float]:
        """The assistant to its start screen, then "New consultation", the details, and the
        first question."""
        home = self.work / f"home{self.n + 1}"
        return self.run(
            [*self.app_command, "--home", str(home)],
            "question",
            [
                ("start", [(("n",), False)]),
                ("details", [(("Launch benchmark",), True), (("Enter", "Enter", "Enter"), False)]),
            ],
        )

    def app_untouched(self) -> dict[str, float]:
        """The assistant left alone: to its start screen, then the list filled."""
        return self.run([*self.app_command, "--home", str(self.work / f"home{self.n + 1}")], "start_ready")

    def bare(self) -> dict[str, float]:
        return self.run([sys.executable, str(self.work / "bare.py")], "bare")


def bench_launch(runs: int, use_tmux: bool = True, via_uv: bool = False) -> dict:
    term = Tmux() if use_tmux and shutil.which("tmux") else PseudoTerminal()
    with tempfile.TemporaryDirectory(prefix="ia-launch-") as folder:
        launcher = Launcher(Path(folder), term, via_uv)
        try:
            launcher.app(), launcher.bare()  # warm-up: bytecode written, files in the page cache
            app: list[dict[str, float]] = []
            bare: list[float] = []
            for _ in range(runs):  # interleaved, so drift in the machine's load hits both alike
                app.append(launcher.app())
                bare.append(launcher.bare()["bare"])
                app[-1]["start_ready"] = launcher.app_untouched()["start_ready"]
        finally:
            term.close()
    bare_median = statistics.median(bare)
    out = {"runs": runs, "terminal": term.name, "bare_textual": summary(bare)}
    for name, label in (
        ("start", "start_screen"),
        ("start_ready", "start_screen_filled"),
        ("details", "details_form"),
        ("question", "first_question"),
    ):
        values = [a[name] for a in app if name in a]
        if values:
            out[label] = summary(values) | {
                "ratio_to_bare": round(statistics.median(values) / bare_median, 3)
            }
    ratio = out["start_screen"]["ratio_to_bare"]
    out |= {
        "ratio_start_screen": ratio,
        "ratio_first_question": out["first_question"]["ratio_to_bare"],
        "target_ratio": TARGET_LAUNCH_RATIO,
        "meets_target": ratio <= TARGET_LAUNCH_RATIO,
    }
    return out


# --- (b) answer to side panel --------------------------------------------------------------------


def answer_commands(kb, n: int) -> list[str]:
    """``set`` commands cycling through every question and its options, so each one changes an
    answer (and so the side panel's questions-left count or standing)."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        for q in kb.questions:
            options = [*q.option_ids, "unknown"]
            option = options[i % len(options)]
            if q.multi and option != "unknown" and option not in q.exclusive:
                singles = [o for o in q.option_ids if o not in q.exclusive]
                option = ", ".join(dict.fromkeys([option, singles[(i + 1) % len(singles)]]))
            out.append(f"set {q.id} {option}")
            if len(out) == n:
                break
        i += 1
    return out


class Collections:
    """Every garbage collection while it is on: generation, start and end (perf_counter)."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, float, float]] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seen.append((info["generation"], self._start, time.perf_counter()))

    def __enter__(self) -> Collections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self)

    def within(self, start: float, end: float, generation: int) -> list[float]:
        """The durations (ms) of the collections of ``generation`` that overlap [start, end]."""
        return [(b - a) * 1000 for g, a, b in self.seen if g == generation and a < end and b > start]


async def _panel_session(n: int, think: float) -> dict:
    from textual.widgets import Input

    from assistant.conversation import Conversation
    from assistant.tui.app import IntegrationAssistantApp
    from assistant.tui.widgets.side_panel import SidePanel

    app = IntegrationAssistantApp(Conversation())
    stamps: dict[str, float | None] = {"shown": None, "painted": None}
    layouts = {"count": 0, "ms": 0.0}

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        panel = screen.query_one(SidePanel)
        box = screen.query_one("#prompt", Input)

        show = panel.show

        def timed_show(*args, **kwargs):
            show(*args, **kwargs)
            stamps["shown"] = time.perf_counter()

        panel.show = timed_show  # type: ignore[method-assign]

        display = app._display

        def timed_display(scr, renderable):
            display(scr, renderable)
            if renderable is not None and stamps["shown"] is not None and stamps["painted"] is None:
                stamps["painted"] = time.perf_counter()

        app._display = timed_display  # type: ignore[method-assign]

        refresh_layout = screen._refresh_layout

        def counted_layout(*args, **kwargs):
            layouts["count"] += 1
            start = time.perf_counter()
            try:
                return refresh_layout(*args, **kwargs)
            finally:
                layouts["ms"] += (time.perf_counter() - start) * 1000

        screen._refresh_layout = counted_layout  # type: ignore[method-assign]

        commands = answer_commands(app.conversation.kb, n)
        to_shown, to_painted, layout_counts, layout_ms, settled = [], [], [], [], []
        full_in_window: list[float] = []
        each: list[tuple[float, float, float, str]] = []
        collections = Collections().__enter__()
        for text in commands:
            await asyncio.sleep(think)  # the user reads the result, then types the next answer
            box.focus()
            box.value = text
            await pilot.pause()  # the typing is done (and its own refresh) before the answer is sent
            stamps["shown"] = stamps["painted"] = None
            layouts["count"], layouts["ms"] = 0, 0.0
            t0 = time.perf_counter()
            await pilot.press("enter")
            # the natural refresh timer paints; wait for it without forcing a refresh
            deadline = time.perf_counter() + 5
            while stamps["painted"] is None and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            if stamps["shown"] is None or stamps["painted"] is None:
                raise RuntimeError(f"the side panel was not updated after {text!r}")
            to_shown.append((stamps["shown"] - t0) * 1000)
            to_painted.append((stamps["painted"] - t0) * 1000)
            full_in_window += collections.within(t0, stamps["painted"], 2)
            young = sum(
                collections.within(t0, stamps["painted"], 0) + collections.within(t0, stamps["painted"], 1)
            )
            each.append((to_painted[-1], to_shown[-1], young, text))
            await pilot.pause()
            settled.append((time.perf_counter() - t0) * 1000)
            layout_counts.append(layouts["count"])
            layout_ms.append(layouts["ms"] / max(layouts["count"], 1))
        messages = len(screen.query("ChatMessage"))
        widgets = len(list(screen.walk_children()))
        collections.__exit__()
    full = [(b - a) * 1000 for g, a, b in collections.seen if g == 2]
    half = len(to_painted) // 2
    return {
        "answers": len(to_painted),
        "to_panel_painted": summary(to_painted),
        "to_panel_updated": summary(to_shown),
        "first_half_painted": summary(to_painted[:half]),
        "second_half_painted": summary(to_painted[half:]),
        "to_settled": summary(settled),
        "layout_passes_per_answer": round(statistics.fmean(layout_counts), 2),
        # one layout pass reflows the whole screen, the chat's every message included
        "layout_pass_ms_first_10": round(statistics.fmean(layout_ms[:10]), 2),
        "layout_pass_ms_last_10": round(statistics.fmean(layout_ms[-10:]), 2),
        "think_s": think,
        "slowest": [
            {
                "answer": t,
                "painted_ms": round(a, 1),
                "panel_updated_ms": round(b, 1),
                "young_gc_ms": round(y, 1),
            }
            for a, b, y, t in sorted(each, reverse=True)[:6]
        ],
        "full_collections": {
            "all": len(full),
            "in_answer_to_paint": len(full_in_window),
            "median_ms": round(statistics.median(full), 1) if full else None,
            "in_window_ms": [round(ms, 1) for ms in full_in_window],
        },
        "chat_messages_at_end": messages,
        "widgets_at_end": widgets,
        "target_p95_ms": TARGET_PANEL_P95_MS,
        "target_median_ms": TARGET_PANEL_MEDIAN_MS,
        "meets_target": percentile(to_painted, 95) <= TARGET_PANEL_P95_MS
        and statistics.median(to_painted) <= TARGET_PANEL_MEDIAN_MS,
    }


def bench_panel(n: int, think: float = 1.0) -> dict:
    return asyncio.run(_panel_session(n, think))


# --- report --------------------------------------------------------------------------------------


def environment() -> dict:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "system": platform.system(),
        "textual": version("textual"),
        "rich": version("rich"),
        "experta": version("experta"),
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--launches", type=int, default=10, help="launches of each app (default 10)")
    p.add_argument("--answers", type=int, default=100, help="answers in each panel session (default 100)")
    p.add_argument("--panel-runs", type=int, default=2, help="panel sessions (default 2)")
    p.add_argument(
        "--think", type=float, default=1.0, help="seconds between a result and the next answer (default 1)"
    )
    p.add_argument(
        "--no-tmux", action="store_true", help="launch in a pseudo-terminal even where tmux is installed"
    )
    p.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/tui.json")
    p.add_argument(
        "--uv-run",
        action="store_true",
        help="launch the assistant as the README does (uv run integration-assistant), not its script",
    )
    args = p.parse_args(argv)

    launch = bench_launch(args.launches, use_tmux=not args.no_tmux, via_uv=args.uv_run)
    panels = [bench_panel(args.answers, args.think) for _ in range(args.panel_runs)]

    bare = launch["bare_textual"]
    rows = [("launch: bare Textual app", f"{bare['median_ms']:.0f} ms", f"p95 {bare['p95_ms']:.0f} ms", "")]
    for key, label in (
        ("start_screen", "launch: start screen"),
        ("start_screen_filled", "  list filled"),
        ("details_form", "  details form (n)"),
        ("first_question", "  first question"),
    ):
        if key in launch:
            m = launch[key]
            goal = f"ratio {m['ratio_to_bare']:.2f}"
            if key == "start_screen":
                goal += f" (goal <= {TARGET_LAUNCH_RATIO}) " + ("ok" if launch["meets_target"] else "MISSED")
            rows.append((label, f"{m['median_ms']:.0f} ms", f"p95 {m['p95_ms']:.0f} ms", goal))
    for n, panel in enumerate(panels, 1):
        for label, key in (
            (f"run {n}: answer -> panel painted", "to_panel_painted"),
            ("  first half", "first_half_painted"),
            ("  second half", "second_half_painted"),
            ("  answer -> panel updated", "to_panel_updated"),
            ("  answer -> UI settled", "to_settled"),
        ):
            s = panel[key]
            goal = ""
            if key == "to_panel_painted":
                goal = (
                    f"goal median <= {TARGET_PANEL_MEDIAN_MS:.0f}, p95 <= {TARGET_PANEL_P95_MS:.0f} ms "
                    + ("ok" if panel["meets_target"] else "MISSED")
                )
            rows.append((label, f"median {s['median_ms']:.1f} ms", f"p95 {s['p95_ms']:.1f} ms", goal))
        full = panel["full_collections"]
        rows.append(
            (
                "  full garbage collections",
                f"{full['all']} in the run",
                f"{full['in_answer_to_paint']} in a window",
                "",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':>20}  {'spread':>16}  goal")
    for r in rows:
        print(f"{r[0].ljust(width)}  {r[1]:>20}  {r[2]:>16}  {r[3]}")

    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "environment": environment(),
            "settings": {
                "launches": args.launches,
                "answers": args.answers,
                "panel_runs": args.panel_runs,
                "think_s": args.think,
                "size": [120, 40],
            },
            "launch": launch,
            "answer_to_panel": panels,
        }
        RESULTS.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
