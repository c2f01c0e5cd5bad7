"""The reasoning behind a recommendation as a tree of fired rules, each with its pages.

Drawn as text that wraps at any width (a terminal tree widget gives each node one line and cuts
what does not fit); the nodes are kept as a :class:`~textual.widgets.Tree`'s, for what reads them.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from rich.tree import Tree as RichTree
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from ...consultation.result import Reason
from ...i18n import _
from ...render.citations import cite


def _pages(reason: Reason) -> str:
    """The passages as every other output cites them: " (p. 20 ¶45; see p. 23 ¶51)", or ""."""
    return cite(reason.citations, reason.see)


def reason_label(reason: Reason) -> Text:
    """A rule's title, with its passages."""
    pages = _pages(reason).strip()
    return Text.assemble((reason.title, "bold"), *(("  ", (pages, "italic")) if pages else ()))


def rests_on(reason: Reason) -> list[str]:
    """The facts a rule rests on that none of the rules behind it states."""
    return [f for f in reason.matched if not any(f in sub.explanation for sub in reason.because)]


class HowTree(Static):
    """Fired rules as a tree: each node a rule with its citation, children the rules behind it.
    Every line wraps; none is cut."""

    def __init__(self, label: str, reasons: tuple[Reason, ...]) -> None:
        super().__init__(classes="how-tree")
        self.label = label
        self.reasons = reasons
        self.nodes: Tree[Reason] = Tree(label)
        self.root = self.nodes.root
        for reason in reasons:
            self._add(self.root, reason)
        self.root.expand_all()

    def _add(self, parent: TreeNode[Reason], reason: Reason) -> None:
        node = parent.add(reason_label(reason), data=reason, expand=True)
        for fact in rests_on(reason):
            node.add_leaf(Text(_("rests on: ") + fact, style="dim"))
        for sub in reason.because:
            self._add(node, sub)

    def render(self) -> RenderableType:
        tree = RichTree(Text(self.label, style="bold"), guide_style="dim")

        def draw(into: RichTree, node: TreeNode[Reason]) -> None:
            for child in node.children:
                label = child.label if isinstance(child.label, Text) else Text(str(child.label))
                draw(into.add(label), child)

        draw(tree, self.root)
        return tree
