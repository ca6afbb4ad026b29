"""Ideas, and the idea bank that keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Protocol

from bot.programme.ports import Theme

IDEA_MAX_CHARS = 2000


class IdeaStatus(Enum):
    """An idea's way from parked to published (later capabilities move it on)."""

    OPEN = "open"
    CLAIMED = "claimed"
    DRAFTED = "drafted"
    PUBLISHED = "published"
    ARCHIVED = "archived"


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
    themes: tuple[Theme, ...]  # the programme's themes it is tagged with
    created_at: datetime


class IdeaRepository(Protocol):
    """The idea bank."""

    async def add(self, idea: NewIdea) -> Idea:
        """Store a new idea under the workspace's next number."""
        ...

    async def by_number(self, workspace_id: int, number: int) -> Idea | None: ...

    async def list(
        self,
        workspace_id: int,
        *,
        statuses: Sequence[IdeaStatus],
        member_id: int | None = None,
        theme_id: int | None = None,
        created_after: datetime | None = None,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[Idea], int]:
        """A page of ideas (most votes, then newest first) and the total that match.
        ``member_id`` keeps ideas that member wrote or claimed."""
        ...

    async def toggle_vote(self, idea_id: int, member_id: int) -> bool:
        """Add the member's vote, or take it back if there was one; True if now voted."""
        ...

    async def claim(self, idea_id: int, member_id: int) -> bool:
        """Claim an open, unclaimed idea; False if someone else got there first."""
        ...

    async def set_status(
        self, idea_id: int, status: IdeaStatus, *, claimed_by_id: int | None
    ) -> None: ...

    async def add_themes(self, idea_id: int, theme_ids: Sequence[int]) -> None:
        """Tag an idea with more themes (tags it has already are kept once)."""
        ...
