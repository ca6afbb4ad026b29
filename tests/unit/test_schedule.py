"""Schedules are wall-clock rules in the workspace's zone, and stay so across DST."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import UsageError
from bot.time.schedule import Schedule, friendly_cron, parse_duration

CPH = "Europe/Copenhagen"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_weekly_prompt_stays_at_nine_local_across_the_spring_change() -> None:
    fires = Schedule("0 9 * * mon", CPH).fires(utc(2026, 3, 20), utc(2026, 4, 7))
    assert fires == [utc(2026, 3, 23, 8), utc(2026, 3, 30, 7), utc(2026, 4, 6, 7)]


def test_a_weekly_prompt_stays_at_nine_local_across_the_autumn_change() -> None:
    fires = Schedule("0 9 * * mon", CPH).fires(utc(2026, 10, 19), utc(2026, 11, 3))
    assert fires == [utc(2026, 10, 19, 7), utc(2026, 10, 26, 8), utc(2026, 11, 2, 8)]


def test_a_time_in_the_repeated_hour_fires_once_when_clocks_go_back() -> None:
    fires = Schedule("30 2 * * *", CPH).fires(utc(2026, 10, 24), utc(2026, 10, 27))
    assert fires == [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]


def test_a_time_in_the_skipped_hour_fires_an_hour_later_when_clocks_go_forward() -> None:
    fires = Schedule("30 2 * * *", CPH).fires(utc(2026, 3, 28), utc(2026, 3, 31))
    assert fires == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 0, 30)]
    assert fires[1].astimezone(Schedule("", CPH).zone).hour == 3  # 03:30 summer time


def test_frequent_jobs_never_fire_an_instant_twice_on_a_dst_night() -> None:
    fires = Schedule("*/15 * * * *", CPH).fires(utc(2026, 10, 24, 22), utc(2026, 10, 25, 4))
    assert len(fires) == len(set(fires))
    assert fires == sorted(fires)
    assert all(b - a <= timedelta(hours=1, minutes=15) for a, b in itertools.pairwise(fires))


def test_the_window_is_open_at_the_start_and_closed_at_the_end() -> None:
    schedule = Schedule("0 9 * * *", "UTC")
    assert schedule.fires(utc(2026, 1, 1, 9), utc(2026, 1, 2, 9)) == [utc(2026, 1, 2, 9)]
    assert schedule.next_fire(utc(2026, 1, 1, 9)) == utc(2026, 1, 2, 9)


def test_quarter_end_and_last_day_rules_work() -> None:
    assert Schedule("0 9 last mar,jun,sep,dec *", CPH).next_fire(utc(2026, 11, 23)) == utc(
        2026, 12, 31, 8
    )


@pytest.mark.parametrize(
    ("days", "time", "cron"),
    [
        ("mon", "09:00", "0 9 * * mon"),
        ("tue,thu", "14.30", "30 14 * * tue,thu"),
        ("weekdays", "8:30", "30 8 * * mon-fri"),
        ("fredag", "14:00", "0 14 * * fri"),
        ("di do", "10:00", "0 10 * * tue,thu"),
        ("daily", "07:15", "15 7 * * *"),
    ],
)
def test_friendly_days_and_times_become_cron(days: str, time: str, cron: str) -> None:
    assert friendly_cron(days, time) == cron


@pytest.mark.parametrize(
    ("days", "time"), [("someday", "09:00"), ("mon", "25:00"), ("mon", "9am"), ("", "09:00")]
)
def test_unfriendly_days_and_times_are_refused_with_an_example(days: str, time: str) -> None:
    with pytest.raises(UsageError):
        friendly_cron(days, time)


def test_durations() -> None:
    assert parse_duration("6h") == timedelta(hours=6)
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("2w") == timedelta(weeks=2)
    with pytest.raises(ValueError, match="duration"):
        parse_duration("soon")
