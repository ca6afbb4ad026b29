"""Drafts, their versions, reviewers and feedback, and the guidelines, on SQLAlchemy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Row, Select, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.drafts.ports import Draft, DraftStatus, DraftVersion, Feedback
from bot.guidelines.check import fold
from bot.guidelines.ports import TermKind
from storage.models import (
    BookingCounterRow,
    DraftFeedbackRequestRow,
    DraftFeedbackRow,
    DraftReviewerRow,
    DraftRow,
    DraftVersionRow,
    GuidelinesRow,
    GuidelineTermRow,
    IdeaRow,
)
from storage.repositories import insert_ignoring_duplicates


async def next_number(session: AsyncSession, workspace_id: int, kind: str) -> int:
    """The workspace's next number for ``kind`` (``draft``, ``post``): one UPDATE …
    RETURNING on the shared counters, so two writers never get the same number."""
    await session.execute(
        insert_ignoring_duplicates(session, BookingCounterRow).values(
            workspace_id=workspace_id, kind=kind, value=0
        )
    )
    result = await session.execute(
        update(BookingCounterRow)
        .where(BookingCounterRow.workspace_id == workspace_id, BookingCounterRow.kind == kind)
        .values(value=BookingCounterRow.value + 1)
        .returning(BookingCounterRow.value)
    )
    return int(result.scalar_one())


_LATEST = (
    select(DraftVersionRow.draft_id, func.max(DraftVersionRow.version).label("version"))
    .group_by(DraftVersionRow.draft_id)
    .subquery("latest")
)


class SqlDraftRepository:
    """Implements ``bot.ports.DraftRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @staticmethod
    def _select() -> Select[DraftRow, int, str, int]:
        return (
            select(DraftRow, DraftVersionRow.version, DraftVersionRow.text, IdeaRow.number)
            .join(_LATEST, _LATEST.c.draft_id == DraftRow.id)
            .join(
                DraftVersionRow,
                (DraftVersionRow.draft_id == DraftRow.id)
                & (DraftVersionRow.version == _LATEST.c.version),
            )
            .outerjoin(IdeaRow, IdeaRow.id == DraftRow.idea_id)
        )

    @staticmethod
    def _draft(found: Row[DraftRow, int, str, int]) -> Draft:
        row, version, text, idea_number = found
        return Draft(
            id=row.id,
            workspace_id=row.workspace_id,
            number=row.number,
            author_id=row.author_id,
            status=DraftStatus(row.status),
            created_at=row.created_at,
            text=text,
            version=version,
            idea_id=row.idea_id,
            idea_number=idea_number,
            discarded_at=row.discarded_at,
            feedback_requested_at=row.feedback_requested_at,
            first_feedback_at=row.first_feedback_at,
        )

    async def _one(self, *where: ColumnElement[bool]) -> Draft | None:
        found = (await self._session.execute(self._select().where(*where))).first()
        return self._draft(found) if found else None

    async def add(
        self, workspace_id: int, author_id: int, text: str, at: datetime, *, idea_id: int | None
    ) -> Draft:
        """A new draft with its first version."""
        row = DraftRow(
            workspace_id=workspace_id,
            number=await next_number(self._session, workspace_id, "draft"),
            author_id=author_id,
            idea_id=idea_id,
            status=DraftStatus.ACTIVE.value,
            created_at=at,
            updated_at=at,
        )
        self._session.add(row)
        await self._session.flush()
        self._session.add(DraftVersionRow(draft_id=row.id, version=1, text=text, created_at=at))
        await self._session.flush()
        draft = await self.get(row.id)
        assert draft is not None
        return draft

    async def by_number(self, workspace_id: int, number: int) -> Draft | None:
        """A draft by the number members type."""
        return await self._one(DraftRow.workspace_id == workspace_id, DraftRow.number == number)

    async def get(self, draft_id: int) -> Draft | None:
        """A draft by internal id."""
        return await self._one(DraftRow.id == draft_id)

    async def by_idea(self, idea_id: int, author_id: int) -> Draft | None:
        """The author's active draft started from the idea."""
        return await self._one(
            DraftRow.idea_id == idea_id,
            DraftRow.author_id == author_id,
            DraftRow.status == DraftStatus.ACTIVE.value,
        )

    async def add_version(self, draft_id: int, text: str, at: datetime) -> int:
        """Insert version max+1; the primary key refuses a version number taken twice."""
        latest = (
            await self._session.execute(
                select(func.max(DraftVersionRow.version)).where(
                    DraftVersionRow.draft_id == draft_id
                )
            )
        ).scalar_one()
        version = int(latest or 0) + 1
        self._session.add(
            DraftVersionRow(draft_id=draft_id, version=version, text=text, created_at=at)
        )
        await self._session.execute(
            update(DraftRow).where(DraftRow.id == draft_id).values(updated_at=at)
        )
        await self._session.flush()
        return version

    async def version(self, draft_id: int, version: int) -> DraftVersion | None:
        """One saved text."""
        row = await self._session.get(DraftVersionRow, (draft_id, version))
        if row is None:
            return None
        return DraftVersion(row.draft_id, row.version, row.text, row.created_at)

    async def of_author(
        self, workspace_id: int, author_id: int | None, statuses: Sequence[DraftStatus]
    ) -> list[Draft]:
        """Newest first."""
        query = self._select().where(
            DraftRow.workspace_id == workspace_id,
            DraftRow.status.in_([s.value for s in statuses]),
        )
        if author_id is not None:
            query = query.where(DraftRow.author_id == author_id)
        rows = await self._session.execute(query.order_by(DraftRow.number.desc()))
        return [self._draft(row) for row in rows]

    async def set_status(self, draft_id: int, status: DraftStatus, at: datetime) -> None:
        """Move the draft on; discarding records when (for the 30 days)."""
        await self._session.execute(
            update(DraftRow)
            .where(DraftRow.id == draft_id)
            .values(
                status=status.value,
                updated_at=at,
                discarded_at=at if status is DraftStatus.DISCARDED else None,
            )
        )

    async def add_reviewer(self, draft_id: int, member_id: int) -> None:
        """Let a colleague read the draft (once)."""
        await self._session.execute(
            insert_ignoring_duplicates(self._session, DraftReviewerRow).values(
                draft_id=draft_id, member_id=member_id
            )
        )

    async def is_reviewer(self, draft_id: int, member_id: int) -> bool:
        """Whether the author asked this member for feedback."""
        return bool(
            (
                await self._session.execute(
                    select(
                        exists().where(
                            DraftReviewerRow.draft_id == draft_id,
                            DraftReviewerRow.member_id == member_id,
                        )
                    )
                )
            ).scalar()
        )

    async def mark_feedback_requested(self, draft_id: int, at: datetime) -> None:
        """Only the first request counts for "time to first feedback"."""
        await self._session.execute(
            update(DraftRow)
            .where(DraftRow.id == draft_id, DraftRow.feedback_requested_at.is_(None))
            .values(feedback_requested_at=at)
        )

    async def ask_for_feedback(
        self, draft_id: int, version: int, reviewer_id: int, at: datetime
    ) -> bool:
        """One request per reviewer and version: the primary key turns a repeat into a
        no-op, even when two requests race."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, DraftFeedbackRequestRow)
            .values(draft_id=draft_id, version=version, reviewer_id=reviewer_id, asked_at=at)
            .returning(DraftFeedbackRequestRow.reviewer_id)
        )
        return result.scalar_one_or_none() is not None

    async def asked_for_feedback(self, draft_id: int, version: int) -> list[int]:
        """In the order they were asked."""
        rows = await self._session.execute(
            select(DraftFeedbackRequestRow.reviewer_id)
            .where(
                DraftFeedbackRequestRow.draft_id == draft_id,
                DraftFeedbackRequestRow.version == version,
            )
            .order_by(DraftFeedbackRequestRow.asked_at, DraftFeedbackRequestRow.reviewer_id)
        )
        return list(rows.scalars())

    async def add_feedback(
        self, draft_id: int, version: int, reviewer_id: int, text: str, at: datetime
    ) -> Feedback:
        """Store feedback; the first one stamps the draft's first feedback time."""
        row = DraftFeedbackRow(
            draft_id=draft_id, version=version, reviewer_id=reviewer_id, text=text, created_at=at
        )
        self._session.add(row)
        await self._session.execute(
            update(DraftRow)
            .where(DraftRow.id == draft_id, DraftRow.first_feedback_at.is_(None))
            .values(first_feedback_at=at)
        )
        await self._session.flush()
        return Feedback(row.id, draft_id, version, reviewer_id, text, at)

    async def feedback(self, draft_id: int) -> list[Feedback]:
        """Oldest first."""
        rows = (
            await self._session.execute(
                select(DraftFeedbackRow)
                .where(DraftFeedbackRow.draft_id == draft_id)
                .order_by(DraftFeedbackRow.created_at, DraftFeedbackRow.id)
            )
        ).scalars()
        return [
            Feedback(
                r.id,
                r.draft_id,
                r.version,
                r.reviewer_id,
                r.text,
                r.created_at,
            )
            for r in rows
        ]


class SqlGuidelineRepository:
    """Implements ``bot.ports.GuidelineRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def text(self, workspace_id: int) -> str | None:
        """The coordinators' guidelines text, if they wrote one."""
        row = await self._session.get(GuidelinesRow, workspace_id)
        return row.text if row and row.text else None

    async def set_text(self, workspace_id: int, text: str, at: datetime) -> None:
        """Replace the text."""
        row = await self._session.get(GuidelinesRow, workspace_id)
        if row is None:
            self._session.add(GuidelinesRow(workspace_id=workspace_id, text=text, updated_at=at))
        else:
            row.text = text
            row.updated_at = at
        await self._session.flush()

    async def terms(self, workspace_id: int, kind: TermKind) -> list[str]:
        """Alphabetical."""
        rows = await self._session.execute(
            select(GuidelineTermRow.term)
            .where(
                GuidelineTermRow.workspace_id == workspace_id, GuidelineTermRow.kind == kind.value
            )
            .order_by(GuidelineTermRow.term_key)
        )
        return list(rows.scalars())

    async def add_term(self, workspace_id: int, kind: TermKind, term: str) -> bool:
        """False if it is there already (the unique key decides)."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, GuidelineTermRow)
            .values(workspace_id=workspace_id, kind=kind.value, term=term, term_key=fold(term))
            .returning(GuidelineTermRow.id)
        )
        return result.scalar_one_or_none() is not None

    async def remove_term(self, workspace_id: int, kind: TermKind, term: str) -> bool:
        """False if it was not there."""
        result = await self._session.execute(
            delete(GuidelineTermRow).where(
                GuidelineTermRow.workspace_id == workspace_id,
                GuidelineTermRow.kind == kind.value,
                GuidelineTermRow.term_key == fold(term),
            )
        )
        return bool(getattr(result, "rowcount", 0))
