"""Citations against the report's own numbered text (``check --report FILE``): each cited paragraph
is in it, on the cited printed page, and each quote stands verbatim in that paragraph.

The text is read in the format ``--report`` reads everywhere (see
:mod:`assistant.knowledge.report_text`): JSON with numbered ``items`` or Markdown with
``[p45] {p. 20} …`` paragraphs. Quotes are compared as ``../shared/tools/verify`` and the tests
compare them: Unicode NFKC, typographic quotes and dashes as plain ones, emphasis marks and
footnote numbers left out, whitespace collapsed, case ignored, and the quote's own surrounding
quotation marks, full stop or ellipsis dropped. Nothing else is tolerated: a word changed, added
or left out is an error.
"""

from __future__ import annotations

from ...i18n import _
from ...render.citations import locator
from ..schema import Citation
from .checker import Checker
from .citations import each_citation, pages
from .numbered import NumberedText, load_report, norm
from .places import at

__all__ = ["NumberedText", "load_report", "norm", "problems", "quotes"]


def quotes(ck: Checker) -> None:
    """Every citation of the report checked against its text, when one is given."""
    report = ck.report
    if report is None:
        return
    for c, loc, path, owner, rules, questions in each_citation(ck):
        if c.source != ck.kb.source.source:
            continue  # another work: the report's text does not apply
        report.citations += 1
        report.quotes += bool(c.quote)
        for kind, key, message in problems(report, c):
            ck.add(
                kind,
                "error",
                at(loc, *path, key),
                _("{owner} cites {locator} ({paragraph}): {problem}").format(
                    owner=owner, locator=locator(c), paragraph=c.paragraph, problem=message
                ),
                rules=rules,
                questions=questions,
            )


def problems(report: NumberedText, c: Citation) -> list[tuple[str, str, str]]:
    """What the report's text says against one citation: (kind, the citation's field, message)."""
    name = report.path.name
    text = report.paragraphs.get(c.paragraph)
    if text is None:
        return [
            (
                "report_paragraph",
                "paragraph",
                _("the report text {name} has no paragraph {paragraph}").format(
                    name=name, paragraph=c.paragraph
                ),
            )
        ]
    out = []
    printed = report.pages.get(c.paragraph, "")
    try:
        if not pages(c.page) & pages(printed):
            out.append(
                (
                    "report_page",
                    "page",
                    _("in {name}, {paragraph} is on p. {printed}, not p. {page}").format(
                        name=name, paragraph=c.paragraph, printed=printed, page=c.page
                    ),
                )
            )
    except ValueError:
        out.append(
            (
                "report_page",
                "page",
                _("{name} gives no printed page for {paragraph}").format(name=name, paragraph=c.paragraph),
            )
        )
    q = norm(c.quote or "").strip(' "“”.…')
    if q and q not in text:
        elsewhere = [pid for pid, t in report.paragraphs.items() if q in t]
        hint = (
            " " + _("(it stands in {paragraphs})").format(paragraphs=", ".join(elsewhere[:3]))
            if elsewhere
            else ""
        )
        out.append(
            (
                "quote_not_found",
                "quote",
                _("quote not found verbatim in {paragraph} of {name}{hint}: {quote}").format(
                    paragraph=c.paragraph, name=name, hint=hint, quote=_short(c.quote or "")
                ),
            )
        )
    return out


def _short(quote: str, limit: int = 100) -> str:
    quote = " ".join(quote.split())
    return f'"{quote if len(quote) <= limit else quote[: limit - 1] + "…"}"'
