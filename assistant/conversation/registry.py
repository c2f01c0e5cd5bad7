"""Every command and key of the assistant, in one table: what is typed, what it does, its key
and footer label, its entry in the command palette, the interface's action, and when it is
available. The chat's help, the chat screen's keys, the command palette and the README's table
of keys and commands are all made from it (``readme_table()``; tests/test_registry.py checks the
README against it). No Textual here: the interface reads the table, the table knows no
interface.

The order is the help's, the palette's and the README's; it is also the order in which typed
text is tried against the patterns (the first that matches wins). The footer orders the keys
itself: the function keys by number, then the others.

To add a command: write its handler, ``handler(interview, arg) -> list[Reply]``, in the module of
:mod:`.commands` for its theme (anything the interface should do, it appends to
``interview.effects``: see :mod:`.effects`); add its :class:`Spec` below; paste ``readme_table()``
into the README. Its key, its palette entry and its line in the help follow.

Every command is typed in English or in French, whatever the language in force (an officer may
type `why` in a French session): each Spec's patterns hold both languages' words, written without
accents (the typed text is matched with its accents folded), and ``typed_fr`` is how the French
help shows it. The texts (help lines, key labels, palette entries) are English, marked ``N_``:
the help translates them (``help_text``), the interface too where it shows them;
``palette_entries()`` and ``readme_table()`` give them as written."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..i18n import N_, _, language
from .spec import Command, Key, PaletteEntry, Spec

SPECS: tuple[Spec, ...] = (
    Spec(
        "why",
        N_("why this question is asked, with its citation"),
        typed=("why",),
        patterns=(
            r"why\??|why (?:do|did) you ask(?: this| that)?\??|why this question\??",
            r"pourquoi\s*\??|pourquoi (?:cette question|(?:me )?demandez-vous (?:cela|ca))\s*\??",
        ),
        typed_fr=("pourquoi",),
        handler="explaining.why",
        key=Key("f2", N_("Why")),
        action="command('why')",
        palette=PaletteEntry(N_("Why is this question asked?"), N_("the reason and its citation")),
    ),
    Spec(
        "how",
        N_("how the recommendation was reached: the fired rules as a tree, each cited"),
        typed=("how",),
        patterns=(
            r"how\??|how did you get (?:there|that)\??|explain (?:the )?(?:reasoning|recommendation)",
            r"comment\s*\??|comment en (?:etes-vous|es-tu) arrive(?:e|s|es)? la\s*\??"
            r"|expliquer? (?:le raisonnement|la recommandation)",
        ),
        typed_fr=("comment",),
        handler="explaining.how",
        key=Key("f3", N_("How")),
        action="command('how')",
        palette=PaletteEntry(N_("How was the recommendation reached?"), N_("the tree of fired rules")),
        in_training="refused",
    ),
    Spec(
        "summary",
        N_("your answers, the recommendation and its flags"),
        typed=("summary",),
        patterns=(r"summary|summarise|summarize|status", r"resume|recapitulatif|recap|bilan|etat"),
        typed_fr=("résumé",),
        handler="explaining.summary",
        key=Key("f4", N_("Summary")),
        action="command('summary')",
        palette=PaletteEntry(N_("Summary"), N_("answers, recommendation, flags")),
        in_training="hidden",
    ),
    Spec(
        "back",
        N_("back to the previous question (its answer is withdrawn)"),
        typed=("back",),
        patterns=(
            r"back|go back|previous",
            r"retour(?: en arriere)?|revenir(?: en arriere)?|precedente?|question precedente",
        ),
        typed_fr=("retour",),
        handler="changing.back",
        key=Key("ctrl+b", N_("Back"), show=False),
        action="command('back')",
        palette=PaletteEntry(
            N_("Back to the previous question"), N_("withdraws the last answer and asks it again")
        ),
    ),
    Spec(
        "undo",
        N_(
            "undo the last change, whatever it was: an answer, a change, going back, a restart, a note "
            "(changes made since the session was opened; the session's history keeps them all)"
        ),
        typed=("undo",),
        patterns=(
            r"undo|undo (?:that|it|the last change)|oops",
            r"annuler(?: cela| ca| la derniere modification)?|defaire|oups",
        ),
        typed_fr=("annuler",),
        handler="changing.undo",
        action="command('undo')",
        palette=PaletteEntry(
            N_("Undo the last change"), N_("an answer, a change, going back, a restart or a note")
        ),
    ),
    Spec(
        "set",
        N_("answer or re-answer any question"),
        typed=("set QUESTION OPTION", "change QUESTION OPTION"),
        patterns=(r"(?:set|change)\s+(?P<arg>.+)", r"(?:changer|modifier|regler|mettre)\s+(?P<arg>.+)"),
        typed_fr=("changer QUESTION OPTION",),
        handler="changing.set_answer",
        key=Key("f5", N_("Set")),
        action="prefill('set ')",
        palette=PaletteEntry(N_("Set an answer…"), N_("set QUESTION OPTION")),
    ),
    Spec(
        "whatif",
        N_("the result under a change, beside the current one"),
        typed=("what if QUESTION OPTION",),
        patterns=(
            r"what\s*-?\s*if\s+(?P<arg>.+)",
            r"(?:et\s+si(?:\s+jamais)?|que\s+se\s+passerait-il\s+si)\s+(?P<arg>.+?)\s*\??",
        ),
        typed_fr=("et si QUESTION OPTION",),
        handler="explaining.what_if",
        key=Key("f6", N_("What if")),
        action="prefill('what if ')",
        palette=PaletteEntry(N_("What if…"), N_("a change, beside the current result")),
        in_training="refused",
    ),
    Spec(
        "explain",
        N_("the report's terms, each with its page"),
        typed=("explain TERM", "what is a DSRSG?"),
        patterns=(
            r"(?:explain|define|glossary|meaning of)(?:\s+(?P<arg>.+))?",
            r"what(?:'s| is| are| does)\s+(?:an?\s+|the\s+)?(?P<arg>.+?)(?:\s+mean)?\s*\??",
            r"(?:expliquer?|definir|definition(?:\s+(?:de|du|des|d'))?|glossaire)(?:\s+(?P<arg>.+?))?\s*\??",
            r"(?:qu'est-ce\s+qu(?:e\s+|')(?:c'est\s+qu(?:e\s+|'))?|que\s+veut\s+dire|que\s+signifie"
            r"|c'est\s+quoi)(?:\s*(?:une?\s+|les?\s+|la\s+|l'|des\s+)?(?P<arg>.+?))?\s*\??",
        ),
        typed_fr=("expliquer TERME", "qu'est-ce qu'un RSASG ?"),
        handler="explaining.explain",
        key=Key("f7", N_("Terms"), narrow=False, spoken=N_("explain")),
        action="prefill('explain ')",
        palette=PaletteEntry(N_("Explain a term…"), N_("the report's glossary")),
    ),
    Spec(
        "skipped",
        N_("the questions not asked, and why"),
        typed=("skipped", "why skipped QUESTION"),
        patterns=(
            r"(?:why\s+(?:was\s+)?(?:not\s+asked|skipped|not)|skipped)\s+(?P<arg>.+)",
            r"skipped|skips|not asked",
            r"pourquoi\s+(?:pas\s+posee|non\s+posee|ignoree|sautee)\s+(?P<arg>.+)",
            r"(?:questions\s+)?(?:ignorees|sautees|non\s+posees)",
        ),
        typed_fr=("ignorées", "pourquoi ignorée QUESTION"),
        handler="explaining.skipped",
        action="command('skipped')",
        palette=PaletteEntry(N_("Skipped questions"), N_("which questions no longer matter, and why")),
        in_training="refused",
    ),
    Spec(
        "note",
        N_("a note kept with an answer, exactly as typed (on the last answer, or the one named)"),
        typed=("note TEXT", "note QUESTION: TEXT"),
        patterns=(r"(?:note|noter|remarque)\s+(?P<arg>.+)",),
        typed_fr=("note TEXTE", "note QUESTION : TEXTE"),
        handler="changing.note",
    ),
    Spec(
        "export",
        N_("the transcript as Markdown, printable HTML, JSON or Word"),
        typed=("export [FORMAT]",),
        patterns=(r"export(?:er)?(?:\s+(?P<arg>.+))?",),
        typed_fr=("exporter [FORMAT]",),
        handler="handover.export",
        key=Key("f10", N_("Export")),
        action="export",
        palette=PaletteEntry(N_("Export the transcript…"), N_("Markdown, printable HTML, JSON or Word")),
        when="consultation",
        unavailable=N_(
            "A training run exports its debrief: predict first (`predict`), then export it there."
        ),
    ),
    Spec(
        "restart",
        N_("clear every answer and start again: asks first, and `undo` brings them back"),
        typed=("restart",),
        patterns=(
            r"restart|start over|new interview",
            r"(?:tout\s+)?recommencer(?:\s+l'entretien|\s+a\s+zero)?|redemarrer|nouvel\s+entretien",
        ),
        typed_fr=("recommencer",),
        handler="changing.restart",
        action="command('restart')",
        palette=PaletteEntry(
            N_("Clear the answers and start again"), N_("asks first; undo brings them back")
        ),
    ),
    Spec(
        "brief",
        N_("in training: reread the case's brief"),
        typed=("brief",),
        patterns=(r"brief|case|reread(?: the)? brief", r"dossier|relire(?: le)? dossier|enonce"),
        typed_fr=("dossier",),
        handler="handover.brief",
        when="training",
        unavailable=N_("There is no case brief outside training."),
    ),
    Spec(
        "predict",
        N_("in training: predict the model and the conflicts, then see the debrief"),
        typed=("predict",),
        patterns=(r"predict|prediction|reveal", r"predire|reveler|pronostic"),
        typed_fr=("prédire",),
        handler="handover.predict",
        key=Key("f9", N_("Predict")),
        action="predict",
        when="training",
        unavailable=N_("Predictions belong to training (`integration-assistant train`)."),
    ),
    Spec(
        "sources",
        N_("the sources of the last message that cites any: section, page, paragraph and quote"),
        key=Key("ctrl+o", N_("Sources"), show=False),
        action="citations",
        palette=PaletteEntry(N_("Sources of the last message"), N_("page, section, paragraph and quote")),
    ),
    Spec(
        "panel",
        N_("show or hide the side panel: recommendation, flags, questions left"),
        key=Key("f8", N_("Panel"), spoken=N_("side panel")),
        action="toggle_panel",
        palette=PaletteEntry(N_("Toggle the side panel"), N_("recommendation, flags, questions left")),
    ),
    Spec(
        "new",
        N_("a new consultation; the current one stays saved as it is"),
        key=Key("ctrl+n", N_("New"), show=False, spoken=N_("new consultation")),
        action="new_consultation",
        palette=PaletteEntry(
            N_("New consultation…"), N_("this one stays saved; a new crisis, officer and date")
        ),
    ),
    Spec(
        "theme",
        N_("switch between dark and light"),
        key=Key("ctrl+t", N_("Theme"), narrow=False, on_app=True),
        action="toggle_theme",
    ),
    Spec(
        "language",
        N_("the assistant's language, English or French: your answers are kept"),
        typed=("language en", "language fr"),
        patterns=(
            r"(?:language|langue|lang)(?:\s+(?P<arg>.+))?",
            r"(?:in|en)\s+(?P<arg>english|french|anglais|francais)",
        ),
        typed_fr=("langue fr", "langue en"),
        handler="handover.switch_language",
        action="app.switch_language",
        palette=PaletteEntry("Language / Langue", N_("switch between English and French")),
    ),
    Spec(
        "help",
        N_("the commands and keys"),
        typed=("help",),
        patterns=(r"help|\?|commands", r"aide|commandes"),
        typed_fr=("aide",),
        handler="explaining.help_reply",
        key=Key("f1", N_("Help")),
        action="command('help')",
        palette=PaletteEntry(N_("Help"), N_("the commands")),
    ),
    Spec(
        "quit",
        N_("leave the assistant (an unfinished training run asks first)"),
        typed=("quit",),
        patterns=(r"quit|exit|bye", r"quitter|sortir|au\s+revoir"),
        typed_fr=("quitter",),
        handler="handover.leave",
        key=Key("ctrl+q", N_("Quit"), on_app=True),
        action="quit",
    ),
)

BY_NAME: dict[str, Spec] = {spec.name: spec for spec in SPECS}
# Keys the help names that belong to no command: the palette itself, and scrolling.
OTHER_KEYS = (("ctrl+p", N_("all commands")), ("PageUp/PageDown", N_("scroll the conversation")))

_COMPILED = [
    (spec.name, re.compile(pattern, flags=re.IGNORECASE)) for spec in SPECS for pattern in spec.patterns
]


def fold(text: str) -> str:
    """The text without its accents, letter for letter (« résumé » → « resume », « ’ » → « ' »):
    the patterns are matched on it, and what follows a command is taken, at the same place, from
    the text as typed."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text).replace("\u2019", "'")


def parse_command(text: str) -> Command | None:
    """The command typed text stands for, or None when it is not a command. The English and the
    French words are both read, whatever the language in force."""
    raw = re.match(r"\s*(?:note|noter|remarque)\s+(?P<arg>\S.*)", text, flags=re.IGNORECASE | re.DOTALL)
    if raw:  # a note is user text: kept exactly as typed
        return Command("note", raw.group("arg"))
    t = " ".join(text.strip().split())
    folded = fold(t)
    for name, pattern in _COMPILED:
        m = pattern.fullmatch(folded)
        if m:
            arg = t[m.start("arg") : m.end("arg")] if m.groupdict().get("arg") else ""
            return Command(name, arg.strip())
    return None


def keyed() -> Iterator[tuple[Spec, Key]]:
    """The commands that have a key, with it, in the footer's order (function keys first)."""
    with_keys = [(spec, spec.key) for spec in SPECS if spec.key is not None]
    yield from sorted(with_keys, key=lambda pair: pair[1].order)


def narrow_left_out() -> tuple[str, ...]:
    """The keys left out of the footer on a narrow terminal, so that Help and Quit fit."""
    return tuple(key.key for _spec, key in keyed() if not key.narrow)


def palette_entries() -> list[tuple[str, str, str]]:
    """The command palette's entries: (title, action, help)."""
    return [
        (spec.palette.title, spec.action, spec.palette.help)
        for spec in SPECS
        if spec.palette is not None and spec.action is not None
    ]


def _forms(spec: Spec) -> str:
    return ", ".join(f"`{form}`" for form in spec.typed)


def _forms_here(spec: Spec) -> str:
    """How the command is typed, as the help in the language in force shows it: in French, the
    French words, then the English ones (both are read)."""
    if language() == "fr" and spec.typed_fr:
        return ", ".join(f"`{form}`" for form in spec.typed_fr) + f" ({_forms(spec)})"
    return _forms(spec)


def help_text(training: bool) -> str:
    """The `help` reply: the commands and keys of this conversation (training or not), in the
    language in force."""
    lines = [_("Answer with a number, an option's name or your own words. Commands:"), ""]
    for s in SPECS:
        if not (s.typed and s.offered(training)):
            continue
        if training and s.in_training == "hidden":
            line = _("{forms}: {what} (in training: your answers only, until the prediction)")
        else:
            line = _("{forms}: {what}")
        lines.append("- " + line.format(forms=_forms_here(s), what=_(s.help)))
    keys = [
        f"{key.shown_as} {_(key.spoken) if key.spoken else _(key.label).lower()}"
        for s, key in keyed()
        if s.offered(training)
    ]
    keys += [f"{key} {_(what)}" for key, what in OTHER_KEYS]
    return "\n".join([*lines, "", _("Keys: {keys}.").format(keys=" · ".join(keys))])


def readme_table() -> str:
    """The README's table of commands and keys."""
    rows = ["| type | key | what it does |", "|---|---|---|"]
    for spec in SPECS:
        key = spec.key.shown_as if spec.key else ""
        when = {"always": "", "training": " (training only)", "consultation": " (not in training)"}[spec.when]
        what = spec.help.removeprefix("in training: ")
        training = {
            "shown": "",
            "hidden": " (in training, the answers only)",
            "refused": " (not in training: it would give the answer away)",
        }[spec.in_training]
        cells = (_forms(spec), key, f"{what}{when}{training}")
        rows.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
    return "\n".join(rows)
