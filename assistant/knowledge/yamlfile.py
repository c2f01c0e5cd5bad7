"""Reading YAML and JSON files safely, with errors that name the file and line.

Data is loaded with ``yaml.safe_load`` (JSON with ``json``); nothing in a file is ever executed.
Explicit YAML tags are refused outright, so a file means exactly what it shows. When a value fails
validation, the node tree is composed again to find the line of the offending key.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
# libyaml's safe loader when the wheel has it: the same safe subset, several times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 5 * 1024 * 1024


class InputError(Exception):
    """Bad input: the message is one line that names the culprit."""

    def __init__(self, message: str):
        super().__init__(" ".join(message.split()))


def read_text(path: Path) -> str:
    """A text file's content, or an InputError naming the file."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: too large ({size} bytes; at most {MAX_BYTES})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{path}:1: the file is empty")
    return text


def parse(text: str, name: str, *, json_only: bool = False) -> Any:
    """Parse YAML (or JSON, by name or when ``json_only``) into plain Python data."""
    if json_only or name.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{exc.lineno}: malformed JSON: {exc.msg}") from None
    _refuse_tags(text, name)
    try:
        return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        # An unclosed bracket is noticed lines later: say where the construct began.
        ctx = exc.context_mark
        began = (
            f" ({exc.context} started on line {ctx.line + 1})"
            if exc.problem and exc.context and ctx and mark and ctx.line != mark.line
            else ""
        )
        raise InputError(f"{name}{line}: malformed YAML: {exc.problem or exc.context}{began}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: malformed YAML: {exc}") from None


def _refuse_tags(text: str, name: str) -> None:
    if "!" not in text:
        return  # every tag starts with "!": nothing to scan for
    try:
        for token in yaml.scan(text, Loader=SafeLoader):
            if isinstance(token, yaml.TagToken):
                raise InputError(
                    f"{name}:{token.start_mark.line + 1}: YAML tags ({token.value[0]}{token.value[1]})"
                    " are not allowed"
                )
    except yaml.MarkedYAMLError:
        return  # the parser reports it, with its line


def line_of(text: str, path: tuple[Any, ...], name: str = "") -> int | None:
    """The line (1-based) of the value at ``path`` in a YAML or JSON text, or its nearest parent."""
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


_KINDS = {list: "a list", type(None): "nothing", str: "a string", int: "a number", float: "a number", bool: "a boolean"}


def describe_error(err: dict[str, Any]) -> str:
    """A pydantic error in a reader's words."""
    loc = [str(x) for x in err["loc"] if not str(x).startswith(("function-after", "tagged-union"))]
    kind = err["type"]
    where = ".".join(loc)
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'" if loc else "unknown key"
    if kind == "missing":
        return f"missing key '{loc[-1]}'" if loc else "missing key"
    if kind in ("model_type", "dict_type"):
        msg = f"expected a mapping (key: value), not {_KINDS.get(type(err.get('input')), 'a single value')}"
        return f"{where}: {msg}" if where else msg
    msg = err["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def validate(model: type[M], data: Any, text: str, name: str) -> M:
    """Validate parsed data against a schema; the first error names file and line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A union of condition shapes reports one error per shape: show the most specific.
        # A misspelt key is both unknown and missing: the unknown one has the line to fix.
        err = max(errors, key=lambda e: (len(e["loc"]), e["type"] == "extra_forbidden"))
        loc = tuple(x for x in err["loc"] if isinstance(x, int) or not _is_union_branch(x))
        line = line_of(text, loc, name) or 1  # no node at all: an empty document
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 and not _same_place(errors) else ""
        hint = ""
        if err["type"] == "extra_forbidden":
            missing = [str(e["loc"][-1]) for e in errors if e["type"] == "missing" and e["loc"][:-1] == err["loc"][:-1]]
            if close := difflib.get_close_matches(str(err["loc"][-1]), missing, n=1):
                hint = f" (did you mean '{close[0]}'?)"
        raise InputError(f"{name}:{line}: {describe_error({**err, 'loc': loc})}{hint}{more}") from None


def _is_union_branch(part: Any) -> bool:
    return isinstance(part, str) and part[:1].isupper()


def _same_place(errors: list[dict[str, Any]]) -> bool:
    locs = {tuple(x for x in e["loc"] if isinstance(x, int) or not _is_union_branch(x))[:-1] for e in errors}
    return len(locs) <= 1


def load(model: type[M], path: Path) -> M:
    """Read, parse and validate one file."""
    text = read_text(path)
    data = parse(text, str(path))
    return validate(model, data, text, str(path))
