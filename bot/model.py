"""Domain objects and the rules that need no database to decide."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

IDEA_MAX_CHARS = 2000
THEME_MAX_CHARS = 40
RECOMMENDED_THEMES = (5, 10)


class Platform(Enum):
    """Where a workspace lives. Slack and Teams programmes are separate workspaces."""

    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


class Role(Enum):
    """What a member may do. Coordinators run the programme."""

    AMBASSADOR = "ambassador"
    COORDINATOR = "coordinator"


class IdeaStatus(Enum):
    """An idea's way from parked to published (later capabilities move it on)."""

    OPEN = "open"
    CLAIMED = "claimed"
    DRAFTED = "drafted"
    PUBLISHED = "published"
    ARCHIVED = "archived"


@dataclass
class Workspace:
    """One programme on one platform (a Slack workspace, a Teams tenant, the console)."""

    id: int
    platform: Platform
    external_id: str
    locale: str
    timezone: str
    channel_id: str | None = None


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

    @property
    def is_coordinator(self) -> bool:
        """Whether this member runs the programme."""
        return self.role is Role.COORDINATOR


@dataclass
class Theme:
    """Something the programme wants to be known for (5-10 recommended)."""

    id: int
    workspace_id: int
    name: str


@dataclass
class Idea:
    """A parked post idea. ``number`` is what members type; ids stay internal."""

    id: int
    workspace_id: int
    number: int
    author_id: int
    text: str
    status: IdeaStatus
    created_at: datetime
    themes: list[str] = field(default_factory=list)
    claimed_by_id: int | None = None
    vote_count: int = 0


@dataclass(frozen=True)
class NewIdea:
    """An idea about to be stored (it has no id or number yet)."""

    workspace_id: int
    author_id: int
    text: str
    theme_ids: tuple[int, ...]
    created_at: datetime


def char_count(text: str) -> int:
    """Length as the Contract counts it: code points after trimming white space."""
    return len(text.strip())


def theme_key(name: str) -> str:
    """The form two theme names are compared in: case- and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lstrip("#"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
