"""Commands that hand over to the interface around the conversation (as effects): export,
the prediction, leaving; and the training case's brief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import text as T
from ..effects import Export, Predict, Quit
from ..replies import Reply

if TYPE_CHECKING:
    from ..state import State

# `export FORMAT`: the words for each transcript format, and how a sentence names it.
EXPORT_FORMATS = {
    **dict.fromkeys(("markdown", "md", "text"), "markdown"),
    **dict.fromkeys(("html", "htm", "web page", "printable html", "printable web page"), "html"),
    "json": "json",
    **dict.fromkeys(("word", "docx", "doc", "microsoft word"), "docx"),
}
FORMAT_NAMES = {"markdown": "Markdown", "html": "a printable web page (HTML)", "json": "JSON", "docx": "Word"}


def export(c: State, arg: str) -> list[Reply]:
    """`export [FORMAT]`: the format by its name as people write it ("html", "as Word")."""
    typed = " ".join(arg.split())
    word = typed.lower().removeprefix("as ").removeprefix("in ").strip(" .")
    fmt = EXPORT_FORMATS.get(word)
    if not typed:
        text = "Export the transcript."
    elif fmt is None:
        text = (
            f"I do not write transcripts as “{T.escape_md(typed)}”: choose Markdown, printable HTML, "
            "JSON or Word."
        )
    else:
        text = f"Export the transcript as {FORMAT_NAMES[fmt]}."
    c.effects.append(Export(fmt))
    return [Reply("assistant", "export", text)]


def brief(c: State, arg: str) -> list[Reply]:
    case = c.training
    assert case is not None  # the registry offers `brief` in training only
    text = "\n\n".join([f"**{case.title}**", *T.brief_paragraphs(case)])
    return [Reply("assistant", "info", text, citations=T.brief_citations(case))]


def predict(c: State, arg: str) -> list[Reply]:
    c.effects.append(Predict())
    return [Reply("assistant", "predict", "Predict the model and the conflicts you expect.")]


def leave(c: State, arg: str) -> list[Reply]:
    c.effects.append(Quit())
    return [Reply("assistant", "info", "Goodbye.")]
