"""What the facilitator's board shows: the workshop summary of the debriefs handed in so far.

Reading is incremental: a debrief is parsed again only when its file changed, so the board
keeps up with a room of participants finishing at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..knowledge.yamlfile import InputError
from ..training.workshop import Workshop, load_training, summarize
from .folder import WorkshopFolder

if TYPE_CHECKING:
    from ..transcripts.model import Transcript


@dataclass
class Standing:
    summary: Workshop
    problems: list[str] = field(default_factory=list)  # files that are not debriefs, one line each
    files: int = 0


class DebriefReader:
    def __init__(self, workshop: WorkshopFolder) -> None:
        self.workshop = workshop
        self._cache: dict[Path, tuple[tuple[int, int, int], Transcript]] = {}
        self._bad: dict[Path, tuple[tuple[int, int, int], str]] = {}

    def read(self) -> Standing:
        items: list[tuple[str, Transcript]] = []
        problems: list[str] = []
        cache: dict[Path, tuple[tuple[int, int, int], Transcript]] = {}
        bad: dict[Path, tuple[tuple[int, int, int], str]] = {}
        for path in self.workshop.debrief_files():
            try:
                st = os.stat(path)
            except OSError:
                continue  # replaced or removed while listing: the next change brings it back
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            if path in self._cache and self._cache[path][0] == stamp:
                transcript = self._cache[path][1]
            elif path in self._bad and self._bad[path][0] == stamp:
                problems.append(self._bad[path][1])
                bad[path] = self._bad[path]
                continue
            else:
                try:
                    transcript = load_training(path)
                except InputError as exc:
                    message = str(exc).replace(str(path), path.name)
                    bad[path] = (stamp, message)
                    problems.append(message)
                    continue
            cache[path] = (stamp, transcript)
            items.append((path.name, transcript))
        self._cache, self._bad = cache, bad
        return Standing(summarize(items), problems, len(items))
