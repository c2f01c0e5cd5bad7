"""A transcript as JSON: the Transcript model, indented by 2 (see schemas/transcript.schema.json)."""

from __future__ import annotations

from .model import Transcript


def export(transcript: Transcript) -> bytes:
    return transcript.model_dump_json(indent=2).encode("utf-8") + b"\n"
