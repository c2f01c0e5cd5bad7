"""Commands that hand over to the interface around the conversation (as effects): export,
the prediction, leaving; and the training case's brief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...i18n import LANGUAGES, N_, _, ngettext, normalize, using
from .. import text as T
from ..effects import Export, Predict, Quit, SwitchLanguage
from ..replies import Reply

if TYPE_CHECKING:
    from ..state import State

# `export FORMAT`: the words for each transcript format (English and French), and how a sentence
# names it.
EXPORT_FORMATS = {
    **dict.fromkeys(("markdown", "md", "text", "texte"), "markdown"),
    **dict.fromkeys(
        (
            "html",
            "htm",
            "web page",
            "printable html",
            "printable web page",
            "page web",
            "page web imprimable",
        ),
        "html",
    ),
    "json": "json",
    **dict.fromkeys(("word", "docx", "doc", "microsoft word"), "docx"),
}
FORMAT_NAMES = {
    "markdown": "Markdown",
    "html": N_("a printable web page (HTML)"),
    "json": "JSON",
    "docx": "Word",
}
# What may come before the format's name: "as html", "en Word", "au format JSON".
_BEFORE_FORMAT = ("as ", "in ", "en ", "au format ", "format ", "sous forme de ", "comme ")


def export(c: State, arg: str) -> list[Reply]:
    """`export [FORMAT]`: the format by its name as people write it ("html", "as Word", "en Word")."""
    typed = " ".join(arg.split())
    word = typed.lower()
    for before in _BEFORE_FORMAT:
        word = word.removeprefix(before)
    fmt = EXPORT_FORMATS.get(word.strip(" ."))
    if not typed:
        text = _("Export the transcript.")
    elif fmt is None:
        text = _(
            "I do not write transcripts as “{format}”: choose Markdown, printable HTML, JSON or Word."
        ).format(format=T.escape_md(typed))
    else:
        text = _("Export the transcript as {format}.").format(format=_(FORMAT_NAMES[fmt]))
    c.effects.append(Export(fmt))
    return [Reply("assistant", "export", text)]


def brief(c: State, arg: str) -> list[Reply]:
    case = c.training
    assert case is not None  # the registry offers `brief` in training only
    text = "\n\n".join([f"**{case.title}**", *T.brief_paragraphs(case)])
    return [Reply("assistant", "info", text, citations=T.brief_citations(case))]


def predict(c: State, arg: str) -> list[Reply]:
    c.effects.append(Predict())
    return [Reply("assistant", "predict", _("Predict the model and the conflicts you expect."))]


def leave(c: State, arg: str) -> list[Reply]:
    c.effects.append(Quit())
    return [Reply("assistant", "info", _("Goodbye."))]


def switch_language(c: State, arg: str) -> list[Reply]:
    """`language fr`, `langue anglais`: the conversation goes on in that language; the answers
    stay (they are ids), and the question open is asked again in it. `language` alone names the
    languages offered."""
    lang = normalize(arg.strip(" .!"))
    if lang is None:
        offered = ", ".join(f"`{code}` ({name})" for code, name in LANGUAGES.items())
        if arg:
            text = _("I do not speak “{language}”: choose {offered}.").format(
                language=T.escape_md(arg), offered=offered
            )
        else:
            text = _("Choose a language: {offered}; for example `language fr`.").format(offered=offered)
        return [Reply("assistant", "info", text)]
    if lang == c.language:
        return [Reply("assistant", "info", _("I am already speaking English."))]
    c.switch_language(lang)
    c.effects.append(SwitchLanguage(lang))
    c.finished_shown = False  # a finished interview shows its recommendation again, in the new language
    n = len(c.consultation.answers)
    with using(lang):  # the rest is said in the new language
        if n:
            text = ngettext(
                "From now on I speak English; your answer is kept.",
                "From now on I speak English; your {n} answers are kept.",
                n,
            ).format(n=n)
        else:
            text = _("From now on I speak English.")
        return [Reply("assistant", "info", text), *c.next_replies()]
