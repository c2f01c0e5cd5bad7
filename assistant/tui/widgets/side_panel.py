"""The standing of the consultation: recommendation, confidence, flags by severity, what is left."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...consultation.result import Result, Sensitivity
from ...i18n import _, pgettext
from ...render.basis import lead
from ...render.citations import distinct
from ...render.labels import confidence_word

MARK = {"high": ("▲", "bold red"), "medium": ("■", "yellow"), "low": ("▽", "green")}


def level(word: str) -> str:
    """A confidence or a flag's severity ("high", "medium", "low") in the language in force."""
    words = {
        "high": pgettext("level", "high"),
        "medium": pgettext("level", "medium"),
        "low": pgettext("level", "low"),
    }
    return words.get(word, word)


class SidePanel(VerticalScroll):
    """Updated after every answer."""

    settled = True  # whether the questions deciding if integration applies are in

    def compose(self) -> ComposeResult:
        yield Static(id="standing")
        yield Static(id="flags")
        yield Static(id="left")
        yield Static(id="sensitivity")

    def show(
        self,
        result: Result,
        left: list[str],
        names: dict[str, str],
        settled: bool = True,
        flags_shown: int = 6,
    ) -> None:
        """settled: whether the questions that decide if integration applies are in; before that
        no recommendation is shown. flags_shown: how many flags to list before "… and N more"."""
        rec = result.recommendation
        self.settled = settled
        standing = Text()
        standing.append(_("Recommendation") + "\n", style="bold underline")
        if not settled:
            standing.append(_("answer the first questions") + "\n", style="italic")
            standing.append(
                _("(the UN presence and the Country Team decide whether integration applies)") + "\n",
                style="dim",
            )
        else:
            standing.append(rec.label + "\n", style="bold")
            standing.append(
                _("confidence: {confidence}").format(confidence=confidence_word(rec.confidence)) + "\n"
            )
            why = rec.reasons[0] if rec.reasons else None
            if why is not None and why.basis != "report":
                # the rule that settled it is the assistant's reading: say so where it is shown
                standing.append(f"{lead(why.basis)}\n", style="italic")
            standing.append(_("form: {form}").format(form=rec.form_label) + "\n", style="dim")
            standing.append("; ".join(distinct(rec.citations)) + "\n", style="italic dim")
        self.query_one("#standing", Static).update(standing)

        flags = Text()
        if not settled:  # flags of a model nobody has described yet would mislead as much
            flags.append("\n" + _("Flags") + "\n", style="bold underline")
            flags.append(_("after the first questions") + "\n", style="dim")
        else:
            flags.append("\n" + _("Flags ({n})").format(n=len(result.flags)) + "\n", style="bold underline")
            if not result.flags:
                flags.append(_("none so far") + "\n", style="dim")
            for f in result.flags[:flags_shown]:
                mark, style = MARK[f.severity]
                flags.append(f"{mark} ", style=style)
                flags.append(f"{f.title}", style=style if f.severity == "high" else "")
                flags.append(f" ({level(f.severity)})\n", style="dim")
            if len(result.flags) > flags_shown:
                more = _("… and {n} more (F4 lists them)").format(n=len(result.flags) - flags_shown)
                flags.append(more + "\n", style="dim")
        self.query_one("#flags", Static).update(flags)

        rest = Text()
        rest.append("\n" + _("Questions left: {n}").format(n=len(left)) + "\n", style="bold underline")
        for qid in left[:6]:
            rest.append(f"· {names.get(qid, qid)}\n", style="dim")
        if len(left) > 6:
            rest.append(_("… and {n} more").format(n=len(left) - 6) + "\n", style="dim")
        if settled and result.recommendation.missing:
            rest.append("\n" + _("Still open for the model: "), style="bold")
            rest.append(", ".join(names.get(q, q) for q in result.recommendation.missing) + "\n")
        self.query_one("#left", Static).update(rest)

    def show_sensitivity(self, sens: Sensitivity | None, names: dict[str, str]) -> None:
        """What would change the recommendation (computed in a worker, shown when ready)."""
        text = Text()
        text.append("\n" + _("What would change it") + "\n", style="bold underline")
        if not self.settled:
            text.append(_("after the first questions") + "\n", style="dim")
            self.query_one("#sensitivity", Static).update(text)
            return
        if sens is None:
            text.append(_("working it out…") + "\n", style="dim")
        elif not sens.single_changes and not sens.pair_changes:
            text.append(_("no change of one or two answers gives another model") + "\n", style="dim")
        else:
            for change in sens.single_changes[:5]:
                c = change.changes[0]
                text.append(f"· {names.get(c.question, c.question)}: {c.label}", style="")
                text.append(f" → {change.label}\n", style="bold")
            if len(sens.single_changes) > 5:
                n = len(sens.single_changes) - 5
                text.append(_("… {n} more single changes").format(n=n) + "\n", style="dim")
            if sens.pair_changes:
                n = len(sens.pair_changes)
                text.append(_("and {n} pairs of changes").format(n=n) + "\n", style="dim")
        matter = [u for u in (sens.unknowns if sens else []) if u.matters]
        if matter:
            text.append(_("Unsettled answers that matter: "), style="bold")
            text.append(", ".join(names.get(u.question, u.question) for u in matter) + "\n")
        self.query_one("#sensitivity", Static).update(text)

    def show_training(self, title: str, left: list[str], names: dict[str, str]) -> None:
        """In training the panel shows the case and what is left, never the answer."""
        text = Text()
        text.append(_("Training") + "\n", style="bold underline")
        text.append(title + "\n", style="bold")
        text.append(_("The recommendation stays hidden until you predict it (F9).") + "\n", style="dim")
        self.query_one("#standing", Static).update(text)
        rest = Text()
        rest.append("\n" + _("Questions left: {n}").format(n=len(left)) + "\n", style="bold underline")
        for qid in left[:8]:
            rest.append(f"· {names.get(qid, qid)}\n", style="dim")
        self.query_one("#flags", Static).update("")
        self.query_one("#left", Static).update(rest)
        self.query_one("#sensitivity", Static).update("")
