"""Hypothesis strategies over the answer vocabulary."""
from hypothesis import strategies as st

from assistant.knowledge.loader import shipped_knowledge
from assistant.knowledge.schema import UNKNOWN

KB = shipped_knowledge()
MODEL_QUESTIONS = [
    "un_presence", "country_team", "geographic_mandate", "armed_groups_outside_process",
    "ocha_presence", "security_situation", "local_humanitarian_capacity",
]


def answer_for(q, with_unknown=True):
    if q.multi:
        singles = [o for o in q.option_ids if o not in q.exclusive]
        combos = st.lists(st.sampled_from(singles), min_size=1, unique=True).map(
            lambda chosen: tuple(o for o in q.option_ids if o in chosen)  # canonical order, as normalize() gives
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
