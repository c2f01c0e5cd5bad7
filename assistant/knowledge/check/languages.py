"""Every text a person reads has its French, written from the English as it is now.

A French text keeps the hash of the English it was written from: when the English changes, the
French is stale until revised (the assistant shows the English meanwhile, never a French text
saying something else). French for a text the English no longer has is reported too. Only the
texts are translated: ids, conditions and citations come from the English files alone, so the
reasoning cannot differ between languages.

Warnings, not errors: a rule base without its French still reasons and shows the English. The
tests hold the shipped knowledge to none at all.
"""

from __future__ import annotations

from pathlib import Path

from ...i18n import _
from ..loader import Located
from ..translations import check_translation, english_texts, french_path, load_english, load_translation
from ..yamlfile import InputError, read_text
from .checker import Checker
from .places import at


def _english_files(ck: Checker) -> list[Path]:
    rules = ck.kb.rules_dir
    files = [] if rules is None else [p for p in sorted(rules.glob("*.yaml")) if p.name != "source.yaml"]
    questions = ck.kb.where.get(f"question:{ck.kb.questions[0].id}") if ck.kb.questions else None
    if questions is not None:
        dialogues = Path(questions.file).parent
        files += [p for p in (dialogues / "questions.yaml", dialogues / "glossary.yaml") if p.is_file()]
        files += sorted((dialogues / "cases").glob("*.yaml"))
    return files


def languages(ck: Checker) -> None:
    for english in _english_files(ck):
        french = french_path(english)
        text = read_text(english)
        loc = Located(str(english), text, ())
        if not french.is_file():
            if english_texts(load_english(english)):  # a file of rules alone has nothing to translate
                ck.add(
                    "french_missing",
                    "warning",
                    at(loc),
                    _("no French texts for {name} (expected {french})").format(
                        name=english.name, french=french
                    ),
                )
            continue
        try:
            missing, stale, unknown = check_translation(load_english(english), load_translation(french))
        except InputError as exc:
            ck.add("french_unreadable", "error", str(french), str(exc))
            continue
        for path in missing:
            ck.add(
                "french_missing",
                "warning",
                at(loc, *_steps(path)),
                _("{path}: no French text in {french}").format(path=path, french=french),
            )
        for path in stale:
            ck.add(
                "french_stale",
                "warning",
                at(loc, *_steps(path)),
                _("{path}: the English changed since its French was written: revise it in {french}").format(
                    path=path, french=french
                ),
            )
        for path in unknown:
            ck.add(
                "french_unknown",
                "warning",
                str(french),
                _("{path}: French for a text the English no longer has").format(path=path),
            )


def _steps(path: str) -> list[str | int]:
    """A translation path's steps as the YAML tree is walked (list items by id or index)."""
    return [int(step) if step.isdigit() else step for step in path.split(".")]
