"""The survey figures against hand-computed fixtures, and the threshold."""

from __future__ import annotations

from fractions import Fraction

from bot.surveys.figures import agreeing, eight_or_higher, enps, summarise, whole_percent
from bot.surveys.ports import Answer
from bot.surveys.templates import BUILT_IN


def test_whole_percents_round_halves_away_from_zero() -> None:
    assert whole_percent(Fraction(1, 8)) == 13  # 12.5
    assert whole_percent(Fraction(-1, 8)) == -13
    assert whole_percent(Fraction(2, 3)) == 67
    assert whole_percent(Fraction(1, 3)) == 33


def test_agreeing_counts_four_and_five_of_the_answers_given() -> None:
    # 4, 5, 5 of 7 answers agree: 3/7 = 42.857 %
    assert agreeing([1, 2, 3, 4, 5, 5, 3]) == 43
    assert agreeing([3, 3]) == 0
    assert agreeing([]) is None


def test_eight_or_higher_counts_eight_nine_and_ten() -> None:
    # 8, 9, 10 of 6 answers: 50 %; 7 does not count
    assert eight_or_higher([7, 8, 9, 10, 0, 5]) == 50
    assert eight_or_higher([]) is None


def test_enps_is_promoters_minus_detractors_over_all_answers() -> None:
    # promoters 9, 10, 10 (3); passives 7, 8 (2); detractors 0, 6, 6 (3) → 0
    assert enps([9, 10, 10, 7, 8, 0, 6, 6]) == 0
    # promoters 2, detractors 1 of 8: 25 % - 12.5 % = 12.5 → 13
    assert enps([9, 10, 6, 7, 7, 8, 8, 7]) == 13
    # all detractors
    assert enps([0, 1, 6]) == -100
    assert enps([]) is None


def _pulse(*rows: tuple[int | None, int | None, int | None, str | None]) -> list[Answer]:
    answers = []
    for comfortable, recommend, rating, text in rows:
        if comfortable is not None:
            answers.append(Answer("comfortable", score=comfortable))
        if recommend is not None:
            answers.append(Answer("recommend", score=recommend))
        if rating is not None:
            answers.append(Answer("rating", score=rating))
        if text is not None:
            answers.append(Answer("help", text=text))
    return answers


def test_every_question_is_held_back_below_the_threshold_free_text_included() -> None:
    answers = _pulse(
        (5, 9, 8, "time"),
        (4, 10, 9, "ideas"),
        (2, 3, 6, "a template"),
        (5, 9, None, None),
        (4, None, None, None),
    )
    by_key = {r.question.key: r for r in summarise(BUILT_IN["pulse"], answers, threshold=5)}
    comfortable = by_key["comfortable"]
    assert comfortable.released and comfortable.answered == 5
    assert comfortable.agreeing == 80  # 4 of 5
    assert dict(comfortable.distribution) == {1: 0, 2: 1, 3: 0, 4: 2, 5: 2}
    assert not by_key["recommend"].released and by_key["recommend"].enps is None
    assert by_key["recommend"].answered == 4
    assert not by_key["rating"].released and by_key["rating"].answered == 3
    assert not by_key["help"].released and by_key["help"].texts == ()


def test_released_results_carry_every_figure() -> None:
    answers = _pulse(
        (5, 9, 8, "time to write"),
        (4, 10, 9, "ideas"),
        (2, 3, 6, "a template"),
        (1, 7, 10, None),
    )
    by_key = {r.question.key: r for r in summarise(BUILT_IN["pulse"], answers, threshold=3)}
    assert by_key["comfortable"].agreeing == 50
    assert by_key["recommend"].enps == 25  # 2 promoters, 1 detractor of 4
    assert by_key["recommend"].eight_or_higher == 50
    assert by_key["rating"].eight_or_higher == 75
    assert by_key["rating"].enps is None
    assert by_key["help"].texts == ("a template", "ideas", "time to write")
    assert by_key["recommend"].headline == 25 and by_key["rating"].headline == 75
