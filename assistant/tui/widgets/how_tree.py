"""The reasoning behind a recommendation as a tree of fired rules, each with its pages."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...consultation.result import Reason
from ...render.citations import cite


def _pages(reason: Reason) -> str:
    """The passages as every other output cites them: " (p. 20 ¶45; see p. 23 ¶51)", or ""."""
    return cite(reason.citations, reason.see)


class HowTree(Tree[Reason]):
    """Fired rules as a tree: each node a rule with its citation, children the rules behind it."""

    def __init__(self, label: str, reasons: tuple[Reason, ...]) -> None:
        super().__init__(label, classes="how-tree")
        self.show_root = True
        for reason in reasons:
            self._add(self.root, reason)
        self.root.expand_all()

    def _add(self, parent: TreeNode[Reason], reason: Reason) -> None:
        pages = _pages(reason).strip()
        label = Text.assemble((reason.title, "bold"), *(("  ", (pages, "italic")) if pages else ()))
        node = parent.add(label, data=reason, expand=True)
        for fact in reason.matched:
            if not any(fact in sub.explanation for sub in reason.because):
                node.add_leaf(Text("rests on: " + fact, style="dim"))
        for sub in reason.because:
            self._add(node, sub)
