"""Trainings kept in the home's training folder, read to open again: an unfinished run to
resume, a finished debrief to read and export again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from ..consultation.answers import Answers
    from ..knowledge.loader import KnowledgeBase
    from ..knowledge.schema import TrainingCase
    from ..training.debrief import Debrief
    from ..transcripts.model import Transcript


class NotOpened(Exception):
    """What is wrong with a kept training, said to the user."""


def unfinished_run(kb: KnowledgeBase, path: Path) -> tuple[TrainingCase, str, Answers]:
    """The case, the participant's name and the answers of an unfinished run (the answers to
    questions the knowledge no longer has left out)."""
    from ..errors import InputError
    from ..training.saved import read_unfinished

    try:
        case_id, name, answers = read_unfinished(path)
    except (InputError, OSError) as exc:
        raise NotOpened(_("Not resumed: {error}").format(error=exc)) from exc
    case = kb.case(case_id)
    if case is None:
        raise NotOpened(_("Not resumed: no training case '{case}' in this knowledge.").format(case=case_id))
    return case, name, {q: v for q, v in answers.items() if kb.question(q) is not None}


def saved_debrief(kb: KnowledgeBase, path: Path) -> tuple[Transcript, Debrief, TrainingCase, Answers]:
    """A finished training's debrief: its transcript, the debrief in it, its case and the
    learner's answers."""
    from ..errors import InputError
    from ..transcripts import load_transcript

    try:
        t = load_transcript(path)
    except (InputError, OSError) as exc:
        raise NotOpened(_("Not opened: {error}").format(error=exc)) from exc
    case = kb.case(t.training.case) if t.training is not None else None
    if t.training is None or case is None:
        raise NotOpened(
            _("Not opened: {name} is not a debrief of this knowledge's cases.").format(name=path.name)
        )
    return t, t.training, case, {a.question: tuple(a.answer) for a in t.answers}
