"""Citations the report's paragraph index does not back: a paragraph not in it, a wrong page or
section."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ...i18n import N_, _
from ..loader import Located
from ..schema import Citation
from .checker import Checker
from .places import at

ITEMS = {
    "models": N_("model {id}"),
    "forms": N_("form {id}"),
    "flags": N_("flag {id}"),
    "notes": N_("note {id}"),
}


def owners(ck: Checker) -> Iterator[tuple[Any, Located | None, str, tuple[str, ...], tuple[str, ...]]]:
    """Everything that holds statements or citations: (object, where it stands, its name,
    rules and questions to name with it)."""
    kb, places = ck.kb, ck.places
    for q in kb.questions:
        yield q, places.question(q.id), _("question {id}").format(id=q.id), (), (q.id,)
    for g in kb.glossary:
        yield g, places.glossary.get(g.id), _("glossary entry {id}").format(id=g.id), (), ()
    for r in kb.rules:
        yield r, places.rule(r.id), _("rule {id}").format(id=r.id), (r.id,), ()
    for kind in ("models", "forms", "flags", "notes"):
        for item in getattr(kb, kind).values():
            yield item, places.items.get((kind, item.id)), _(ITEMS[kind]).format(id=item.id), (), ()
    for case in kb.cases:
        yield case, places.cases.get(case.id), _("training case {id}").format(id=case.id), (), ()


def citations(ck: Checker) -> None:
    for c, loc, path, owner, rules, questions in each_citation(ck):
        one_citation(ck, c, loc, path, owner, rules, questions)


Cited = tuple[Citation, Located | None, tuple[Any, ...], str, tuple[str, ...], tuple[str, ...]]


def each_citation(ck: Checker) -> Iterator[Cited]:
    """Every citation of the rule base: (citation, where its owner stands, the path to it there,
    the owner's name, rules and questions to name with it)."""
    for obj, loc, owner, rules, questions in owners(ck):
        yield from cite(obj, loc, (), owner, rules, questions)


def cite(
    obj: Any,
    loc: Located | None,
    path: tuple[Any, ...],
    owner: str,
    rules: tuple[str, ...] = (),
    questions: tuple[str, ...] = (),
) -> Iterator[Cited]:
    """Every citation under ``obj``, with the path to it."""
    if isinstance(obj, Citation):
        yield obj, loc, path, owner, rules, questions
    elif isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            yield from cite(x, loc, (*path, i), owner, rules, questions)
    elif isinstance(obj, dict):
        for k, x in obj.items():
            yield from cite(x, loc, (*path, k), owner, rules, questions)
    elif isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            yield from cite(getattr(obj, name), loc, (*path, info.alias or name), owner, rules, questions)


def one_citation(
    ck: Checker,
    c: Citation,
    loc: Located | None,
    path: tuple[Any, ...],
    owner: str,
    rules: tuple[str, ...],
    questions: tuple[str, ...],
) -> None:
    if c.source != ck.kb.source.source:
        return  # another work: the report's paragraph index does not apply
    where = at(loc, *path)
    para = ck.kb.source.paragraphs.get(c.paragraph)
    if para is None:
        ck.add(
            "citation_paragraph",
            "error",
            where,
            _(
                "{owner} cites paragraph {paragraph}, which is not in the report's index (rules/source.yaml)"
            ).format(owner=owner, paragraph=c.paragraph),
            rules=rules,
            questions=questions,
        )
        return
    if not pages(c.page) & pages(para.page):
        ck.add(
            "citation_page",
            "error",
            where,
            _("{owner} cites {paragraph} on p. {page}, but {paragraph} is on p. {printed}").format(
                owner=owner, paragraph=c.paragraph, page=c.page, printed=para.page
            ),
            rules=rules,
            questions=questions,
        )
    if c.section != para.section:
        ck.add(
            "citation_section",
            "error",
            where,
            _("{owner} cites {paragraph} under section '{section}', but {paragraph} is in '{actual}'").format(
                owner=owner, paragraph=c.paragraph, section=c.section, actual=para.section
            ),
            rules=rules,
            questions=questions,
        )


def pages(page: str) -> set[int]:
    a, _sep, b = page.partition("-")
    return set(range(int(a), int(b or a) + 1))
