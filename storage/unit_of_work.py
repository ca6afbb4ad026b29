"""The unit of work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.awards import SqlAwardRepository
from storage.bookings import (
    SqlBookingRepository,
    SqlCafeRepository,
    SqlCalendarTokenRepository,
    SqlSlotRepository,
)
from storage.cheers import SqlCheerRepository
from storage.drafts import SqlDraftRepository, SqlGuidelineRepository
from storage.jobs import SqlJobLedger, SqlTipRepository
from storage.library import SqlLibraryRepository
from storage.membership import SqlEnrolmentRepository
from storage.mentors import SqlMentorRepository
from storage.notes import SqlNoteLedger
from storage.outbox import SqlOutbox
from storage.posts import SqlPostRepository
from storage.privacy import SqlPrivacyRepository
from storage.repositories import (
    SqlIdeaRepository,
    SqlMemberRepository,
    SqlThemeRepository,
    SqlWorkspaceRepository,
)
from storage.segments import SqlNetworkRepository, SqlSegmentRepository
from storage.stats import SqlStatsRepository
from storage.surveys import SqlSurveyRepository


class SqlUnitOfWork:
    """Implements ``bot.ports.UnitOfWork`` on an AsyncSession."""

    session: AsyncSession

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.workspaces = SqlWorkspaceRepository(self.session)
        self.members = SqlMemberRepository(self.session)
        self.themes = SqlThemeRepository(self.session)
        self.ideas = SqlIdeaRepository(self.session)
        self.cheers = SqlCheerRepository(self.session)
        self.slots = SqlSlotRepository(self.session)
        self.cafes = SqlCafeRepository(self.session)
        self.bookings = SqlBookingRepository(self.session)
        self.calendar_tokens = SqlCalendarTokenRepository(self.session)
        self.outbox = SqlOutbox(self.session)
        self.jobs = SqlJobLedger(self.session)
        self.tips = SqlTipRepository(self.session)
        self.drafts = SqlDraftRepository(self.session)
        self.posts = SqlPostRepository(self.session)
        self.guidelines = SqlGuidelineRepository(self.session)
        self.stats = SqlStatsRepository(self.session)
        self.library = SqlLibraryRepository(self.session)
        self.privacy = SqlPrivacyRepository(self.session)
        self.segments = SqlSegmentRepository(self.session)
        self.networks = SqlNetworkRepository(self.session)
        self.enrolments = SqlEnrolmentRepository(self.session)
        self.mentors = SqlMentorRepository(self.session)
        self.awards = SqlAwardRepository(self.session)
        self.surveys = SqlSurveyRepository(self.session)
        self.notes = SqlNoteLedger(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        """Make everything done so far permanent."""
        await self.session.commit()

    async def rollback(self) -> None:
        """Throw away everything since the last commit."""
        await self.session.rollback()


class SqlUnitOfWorkFactory:
    """A fresh unit of work per command."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)
