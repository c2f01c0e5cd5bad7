"""The entry point stays light: what it needs before the chat's first screen (the error type, the
home folder, the log routing, argument parsing) loads neither pydantic nor YAML nor the UI, so
`--version`, `--help` and the first paint do not wait for them."""

import subprocess
import sys

HEAVY = ("pydantic", "yaml", "experta", "textual", "rich")

PROBE = """
import sys
{setup}
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))
print(','.join(heavy))
"""


def _loaded(setup: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(setup=setup, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return set(filter(None, done.stdout.strip().split(",")))


def test_the_command_line_and_its_light_paths_load_nothing_heavy():
    setup = """
import contextlib, io
from assistant import cli, errors, home, logs
from assistant.cli import main
for args in (["--version"], ["--help"], ["assess", "--help"]):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(args)
        except SystemExit:
            pass
home.sessions_directory(None), home.find_report(None, None), home.log_file(None)
logs.route_log(__import__("logging").NullHandler())
try:
    raise errors.InputError("x")
except cli.InputError:
    pass
"""
    assert _loaded(setup) == set()


def test_the_start_screen_needs_only_textual():
    setup = "import assistant.tui.app, assistant.tui.screens.start"
    assert _loaded(setup) <= {"textual", "rich"}


def test_the_input_error_is_one_type_wherever_it_is_imported_from():
    from assistant.errors import InputError
    from assistant.knowledge.yamlfile import InputError as FromReader

    assert FromReader is InputError
