"""The package as a user gets it: a wheel, pip-installed into a fresh venv, run outside the checkout.

uv installs frozendict >= 2.3 through ``[tool.uv] override-dependencies``; plain pip honours
experta's pin and installs frozendict 1.2, which only imports through the shim in
``assistant/reasoning/_experta.py``. Both installs must work, and the wheel must carry the rule
and dialogue data (force-included as ``assistant/rules`` and ``assistant/dialogues``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "cases" / "liberia-unmil-2008.yaml"
CASE_MODEL = "two_feet_in"
TIMEOUT = 300
DATA_FILES = ("assistant/rules/models.yaml", "assistant/dialogues/questions.yaml")

# Run inside a python: import the engine (which goes through the frozendict shim), then report
# on frozendict, experta, logging and where the package and its data were found.
PROBE = rf"""
import collections, json, logging, sys
root = logging.getLogger()
before = list(root.handlers)
import assistant.reasoning.engine, frozendict
import experta
import importlib.metadata as md
from pathlib import Path
import assistant
from assistant.knowledge.loader import data_dir, rulebase_digest
pkg = Path(assistant.__file__).resolve().parent
print(json.dumps({{
    "frozendict": md.version("frozendict"),
    "frozendict_works": dict(frozendict.frozendict(a=1)) == {{"a": 1}},
    "experta": md.version("experta"),
    "engine_class": hasattr(experta, "KnowledgeEngine"),
    "mapping_alias_left": hasattr(collections, "Mapping"),
    "new_root_handlers": [repr(h) for h in root.handlers if h not in before],
    "experta_propagates": logging.getLogger("experta").propagate,
    "package": str(pkg),
    "rules_dir": str(data_dir("rules").resolve()),
    "dialogues_dir": str(data_dir("dialogues").resolve()),
    "data_files": {{f: (pkg.parent / f).is_file() for f in {DATA_FILES!r}}},
    "rulebase_sha256": rulebase_digest(data_dir("rules")),
    "prefix": sys.prefix,
}}))
"""


def _clean_env() -> dict[str, str]:
    """The caller's environment without anything that would point Python back at the checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")
    }
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env or _clean_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {proc.returncode}\n--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc


def _bin(venv_dir: Path, name: str) -> Path:
    sub = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return venv_dir / sub / f"{name}{suffix}"


class Installed:
    def __init__(self, venv_dir: Path, wheel: Path, report: dict, workdir: Path):
        self.venv_dir, self.wheel, self.report, self.workdir = venv_dir, wheel, report, workdir
        self.python = _bin(venv_dir, "python")
        self.script = _bin(venv_dir, "integration-assistant")

    def resolved(self, name: str) -> str | None:
        for item in self.report.get("install", []):
            meta = item.get("metadata", {})
            if meta.get("name", "").lower().replace("_", "-") == name:
                return meta.get("version")
        return None


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    venv_dir, dist, workdir = base / "venv", base / "dist", base / "work"
    dist.mkdir()
    workdir.mkdir()

    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    python = _bin(venv_dir, "python")

    uv = shutil.which("uv")
    if uv:
        _run([uv, "build", "--wheel", "--out-dir", dist, ROOT], cwd=ROOT)
    else:  # the fresh venv has pip even when the project venv (made by uv) does not
        _run([python, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, ROOT], cwd=ROOT)
    wheels = sorted(dist.glob("integration_assistant-*.whl"))
    assert len(wheels) == 1, wheels

    report_path = base / "pip-report.json"
    # --no-compile: byte-compiling every installed module is most of pip's time and nothing here
    # depends on it.
    _run([python, "-m", "pip", "install", "--no-compile", "--report", report_path, wheels[0]], cwd=workdir)
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return Installed(venv_dir, wheels[0], report, workdir)


@pytest.mark.slow
def test_wheel_carries_rules_and_dialogues(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for f in DATA_FILES:
        assert f in names, f"{f} is missing from {installed.wheel.name}"
    for folder in ("rules", "dialogues"):
        for path in (ROOT / folder).glob("*.yaml"):
            assert f"assistant/{folder}/{path.name}" in names


@pytest.mark.slow
def test_installed_cli_assesses_a_case_outside_the_checkout(installed):
    case = installed.workdir / CASE.name
    shutil.copyfile(CASE, case)
    proc = _run([installed.script, "assess", case.name, "--format", "json"], cwd=installed.workdir)
    result = json.loads(proc.stdout)
    assert result["recommendation"]["model"] == CASE_MODEL

    from assistant.knowledge.loader import rulebase_digest

    assert result["rulebase"]["sha256"] == rulebase_digest(ROOT / "rules")


@pytest.mark.slow
def test_installed_package_imports_with_pip_resolved_frozendict(installed):
    resolved = installed.resolved("frozendict")
    assert resolved == "1.2", f"pip resolved frozendict {resolved} (experta 1.9.4 pins 1.2)"
    assert installed.resolved("experta") == "1.9.4"

    proc = _run([installed.python, "-c", PROBE], cwd=installed.workdir)
    probe = json.loads(proc.stdout.strip().splitlines()[-1])

    assert probe["frozendict"] == resolved
    assert probe["frozendict_works"]
    assert probe["experta"] == "1.9.4" and probe["engine_class"]
    assert not probe["mapping_alias_left"], "the collections.Mapping alias outlived the frozendict import"
    assert probe["new_root_handlers"] == [], "importing the engine left a handler on the root logger"
    assert probe["experta_propagates"] is False

    venv_root = installed.venv_dir.resolve()
    pkg = Path(probe["package"])
    assert pkg.is_relative_to(venv_root) and not pkg.is_relative_to(ROOT), pkg
    assert probe["data_files"] == dict.fromkeys(DATA_FILES, True)
    assert Path(probe["rules_dir"]) == pkg / "rules"
    assert Path(probe["dialogues_dir"]) == pkg / "dialogues"


def test_project_venv_has_current_frozendict(tmp_path):
    """The venv running the tests (uv's) has frozendict >= 2.3 from override-dependencies."""
    proc = _run([sys.executable, "-c", PROBE], cwd=tmp_path, env={**_clean_env(), "PYTHONPATH": str(ROOT)})
    probe = json.loads(proc.stdout.strip().splitlines()[-1])

    version = tuple(int(p) for p in probe["frozendict"].split(".")[:2] if p.isdigit())
    assert version >= (2, 3), f"frozendict {probe['frozendict']} in the project venv"
    assert probe["frozendict_works"]
    assert probe["experta"] == "1.9.4" and probe["engine_class"]
    assert not probe["mapping_alias_left"]
    assert probe["new_root_handlers"] == [], "importing the engine left a handler on the root logger"
    assert probe["experta_propagates"] is False


@pytest.mark.slow
def test_installed_schema_generation_writes_only_where_told(installed):
    """Outside a checkout there is no schemas/ to update: without a path the generator refuses in
    one line and writes nothing (not into site-packages); with one it writes there."""
    module = ["-m", "assistant.transcripts.schema"]
    before = set(installed.venv_dir.rglob("*.json"))
    proc = subprocess.run(
        [str(installed.python), *module],
        cwd=installed.workdir,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 2 and proc.stdout == "", proc
    assert proc.stderr.count("\n") == 1 and "not run from a checkout" in proc.stderr, proc.stderr
    assert set(installed.venv_dir.rglob("*.json")) == before

    _run([installed.python, *module, "out/transcript.schema.json"], cwd=installed.workdir)
    from assistant.transcripts.schema import SCHEMA_PATH

    written = installed.workdir / "out" / "transcript.schema.json"
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(
        SCHEMA_PATH.read_text(encoding="utf-8")
    )


@pytest.mark.slow
def test_sdist_carries_what_the_tests_read(tmp_path):
    """The sdist ships tests/, so it ships what they read: examples/, schemas/, the cases."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    _run([uv, "build", "--sdist", "--out-dir", tmp_path, ROOT], cwd=ROOT)
    (sdist,) = tmp_path.glob("integration_assistant-*.tar.gz")
    import tarfile

    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    for folder in ("examples", "schemas", "tests/cases", "rules", "dialogues"):
        files = [p for p in (ROOT / folder).iterdir() if p.is_file()]
        assert files, folder
        for path in files:
            assert path.relative_to(ROOT).as_posix() in names, (
                f"{path.relative_to(ROOT)} is missing from the sdist"
            )
