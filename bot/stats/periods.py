"""Periods the figures cover: a week, a month, a quarter, ``YYYY-Qn`` or a custom range, all
in whole days of the programme's time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.errors import UsageError
from bot.i18n import N_, Translator

# Longer periods than this are refused: two years of figures answer every question we know of.
MAX_DAYS = 731
PERIOD_USAGE = N_(
    "Choose a period: week, month, quarter, a quarter like 2026-Q4, or days like 2026-10-01..2026-10-31."
)
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodKind(Enum):
    """How a period was chosen; the previous period is of the same kind."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    CUSTOM = "custom"


@dataclass(frozen=True)
class PeriodSpec:
    """A period as typed, before it is placed on the calendar: ``week``, ``2026-Q4`` …"""

    text: str = "week"


@dataclass(frozen=True)
class Period:
    """Whole days ``first`` to ``last`` (both included) in the programme's time zone."""

    kind: PeriodKind
    first: date
    last: date

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.last - self.first).days + 1

    def bounds(self, timezone: ZoneInfo) -> tuple[datetime, datetime]:
        """``[start, end)`` as UTC moments."""
        start = datetime.combine(self.first, time(), tzinfo=timezone)
        end = datetime.combine(self.last + timedelta(days=1), time(), tzinfo=timezone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def previous(self) -> Period:
        """The period of the same kind just before this one (a custom one: as many days)."""
        if self.kind is PeriodKind.WEEK:
            return week_of(self.first - timedelta(days=7))
        if self.kind is PeriodKind.MONTH:
            return month_of(self.first - timedelta(days=1))
        if self.kind is PeriodKind.QUARTER:
            return quarter_of(self.first - timedelta(days=1))
        return Period(
            PeriodKind.CUSTOM,
            self.first - timedelta(days=self.days),
            self.first - timedelta(days=1),
        )

    def until(self, today: date) -> Period:
        """This period cut off at ``today`` (a period still running counts so far)."""
        return Period(self.kind, self.first, min(self.last, today))

    def label(self, tr: Translator) -> str:
        """``Week 48, 2026``, ``November 2026``, ``2026-Q4`` or a date range."""
        if self.kind is PeriodKind.WEEK:
            year, week, _ = self.first.isocalendar()
            return tr._("Week {week}, {year}", week=week, year=year)
        if self.kind is PeriodKind.QUARTER:
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.MONTH:
            return format_date(self.first, "LLLL y", locale=tr.locale)
        return f"{tr.date(self.first)} – {tr.date(self.last)}"

    @property
    def slug(self) -> str:
        """The period as a command or a URL takes it back: ``2026-11-23..2026-11-29``."""
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


def week_of(day: date) -> Period:
    """The ISO week (Monday to Sunday) holding ``day``."""
    first = day - timedelta(days=day.weekday())
    return Period(PeriodKind.WEEK, first, first + timedelta(days=6))


def month_of(day: date) -> Period:
    """The calendar month holding ``day``."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(PeriodKind.MONTH, first, following - timedelta(days=1))


def quarter_of(day: date) -> Period:
    """The calendar quarter holding ``day``."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = (first + timedelta(days=95)).replace(day=1)
    return Period(PeriodKind.QUARTER, first, following - timedelta(days=1))


def resolve(spec: PeriodSpec, today: date) -> Period:
    """Place a typed period on the calendar as seen ``today``. Raises :class:`UsageError`
    for a period that is malformed, reversed, in the future or longer than two years."""
    text = spec.text.strip().casefold()
    if text in ("", "week"):
        return week_of(today)
    if text == "month":
        return month_of(today)
    if text == "quarter":
        return quarter_of(today)
    quarter = _QUARTER.match(text)
    if quarter:
        year, number = int(quarter.group(1)), int(quarter.group(2))
        if not 2000 <= year <= 9998:
            raise UsageError(PERIOD_USAGE)
        period = quarter_of(date(year, 3 * number - 2, 1))
    else:
        days = _RANGE.match(text)
        if not days:
            raise UsageError(PERIOD_USAGE)
        try:
            first, last = date.fromisoformat(days.group(1)), date.fromisoformat(days.group(2))
        except ValueError:
            raise UsageError(PERIOD_USAGE) from None
        if last < first:
            raise UsageError(
                N_("That period ends before it starts. Put the earlier day first: {example}"),
                example=f"{last.isoformat()}..{first.isoformat()}",
            )
        period = Period(PeriodKind.CUSTOM, first, last)
    if period.first > today:
        raise UsageError(
            N_(
                "That period has not started yet, so there are no figures for it. Try week or month."
            )
        )
    if period.days > MAX_DAYS:
        raise UsageError(
            N_("That is {days} days; I count at most {limit} days at a time."),
            days=period.days,
            limit=MAX_DAYS,
        )
    return period
