"""Who takes part, and where: workspaces, members, roles and platforms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum


class Platform(Enum):
    """Where a workspace lives. Slack and Teams programmes are separate workspaces."""

    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


class Role(Enum):
    """What a member may do. Coordinators run the programme."""

    AMBASSADOR = "ambassador"
    COORDINATOR = "coordinator"


@dataclass
class Workspace:
    """One programme on one platform (a Slack workspace, a Teams tenant, the console)."""

    id: int
    platform: Platform
    external_id: str
    locale: str
    timezone: str
    channel_id: str | None = None
    # How many drop-in slots one member may hold booked in one week (coordinators set it).
    slot_bookings_per_week: int = 1


@dataclass
class Member:
    """A person in a workspace, registered on first contact.

    The display name lives here and only here, so one member's data can be found,
    exported and erased in one place.
    """

    id: int
    workspace_id: int
    external_id: str
    display_name: str
    role: Role = Role.AMBASSADOR
    locale: str | None = None
    timezone: str | None = None
    last_active_at: datetime | None = None
    away_until: date | None = None  # no nudges until then
    nudges_off: bool = False
    last_nudged_at: datetime | None = None

    @property
    def is_coordinator(self) -> bool:
        """Whether this member runs the programme."""
        return self.role is Role.COORDINATOR


def char_count(text: str) -> int:
    """Length as the Contract counts it: code points after trimming white space."""
    return len(text.strip())
