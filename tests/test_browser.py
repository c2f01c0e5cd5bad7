"""A served workshop in a real browser (headless Chromium): join by the link, work through a
training case by keyboard, and receive the debrief as a download.

CI installs Debian's chromium (.ci/run), so this runs on every submission there: under
``CI=true`` a missing browser is a failure, not a skip. Elsewhere it skips without one.
"""

import asyncio
import json
import os

import pytest

from .browser import chromium, key_lines, training_in_the_browser
from .served import Workshop, free_port


@pytest.fixture(autouse=True)
def _a_browser():
    if chromium() is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI=true but no Chromium is installed: .ci/run installs Debian's chromium")
        pytest.skip("needs Chromium (apt-get install chromium)")


@pytest.mark.slow
def test_join_train_and_download_in_a_browser(tmp_path):
    w = Workshop(tmp_path / "home", "--workshop", "browser", "--port", str(free_port())).start()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    try:
        result = asyncio.run(
            training_in_the_browser(
                w.join_url, downloads, tmp_path / "debrief.png", key_lines("afghanistan-unama-2008")
            )
        )
    finally:
        out = w.stop()
    assert "Traceback" not in out, out
    assert result["download"] is not None, "the browser received no file"
    assert [d[0] for d in result["deliveries"]] == ["deliver_file_start"]
    (name,) = result["files"]
    doc = json.loads((downloads / name).read_text())
    assert doc["training"]["case"] == "afghanistan-unama-2008"
    assert doc["details"]["officer"] == "Browser Participant"
    assert doc["training"]["score"]["answers_agreed"] == doc["training"]["score"]["answers_total"]
    handed_in = list((tmp_path / "home" / "workshops" / "browser" / "debriefs").glob("*.json"))
    assert (
        len(handed_in) == 1
        and json.loads(handed_in[0].read_text())["details"]["officer"] == "Browser Participant"
    )
    assert (tmp_path / "debrief.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
