"""The commands of programme numbers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.stats.periods import PeriodSpec


@dataclass(frozen=True)
class ShowStats(Command):
    """``/chorus stats [PERIOD] [#theme]``: the programme's figures, for coordinators."""

    period: PeriodSpec
    theme: str | None = None


@dataclass(frozen=True)
class ShowMyFigures(Command):
    """``/chorus me [PERIOD]``: my own figures, privately."""

    period: PeriodSpec


@dataclass(frozen=True)
class OpenDashboard(Command):
    """``/chorus dashboard``: a one-time sign-in link to the web dashboard, by DM."""
