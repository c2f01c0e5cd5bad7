"""The transcript's JSON Schema, committed as schemas/transcript.schema.json.

Regenerate after changing the Transcript or Result models:
    uv run python -m assistant.transcripts.schema
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .model import Transcript

SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "schemas" / "transcript.schema.json"


def transcript_schema() -> dict[str, Any]:
    """Transcript.model_json_schema(), with the JSON Schema dialect named."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Transcript.model_json_schema()}


def schema_text() -> str:
    return json.dumps(transcript_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
