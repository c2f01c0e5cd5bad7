"""The transcript's JSON Schema, committed as schemas/transcript.schema.json.

Regenerate after changing the Transcript or Result models:
    uv run python -m assistant.transcripts.schema

From a checkout it writes the committed file; an installed package has no schemas/ of its own
(and must not write into site-packages), so there it needs the path to write:
    python -m assistant.transcripts.schema transcript.schema.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..i18n import _
from .model import Transcript

_CHECKOUT = Path(__file__).resolve().parent.parent.parent
SCHEMA_PATH = _CHECKOUT / "schemas" / "transcript.schema.json"
PROG = "python -m assistant.transcripts.schema"


def in_checkout() -> bool:
    """Whether the package runs from the project's source tree (pyproject.toml and schemas/ beside
    it), not from an installed copy in site-packages."""
    return (_CHECKOUT / "pyproject.toml").is_file() and SCHEMA_PATH.parent.is_dir()


def transcript_schema() -> dict[str, Any]:
    """Transcript.model_json_schema(), with the JSON Schema dialect named."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Transcript.model_json_schema()}


def schema_text() -> str:
    return json.dumps(transcript_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    if argv:
        path = Path(argv[0])
    elif in_checkout():
        path = SCHEMA_PATH
    else:
        print(
            _(
                "{prog}: not run from a checkout, so there is no schemas/ to update; "
                "give the file to write: {prog} transcript.schema.json"
            ).format(prog=PROG),
            file=sys.stderr,
        )
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    print(_("wrote {path}").format(path=path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
