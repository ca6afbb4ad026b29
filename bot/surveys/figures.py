"""The survey figures, as pure functions over answers so each is tested against hand-computed
fixtures. Every percentage is over the answers given to that question, rounded to a whole
percent (halves away from zero)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from bot.surveys.ports import Answer
from bot.surveys.templates import Question, Scale, Template


def whole_percent(share: Fraction) -> int:
    """``share`` (0..1, or -1..1) as a whole percent, halves away from zero."""
    exact = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def agreeing(scores: Sequence[int]) -> int | None:
    """% agreeing: answers 4 or 5 on the 1-5 scale."""
    if not scores:
        return None
    return whole_percent(Fraction(sum(1 for s in scores if s >= 4), len(scores)))


def eight_or_higher(scores: Sequence[int]) -> int | None:
    """% rating 8 or higher on the 0-10 scale."""
    if not scores:
        return None
    return whole_percent(Fraction(sum(1 for s in scores if s >= 8), len(scores)))


def enps(scores: Sequence[int]) -> int | None:
    """eNPS: % answering 9-10 minus % answering 0-6 (the difference of the exact shares,
    rounded once)."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return whole_percent(Fraction(promoters - detractors, len(scores)))


@dataclass(frozen=True)
class QuestionResult:
    """One question's results. ``released`` is False when fewer answers than the threshold
    came in (then nothing but the count is shown); ``answered`` 0 means no data at all."""

    question: Question
    answered: int
    released: bool
    distribution: tuple[tuple[int, int], ...] = ()  # (score, how many), every score
    agreeing: int | None = None
    eight_or_higher: int | None = None
    enps: int | None = None
    texts: tuple[str, ...] = ()

    @property
    def headline(self) -> int | None:
        """The figure a change is shown for: eNPS, % agreeing or % rating 8 or higher."""
        if self.question.nps:
            return self.enps
        if self.question.scale is Scale.AGREE:
            return self.agreeing
        return self.eight_or_higher


def summarise(
    template: Template, answers: Sequence[Answer], threshold: int
) -> list[QuestionResult]:
    """Every question's results; a question with fewer than ``threshold`` answers is held
    back, free text included."""
    results = []
    for question in template.questions:
        mine = [a for a in answers if a.question == question.key]
        released = len(mine) >= threshold
        if not released:
            results.append(QuestionResult(question, len(mine), False))
            continue
        bounds = question.scale.bounds
        if bounds is None:
            # Sorted, so the order says nothing about who answered when.
            texts = tuple(sorted(a.text for a in mine if a.text))
            results.append(QuestionResult(question, len(mine), True, texts=texts))
            continue
        scores = [a.score for a in mine if a.score is not None]
        counts = Counter(scores)
        low, high = bounds
        results.append(
            QuestionResult(
                question,
                len(mine),
                True,
                distribution=tuple((s, counts.get(s, 0)) for s in range(low, high + 1)),
                agreeing=agreeing(scores) if question.scale is Scale.AGREE else None,
                eight_or_higher=eight_or_higher(scores) if question.scale is Scale.TEN else None,
                enps=enps(scores) if question.nps else None,
            )
        )
    return results
