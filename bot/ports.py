"""What the core needs from the outside world, as Protocols: the shared ones, and the unit of work
that gathers every capability's repositories.

``storage/`` implements them on SQLAlchemy; ``tests/fakes/`` implements them in memory.
Services only ever see these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.award.ports import AwardRepository
from bot.bookings.ports import (
    BookingRepository,
    CafeRepository,
    CalendarTokenRepository,
    SlotRepository,
)
from bot.cheers.ports import CheerRepository
from bot.drafts.ports import DraftRepository
from bot.guidelines.ports import GuidelineRepository
from bot.ideas.ports import IdeaRepository
from bot.jobs.ports import JobLedger
from bot.library.ports import LibraryRepository
from bot.membership.ports import EnrolmentRepository
from bot.mentors.ports import MentorRepository
from bot.model import Member, Platform, Role, Workspace
from bot.outbox import Outbox
from bot.posts.ports import PostRepository
from bot.privacy.ports import PrivacyRepository
from bot.programme.ports import ThemeRepository
from bot.rhythm.ports import TipRepository
from bot.segments.ports import NetworkRepository, SegmentRepository
from bot.stats.ports import StatsRepository
from bot.surveys.ports import SurveyRepository


class Clock(Protocol):
    """Now, as an aware UTC datetime."""

    def now(self) -> datetime: ...


@dataclass(frozen=True)
class Person:
    """Someone the platform knows, as its member directory describes them."""

    user_id: str
    display_name: str
    locale: str | None = None  # a hint: the language the platform speaks to them


class Directory(Protocol):
    """The platform's people in one workspace (Slack ``users.info``, Teams conversation
    members, the console's names): asked about colleagues Chorus has not met yet, and for
    fresh display names."""

    async def person(self, user_id: str) -> Person | None:
        """Who ``user_id`` is; None when the platform knows no such person."""
        ...

    async def named(self, name: str) -> Person | None:
        """Someone by name alone (only where names are ids, as in the console)."""
        ...


class WorkspaceRepository(Protocol):
    """Programmes, one per platform workspace."""

    async def get_or_add(
        self, platform: Platform, external_id: str, *, locale: str, timezone: str
    ) -> tuple[Workspace, bool]:
        """The workspace, created with these defaults on first contact; True if new."""
        ...

    async def with_member(
        self, platform: Platform, external_id: str, member_external_id: str
    ) -> tuple[Workspace, Member | None] | None:
        """A known workspace with its member of that platform id (None if not one yet),
        in one read; None for a workspace not met before."""
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


class NoteLedger(Protocol):
    """The private notes Chorus sent to colleagues on a member's behalf: how many and when
    (for the hourly cap), and about what (so some news is told only once)."""

    async def record(
        self, workspace_id: int, sender_id: int, count: int, at: datetime, *, about: str | None
    ) -> None:
        """Remember that ``count`` notes went out for ``sender_id`` at ``at``."""
        ...

    async def sent_since(self, sender_id: int, since: datetime) -> list[tuple[datetime, int]]:
        """(when, how many) of the notes sent for ``sender_id`` after ``since``, oldest
        first."""
        ...

    async def told_since(self, sender_id: int, about: str, since: datetime) -> bool:
        """Whether a note ``about`` this went out for ``sender_id`` from ``since`` on."""
        ...


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

    @property
    def stats(self) -> StatsRepository: ...

    @property
    def library(self) -> LibraryRepository: ...

    @property
    def privacy(self) -> PrivacyRepository: ...

    @property
    def segments(self) -> SegmentRepository: ...

    @property
    def networks(self) -> NetworkRepository: ...

    @property
    def enrolments(self) -> EnrolmentRepository: ...

    @property
    def mentors(self) -> MentorRepository: ...

    @property
    def awards(self) -> AwardRepository: ...

    @property
    def surveys(self) -> SurveyRepository: ...

    @property
    def notes(self) -> NoteLedger: ...

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
