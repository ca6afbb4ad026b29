"""Cheers, and where they are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Cheer:
    """Recognition from one member to another (today: the cheer emoji on a channel post)."""

    id: int
    workspace_id: int
    giver_id: int
    receiver_id: int
    created_at: datetime
    reason: str | None = None
    source_ref: str | None = None  # the platform message a reaction cheer sits on


@dataclass(frozen=True)
class NewCheer:
    """A cheer about to be stored."""

    workspace_id: int
    giver_id: int
    receiver_id: int
    created_at: datetime
    reason: str | None = None
    source_ref: str | None = None


CHEER_REASON_MAX_CHARS = 500


class CheerRepository(Protocol):
    """Cheers between members."""

    async def add(self, cheer: NewCheer) -> int | None:
        """Store a cheer and return its id; None if the giver already cheered that message
        (same source)."""
        ...

    async def get(self, cheer_id: int) -> Cheer | None:
        """One cheer by id."""
        ...

    async def remove_by_source(self, workspace_id: int, giver_id: int, source_ref: str) -> bool:
        """Take back the giver's cheer on one message; False if there was none."""
        ...

    async def received(
        self, workspace_id: int, member_id: int, *, limit: int
    ) -> tuple[list[Cheer], int]:
        """The newest cheers a member received and how many there are in all."""
        ...

    async def count_since(self, workspace_id: int, since: datetime) -> int:
        """All cheers given in the workspace from ``since`` on (for the digest)."""
        ...

    async def given_since(self, workspace_id: int, giver_id: int, since: datetime) -> int:
        """How many cheers the giver gave from ``since`` on (for the daily allowance); the
        giver's further cheers wait until this transaction ends."""
        ...

    async def is_public(self, member_id: int) -> bool:
        """Whether cheers for the member may be announced in the channel."""
        ...

    async def set_public(self, member_id: int, public: bool) -> None: ...
