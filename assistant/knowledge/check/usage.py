"""Questions no rule reads, options no rule tells apart, and definitions nothing uses."""

from __future__ import annotations

from ...i18n import N_, _
from .checker import Checker
from .places import CATALOGUES, at

UNCONCLUDED = {
    "models": N_("model {id} is defined but no rule concludes it"),
    "forms": N_("form {id} is defined but no rule concludes it"),
    "flags": N_("flag {id} is defined but no rule concludes it"),
    "notes": N_("note {id} is defined but no rule concludes it"),
}


def unread(ck: Checker) -> None:
    mentioned: dict[str, set[str]] = {}
    for cr in ck.base.rules:
        for term in cr.terms:
            for lit in term:
                if lit.kind == "answer":
                    mentioned.setdefault(lit.name, set()).update(lit.values or ())
    for q in ck.kb.questions:
        loc = ck.places.question(q.id)
        if q.id not in mentioned:
            ck.add(
                "unread_question",
                "warning",
                at(loc),
                _("question {id} is read by no rule: its answer never changes the result").format(id=q.id),
                questions=(q.id,),
            )
            continue
        quiet = [o for o in q.option_ids if o not in mentioned[q.id]]
        if len(quiet) < 2 or len(quiet) == len(q.option_ids):
            continue
        for o in quiet:
            others = ", ".join(x for x in quiet if x != o)
            ck.add(
                "undistinguished_option",
                "warning",
                at(loc, "options", q.option_ids.index(o)),
                _(
                    "option {option} of question {id} is not told apart from {others}: no rule condition mentions"
                    " any of them, so choosing one or the other never changes anything"
                ).format(option=o, id=q.id, others=others),
                questions=(q.id,),
            )


def unused_definitions(ck: Checker) -> None:
    read = {lit.name for cr in ck.base.rules for t in cr.terms for lit in t if lit.kind == "fact"}
    concluded = set(ck.produced)
    for kind in CATALOGUES:
        for item_id in getattr(ck.kb, kind):
            name = {"facts": item_id, "flags": f"flag:{item_id}", "notes": f"note:{item_id}"}.get(kind)
            loc = ck.places.items.get((kind, item_id))
            if kind == "facts":
                if name not in read and name not in concluded:
                    ck.add(
                        "unused_definition",
                        "warning",
                        at(loc),
                        _("fact {id} is declared but no rule derives or reads it").format(id=item_id),
                    )
                continue
            if kind in ("models", "forms"):
                hit = any(r.then.fact == (kind[:-1], item_id) for r in ck.kb.rules)
            else:
                hit = name in concluded
            if not hit:
                makers = [r.id for r in ck.kb.rules if r.then.fact[0] == name]
                ck.add(
                    "unused_definition",
                    "warning",
                    at(loc),
                    _(UNCONCLUDED[kind]).format(id=item_id),
                    rules=makers,
                )
