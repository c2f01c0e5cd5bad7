"""Hypothesis strategies over the answer vocabulary."""

from hypothesis import strategies as st

from assistant.knowledge.loader import shipped_knowledge
from assistant.knowledge.schema import UNKNOWN

KB = shipped_knowledge()
MODEL_QUESTIONS = [
    "un_presence",
    "country_team",
    "geographic_mandate",
    "armed_groups_outside_process",
    "ocha_presence",
    "security_situation",
    "local_humanitarian_capacity",
]


def answer_for(q, with_unknown=True):
    if q.multi:
        singles = [o for o in q.option_ids if o not in q.exclusive]
        combos = st.lists(st.sampled_from(singles), min_size=1, unique=True).map(
            lambda chosen: tuple(
                o for o in q.option_ids if o in chosen
            )  # canonical order, as normalize() gives
        )
        lone = [(o,) for o in [*q.exclusive, *([UNKNOWN] if with_unknown else [])]]
        return st.one_of(combos, st.sampled_from(lone)) if lone else combos
    options = [*q.option_ids, *([UNKNOWN] if with_unknown else [])]
    return st.sampled_from(options).map(lambda o: (o,))


@st.composite
def answer_sets(draw, complete=False, with_unknown=True):
    """A dict of question id -> tuple of options; some questions left out unless complete."""
    answers = {}
    for q in KB.questions:
        if complete or draw(st.booleans()):
            answers[q.id] = draw(answer_for(q, with_unknown))
    return answers


def copied_rule_base(base, copies: int):
    """The compiled rule base ``copies`` times over, each copy under renamed rule ids and derived
    fact names (``id__copy2``…), so the copies never read each other's facts. Rules of equal
    salience from different copies then queue side by side on Experta's agenda."""
    from dataclasses import replace

    from assistant.reasoning.compiled import CompiledRuleBase

    rules = []
    for n in range(copies):
        suffix = f"__copy{n + 1}" if n else ""
        for r in base.rules:
            terms = tuple(
                tuple(replace(lit, name=lit.name + suffix) if lit.kind == "fact" else lit for lit in term)
                for term in r.terms
            )
            rules.append(
                replace(
                    r,
                    rule=r.rule.model_copy(update={"id": r.rule.id + suffix}),
                    terms=terms,
                    concludes=(r.concludes[0] + suffix, r.concludes[1]),
                )
            )
    rules.sort(key=lambda r: (-r.salience, r.order))  # salience first; ties in copy order, as a loader would
    return CompiledRuleBase(kb=base.kb, rules=tuple(replace(r, order=i) for i, r in enumerate(rules)))
