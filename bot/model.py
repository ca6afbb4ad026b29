"""Who takes part, and where: workspaces, members, roles and platforms."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

NAME_MAX_CHARS = 80


def clean_name(name: str) -> str:
    """A display name fit to show anywhere: no control, format or bidi characters (line
    breaks, U+202E, zero-width spaces), white space folded, at most 80 characters."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    folded = " ".join(kept.split())
    return folded[:NAME_MAX_CHARS].rstrip()


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
    # Set when they left the workspace (Slack deactivation, removed from the Teams team): no
    # notes go to them and lists leave them out, until they use Chorus again.
    left_at: datetime | None = None
    # When the platform's directory last gave their display name (refreshed once a day).
    name_checked_at: datetime | None = None

    @property
    def is_coordinator(self) -> bool:
        """Whether this member runs the programme."""
        return self.role is Role.COORDINATOR


def char_count(text: str) -> int:
    """Length as the Contract counts it: code points after trimming white space."""
    return len(text.strip())
