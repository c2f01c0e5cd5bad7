"""Whatever is typed, the conversation answers and nothing crashes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.conversation import Conversation

from .strategies import KB

WORDS = [
    "set",
    "change",
    "what if",
    "explain",
    "why",
    "why skipped",
    "note",
    "back",
    "how",
    "summary",
    "export",
    "predict",
    "brief",
    "restart",
    "help",
    "what is",
    "?",
    "=",
    ":",
    ",",
    "and",
    "unknown",
]
words = st.sampled_from(
    WORDS + [q.id for q in KB.questions] + [o for q in KB.questions for o in q.option_ids]
)
typed = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(words, st.text(max_size=8)), max_size=6).map(" ".join),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(typed, min_size=1, max_size=12))
def test_any_typed_input_gets_an_answer_and_never_crashes(lines):
    conversation = Conversation(KB)
    conversation.start()
    for line in lines:
        replies = conversation.handle(line)
        if line.strip():
            assert replies and replies[0].role == "user"
            assert all(r.text for r in replies)
        assert conversation.result is not None  # still consistent
    assert conversation.result.recommendation.model


json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from([q.id for q in KB.questions] + [o for q in KB.questions for o in q.option_ids]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.one_of(st.text(max_size=8), st.sampled_from([q.id for q in KB.questions] + ["answers"])),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(json_like)
def test_any_answers_document_is_accepted_or_refused_in_one_line(data):
    import json

    from assistant.consultation.answers import answers_from_data
    from assistant.knowledge.yamlfile import InputError

    text = json.dumps(data)
    try:
        doc = answers_from_data(KB, data, text, "answers.json")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("answers.json")
    else:
        assert all(q in {x.id for x in KB.questions} for q in doc.answers)
