"""Reading YAML and JSON files safely, with errors that name the file and line.

Data is loaded with ``yaml.safe_load`` (JSON with ``json``); nothing in a file is ever executed.
Explicit YAML tags are refused outright, so a file means exactly what it shows. When a value fails
validation, the node tree is composed again to find the line of the offending key.

Every file passes one door, :func:`read_text` then :func:`parse` (or :func:`load_json`), which
refuses what would crash, hang or swell later: what :mod:`~assistant.knowledge.bounds` refuses,
a number of more than 4,300 digits, and a key given twice in one mapping.
"""

from __future__ import annotations

import difflib
import json
import pickle
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError as InputError  # raised here; read by every caller from here
from .bounds import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_EXPANDED,
    DataProblem,
    check_data,
    deep_line,
    long_number_line,
    read_bytes,
)
from .lines import line_of as line_of  # read by callers from here too

M = TypeVar("M", bound=BaseModel)


# yaml is imported when a YAML text is first read, not with this module: JSON readers (sessions,
# settings) and knowledge read from the cache of parsed files never need it.
@cache
def _safe_loader() -> type:
    """libyaml's safe loader when the wheel has it: the same safe subset, several times faster."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str) -> Any:
    if name == "SafeLoader":
        return _safe_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_file(path: Path) -> bytes:
    """A file's bytes (at most MAX_BYTES of a regular file), or an InputError naming the file."""
    try:
        return read_bytes(path, MAX_BYTES)
    except DataProblem as exc:
        raise InputError(f"{path}: {exc.message}") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_text(path: Path) -> str:
    """A text file's content, or an InputError naming the file."""
    data = read_file(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{path}:1: the file is empty")
    return text


def read_json(path: Path) -> Any:
    """A JSON file the program itself wrote (settings, a workshop's files), read through the same
    door as any other: a regular file, bounded, no repeated keys; InputError naming it otherwise."""
    return parse(read_text(path), str(path), json_only=True)


# YAML texts parsed in this process, by text: `check` reads every knowledge file three times (to
# load it, to compare its French, to find the lines its anomalies are on). What was parsed is kept
# pickled, so each reader gets its own copy to change as it likes; pickle is used only for data
# this process parsed itself, never for anything read from outside it. JSON (sessions, settings,
# the parsed-files cache) is not kept: it parses about as fast as a copy is made, and a session
# is read again only after it has changed.
_PARSED: OrderedDict[str, bytes] = OrderedDict()
_PARSED_LOCK = threading.Lock()
PARSED_KEPT = 64  # texts
_WORTH_KEEPING = 1024  # characters: a shorter text parses about as fast as its copy is made
_TOO_BIG_TO_KEEP = 1 << 20  # characters: the knowledge files are a tenth of this; a huge file is not kept


def parse(text: str, name: str, *, json_only: bool = False) -> Any:
    """Parse YAML (or JSON, by name or when ``json_only``) into plain Python data, refusing what
    :func:`check_data` refuses. A YAML text parsed before in this process is not parsed again:
    the caller gets a fresh copy of what it gave (a text that was refused is refused again)."""
    if json_only or name.lower().endswith(".json"):
        return _parse(text, name, as_json=True)
    with _PARSED_LOCK:
        kept = _PARSED.get(text)
        if kept is not None:
            _PARSED.move_to_end(text)
    if kept is not None:
        return pickle.loads(kept)
    data = _parse(text, name, as_json=False)
    if _WORTH_KEEPING <= len(text) <= _TOO_BIG_TO_KEEP:
        dumped = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        with _PARSED_LOCK:
            _PARSED[text] = dumped
            while len(_PARSED) > PARSED_KEPT:
                _PARSED.popitem(last=False)
    return data


def _parse(text: str, name: str, as_json: bool) -> Any:
    if as_json:
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{exc.lineno}: malformed JSON: {exc.msg}") from None
        except DataProblem as exc:
            raise InputError(f"{name}:{exc.line or 1}: {exc.message}") from None
    import yaml

    _refuse_tags(text, name)
    try:
        data = yaml.load(text, Loader=_loader())
        check_data(data, text, MAX_EXPANDED)
        return data
    except DataProblem as exc:
        raise InputError(f"{name}:{exc.line or 1}: {exc.message}") from None
    except RecursionError:
        raise InputError(f"{name}:{deep_line(text)}: nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # a number with more digits than Python converts, a date like 2008-13-45
        if (line := long_number_line(text)) is not None:
            raise InputError(f"{name}:{line}: a number of more than {MAX_DIGITS} digits") from None
        raise InputError(f"{name}: malformed YAML: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f":{mark.line + 1}" if mark else ""
        # An unclosed bracket is noticed lines later: say where the construct began.
        ctx = exc.context_mark
        began = (
            f" ({exc.context} started on line {ctx.line + 1})"
            if exc.problem and exc.context and ctx and mark and ctx.line != mark.line
            else ""
        )
        raise InputError(f"{name}{at}: malformed YAML: {exc.problem or exc.context}{began}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: malformed YAML: {exc}") from None


@cache
def _loader() -> type:
    import yaml

    class Loader(_safe_loader()):  # type: ignore[misc]
        """The safe loader, refusing a key given twice in one mapping (YAML would keep the last)."""

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                seen: dict[Any, int] = {}
                for key_node, _ in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node)
                    line = key_node.start_mark.line + 1
                    if key in seen:
                        raise DataProblem(
                            f"'{key}' is given twice in one mapping (first on line {seen[key]})", line
                        )
                    seen[key] = line
            return super().construct_mapping(node, deep=deep)

    return Loader


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DataProblem(f"'{key}' is given twice in one mapping")
            seen.add(key)
    return out


def load_json(text: str) -> Any:
    """JSON text as Python data, refusing what :func:`check_data` refuses and a key given twice.

    Raises json.JSONDecodeError for malformed JSON and DataProblem for refused data.
    """
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError:
        raise
    except DataProblem as exc:  # a repeated key: find its line
        raise DataProblem(exc.message, _repeat_line(text)) from None
    except RecursionError:
        raise DataProblem(f"nested more than {MAX_DEPTH} levels deep", deep_line(text)) from None
    except ValueError:  # a number with more digits than Python converts
        raise DataProblem(f"a number of more than {MAX_DIGITS} digits", long_number_line(text)) from None
    check_data(data, text)
    return data


def _repeat_line(text: str) -> int | None:
    """The line of the second of two equal keys, found by reading the JSON as YAML."""
    import yaml

    for candidate in (text, text.replace("\t", " ")):
        try:
            yaml.load(candidate, Loader=_loader())
        except DataProblem as exc:
            return exc.line
        except (yaml.YAMLError, RecursionError, ValueError):
            continue
    return None


def _refuse_tags(text: str, name: str) -> None:
    if "!" not in text:
        return  # every tag starts with "!": nothing to scan for
    import yaml

    try:
        for token in yaml.scan(text, Loader=_safe_loader()):
            if isinstance(token, yaml.TagToken):
                raise InputError(
                    f"{name}:{token.start_mark.line + 1}: YAML tags ({token.value[0]}{token.value[1]})"
                    " are not allowed"
                )
    except yaml.MarkedYAMLError:
        return  # the parser reports it, with its line


_KINDS = {
    list: "a list",
    type(None): "nothing",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}


def describe_error(err: Mapping[str, Any]) -> str:
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
            missing = [
                str(e["loc"][-1])
                for e in errors
                if e["type"] == "missing" and e["loc"][:-1] == err["loc"][:-1]
            ]
            if close := difflib.get_close_matches(str(err["loc"][-1]), missing, n=1):
                hint = f" (did you mean '{close[0]}'?)"
        raise InputError(f"{name}:{line}: {describe_error({**err, 'loc': loc})}{hint}{more}") from None


def _is_union_branch(part: Any) -> bool:
    return isinstance(part, str) and part[:1].isupper()


def _same_place(errors: Sequence[Mapping[str, Any]]) -> bool:
    locs = {tuple(x for x in e["loc"] if isinstance(x, int) or not _is_union_branch(x))[:-1] for e in errors}
    return len(locs) <= 1


def load(model: type[M], path: Path) -> M:
    """Read, parse and validate one file."""
    text = read_text(path)
    data = parse(text, str(path))
    return validate(model, data, text, str(path))
