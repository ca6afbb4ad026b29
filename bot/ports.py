"""What the core needs from the outside world, as Protocols.

``storage/`` implements them on SQLAlchemy; ``tests/unit/fakes.py`` implements them in
memory. Services only ever see these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.model import (
    Booking,
    BookingDetail,
    BookingStatus,
    Cafe,
    CalendarToken,
    Cheer,
    Draft,
    DraftStatus,
    DraftVersion,
    Engagement,
    Feedback,
    Idea,
    IdeaStatus,
    Member,
    NewCafe,
    NewCheer,
    NewIdea,
    NewPost,
    NewSlot,
    Outgoing,
    Platform,
    Post,
    Role,
    Slot,
    SlotSeries,
    TermKind,
    Theme,
    Workspace,
)


class Clock(Protocol):
    """Now, as an aware UTC datetime."""

    def now(self) -> datetime: ...


class WorkspaceRepository(Protocol):
    """Programmes, one per platform workspace."""

    async def get_or_add(
        self, platform: Platform, external_id: str, *, locale: str, timezone: str
    ) -> tuple[Workspace, bool]:
        """The workspace, created with these defaults on first contact; True if new."""
        ...

    async def save(self, workspace: Workspace) -> None: ...

    async def get(self, workspace_id: int) -> Workspace | None: ...

    async def all(self) -> list[Workspace]: ...


class MemberRepository(Protocol):
    """Members of one workspace."""

    async def get(self, member_id: int) -> Member | None: ...

    async def by_external_id(self, workspace_id: int, external_id: str) -> Member | None: ...

    async def by_name(self, workspace_id: int, name: str) -> list[Member]: ...

    async def add(
        self, workspace_id: int, external_id: str, display_name: str, role: Role
    ) -> Member: ...

    async def save(self, member: Member) -> None: ...

    async def with_role(self, workspace_id: int, role: Role) -> list[Member]: ...

    async def all(self, workspace_id: int) -> list[Member]: ...


class ThemeRepository(Protocol):
    """Programme themes."""

    async def list(self, workspace_id: int) -> list[Theme]: ...

    async def add(self, workspace_id: int, name: str) -> Theme:
        """Add a theme; raises StoreConflict if one with the same key exists."""
        ...

    async def remove(self, theme_id: int) -> None: ...


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


class CheerRepository(Protocol):
    """Cheers between members."""

    async def add(self, cheer: NewCheer) -> bool:
        """Store a cheer; False if the giver already cheered that message (same source)."""
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


class JobLedger(Protocol):
    """Which scheduled fires happened, and coordinators' changes to schedules."""

    async def claim(
        self,
        job: str,
        workspace_id: int,
        fire_time: datetime,
        status: str,
        detail: str | None = None,
    ) -> bool:
        """Record a fire; False if this (job, workspace, fire time) was recorded before.
        The database's key makes this the exactly-once gate across replicas."""
        ...

    async def last_fire(self, job: str, workspace_id: int) -> datetime | None: ...

    async def fires_since(
        self, workspace_id: int, since: datetime
    ) -> list[tuple[str, datetime, str]]:
        """(job, fire time, status) of fires at or after ``since``, newest first."""
        ...

    async def schedule(self, workspace_id: int, job: str) -> tuple[str | None, bool] | None:
        """A coordinator's (cron, paused) for the job, if they changed it."""
        ...

    async def set_schedule(
        self, workspace_id: int, job: str, cron: str | None, paused: bool
    ) -> None: ...


class TipRepository(Protocol):
    """Coordinators' tips for the weekly digest."""

    async def list(self, workspace_id: int) -> list[tuple[int, str]]: ...

    async def add(self, workspace_id: int, text: str) -> int: ...

    async def remove(self, workspace_id: int, tip_id: int) -> bool: ...


class Outbox(Protocol):
    """Messages that are not the direct answer to a request, delivered by a worker."""

    async def enqueue(self, outgoing: Outgoing) -> bool:
        """Queue a message; a keyed channel post replaces its older undelivered versions.
        False if a message with the same dedupe key was queued before."""
        ...

    async def undelivered(
        self, workspace_id: int, *, limit: int
    ) -> list[tuple[str, str, datetime]]:
        """Messages given up on, newest first: (target, last error, queued at)."""
        ...


class SlotRepository(Protocol):
    """Drop-in feedback slots and the series they were published in."""

    async def add_series(
        self, workspace_id: int, coordinator_id: int, created_at: datetime
    ) -> SlotSeries:
        """Store a series under the workspace's next series number."""
        ...

    async def series_by_number(self, workspace_id: int, number: int) -> SlotSeries | None: ...

    async def add(self, slot: NewSlot) -> Slot:
        """Store a slot under the workspace's next slot number."""
        ...

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Slot | None:
        """A slot by the number members see. ``lock`` holds it (shared) until the end of the
        transaction, so it cannot be cancelled while a booking for it is being made."""
        ...

    async def get(self, slot_id: int) -> Slot | None: ...

    async def overlapping(
        self, coordinator_id: int, starts_at: datetime, ends_at: datetime
    ) -> list[Slot]:
        """The coordinator's open slots that share a moment with the range."""
        ...

    async def upcoming(
        self,
        workspace_id: int,
        *,
        after: datetime,
        free_only: bool = False,
        series_id: int | None = None,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[Slot], int]:
        """Open slots starting after ``after``, soonest first, and how many match."""
        ...

    async def cancel(self, slot_id: int, note: str | None, at: datetime) -> bool:
        """Cancel an open slot; False if it was already cancelled."""
        ...


class CafeRepository(Protocol):
    """Writing cafés and their seat counters."""

    async def add(self, cafe: NewCafe) -> Cafe:
        """Store a café under the workspace's next café number."""
        ...

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Cafe | None:
        """A café by number. ``lock`` holds its row until the end of the transaction, so
        seat changes at one café happen one after another."""
        ...

    async def get(self, cafe_id: int) -> Cafe | None: ...

    async def upcoming(self, workspace_id: int, *, after: datetime, limit: int) -> list[Cafe]:
        """Open cafés starting after ``after``, soonest first."""
        ...

    async def take_seat(self, cafe_id: int) -> bool:
        """Take one seat if one is free (a conditional update, never beyond capacity)."""
        ...

    async def release_seat(self, cafe_id: int) -> None:
        """Give one seat back."""
        ...

    async def cancel(self, cafe_id: int, note: str | None, at: datetime) -> bool:
        """Cancel an open café; False if it was already cancelled."""
        ...


class BookingRepository(Protocol):
    """Bookings of slots and café seats. The database allows one active booking per slot
    and one active or waiting booking per member and café."""

    async def add_for_slot(
        self, workspace_id: int, slot_id: int, member_id: int, at: datetime
    ) -> Booking | None:
        """Book the slot; None if it already has an active booking (someone was quicker)."""
        ...

    async def add_for_cafe(
        self,
        workspace_id: int,
        cafe_id: int,
        member_id: int,
        status: BookingStatus,
        at: datetime,
    ) -> Booking | None:
        """A seat (ACTIVE) or a waitlist place (WAITING); None if the member already has one."""
        ...

    async def get(self, booking_id: int) -> Booking | None: ...

    async def active_for_slot(self, slot_id: int) -> Booking | None: ...

    async def for_cafe(
        self, cafe_id: int, statuses: Sequence[BookingStatus], *, member_id: int | None = None
    ) -> list[Booking]:
        """A café's bookings in these statuses, first come first."""
        ...

    async def set_status(
        self, booking_id: int, status: BookingStatus, at: datetime, *, expected: BookingStatus
    ) -> bool:
        """Move a booking on, only from ``expected``; False if it had moved already."""
        ...

    async def set_draft(self, booking_id: int, draft: str | None) -> None: ...

    async def of_member(
        self, member_id: int, *, ends_after: datetime, statuses: Sequence[BookingStatus]
    ) -> list[BookingDetail]:
        """A member's bookings that have not ended, soonest first."""
        ...

    async def starting_between(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: Sequence[BookingStatus],
        workspace_id: int | None = None,
    ) -> list[BookingDetail]:
        """Bookings whose slot or café starts in ``[start, end)``, soonest first."""
        ...

    async def hosted_by(self, host_id: int, *, ends_after: datetime) -> list[BookingDetail]:
        """Active bookings of the slots and cafés a coordinator hosts, soonest first."""
        ...


class CalendarTokenRepository(Protocol):
    """Calendar links. Only a SHA-256 of each token is stored, so a copy of the database
    opens nobody's calendar."""

    async def add(
        self, token_hash: str, member_id: int, booking_id: int | None, created_at: datetime
    ) -> None: ...

    async def find(self, token_hash: str) -> CalendarToken | None: ...

    async def feed_issued_at(self, member_id: int) -> datetime | None:
        """When the member's current feed link was issued, if they have one."""
        ...

    async def revoke_all(self, member_id: int) -> int:
        """Forget every calendar link of the member; returns how many there were."""
        ...


class DraftRepository(Protocol):
    """Private drafts and their versions, reviewers and feedback."""

    async def add(
        self, workspace_id: int, author_id: int, text: str, at: datetime, *, idea_id: int | None
    ) -> Draft:
        """Store a new draft (version 1) under the workspace's next draft number."""
        ...

    async def by_number(self, workspace_id: int, number: int) -> Draft | None: ...

    async def get(self, draft_id: int) -> Draft | None: ...

    async def by_idea(self, idea_id: int, author_id: int) -> Draft | None:
        """The author's active draft started from this idea, if any."""
        ...

    async def add_version(self, draft_id: int, text: str, at: datetime) -> int:
        """Save a new version (never overwriting one); returns its number."""
        ...

    async def version(self, draft_id: int, version: int) -> DraftVersion | None: ...

    async def of_author(
        self, workspace_id: int, author_id: int | None, statuses: Sequence[DraftStatus]
    ) -> list[Draft]:
        """Drafts (of one author, or everyone's with None), newest first."""
        ...

    async def set_status(self, draft_id: int, status: DraftStatus, at: datetime) -> None: ...

    async def add_reviewer(self, draft_id: int, member_id: int) -> None: ...

    async def is_reviewer(self, draft_id: int, member_id: int) -> bool: ...

    async def mark_feedback_requested(self, draft_id: int, at: datetime) -> None:
        """Record the first request for feedback (later requests keep the first time)."""
        ...

    async def add_feedback(
        self, draft_id: int, version: int, reviewer_id: int, text: str, at: datetime
    ) -> Feedback:
        """Store feedback; the draft's first feedback time is recorded with the first."""
        ...

    async def feedback(self, draft_id: int) -> list[Feedback]:
        """All feedback on a draft, oldest first."""
        ...


class PostRepository(Protocol):
    """Announced posts and the likes, comments and shares members report."""

    async def add(self, post: NewPost) -> Post | None:
        """Store a post under the next number; None if its URL was announced before."""
        ...

    async def by_number(self, workspace_id: int, number: int) -> Post | None: ...

    async def by_url_key(self, workspace_id: int, url_key: str) -> Post | None: ...

    async def engage(self, post_id: int, member_id: int, kind: Engagement, at: datetime) -> bool:
        """Count the member once per kind; False if they were counted already."""
        ...

    async def disengage(self, post_id: int, member_id: int, kind: Engagement) -> bool: ...

    async def published_between(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[Post]:
        """Posts announced in ``[start, end)``, oldest first."""
        ...


class GuidelineRepository(Protocol):
    """The programme's guidelines text and the terms its drafts are checked for."""

    async def text(self, workspace_id: int) -> str | None: ...

    async def set_text(self, workspace_id: int, text: str, at: datetime) -> None: ...

    async def terms(self, workspace_id: int, kind: TermKind) -> list[str]: ...

    async def add_term(self, workspace_id: int, kind: TermKind, term: str) -> bool:
        """False if the term (compared case- and accent-insensitively) is there already."""
        ...

    async def remove_term(self, workspace_id: int, kind: TermKind, term: str) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction: leaving the block without ``commit()`` rolls everything back."""

    @property
    def workspaces(self) -> WorkspaceRepository: ...

    @property
    def members(self) -> MemberRepository: ...

    @property
    def themes(self) -> ThemeRepository: ...

    @property
    def ideas(self) -> IdeaRepository: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def jobs(self) -> JobLedger: ...

    @property
    def tips(self) -> TipRepository: ...

    @property
    def cheers(self) -> CheerRepository: ...

    @property
    def slots(self) -> SlotRepository: ...

    @property
    def cafes(self) -> CafeRepository: ...

    @property
    def bookings(self) -> BookingRepository: ...

    @property
    def calendar_tokens(self) -> CalendarTokenRepository: ...

    @property
    def drafts(self) -> DraftRepository: ...

    @property
    def posts(self) -> PostRepository: ...

    @property
    def guidelines(self) -> GuidelineRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Makes a fresh unit of work per command."""

    def __call__(self) -> UnitOfWork: ...
