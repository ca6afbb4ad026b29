"""Segments (the groups a programme serves differently) with dated membership, and the
networks each member posts on. Stats read a member's segment at any date from here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.config import localised

SEGMENT_NAME_MAX_CHARS = 40


def segment_key(name: str) -> str:
    """The form segment names are compared and stored in: lower case, no accents, words
    joined by dashes ("Role model" → ``role-model``)."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "-".join(re.findall(r"\w+", plain))


@dataclass
class Segment:
    """A group of members (role models, thought leaders, networkers, ambassadors, or a
    programme's own), named in each language. A removed segment stays for past periods."""

    id: int
    workspace_id: int
    key: str
    names: Mapping[str, str] = field(default_factory=dict)
    removed: bool = False

    def name(self, locale: str) -> str:
        """The segment's name in ``locale``."""
        return localised(self.names, locale)

    def spellings(self) -> set[str]:
        """Every form a member may type it in: its key and its names in each language."""
        return {self.key} | {segment_key(name) for name in self.names.values()}


@dataclass(frozen=True)
class SegmentPeriod:
    """A member's time in one segment: from ``started_at`` until ``ended_at`` (None: still)."""

    member_id: int
    segment_id: int
    started_at: datetime
    ended_at: datetime | None


class SegmentRepository(Protocol):
    """Segments and who was in which, when."""

    async def all(self, workspace_id: int, *, removed: bool = False) -> list[Segment]:
        """The workspace's segments (with the removed ones if asked), in the order added."""
        ...

    async def add(self, workspace_id: int, key: str, names: Mapping[str, str]) -> Segment:
        """Add a segment, or bring back a removed one with the same key; StoreConflict if a
        segment with this key is in use."""
        ...

    async def remove(self, segment_id: int, at: datetime) -> None:
        """Retire a segment: its members' periods in it end at ``at``."""
        ...

    async def assign(
        self, workspace_id: int, member_id: int, segment_id: int | None, at: datetime
    ) -> None:
        """From ``at`` on the member is in ``segment_id`` (None: in none); their current
        period ends there."""
        ...

    async def current(self, member_id: int) -> int | None:
        """The id of the segment the member is in now."""
        ...

    async def at(self, workspace_id: int, moment: datetime) -> dict[int, int]:
        """Member id → the id of the segment each member was in at ``moment``."""
        ...

    async def periods(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[SegmentPeriod]:
        """Every period that overlaps ``[start, end)``, oldest first."""
        ...


class NetworkRepository(Protocol):
    """The networks each member posts on."""

    async def of(self, member_id: int) -> tuple[str, ...]:
        """The member's networks, sorted."""
        ...

    async def set(self, workspace_id: int, member_id: int, networks: Sequence[str]) -> None:
        """Replace the member's networks."""
        ...

    async def all(self, workspace_id: int) -> dict[int, tuple[str, ...]]:
        """Member id → networks, for every member who chose some."""
        ...
