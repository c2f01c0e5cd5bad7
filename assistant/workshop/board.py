"""What the facilitator's board shows: the workshop summary of the debriefs handed in so far.

Reading is incremental: a debrief is parsed again only when its file changed, so the board
keeps up with a room of participants finishing at once. The debriefs come from any of the
inputs `workshop summary` takes (see :mod:`.sources`): a served workshop, a plain folder of
debriefs, a participant's home, files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..training.summary import Workshop, summarize
from .folder import WorkshopFolder
from .sources import Reader, Source, Sources


@dataclass
class Standing:
    summary: Workshop
    problems: list[str] = field(default_factory=list)  # files that are not debriefs, one line each
    files: int = 0


class DebriefReader:
    def __init__(self, source: WorkshopFolder | Sources) -> None:
        if isinstance(source, WorkshopFolder):
            source = Sources((Source(source.path, "workshop", source.debriefs),))
        self.sources = source
        self._reader = Reader(source, training=True, strict=False)

    def read(self) -> Standing:
        found = self._reader.read()
        return Standing(summarize(found.items), found.problems, len(found.items))
