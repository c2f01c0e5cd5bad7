"""How quick is the terminal UI?

Run from the checkout:  uv run python benchmarks/tui.py [--launches 10] [--answers 100]

Measures
  (a) launch: wall time from process start to the first question on screen, each run a fresh
      ``python -c`` subprocess that starts the app headless and exits as soon as the first
      question (a ChatMessage of kind "question") is mounted and the screen has refreshed after
      it; beside the same for a bare Textual app (Header, Static, Footer) in the same environment,
      timed to its Static being mounted and refreshed. The median of each, and their ratio
      (goal: <= 1.3).
  (b) answer to side panel: in one headless session (``run_test``, 120x40), the time from an
      answer submitted in the input (its text set and the screen idle, then Enter pressed; the
      clock starts at Enter) to the first screen update
      (a compositor render) after the side panel took the new standing. About 100 answers,
      cycling through the questions with ``set QUESTION OPTION`` commands, so the chat keeps
      growing as it would in a long session. Median and p95 (goal: p95 <= 50 ms), also split
      into the first and the last half of the run.

Prints a table and writes the figures to benchmarks/results/tui.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results" / "tui.json"
TARGET_LAUNCH_RATIO = 1.3
TARGET_PANEL_P95_MS = 50.0

# Both children print the wall-clock time (time.time()) at which their first screen was ready;
# the parent takes the time just before starting the process. Interpreter start-up and imports
# count on both sides alike.
APP_CHILD = textwrap.dedent("""
    import time, sys
    from assistant.conversation import Conversation
    from assistant.tui.app import IntegrationAssistantApp
    from assistant.tui.widgets.chat_log import ChatLog

    _add = ChatLog.add_replies

    async def add_replies(self, replies):
        await _add(self, replies)
        if any(r.kind == "question" for r in replies):

            def ready():
                print(repr(time.time()), flush=True)
                self.app.exit()

            self.call_after_refresh(ready)

    ChatLog.add_replies = add_replies
    IntegrationAssistantApp(Conversation()).run(headless=True, size=(120, 40))
""")

BARE_CHILD = textwrap.dedent("""
    import time, sys
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Which UN presence is deployed or planned in the country?", id="q")
            yield Footer()

        def on_mount(self):
            assert self.query_one("#q", Static).is_mounted

            def ready():
                print(repr(time.time()), flush=True)
                self.exit()

            self.call_after_refresh(ready)

    Bare().run(headless=True, size=(120, 40))
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

def launch_once(code: str) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"launch failed:\n{done.stderr}")
    ready = float(done.stdout.strip().splitlines()[-1])
    return (ready - start) * 1000


def bench_launch(runs: int) -> dict:
    # one warm-up each, so both sides read their modules from a warm page cache
    launch_once(APP_CHILD)
    launch_once(BARE_CHILD)
    app, bare = [], []
    for _ in range(runs):  # interleaved, so drift in the machine's load hits both alike
        app.append(launch_once(APP_CHILD))
        bare.append(launch_once(BARE_CHILD))
    ratio = statistics.median(app) / statistics.median(bare)
    return {
        "runs": runs,
        "assistant": summary(app),
        "bare_textual": summary(bare),
        "ratio_of_medians": round(ratio, 3),
        "target_ratio": TARGET_LAUNCH_RATIO,
        "meets_target": ratio <= TARGET_LAUNCH_RATIO,
    }


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


async def _panel_session(n: int) -> dict:
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
        for text in commands:
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
            await pilot.pause()
            settled.append((time.perf_counter() - t0) * 1000)
            layout_counts.append(layouts["count"])
            layout_ms.append(layouts["ms"] / max(layouts["count"], 1))
        messages = len(screen.query("ChatMessage"))
        widgets = len(list(screen.walk_children()))
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
        "chat_messages_at_end": messages,
        "widgets_at_end": widgets,
        "target_p95_ms": TARGET_PANEL_P95_MS,
        "meets_target": percentile(to_painted, 95) <= TARGET_PANEL_P95_MS,
    }


def bench_panel(n: int) -> dict:
    return asyncio.run(_panel_session(n))


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
    p.add_argument("--answers", type=int, default=100, help="answers in the panel session (default 100)")
    p.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/tui.json")
    args = p.parse_args(argv)

    launch = bench_launch(args.launches)
    panel = bench_panel(args.answers)

    a, b = launch["assistant"], launch["bare_textual"]
    rows = [
        ("launch to first question (assistant)", f"{a['median_ms']:.0f} ms", f"p95 {a['p95_ms']:.0f} ms", ""),
        ("launch to first screen (bare Textual)", f"{b['median_ms']:.0f} ms", f"p95 {b['p95_ms']:.0f} ms", ""),
        ("launch ratio (medians)", f"{launch['ratio_of_medians']:.2f}", f"goal <= {TARGET_LAUNCH_RATIO}",
         "ok" if launch["meets_target"] else "MISSED"),
    ]
    for label, key in (("answer -> panel painted", "to_panel_painted"), ("  first half", "first_half_painted"),
                       ("  second half", "second_half_painted"), ("answer -> panel updated", "to_panel_updated"),
                       ("answer -> UI settled", "to_settled")):
        s = panel[key]
        goal = f"goal p95 <= {TARGET_PANEL_P95_MS:.0f} ms" if key == "to_panel_painted" else ""
        verdict = ("ok" if panel["meets_target"] else "MISSED") if key == "to_panel_painted" else ""
        rows.append((label, f"median {s['median_ms']:.1f} ms", f"p95 {s['p95_ms']:.1f} ms",
                     f"{goal} {verdict}".strip()))
    rows.append(("layout passes per answer", f"{panel['layout_passes_per_answer']:.1f}", "", ""))
    rows.append(("one layout pass", f"first 10: {panel['layout_pass_ms_first_10']:.1f} ms",
                 f"last 10: {panel['layout_pass_ms_last_10']:.1f} ms", ""))
    rows.append(("chat at the end", f"{panel['chat_messages_at_end']} messages",
                 f"{panel['widgets_at_end']} widgets", ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':>20}  {'spread':>16}  goal")
    for r in rows:
        print(f"{r[0].ljust(width)}  {r[1]:>20}  {r[2]:>16}  {r[3]}")

    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "environment": environment(),
            "settings": {"launches": args.launches, "answers": args.answers, "size": [120, 40]},
            "launch": launch,
            "answer_to_panel": panel,
        }
        RESULTS.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
