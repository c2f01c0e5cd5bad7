"""The registry of commands and keys is the one list: the README's table, the chat screen's keys,
the command palette and the chat's help are made from it and agree with it; and the
conversation's modules import no circle."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.conversation import Conversation
from assistant.conversation.registry import (
    BY_NAME,
    SPECS,
    help_text,
    keyed,
    palette_entries,
    parse_command,
    readme_table,
)
from assistant.conversation.spec import NOT_IN_TRAINING

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| type | key | what it does |")
    table = readme[start : readme.index("\n\n", start)]
    assert table == readme_table(), (
        "README.md's table of commands and keys is not the registry's: paste in the output of\n"
        'uv run python -c "from assistant.conversation.registry import readme_table; print(readme_table())"'
    )


def test_names_and_keys_are_each_used_once():
    assert len(BY_NAME) == len(SPECS)
    keys = [key.key for _spec, key in keyed()]
    assert len(keys) == len(set(keys))


def test_the_chat_screen_binds_the_registry_keys_and_the_app_its_own():
    from textual.screen import Screen

    from assistant.tui.app import IntegrationAssistantApp
    from assistant.tui.screens.chat import NARROW_LEFT_OUT, ChatScreen

    def bindings(owner):
        """The owner's bindings, with those of the classes it inherits from (as Textual merges them)."""
        found = {}
        for cls in reversed(owner.__mro__):
            found |= {b.key: b for b in vars(cls).get("BINDINGS", ()) if not isinstance(b, tuple)}
        return found

    screen, app = bindings(ChatScreen), bindings(IntegrationAssistantApp)
    for spec, key in keyed():
        bound = (app if key.on_app else screen).get(key.key)
        assert bound is not None, f"{key.key} ({spec.name}) is not bound"
        assert (bound.action, bound.description, bound.show) == (spec.action, key.label, key.show)
        assert key.key not in (screen if key.on_app else app)  # one owner only
    assert set(NARROW_LEFT_OUT) == {"f7", "ctrl+t"}
    # the screen's own keys: scrolling and moving into the options, none of them a command's
    own = set(bindings(ChatScreen)) - set(bindings(Screen)) - {key.key for _spec, key in keyed()}
    assert own == {"pageup", "pagedown", "up", "down"}


def test_every_action_is_the_screens_or_the_apps():
    from assistant.tui.app import IntegrationAssistantApp
    from assistant.tui.palette import ENTRIES
    from assistant.tui.screens.chat import ChatScreen

    assert palette_entries() == ENTRIES
    for spec in SPECS:
        if spec.action is None:  # typed only
            assert spec.key is None and spec.palette is None and spec.typed, spec.name
            continue
        on_app = (spec.key is not None and spec.key.on_app) or spec.action.startswith("app.")
        owner = IntegrationAssistantApp if on_app else ChatScreen
        name = spec.action.removeprefix("app.").split("(")[0]
        assert callable(getattr(owner, f"action_{name}", None)), f"{spec.name}: no action_{name}"
        command = re.fullmatch(r"command\('(\w+)'\)", spec.action)
        if command:  # a key that runs a command runs its own
            assert command.group(1) == spec.name


@pytest.mark.parametrize("spec", [s for s in SPECS if s.typed], ids=lambda s: s.name)
def test_each_typed_form_calls_its_command(spec):
    assert spec.handler is not None and spec.patterns
    for form in spec.typed:
        typed = form.replace("[FORMAT]", "html")
        command = parse_command(typed)
        assert command is not None and command.name == spec.name, (form, command)


def test_keys_of_the_interface_only_are_not_typed():
    for spec in SPECS:
        if not spec.typed:
            assert spec.handler is None and not spec.patterns and spec.key is not None


def test_the_help_lists_every_command_and_key_of_its_conversation():
    consultation, training = help_text(training=False), help_text(training=True)
    for spec in SPECS:
        for text, in_training in ((consultation, False), (training, True)):
            shown = spec.offered(in_training)
            for form in spec.typed:
                assert (f"`{form}`" in text) == shown, (spec.name, form, in_training)
            if spec.key is not None:
                assert (f"{spec.key.shown_as} " in text) == shown, (spec.name, in_training)
    assert "`brief`" in training and "`brief`" not in consultation
    assert "`export [FORMAT]`" in consultation and "`export [FORMAT]`" not in training
    assert "`how`" not in training


def test_the_help_reply_is_the_registrys(kb):
    conv = Conversation(kb)
    conv.start()
    assert conv.handle("help")[-1].text == help_text(training=False)


@pytest.mark.parametrize("typed", ["how", "what if hostility high", "skipped", "why skipped hostility"])
def test_training_refuses_what_would_give_the_key_away(kb, typed):
    conv = Conversation(kb, training=kb.cases[0])
    conv.start()
    assert conv.handle(typed)[-1].text == NOT_IN_TRAINING


@pytest.mark.parametrize(
    "typed, training", [("brief", False), ("predict", False), ("export", True), ("export html", True)]
)
def test_commands_only_where_they_are_available(kb, typed, training):
    conv = Conversation(kb, training=kb.cases[0] if training else None)
    conv.start()
    reply = conv.handle(typed)[-1]
    command = parse_command(typed)
    assert command is not None
    assert reply.kind == "info" and reply.text == BY_NAME[command.name].unavailable
    assert conv.take_effects() == []


# --- no import circles ------------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The modules one module imports, wherever the import is (in functions too), but for those
    under ``if TYPE_CHECKING:``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[: len(up) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
    return found & modules


def test_the_conversation_imports_no_circle():
    paths = sorted((ROOT / "assistant").rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    graph = {_module_name(p): _imports(p, modules) for p in paths}
    ours = {m for m in modules if m.startswith("assistant.conversation")} | {
        "assistant.tui.palette",
        "assistant.tui.screens.chat",
    }

    def reaches(start: str, goal: str) -> list[str] | None:
        stack, seen = [(start, [start])], {start}
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == goal:
                    return [*trail, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
        return None

    circles = [trail for m in sorted(ours) if (trail := reaches(m, m))]
    assert not circles, "\n".join(" -> ".join(c) for c in circles)
