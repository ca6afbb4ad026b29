"""Taking part in the programme: seats, the waiting list, offers of freed seats, and each
newcomer's onboarding progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol


class EnrolmentStatus(Enum):
    """Where a member stands with the programme."""

    ACTIVE = "active"  # has a seat
    WAITING = "waiting"  # on the waiting list
    OFFERED = "offered"  # offered a freed seat, which is held for them until the deadline
    LEFT = "left"  # left the programme or the waiting list


# Statuses that hold one of the programme's seats.
SEATED = (EnrolmentStatus.ACTIVE, EnrolmentStatus.OFFERED)


@dataclass
class Enrolment:
    """One member's time with the programme, from asking to join until leaving. Each
    join starts a new one, so past periods stay as they were."""

    id: int
    workspace_id: int
    member_id: int
    status: EnrolmentStatus
    requested_at: datetime
    rank: int = 0  # place on the waiting list: lower comes first
    joined_at: datetime | None = None
    left_at: datetime | None = None
    offer_expires_at: datetime | None = None
    onboarding_step: int = 0  # onboarding steps sent so far
    onboarding_done: bool = False


class EnrolmentRepository(Protocol):
    """Enrolments and the programme's seat count."""

    async def current(self, member_id: int) -> Enrolment | None:
        """The member's enrolment that has not ended."""
        ...

    async def add(
        self, workspace_id: int, member_id: int, status: EnrolmentStatus, at: datetime
    ) -> Enrolment:
        """A new enrolment (a waiting one goes to the end of the list); StoreConflict if
        the member already has one that has not ended."""
        ...

    async def take_seat(self, workspace_id: int, capacity: int | None) -> bool:
        """Take a seat if fewer than ``capacity`` are taken (None: always), in one
        conditional write, so two members can never take the last seat."""
        ...

    async def force_seat(self, workspace_id: int) -> None:
        """Take a seat whatever the capacity (a coordinator's decision)."""
        ...

    async def free_seat(self, workspace_id: int) -> None:
        """Give a seat back."""
        ...

    async def seats_taken(self, workspace_id: int) -> int: ...

    async def move(
        self,
        enrolment_id: int,
        *,
        expect: EnrolmentStatus,
        status: EnrolmentStatus,
        at: datetime,
        offer_expires_at: datetime | None = None,
        offer_valid_at: datetime | None = None,
    ) -> bool:
        """Change the status only if it still is ``expect`` (and, with ``offer_valid_at``,
        the offer has not expired by then); False if something else got there first."""
        ...

    async def waiting(self, workspace_id: int) -> list[Enrolment]:
        """The waiting list (waiting or offered), first in line first."""
        ...

    async def set_rank(self, enrolment_id: int, rank: int) -> None: ...

    async def to_back(self, enrolment_id: int) -> None:
        """Put a waiting member at the end of the list."""
        ...

    async def active(self, workspace_id: int) -> list[Enrolment]:
        """Members with a seat, who joined first first."""
        ...

    async def expired_offers(self, workspace_id: int, now: datetime) -> list[Enrolment]: ...

    async def save_onboarding(self, enrolment_id: int, step: int, done: bool) -> None: ...

    async def left_between(self, workspace_id: int, start: datetime, end: datetime) -> int:
        """How many members with a seat left the programme in ``[start, end)``."""
        ...

    async def periods(self, workspace_id: int, start: datetime, end: datetime) -> list[Enrolment]:
        """Every enrolment that held a seat at some time in ``[start, end)``."""
        ...
