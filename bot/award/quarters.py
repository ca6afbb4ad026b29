"""Quarters as the award names them (``2026-Q4``) and the nominations window."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.stats.periods import Period, quarter_of


def label(day: date) -> str:
    """``2026-Q4`` for a day in the fourth quarter of 2026."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period(quarter: str) -> Period:
    """The days of a quarter named like ``2026-Q4``."""
    year, number = quarter.split("-Q")
    return quarter_of(date(int(year), 3 * int(number) - 2, 1))


def shifted(quarter: str, by: int) -> str:
    """The quarter ``by`` quarters later (earlier when negative)."""
    year, number = quarter.split("-Q")
    index = int(year) * 4 + int(number) - 1 + by
    return f"{index // 4}-Q{index % 4 + 1}"


def today_in(moment: datetime, timezone: str) -> date:
    """The programme's calendar day at ``moment``."""
    return moment.astimezone(ZoneInfo(timezone)).date()
