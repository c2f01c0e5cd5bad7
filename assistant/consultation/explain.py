"""Explanations in plain words: facts, conditions, the reason tree, and why not another model.

Every sentence is built from clauses written for it in the data (an option's ``clause``, a
question's ``subject``, a fact's ``title``, ``negation`` and ``values``, a model's or form's
``clause``), joined by words that fit any clause: "… where …", "you answered that …", "It is not
known whether …". Labels are never glued into templates. Why another model is not recommended
says whose reading it is: nothing is "ruled out" in the report's name (see :mod:`.why_not`).

In French the frames are whole sentences of the catalog (reasoning.po) around French clauses
from the knowledge: « vous avez répondu que <clause> », « Si <clause>, la recommandation serait
le modèle « <label> » ». Where clauses meet, :func:`joined` makes the contractions French needs
(« que il » → « qu'il », « si il » → « s'il », « de un » → « d'un »); a label is set in
guillemets after a noun (« le modèle « deux pieds dehors » »), so no frame agrees with it.
"""

from __future__ import annotations

from ..i18n import _, elide, language, pgettext
from ..knowledge.loader import KnowledgeBase
from ..knowledge.schema import UNKNOWN, Citation, Rule
from ..reasoning.compiled import CompiledRule, CompiledRuleBase, Literal
from ..reasoning.evaluate import CERTAIN, Evaluation, Firing
from .answers import Answers
from .result import MatchedFact, Reason


def sentence(clause: str) -> str:
    """A clause as the start of a sentence."""
    return clause[:1].upper() + clause[1:] if clause else clause


def joined(text: str) -> str:
    """A sentence built from clauses, with the contractions French needs where they meet (« que
    il » → « qu'il »); English is left as it is."""
    return elide(text) if language() == "fr" else text


def semicolon() -> str:
    """The mark between clauses that stand side by side: "; " (French sets it off: « ; »)."""
    return pgettext("between clauses", "; ")


def join_and(items: list[str]) -> str:
    """ "A, B and C"; in French « A, B et C »."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def join_or(items: list[str]) -> str:
    """ "A or B or C"; in French « A ou B ou C »."""
    items = [i for i in items if i]
    out = items[0] if items else ""
    for other in items[1:]:
        out = _("{either} or {other}").format(either=out, other=other)
    return out


def join_that(clauses: list[str]) -> str:
    """ "A and that B": the clauses that follow "you answered that"."""
    clauses = [c for c in clauses if c]
    out = clauses[0] if clauses else ""
    for clause in clauses[1:]:
        out = _("{clauses} and that {clause}").format(clauses=out, clause=clause)
    return out


def answered_that(clauses: list[str]) -> str:
    """ "you answered that A and that B"; « vous avez répondu que A et que B »."""
    return joined(_("you answered that {clauses}").format(clauses=join_that(clauses)))


def severity_word(severity: str) -> str:
    """A flag's severity as a word in a sentence ("high"; « élevée »)."""
    words = {
        "high": pgettext("severity", "high"),
        "medium": pgettext("severity", "medium"),
        "low": pgettext("severity", "low"),
    }
    return words.get(severity, severity)


class Wording:
    """Turns facts and conditions of one knowledge base into clauses and sentences."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.questions = {q.id: q for q in kb.questions}
        # Unanswered questions not asked because their answer can no longer change the result.
        self.skipped: frozenset[str] = frozenset()

    # --- clauses ------------------------------------------------------------------------------
    def subject(self, qid: str) -> str:
        q = self.questions.get(qid)
        if q is None:
            return _("the answer to {question}").format(question=qid)
        return q.subject or _("the answer to the question on {name}").format(name=q.name)

    def answer(self, qid: str, value: str) -> str:
        """A clause saying the answer holds: 'OCHA is not present in the country'."""
        q = self.questions.get(qid)
        if value == UNKNOWN:
            return joined(_("it is not known {subject}").format(subject=self.subject(qid)))
        if value == "?":
            return joined(_("it is not settled yet {subject}").format(subject=self.subject(qid)))
        option = q.option(value) if q else None
        if q is None or option is None:
            return _("the answer to {question} is {value}").format(question=qid, value=value)
        return option.clause or _("the answer to the question on {name} is “{label}”").format(
            name=q.name, label=option.label
        )

    def answers(self, qid: str, values: tuple[str, ...] | list[str]) -> str:
        return joined(join_and([self.answer(qid, v) for v in values]))

    def fact(self, name: str, value: str) -> str:
        """A clause saying a derived fact or conclusion holds."""
        if name == "model":
            m = self.kb.models.get(value)
            if m is None:
                return _("the model is {model}").format(model=value)
            return m.clause or _("the model is {model}").format(model=m.label.lower())
        if name == "form":
            form = self.kb.forms.get(value)
            if form is None:
                return _("the structural form is {form}").format(form=value)
            return form.clause or _("the structural form is {form}").format(form=form.label)
        if name.startswith("flag:"):
            flag = self.kb.flags.get(name[5:])
            return _("the flag “{title}” is raised at {severity} severity").format(
                title=flag.title if flag else name[5:], severity=severity_word(value)
            )
        if name.startswith("note:"):
            note = self.kb.notes.get(name[5:])
            return _("the note “{title}” is added").format(title=note.title if note else name[5:])
        fact = self.kb.facts.get(name)
        if fact is None:
            return name.replace("_", " ")
        return fact.clause(value)

    def absent(self, name: str) -> str:
        """A clause saying a derived fact does not hold."""
        if name == "model":
            return _("no earlier rule has settled the model")
        f = self.kb.facts.get(name)
        if f is not None and f.negation:
            return f.negation
        return joined(_("it is not the case that {clause}").format(clause=self.fact(name, "yes")))

    def matched(self, kind: str, name: str, value: str) -> MatchedFact:
        if kind == "answer":
            return MatchedFact(kind="answer", name=name, value=value, text=self.answer(name, value))
        return MatchedFact(kind="fact", name=name, value=value, text=self.fact(name, value))

    def literal(self, lit: Literal) -> str:
        """A clause saying a condition holds."""
        if lit.kind == "answer":
            q = self.questions.get(lit.name)
            options = [o for o in (q.option_ids if q else []) if lit.values is None or o in lit.values]
            options += [o for o in sorted(lit.values or ()) if o not in options]
            return joined(join_or([self.answer(lit.name, o) for o in options]))
        if lit.negated:
            return self.absent(lit.name)
        values = sorted(lit.values) if lit.values else ["yes"]
        if lit.name == "model":
            order = list(self.kb.models)
            values = sorted(values, key=lambda v: order.index(v) if v in order else len(order))
        return joined(join_or([self.fact(lit.name, v) for v in values]))

    def current(self, qid: str, answers: Answers) -> str:
        """What stands now for a question: 'you answered that …', 'it is not known whether …'."""
        given = answers.get(qid)
        subject = self.subject(qid)
        if not given and qid in self.skipped:
            return joined(
                _("the assistant did not ask {subject}, as the answer could not change the result").format(
                    subject=subject
                )
            )
        if not given:
            return joined(_("you have not said yet {subject}").format(subject=subject))
        if given == (UNKNOWN,):
            return joined(_("it is not known {subject}").format(subject=subject))
        return answered_that([self.answers(qid, given)])


def literal_holds(lit: Literal, answers: Answers, ev: Evaluation) -> bool:
    if lit.kind == "answer":
        return any(lit.values is None or v in lit.values for v in answers.get(lit.name, ()))
    present = any(lit.matches(n, v) and s == CERTAIN for (n, v), s in ev.facts.items())
    return present != lit.negated


def reason_tree(
    kb: KnowledgeBase, firings: list[Firing], index: int, wording: Wording, depth: int = 0
) -> Reason:
    """The reason a firing gives, with the firings behind each derived fact it used."""
    firing = firings[index]
    rule = kb.rule(firing.rule)
    because: list[Reason] = []
    if depth < 12:
        for kind, name, value in firing.matched:
            if kind != "fact":
                continue
            for j in range(index):
                if firings[j].concludes == (name, value):
                    because.append(reason_tree(kb, firings, j, wording, depth + 1))
    return Reason(
        rule=rule.id,
        title=rule.title,
        explanation=rule.explanation,
        basis=rule.basis or "assistant",
        matched=[wording.matched(*m).text for m in firing.matched],
        citations=list(rule.citations),
        see=list(rule.see),
        because=because,
    )


class Unmet:
    """Why a rule does not fire: the conditions it lacks, and what stands instead."""

    def __init__(self) -> None:
        self.needs: list[str] = []  # clauses that would have to hold
        self.needed: list[Literal] = []  # the conditions behind them
        self.instead: list[str] = []  # what stands now: "you answered that …"
        self.ruled_out: list[str] = []  # clauses of derived facts whose holding keeps the rule from firing
        self.holding: list[Firing] = []  # the firings that derived them
        self.rules: list[Rule] = []  # the rules consulted, for their citations

    @property
    def size(self) -> int:
        return len(self.needs) + len(self.ruled_out)


def unmet(
    base: CompiledRuleBase,
    wording: Wording,
    crule: CompiledRule,
    term: tuple[Literal, ...],
    answers: Answers,
    ev: Evaluation,
) -> Unmet:
    """What one term of a rule lacks, traced one level into the derived facts it needs."""
    out = Unmet()
    out.rules.append(crule.rule)
    for lit in term:
        if literal_holds(lit, answers, ev):
            continue
        if lit.kind == "answer":
            out.needs.append(wording.literal(lit))
            out.needed.append(lit)
            out.instead.append(wording.current(lit.name, answers))
        elif lit.negated:
            holding = [
                f for f in ev.firings if lit.matches(*f.concludes) and ev.facts.get(f.concludes) == CERTAIN
            ]
            if holding:
                out.ruled_out.append(wording.fact(*holding[0].concludes))
                out.holding.extend(holding)
                out.rules.append(base.kb.rule(holding[0].rule))
            else:
                out.ruled_out.append(wording.fact(lit.name, next(iter(lit.values or {"yes"}))))
        else:
            out.needs.append(wording.literal(lit))
            out.needed.append(lit)
            inner = _nearest_deriving(base, wording, lit, answers, ev)
            if inner is not None:
                out.instead.extend(inner.instead)
                out.rules.extend(inner.rules)
    return out


def _nearest_deriving(
    base: CompiledRuleBase, wording: Wording, lit: Literal, answers: Answers, ev: Evaluation, depth: int = 0
) -> Unmet | None:
    """What the closest rule deriving a missing fact lacks, down to the answers that stand instead."""
    best: Unmet | None = None
    for crule in base.rules:
        if crule.concludes[0] != lit.name or (lit.values and crule.concludes[1] not in lit.values):
            continue
        for term in crule.terms:
            failing = [x for x in term if not literal_holds(x, answers, ev)]
            if not failing:
                continue
            candidate = Unmet()
            candidate.rules.append(crule.rule)
            for x in failing:
                candidate.needs.append(wording.literal(x))
                if x.kind == "answer":
                    candidate.instead.append(wording.current(x.name, answers))
                elif not x.negated and depth < 4:
                    inner = _nearest_deriving(base, wording, x, answers, ev, depth + 1)
                    if inner is not None:
                        candidate.instead.extend(inner.instead)
                        candidate.rules.extend(inner.rules)
            if best is None or len(failing) < best.size:
                best = candidate
    return best


def questions_behind(
    base: CompiledRuleBase, name: str, answers: Answers, ev: Evaluation, depth: int = 0
) -> list[str]:
    """The questions whose answers keep a derived fact from holding, through every rule that could
    derive it (all of them fail, or the fact would hold), in dialogue order."""
    found: list[str] = []
    for crule in base.rules:
        if crule.concludes[0] != name:
            continue
        for term in crule.terms:
            for x in term:
                if literal_holds(x, answers, ev):
                    continue
                if x.kind == "answer":
                    found.append(x.name)
                elif not x.negated and depth < 4:
                    found += questions_behind(base, x.name, answers, ev, depth + 1)
    order = [q.id for q in base.kb.questions]
    return sorted(dict.fromkeys(found), key=lambda q: order.index(q) if q in order else len(order))


# --- why not another model ----------------------------------------------------------------------
#
# Nothing is "ruled out" in the report's name (DOMAIN.md, "Wording the alternatives and the
# confidence"). Where two feet out is recommended, it is because OCHA's draft policy, as the report
# cites it, prefers it in the answers' context (p. 20 ¶45, n. 27): following that preference is the
# assistant's choice, and the report's own cases of forceful disarmament and insurgency kept one
# foot in, one foot out (¶44, ¶47, ¶57).
# The thresholds the assistant sets ("only where …") are the assistant's; the report's words about
# two feet in keep their "typically" (¶46). The passages the texts quote are below, each verbatim
# from its paragraph (tests/test_alternatives_wording.py reads every quote against the report).


def dedupe(cites: list[Citation]) -> list[Citation]:
    """Each passage once (by paragraph and quote), in the order first cited."""
    seen, out = set(), []
    for c in cites:
        key = (c.paragraph, c.quote)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def would_be(kb: KnowledgeBase, model: str) -> str:
    """'the recommendation would be two feet in'; 'no integration model would apply'."""
    if model == "not_applicable":
        return _("no integration model would apply")
    return _("the recommendation would be {model}").format(model=kb.models[model].label.lower())
