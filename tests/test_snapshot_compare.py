"""The screenshots' comparison reads the question counts as numbers and nothing else."""

from pathlib import Path

from .snapshots import normalized

SHOTS = Path(__file__).parent / "__snapshots__"


def shot(name: str) -> str:
    return next(SHOTS.rglob(name)).read_text(encoding="utf-8")


def test_another_number_of_questions_compares_equal():
    svg = shot("test_start_screen.svg")
    assert "of&#160;up&#160;to&#160;22" in svg and "Questions&#160;left:&#160;22" in svg
    assert "…&#160;and&#160;16&#160;more" in svg
    more = (
        svg.replace("up&#160;to&#160;22", "up&#160;to&#160;23")
        .replace("left:&#160;22", "left:&#160;23")
        .replace("and&#160;16&#160;more", "and&#160;17&#160;more")
    )
    assert more != svg and normalized(more) == normalized(svg)


def test_a_french_count_compares_equal_too():
    svg = shot("test_first_question_at_80x24_fr.svg")
    assert "sur&#160;22&#160;au&#160;plus" in svg
    assert normalized(svg.replace("sur&#160;22", "sur&#160;23")) == normalized(svg)


def test_anything_else_still_differs():
    svg = shot("test_final_recommendation.svg")
    for before, after in [
        ("¶44", "¶45"),  # a paragraph's number is compared as it is
        ("p.&#160;20", "p.&#160;21"),
        ("Recommendation", "Recommendatiom"),
        ("fill=", "fill ="),
    ]:
        assert before in svg, before
        assert normalized(svg.replace(before, after, 1)) != normalized(svg), before
