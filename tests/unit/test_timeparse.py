"""Days and times as members type them, read in their locale and time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import UsageError
from bot.time.timeparse import (
    TimeOfDay,
    parse_when,
    resolve,
    resolve_day,
    take_time_range,
    take_when,
    weekday_of,
)

# Tuesday 24 November 2026, 10:00 in Copenhagen.
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CPH = ZoneInfo("Europe/Copenhagen")


def local(text: str, locale: str = "en", zone: ZoneInfo = CPH) -> datetime:
    return resolve(parse_when(text), locale=locale, zone=zone, now=NOW).astimezone(zone)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("2026-12-01 14:00", "en", datetime(2026, 12, 1, 14, 0)),
        ("2026-12-01T14:00", "da", datetime(2026, 12, 1, 14, 0)),
        ("1/12 14:00", "da", datetime(2026, 12, 1, 14, 0)),
        ("1/12 14:00", "nl", datetime(2026, 12, 1, 14, 0)),
        ("12/1 2pm", "en", datetime(2026, 12, 1, 14, 0)),
        ("1/12 14:00", "en", datetime(2027, 1, 12, 14, 0)),  # month first, next January
        ("1.12.2026 14.00", "en", datetime(2026, 12, 1, 14, 0)),  # dots: day first anywhere
        ("1-12 kl. 9", "da", datetime(2026, 12, 1, 9, 0)),
        ("1 dec 14:00", "en", datetime(2026, 12, 1, 14, 0)),
        ("dec 1 2:30 pm", "en", datetime(2026, 12, 1, 14, 30)),
        ("1. december 2026 kl. 14", "da", datetime(2026, 12, 1, 14, 0)),
        ("1 mrt 14u30", "nl", datetime(2027, 3, 1, 14, 30)),
        ("tomorrow 14:00", "en", datetime(2026, 11, 25, 14, 0)),
        ("i morgen 14:00", "da", datetime(2026, 11, 25, 14, 0)),
        ("morgen om 14:00", "nl", datetime(2026, 11, 25, 14, 0)),
        ("overmorgen 8:15", "nl", datetime(2026, 11, 26, 8, 15)),
        ("today at 4pm", "en", datetime(2026, 11, 24, 16, 0)),
        ("tue 2pm", "en", datetime(2026, 11, 24, 14, 0)),  # today, still to come
        ("tue 9:00", "en", datetime(2026, 12, 1, 9, 0)),  # today's has passed: next week
        ("tir 14:00", "da", datetime(2026, 11, 24, 14, 0)),
        ("di 14:00", "nl", datetime(2026, 11, 24, 14, 0)),
        ("Thursday 12 PM", "en", datetime(2026, 11, 26, 12, 0)),
        ("fre 12am", "da", datetime(2026, 11, 27, 0, 0)),
        ("zondag 10:00", "nl", datetime(2026, 11, 29, 10, 0)),
    ],
)
def test_common_forms_are_read_in_the_members_locale(
    text: str, locale: str, expected: datetime
) -> None:
    assert local(text, locale).replace(tzinfo=None) == expected


@pytest.mark.parametrize(
    "text",
    ["next week", "2pm tue", "tue", "14:00", "tue 25:00", "tue 13pm", "in an hour", "soon", ""],
)
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(UsageError) as refused:
        local(text)
    assert "2026-12-01 14:00" in refused.value.msgid


def test_a_date_that_does_not_exist_is_named() -> None:
    with pytest.raises(UsageError) as refused:
        local("2026-02-30 14:00")
    assert refused.value.msgid.startswith("There is no date")


def test_times_are_wall_clock_times_on_either_side_of_a_dst_change() -> None:
    before = local("2027-03-23 14:00")
    after = local("2027-03-30 14:00")
    assert before.astimezone(UTC).hour == 13  # CET
    assert after.astimezone(UTC).hour == 12  # CEST


def test_the_time_zone_is_the_members() -> None:
    moment = local("2026-12-01 14:00", zone=ZoneInfo("America/New_York"))
    assert moment.astimezone(UTC) == datetime(2026, 12, 1, 19, 0, tzinfo=UTC)


def test_what_follows_the_time_is_left_for_the_grammar() -> None:
    when, rest = take_when("i morgen kl. 14   30 Room 4.12")
    assert (when.time, when.text, rest) == (TimeOfDay(14), "i morgen kl. 14", "30 Room 4.12")


def test_a_time_range_gives_the_end_on_the_same_day() -> None:
    when, rest = take_when("2026-12-01 14:00-14:30 Room")
    assert (when.time, when.until, rest) == (TimeOfDay(14), TimeOfDay(14, 30), "Room")


@pytest.mark.parametrize("text", ["14:00-15:00", "14-15", "2pm-3pm", "14.00 – 15.00", "14 til 15"])
def test_time_ranges_in_several_forms(text: str) -> None:
    start, end, rest = take_time_range(text + " rest")
    assert (start, end, rest) == (TimeOfDay(14), TimeOfDay(15), "rest")


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(UsageError) as refused:
        take_time_range("15:00-14:00")
    assert refused.value.params == {"start": "15:00", "end": "14:00"}


@pytest.mark.parametrize(
    ("word", "weekday"),
    [
        ("mon", 0),
        ("Tuesdays", 1),
        ("tirsdage", 1),
        ("dinsdagen", 1),
        ("ons", 2),
        ("wo", 2),
        ("to", 3),
        ("do", 3),
        ("fre.", 4),
        ("lør", 5),
        ("za", 5),
        ("søndag", 6),
        ("t", None),
        ("tomato", None),
    ],
)
def test_weekday_names_in_three_languages(word: str, weekday: int | None) -> None:
    assert weekday_of(word) == weekday


def test_a_day_without_a_time_for_day_views() -> None:
    day = resolve_day(parse_when("tomorrow", need_time=False), locale="en", zone=CPH, now=NOW)
    assert day == date(2026, 11, 25)
