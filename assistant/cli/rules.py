"""`rules` and `questions`: the rule base and the questions, listed."""

from __future__ import annotations

import argparse
import json

from ..i18n import _, pgettext
from .common import knowledge, show


def rules(args: argparse.Namespace) -> int:
    from ..knowledge.export import rulebase_document, rulebase_markdown

    kb = knowledge(args)
    if args.format == "json":
        show(json.dumps(rulebase_document(kb), indent=2, ensure_ascii=False) + "\n", "json")
    else:
        show(rulebase_markdown(kb))
    return 0


def questions(args: argparse.Namespace) -> int:
    kb = knowledge(args)
    if args.format == "json":
        doc = [q.model_dump(mode="json", exclude_none=True) | {"accepts_unknown": True} for q in kb.questions]
        show(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "json")
        return 0
    lines = []
    for q in kb.questions:
        kind = _("choose several") if q.multi else _("choose one")
        lines += [f"{q.id}  ({q.topic}; {kind})", f"  {q.prompt}"]
        lines += [f"    {i}. {o.id:<28} {o.label}" for i, o in enumerate(q.options, 1)]
        lines.append(f"    {len(q.options) + 1}. {'unknown':<28} {pgettext('cli', 'Unknown')}")
    show("\n".join(lines) + "\n")
    return 0
