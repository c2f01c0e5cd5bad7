"""French texts of the knowledge base, kept beside the English files they translate.

A French file (``dialogues/fr/questions.yaml``, ``rules/fr/flags.yaml``, …) holds only texts: a
mapping from a *path* in the English document to ``{hash, fr}``. The English files stay the one
source of structure (ids, conditions, citations), so a translation can never change what the
assistant decides, only how it says it. The hash is that of the English text the translator saw:
when the English changes, the French entry shows up as *stale* instead of silently lagging.

Paths: the chain of keys from the top of the English document, joined with "."; a list element
that is a mapping with an ``id`` is addressed by its id, any other by its 0-based index
(``questions.un_presence.options.multidimensional_pko.label``, ``brief.2.text``).

Commands::

    python -m assistant.knowledge.translations skeleton ENGLISH.yaml [--into FRENCH.yaml]
    python -m assistant.knowledge.translations status
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import textwrap
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from .schema import Strict
from .yamlfile import InputError, parse, read_text, validate

# Human-readable prose: the keys whose strings (or, for aliases, lists of strings) are shown to a
# user. Everything else is structure (ids, enum values, basis, conditions) or stays in English.
TEXT_KEYS = frozenset(
    {
        "name",  # a question's short name
        "subject",  # what a question settles, as an indirect question
        "topic",  # a question's heading (a rule file's top-level topic is an id: see ID_PATHS)
        "prompt",
        "why",
        "label",
        "clause",
        "title",
        "explanation",
        "negation",
        "text",
        "summary",
        "term",
        "definition",
        "aliases",  # what a user may type for a glossary term
        "values",  # a fact's clause per derived value: a mapping id -> text
    }
)
# Subtrees never translated: the report exists in English only, so citations quote it as printed;
# conditions and expectations are structure; the understanding vocabulary has its own French file.
SKIP_KEYS = frozenset({"citations", "see", "when", "expect", "synonyms", "cues", "hints", "negated"})
# Paths whose key is in TEXT_KEYS but whose value is an id, not prose.
ID_PATHS = frozenset({"topic"})

LANGUAGE = "fr"
HASH_LENGTH = 12

EnglishText = str | list[str]


class Entry(Strict):
    """One French text and the hash of the English text it was translated from."""

    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] = Field(
        description="First 12 hex digits of sha256 of the English text (whitespace collapsed)."
    )
    fr: str | list[str] | None = Field(
        default=None, description="The French text (a list for list fields); null: not yet translated."
    )


class TranslationFile(Strict):
    """A French file: texts only, keyed by their path in the English file named by ``source``."""

    language: Literal["fr"]
    source: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="The English file's name: rules/fr/x.yaml translates rules/x.yaml, "
        "dialogues/fr/cases/x.yaml translates dialogues/cases/x.yaml."
    )
    texts: dict[str, Entry] = Field(default_factory=dict)


def text_hash(text: EnglishText) -> str:
    """The hash a French entry records: whitespace is collapsed so re-wrapping the English (a YAML
    folded line, an indent) does not mark every translation stale."""
    items = [text] if isinstance(text, str) else text
    joined = "\n".join(" ".join(item.split()) for item in items)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def english_texts(document: Any) -> dict[str, EnglishText]:
    """Every translatable text of a parsed English document, by path, in document order."""
    found: dict[str, EnglishText] = {}
    for path, text in _walk(document, ()):
        key = ".".join(path)
        if key in found:
            raise ValueError(f"two texts at the same path {key!r}: ids repeat")
        found[key] = text
    return found


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], EnglishText]]:
    if isinstance(node, dict):
        for raw_key, value in node.items():
            key = str(raw_key)
            here = (*path, key)
            if key in SKIP_KEYS or (not path and key in ID_PATHS):
                continue
            if key in TEXT_KEYS and isinstance(value, str):
                yield here, value
            elif key in TEXT_KEYS and _is_strings(value):
                yield here, list(value)
            elif (
                key in TEXT_KEYS
                and isinstance(value, dict)
                and all(isinstance(v, str) for v in value.values())
            ):
                for sub, text in value.items():
                    yield (*here, str(sub)), text
            else:
                yield from _walk(value, here)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            step = str(item["id"]) if isinstance(item, dict) and "id" in item else str(index)
            yield from _walk(item, (*path, step))


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def translated(document: Any, french: TranslationFile) -> Any:
    """A copy of a parsed English document with each text replaced by its current French: the
    loader can validate it with the English schema, so structure comes from the English alone.
    A missing or stale text stays English (check_translation says which)."""
    english = english_texts(document)
    current = {
        path: entry.fr
        for path, entry in french.texts.items()
        if entry.fr
        and path in english
        and isinstance(entry.fr, str) == isinstance(english[path], str)
        and entry.hash == text_hash(english[path])
    }
    return _replace(document, (), current)


def _replace(node: Any, path: tuple[str, ...], texts: dict[str, str | list[str]]) -> Any:
    if isinstance(node, dict):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            here = (*path, str(key))
            if isinstance(value, (str, list)) and ".".join(here) in texts:
                out[key] = texts[".".join(here)]
            else:
                out[key] = _replace(value, here, texts)
        return out
    if isinstance(node, list):
        steps = [str(i["id"]) if isinstance(i, dict) and "id" in i else str(n) for n, i in enumerate(node)]
        return [_replace(item, (*path, step), texts) for item, step in zip(node, steps, strict=True)]
    return node


def load_translation(path: Path) -> TranslationFile:
    """Read and validate a French file; a bad one is an InputError naming file and line."""
    text = read_text(path)
    return validate(TranslationFile, parse(text, str(path)), text, str(path))


def load_english(path: Path) -> Any:
    """An English knowledge file as plain data (its schema is the loader's business)."""
    return parse(read_text(path), str(path))


def check_translation(
    english_doc: Any, french_doc: TranslationFile
) -> tuple[list[str], list[str], list[str]]:
    """(missing, stale, unknown) paths: English texts without French, French made from another
    English text (or of the wrong shape), and French for paths the English no longer has."""
    english = english_texts(english_doc)
    missing, stale = [], []
    for path, text in english.items():
        entry = french_doc.texts.get(path)
        if entry is None or not entry.fr:
            missing.append(path)
        elif entry.hash != text_hash(text) or isinstance(entry.fr, str) != isinstance(text, str):
            stale.append(path)
    unknown = [path for path in french_doc.texts if path not in english]
    return missing, stale, unknown


def french_path(english: Path) -> Path:
    """Where an English file's French texts live: a fr/ folder beside the top-level folder's files
    (``dialogues/cases/x.yaml`` -> ``dialogues/fr/cases/x.yaml``)."""
    top = english.parent.parent if english.parent.name == "cases" else english.parent
    return top / LANGUAGE / english.relative_to(top)


def skeleton(english_doc: Any, source: str, existing: TranslationFile | None = None) -> str:
    """A French file for an English document: every text with its English shown as a comment.
    Existing French is kept; where the English changed since, the old hash stays (so the entry is
    reported stale until revised) and a comment says so. French for paths the English no longer
    has is kept at the end (reported unknown), so a renamed id loses no translation."""
    english = english_texts(english_doc)
    lines = [f"language: {LANGUAGE}", f"source: {source}", "texts:"]
    for path, text in english.items():
        old = existing.texts.get(path) if existing else None
        new_hash = text_hash(text)
        shown = text if isinstance(text, str) else " | ".join(text)
        lines += textwrap.wrap(
            " ".join(shown.split()), 96, initial_indent="  # en: ", subsequent_indent="  #     "
        )
        if old is not None and old.fr and old.hash != new_hash:
            lines.append(f"  # STALE: the English changed; revise the French, then set hash: {new_hash}")
        lines += _entry(path, old.hash if old and old.fr else new_hash, old.fr if old else None)
    for path, entry in (existing.texts if existing else {}).items():
        if path not in english:
            lines.append("  # UNKNOWN: the English has no such path any more; move or delete this entry")
            lines += _entry(path, entry.hash, entry.fr)
    return "\n".join(lines) + "\n"


def _entry(path: str, hash_: str, fr: str | list[str] | None) -> list[str]:
    from yaml import dump

    dumped = dump(
        {path: {"hash": hash_, "fr": fr}}, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100
    )
    return ["  " + line for line in dumped.splitlines()]


@cache
def _dumper() -> type:
    """A safe dumper that writes a text PyYAML would single-quote as a folded block instead:
    French is full of apostrophes, and doubled ones ('l''OCHA') are easy to break by hand."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def choose_scalar_style(self) -> str:
            style: str = super().choose_scalar_style()
            assert self.analysis is not None  # set by the emitter before a style is chosen
            if (
                style == "'"
                and " " in self.analysis.scalar
                and self.analysis.allow_block
                and not self.simple_key_context
            ):
                return ">"  # prose only: a hash of digits stays a quoted string
            return style

    return Dumper


def shipped_english_files() -> list[Path]:
    """The English files that have French texts: prose only, not the report's map (source.yaml)
    nor the understanding vocabulary (understanding.yaml, translated separately)."""
    from .shipped import data_dir

    dialogues, rules = data_dir("dialogues"), data_dir("rules")
    return [
        dialogues / "questions.yaml",
        dialogues / "glossary.yaml",
        *sorted((dialogues / "cases").glob("*.yaml")),
        *sorted(p for p in rules.glob("*.yaml") if p.name != "source.yaml"),
    ]


def _status(files: Sequence[Path]) -> int:
    bad = 0
    for english in files:
        french = french_path(english)
        total = len(english_texts(load_english(english)))
        if not french.exists():
            print(f"{french}: absent ({total} texts to translate)")
            bad += 1
            continue
        missing, stale, unknown = check_translation(load_english(english), load_translation(french))
        print(f"{french}: {total} texts, {len(missing)} missing, {len(stale)} stale, {len(unknown)} unknown")
        bad += bool(missing or stale or unknown)
    return 1 if bad else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Write or refresh a skeleton, or report how complete the French texts are."""
    parser = argparse.ArgumentParser(prog="python -m assistant.knowledge.translations")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("skeleton", help="write or refresh the French file of an English file")
    make.add_argument("english", type=Path)
    make.add_argument("--into", type=Path, help="the French file to write or refresh (default: stdout)")
    show = commands.add_parser("status", help="missing/stale counts per French file (exit 1 if any)")
    show.add_argument("english", type=Path, nargs="*", help="English files (default: the shipped ones)")
    args = parser.parse_args(argv)
    try:
        if args.command == "status":
            return _status(args.english or shipped_english_files())
        existing = load_translation(args.into) if args.into and args.into.exists() else None
        out = skeleton(load_english(args.english), args.english.name, existing)
        if args.into:
            args.into.parent.mkdir(parents=True, exist_ok=True)
            args.into.write_text(out, encoding="utf-8")
        else:
            sys.stdout.write(out)
    except (InputError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
