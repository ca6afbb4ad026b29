"""Nominations, the award of each quarter and the evidence behind a candidate, and where they
are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from bot.errors import StoreConflict

# A nomination's reason: long enough to say something about the person, short enough to read.
REASON_MIN_CHARS = 20
REASON_MAX_CHARS = 1000
CITATION_MAX_CHARS = 1000
# Runner-up mentions: a few, so they stay a mention and do not become a ranking.
RUNNERS_UP_MAX = 3
RUNNER_UP_NOTE_MAX_CHARS = 300


class RunnersUpFull(StoreConflict):
    """The quarter has as many runners-up as there can be."""


class AwardStatus(Enum):
    """Where a quarter's award stands."""

    OPEN = "open"  # nominations window opened, no winner chosen yet
    ASKED = "asked"  # a winner who keeps cheers private was asked before any announcement
    ANNOUNCED = "announced"  # announced in the ambassador channel
    PRIVATE = "private"  # chosen, and (by the winner's wish or without a channel) not announced


@dataclass(frozen=True)
class AwardQuarter:
    """One quarter's award: when its nominations window opened and whom it went to."""

    workspace_id: int
    quarter: str  # ``2026-Q4``
    opened_at: datetime
    status: AwardStatus = AwardStatus.OPEN
    winner_id: int | None = None  # None after the winner was erased: "a former member"
    citation: str | None = None
    decided_at: datetime | None = None


class RunnerUpStatus(Enum):
    """Whether a runner-up may be named in the channel."""

    PENDING = "pending"  # noted before the winner is picked
    NAMED = "named"  # named with the announcement (public cheers, or they said yes)
    ASKED = "asked"  # keeps cheers private: asked before their name goes to the channel
    PRIVATE = "private"  # not named in the channel (their wish, or no channel)


@dataclass(frozen=True)
class RunnerUp:
    """A member the coordinators mention alongside the quarter's winner, with a short note."""

    member_id: int
    note: str
    status: RunnerUpStatus
    added_at: datetime


@dataclass(frozen=True)
class Nomination:
    """One member's nomination of a colleague for one quarter."""

    nominator_id: int
    nominee_id: int
    reason: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PostLink:
    """A post a candidate announced, as its link."""

    number: int
    url: str


@dataclass(frozen=True)
class Evidence:
    """What a candidate did in the quarter, for the coordinators' judgement. ``answers`` (the
    likes, comments and shares colleagues reported) is only shown when asked for."""

    posts: tuple[PostLink, ...]
    revised_drafts: int  # drafts saved again after someone gave feedback on them
    feedback_given: int  # feedback given on colleagues' drafts
    cheers_received: int
    answers: int
    mentees: int = 0  # newcomers they mentored: pairings that ran during the quarter
    mentees_met: int = 0  # of those, pairings where the two confirmed they met


class AwardRepository(Protocol):
    """Award quarters, nominations and a candidate's evidence."""

    async def open_window(self, workspace_id: int, quarter: str, now: datetime) -> bool:
        """Open the quarter's nominations window; False if it was open already."""
        ...

    async def get(self, workspace_id: int, quarter: str) -> AwardQuarter | None: ...

    async def latest(self, workspace_id: int) -> AwardQuarter | None:
        """The newest quarter whose window was opened."""
        ...

    async def quarters(self, workspace_id: int) -> list[AwardQuarter]:
        """Every quarter whose window was opened, newest first."""
        ...

    async def decide(
        self,
        workspace_id: int,
        quarter: str,
        winner_id: int,
        citation: str,
        status: AwardStatus,
        now: datetime,
    ) -> bool:
        """Record the winner; False (and nothing changed) if the quarter has one already."""
        ...

    async def set_status(self, workspace_id: int, quarter: str, status: AwardStatus) -> None: ...

    async def add_runner_up(
        self,
        workspace_id: int,
        quarter: str,
        member_id: int,
        note: str,
        now: datetime,
        *,
        at_most: int,
    ) -> bool:
        """Mention the member as a runner-up of the quarter (pending), or replace the note of
        an earlier mention; True if it is new. RunnersUpFull if the quarter has ``at_most``
        others already (decided under a lock: two coordinators adding at once cannot pass
        the limit together)."""
        ...

    async def remove_runner_up(self, workspace_id: int, quarter: str, member_id: int) -> bool:
        """Take the mention back; False if there was none."""
        ...

    async def runners_up(self, workspace_id: int, quarter: str) -> list[RunnerUp]:
        """The quarter's runners-up, in the order they were added."""
        ...

    async def set_runner_up_status(
        self, workspace_id: int, quarter: str, member_id: int, status: RunnerUpStatus
    ) -> None: ...

    async def nominate(
        self,
        workspace_id: int,
        quarter: str,
        nominator_id: int,
        nominee_id: int,
        reason: str,
        now: datetime,
    ) -> bool:
        """Store a nomination, or replace the reason of the nominator's earlier one for the
        same colleague and quarter; True if it is new."""
        ...

    async def nominations(self, workspace_id: int, quarter: str) -> list[Nomination]:
        """The quarter's nominations, oldest first."""
        ...

    async def evidence(
        self, workspace_id: int, member_id: int, start: datetime, end: datetime
    ) -> Evidence:
        """What the member did in ``[start, end)``."""
        ...
