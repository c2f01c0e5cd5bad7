import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

from assistant.knowledge.loader import shipped_knowledge

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
SHARED = ROOT.parent / "shared"

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def kb():
    return shipped_knowledge()


def load_case(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
