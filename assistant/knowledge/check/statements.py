"""Statements: each says its basis (a report statement quotes the passage that states it, an
assistant statement never presents citations as support), and explanations have the clauses
they are written from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ...i18n import N_, _
from ..schema import (
    BriefPart,
    ChecklistItem,
    GlossaryEntry,
    KeyAnswer,
    Mitigation,
    Question,
    Rule,
    Stated,
)
from .checker import Checker
from .citations import owners
from .places import at


def basis(ck: Checker) -> None:
    """Every statement says whose it is; a report statement quotes the passage that states it; an
    assistant statement never presents passages as support (it may point to them with see)."""
    for obj, loc, owner, rules, questions in owners(ck):
        for st, path in statements(obj):
            where, what = at(loc, *path), statement_name(st, path, owner)
            if st.basis is None:
                ck.add(
                    "basis_missing",
                    "error",
                    where,
                    _("{what} does not say its basis (report or assistant)").format(what=what),
                    rules=rules,
                    questions=questions,
                )
            elif st.basis == "report":
                if not any(x.quote for x in st.citations):
                    ck.add(
                        "basis_unquoted",
                        "error",
                        where,
                        _(
                            "{what} is marked as the report's but cites no passage with a quote that states it"
                        ).format(what=what),
                        rules=rules,
                        questions=questions,
                    )
            elif st.citations:
                ck.add(
                    "basis_support",
                    "error",
                    where,
                    _(
                        "{what} is the assistant's, but presents citations as its support: list them under see"
                    ).format(what=what),
                    rules=rules,
                    questions=questions,
                )


def wording(ck: Checker) -> None:
    """Explanations are built from clauses written for them, never from labels in templates."""
    for q in ck.kb.questions:
        loc = ck.places.question(q.id)
        if q.subject is None:
            ck.add(
                "wording_missing",
                "error",
                at(loc, "id"),
                _("question {id} has no subject (e.g. 'whether OCHA is present in the country')").format(
                    id=q.id
                ),
                questions=(q.id,),
            )
        for i, o in enumerate(q.options):
            if o.clause is None:
                ck.add(
                    "wording_missing",
                    "error",
                    at(loc, "options", i),
                    _(
                        "option {option} of question {id} has no clause (a whole sentence saying it holds)"
                    ).format(option=o.id, id=q.id),
                    questions=(q.id,),
                )
    for fid, fact in ck.kb.facts.items():
        loc = ck.places.items.get(("facts", fid))
        for value in sorted(ck.produced.get(fid, set()) - {"yes"}):
            if value not in fact.values:
                ck.add(
                    "wording_missing",
                    "error",
                    at(loc, "id"),
                    _("fact {id} is derived with value {value}, which has no clause under values:").format(
                        id=fid, value=value
                    ),
                )
        if fact.negation is None and any(
            lit.negated and lit.name == fid for r in ck.base.rules for t in r.terms for lit in t
        ):
            ck.add(
                "wording_missing",
                "error",
                at(loc, "id"),
                _(
                    "fact {id} is read as absent, but has no negation (a clause saying it does not hold)"
                ).format(id=fid),
            )


def statements(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Stated, tuple[Any, ...]]]:
    """Every statement under ``obj`` (itself included), with its path."""
    if isinstance(obj, Stated):
        yield obj, path
    if isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            yield from statements(x, (*path, i))
    elif isinstance(obj, dict):
        for k, x in obj.items():
            yield from statements(x, (*path, k))
    elif isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            if name not in ("citations", "see"):
                yield from statements(getattr(obj, name), (*path, info.alias or name))


def statement_name(st: Stated, path: tuple[Any, ...], owner: str) -> str:
    """'mitigation 2 of flag x', 'the why of question y', 'brief paragraph 1 of training case z'."""
    if not path:
        field = {
            Question: N_("the why of {owner}"),
            GlossaryEntry: N_("the definition of {owner}"),
            Rule: N_("the explanation of {owner}"),
        }.get(type(st))
        return _(field).format(owner=owner) if field else owner
    kind = {
        Mitigation: N_("mitigation {n} of {owner}"),
        ChecklistItem: N_("item {n} of {owner}"),
        BriefPart: N_("brief paragraph {n} of {owner}"),
    }.get(type(st))
    if kind and isinstance(path[-1], int):
        return _(kind).format(n=path[-1] + 1, owner=owner)
    if isinstance(st, KeyAnswer):
        return _("the key's reason for {answer} in {owner}").format(answer=path[-1], owner=owner)
    fields = " ".join(str(p) for p in path if isinstance(p, str)).replace("_", " ")
    return _("{field} of {owner}").format(field=fields, owner=owner)
