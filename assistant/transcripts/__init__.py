"""Transcripts: a consultation written down, with numbered sources, in four formats.

Typical use by a UI::

    transcript = build_transcript(kb, session=session)            # or answers=…, details=…, notes=…, said=…
    transcript = build_transcript(kb, session=session, language="fr")  # any session, in either language
    data = export(transcript, "html")                               # bytes; FORMATS lists the formats
    data = export(transcript, "html", language="fr")                # written again in French
    path = write_transcript(transcript, "docx", folder / suggested_filename(transcript.details, "docx"))
    report = recheck(load_transcript(path_to_json), kb)             # report.changed, report.lines()
"""

from .build import build_transcript, in_language
from .files import (
    EXTENSIONS,
    FORMATS,
    export,
    exporter,
    load_transcript,
    suggested_filename,
    write_transcript,
)
from .model import (
    TRANSCRIPT_FORMAT,
    TRANSCRIPT_FORMAT_VERSION,
    SourceRef,
    Transcript,
    TranscriptAnswer,
    TranscriptDetails,
    TranscriptRulebase,
)
from .recheck import Change, Recheck, recheck

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "TRANSCRIPT_FORMAT",
    "TRANSCRIPT_FORMAT_VERSION",
    "Change",
    "Recheck",
    "SourceRef",
    "Transcript",
    "TranscriptAnswer",
    "TranscriptDetails",
    "TranscriptRulebase",
    "build_transcript",
    "export",
    "exporter",
    "in_language",
    "load_transcript",
    "recheck",
    "suggested_filename",
    "write_transcript",
]
