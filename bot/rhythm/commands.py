"""The programme's rhythm: schedules, tips, away, nudges, deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.commands import Command


@dataclass(frozen=True)
class ListSchedules(Command):
    """The scheduled jobs with their next fire, pauses and missed fires."""


@dataclass(frozen=True)
class SetSchedule(Command):
    """Coordinators: when a job runs in this workspace (a cron line)."""

    job: str
    cron: str


@dataclass(frozen=True)
class PauseJob(Command):
    """Coordinators: pause or resume a job."""

    job: str
    paused: bool


@dataclass(frozen=True)
class SkipNextFire(Command):
    """Coordinators: skip the job's next fire only."""

    job: str


@dataclass(frozen=True)
class ListTips(Command):
    """The tips the weekly digest rotates through."""


@dataclass(frozen=True)
class AddTip(Command):
    """Coordinators: add a digest tip."""

    text: str


@dataclass(frozen=True)
class RemoveTip(Command):
    """Coordinators: remove a digest tip."""

    number: int


@dataclass(frozen=True)
class SetAway(Command):
    """No nudges until a date (or from now on again, with None)."""

    until: date | None
    unreadable: str | None = (
        None  # what was typed when it was not a date (answered with an example)
    )


@dataclass(frozen=True)
class SetNudges(Command):
    """Turn my nudges on or off."""

    on: bool


@dataclass(frozen=True)
class ListUndelivered(Command):
    """Coordinators: the delivery queue per channel, and messages Chorus gave up on."""
