"""Every formula of the metric dictionary against hand-computed fixtures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import UsageError
from bot.stats.metrics import (
    OTHER,
    PeriodFacts,
    by_network,
    enrolled_during,
    figures,
    funnel,
    funnel_by_theme,
)
from bot.stats.periods import Period, PeriodKind, PeriodSpec, resolve, week_of
from bot.stats.ports import Contribution, Headcount, IdeaFact, PostFact, SupportFacts

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NO_SUPPORT = SupportFacts((), 0, 0, 0, 0, 0)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def idea(
    author: int,
    *,
    themes: tuple[str, ...] = (),
    claimed: bool = False,
    drafted: float | None = None,
    published: float | None = None,
) -> IdeaFact:
    return IdeaFact(
        author_id=author,
        created_at=at(0),
        claimed=claimed,
        themes=themes,
        drafted_at=at(drafted) if drafted is not None else None,
        published_at=at(published) if published is not None else None,
    )


def test_enrolled_during_counts_the_headcount_at_the_start_plus_everyone_who_joined() -> None:
    days = [
        Headcount(date(2026, 11, 2), enrolled=10, joined=2, departed=1),  # 9 at the start
        Headcount(date(2026, 11, 3), enrolled=12, joined=3, departed=1),
        Headcount(date(2026, 11, 4), enrolled=11, joined=0, departed=1),
    ]
    assert enrolled_during(days) == 9 + 2 + 3 + 0


def test_a_programme_that_started_mid_period_is_divided_by_its_members_not_zero() -> None:
    days = [Headcount(date(2026, 11, 5), enrolled=4, joined=4)]
    assert enrolled_during(days) == 4
    assert enrolled_during([]) == 0


def test_participation_is_active_over_enrolled_and_empty_programmes_have_none() -> None:
    period = week_of(date(2026, 11, 2))
    facts = PeriodFacts(
        period=period,
        headcounts=[Headcount(date(2026, 11, 2), 4, 0), Headcount(date(2026, 11, 3), 5, 1)],
        contributions={1: {Contribution.IDEA: 2}, 2: {Contribution.CHEER: 1}},
        previous_contributions={1: {Contribution.IDEA: 3}},
        first_posters={2},
        posts=[
            PostFact(1, "linkedin", at(0), answers=3),
            PostFact(2, "linkedin", at(1), answers=0),
        ],
        ideas=[],
        support=NO_SUPPORT,
    )
    result = figures(facts, CPH)
    assert result.enrolled == 5
    assert result.active == 2
    assert result.participation == pytest.approx(2 / 5)
    # member 1 did less than before (2 < 3), member 2 more (1 > 0): one of five grew
    assert result.activation == pytest.approx(1 / 5)
    assert result.first_posts == 1
    assert result.answers_per_post == pytest.approx(1.5)
    assert result.cheers_per_member == pytest.approx(1 / 5)

    empty = figures(PeriodFacts(period, [], {}, {}, set(), [], [], NO_SUPPORT), CPH)
    assert empty.participation is None
    assert empty.activation is None
    assert empty.answers_per_post is None


def test_the_funnel_counts_each_step_with_its_conversion_and_median_days() -> None:
    ideas = [
        idea(1),
        idea(2, claimed=True),
        idea(3, claimed=True, drafted=2),
        idea(4, drafted=4, published=5),  # drafted and published count as claimed too
    ]
    result = funnel(ideas)
    assert (result.ideas, result.claimed, result.drafted, result.published) == (4, 3, 2, 1)
    assert [conversion for _, _, conversion in result.steps] == [
        None,
        pytest.approx(3 / 4),
        pytest.approx(2 / 3),
        pytest.approx(1 / 2),
    ]
    assert result.days_to_draft == pytest.approx(3)  # median of 2 and 4
    assert result.days_to_post == pytest.approx(1)


def test_themes_with_fewer_than_three_authors_are_folded_together() -> None:
    ideas = [
        idea(1, themes=("culture",)),
        idea(2, themes=("culture",)),
        idea(3, themes=("culture", "engineering")),
        idea(4, themes=("engineering",)),
        idea(5),
    ]
    by_theme = funnel_by_theme(ideas)
    assert list(by_theme) == ["culture", OTHER]
    assert by_theme["culture"].ideas == 3
    assert by_theme[OTHER].ideas == 3  # idea 3's engineering, idea 4 and the untagged one


def test_networks_with_fewer_than_three_authors_are_folded_together() -> None:
    posts = [PostFact(author, "linkedin", at(0), 2) for author in (1, 2, 3)]
    posts.append(PostFact(4, "reddit", at(0), 5))
    rows = by_network(posts)
    assert [(r.network, r.posts, r.answers) for r in rows] == [
        ("linkedin", 3, 6),
        (OTHER, 1, 5),
    ]


def test_best_times_are_counted_in_the_programme_time_zone() -> None:
    period = week_of(date(2026, 11, 2))
    monday_late = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)  # Tuesday 00:30 in Copenhagen
    facts = PeriodFacts(
        period, [], {}, {}, set(), [PostFact(1, "linkedin", monday_late, 4)], [], NO_SUPPORT
    )
    [cell] = figures(facts, CPH).best_times
    assert (cell.weekday, cell.hour, cell.posts, cell.answers) == (1, 0, 1, 4)


TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("week", date(2026, 11, 23), date(2026, 11, 29)),
        ("month", date(2026, 11, 1), date(2026, 11, 30)),
        ("quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2025-10-01..2025-10-31", date(2025, 10, 1), date(2025, 10, 31)),
    ],
)
def test_periods_are_placed_on_the_calendar(text: str, first: date, last: date) -> None:
    period = resolve(PeriodSpec(text), TODAY)
    assert (period.first, period.last) == (first, last)


def test_the_previous_period_is_the_one_of_the_same_kind_just_before() -> None:
    assert resolve(PeriodSpec("quarter"), TODAY).previous() == Period(
        PeriodKind.QUARTER, date(2026, 7, 1), date(2026, 9, 30)
    )
    assert resolve(PeriodSpec("month"), date(2026, 3, 15)).previous().last == date(2026, 2, 28)
    custom = resolve(PeriodSpec("2026-11-10..2026-11-12"), TODAY).previous()
    assert (custom.first, custom.last) == (date(2026, 11, 7), date(2026, 11, 9))


@pytest.mark.parametrize(
    "text",
    [
        "fortnight",
        "2026-Q5",
        "2026-13-01..2026-13-02",
        "2027-Q1",
        "2026-11-20..2026-11-10",
        "2020-01-01..2026-01-01",
    ],
)
def test_bad_future_reversed_and_huge_periods_are_refused(text: str) -> None:
    with pytest.raises(UsageError):
        resolve(PeriodSpec(text), TODAY)


def test_period_bounds_are_whole_days_in_the_programme_time_zone() -> None:
    start, end = week_of(date(2026, 11, 23)).bounds(CPH)
    assert start == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
