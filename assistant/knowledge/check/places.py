"""Where the checked items stand in their files, for ``file:line`` in every message."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..loader import KnowledgeBase, Located
from ..yamlfile import SafeLoader, read_text

CATALOGUES = ("facts", "models", "forms", "flags", "notes")


@lru_cache(maxsize=64)
def tree(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None


def at(loc: Located | None, *path: Any) -> str:
    """file:line of the value at ``path`` under ``loc`` (or its nearest parent): line_of, cached."""
    if loc is None:
        return "<rule base>"
    node = tree(loc.text)
    if node is None:
        return loc.line(*path)
    line = node.start_mark.line + 1
    for key in loc.path + path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(key):
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return f"{loc.file}:{line}"


class Places:
    """Where catalogue entries, glossary entries and training cases stand (the loader keeps only
    rules and questions in ``kb.where``)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.items: dict[tuple[str, str], Located] = {}
        self.glossary: dict[str, Located] = {}
        self.cases: dict[str, Located] = {}
        if kb.rules_dir is not None:
            for path in sorted(Path(kb.rules_dir).glob("*.yaml")):
                if path.name == "source.yaml":
                    continue
                text, data = self._read(path)
                for kind in CATALOGUES:
                    for i, item in enumerate((data or {}).get(kind) or []):
                        if isinstance(item, dict) and "id" in item:
                            self.items.setdefault(
                                (kind, str(item["id"])), Located(str(path), text, (kind, i))
                            )
        qloc = next((loc for key, loc in kb.where.items() if key.startswith("question:")), None)
        if qloc is not None:
            folder = Path(qloc.file).parent
            gpath = folder / "glossary.yaml"
            if gpath.exists():
                text, data = self._read(gpath)
                for i, item in enumerate((data or {}).get("glossary") or []):
                    if isinstance(item, dict) and "id" in item:
                        self.glossary.setdefault(str(item["id"]), Located(str(gpath), text, ("glossary", i)))
            for path in sorted((folder / "cases").glob("*.yaml")):
                text, data = self._read(path)
                if isinstance(data, dict) and "id" in data:
                    self.cases.setdefault(str(data["id"]), Located(str(path), text, ()))

    @staticmethod
    def _read(path: Path) -> tuple[str, Any]:
        text = read_text(path)
        return text, yaml.load(text, Loader=SafeLoader)

    def rule(self, rid: str) -> Located | None:
        return self.kb.where.get(rid)

    def question(self, qid: str) -> Located | None:
        return self.kb.where.get(f"question:{qid}")
