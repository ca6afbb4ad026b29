"""What members and coordinators ask of the content library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.commands import Command
from bot.library.ports import ContentKind


class Period(Enum):
    """The stretch of time ``/share stats`` looks back over."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True)
class SuggestItem(Command):
    """``/share URL [#theme] [NOTE]``: suggest something worth sharing."""

    url: str
    theme: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ListLibrary(Command):
    """``/share list [#theme] [company|external]``: the fresh items, privately."""

    theme: str | None = None
    kind: ContentKind | None = None
    page: int = 1


@dataclass(frozen=True)
class ShowItem(Command):
    """One item with its buttons."""

    number: int


@dataclass(frozen=True)
class PickItem(Command):
    """ "I'll share this": record the intent and get angles for it."""

    number: int


@dataclass(frozen=True)
class DraftFromItem(Command):
    """Start a draft with the item's link and one of the angles (1-3)."""

    number: int
    angle: int


@dataclass(frozen=True)
class MarkItem(Command):
    """Coordinators: mark an item as company content or external (None: unmarked)."""

    number: int
    kind: ContentKind | None


@dataclass(frozen=True)
class ExpireItem(Command):
    """Coordinators: the last day an item is worth sharing (None: it never goes stale)."""

    number: int
    until: date | None


@dataclass(frozen=True)
class PinItem(Command):
    """Coordinators: pin an item as one of the week's picks, or unpin it."""

    number: int
    pinned: bool = True


@dataclass(frozen=True)
class ShowBalance(Command):
    """Coordinators: the company/external mix of what was shared, against the target."""

    period: Period = Period.MONTH
