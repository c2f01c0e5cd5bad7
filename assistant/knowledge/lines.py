"""Where a value sits in a YAML or JSON text: the line an error message names.

Apart from the readers (yamlfile) and the bounds they check (bounds), which both name lines, so
neither has to import the other for it."""

from __future__ import annotations

from typing import Any


def line_of(text: str, path: tuple[Any, ...], name: str = "") -> int | None:
    """The line (1-based) of the value at ``path`` in a YAML or JSON text, or its nearest parent."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        # JSON may indent with tabs, which YAML refuses. A JSON string cannot hold a raw tab,
        # so spaces in their place keep every key on its line.
        try:
            node = yaml.compose(text.replace("\t", " "), Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return None
    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(key):
                    line = k.start_mark.line + 1
                    node = v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line
