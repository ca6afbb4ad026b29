"""Mentors, their capacity, and who mentors whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.errors import StoreConflict


class MentorFull(StoreConflict):
    """The mentor has no room (or is no mentor): decided by the store, under a lock, so two
    newcomers arriving together cannot both take a mentor's last place."""


@dataclass(frozen=True)
class Mentor:
    """A member who mentors newcomers, up to ``capacity`` at a time."""

    member_id: int
    workspace_id: int
    capacity: int


@dataclass(frozen=True)
class Pairing:
    """A mentor and a newcomer, from ``started_at`` until ``ended_at``."""

    id: int
    workspace_id: int
    mentor_id: int
    mentee_id: int
    started_at: datetime
    ended_at: datetime | None = None
    checkin_at: datetime | None = None  # when "did you meet?" was asked
    met: bool | None = None


class MentorRepository(Protocol):
    """Mentors and pairings."""

    async def set(self, workspace_id: int, member_id: int, capacity: int) -> None:
        """Make the member a mentor with this capacity (or change it)."""
        ...

    async def remove(self, member_id: int) -> None: ...

    async def all(self, workspace_id: int) -> list[Mentor]: ...

    async def pair(
        self, workspace_id: int, mentor_id: int, mentee_id: int, at: datetime
    ) -> Pairing:
        """Start a pairing; StoreConflict if the mentee already has a mentor, MentorFull
        if the mentor already has ``capacity`` open pairings or is not a mentor."""
        ...

    async def end(self, pairing_id: int, at: datetime) -> None: ...

    async def open(self, workspace_id: int) -> list[Pairing]:
        """Pairings that have not ended, oldest first."""
        ...

    async def of_mentee(self, mentee_id: int) -> Pairing | None:
        """The mentee's pairing that has not ended."""
        ...

    async def get(self, pairing_id: int) -> Pairing | None: ...

    async def paired_since(self, mentor_id: int, mentee_id: int, since: datetime) -> bool:
        """Whether the two were paired at any time from ``since`` on."""
        ...

    async def checkin_due(self, workspace_id: int, started_before: datetime) -> list[Pairing]:
        """Open pairings that started before then and were not asked "did you meet?"."""
        ...

    async def mark_checkin(self, pairing_id: int, at: datetime) -> None: ...

    async def record_met(self, pairing_id: int, met: bool) -> None: ...
