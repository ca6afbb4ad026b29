"""The ambassador of the quarter on SQLAlchemy: award quarters, nominations and evidence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.award.ports import (
    AwardQuarter,
    AwardStatus,
    Evidence,
    Nomination,
    PostLink,
    RunnersUpFull,
    RunnerUp,
    RunnerUpStatus,
)
from storage.models import (
    AwardQuarterRow,
    AwardRunnerUpRow,
    CheerRow,
    DraftFeedbackRow,
    DraftRow,
    DraftVersionRow,
    MentorPairingRow,
    NominationRow,
    PostEngagementRow,
    PostRow,
    WorkspaceRow,
)
from storage.repositories import count_holding, insert_ignoring_duplicates


def _award(row: AwardQuarterRow) -> AwardQuarter:
    return AwardQuarter(
        workspace_id=row.workspace_id,
        quarter=row.quarter,
        opened_at=row.opened_at,
        status=AwardStatus(row.status),
        winner_id=row.winner_id,
        citation=row.citation,
        decided_at=row.decided_at,
    )


class SqlAwardRepository:
    """Implements ``bot.award.ports.AwardRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def open_window(self, workspace_id: int, quarter: str, now: datetime) -> bool:
        """Insert the quarter's row; the unique key makes a second opening a no-op."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, AwardQuarterRow)
            .values(
                workspace_id=workspace_id,
                quarter=quarter,
                opened_at=now,
                status=AwardStatus.OPEN.value,
            )
            .returning(AwardQuarterRow.id)
        )
        return result.scalar_one_or_none() is not None

    async def get(self, workspace_id: int, quarter: str) -> AwardQuarter | None:
        """One quarter's award."""
        row = (
            await self._session.execute(
                select(AwardQuarterRow).where(
                    AwardQuarterRow.workspace_id == workspace_id,
                    AwardQuarterRow.quarter == quarter,
                )
            )
        ).scalar_one_or_none()
        return _award(row) if row is not None else None

    async def latest(self, workspace_id: int) -> AwardQuarter | None:
        """The newest quarter opened."""
        found = await self.quarters(workspace_id)
        return found[0] if found else None

    async def quarters(self, workspace_id: int) -> list[AwardQuarter]:
        """Newest first (``YYYY-Qn`` sorts as text)."""
        rows = (
            await self._session.execute(
                select(AwardQuarterRow)
                .where(AwardQuarterRow.workspace_id == workspace_id)
                .order_by(AwardQuarterRow.quarter.desc())
            )
        ).scalars()
        return [_award(r) for r in rows]

    async def decide(
        self,
        workspace_id: int,
        quarter: str,
        winner_id: int,
        citation: str,
        status: AwardStatus,
        now: datetime,
    ) -> bool:
        """Only an open quarter takes a winner, so two coordinators cannot both choose."""
        result = await self._session.execute(
            update(AwardQuarterRow)
            .where(
                AwardQuarterRow.workspace_id == workspace_id,
                AwardQuarterRow.quarter == quarter,
                AwardQuarterRow.status == AwardStatus.OPEN.value,
            )
            .values(winner_id=winner_id, citation=citation, status=status.value, decided_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def set_status(self, workspace_id: int, quarter: str, status: AwardStatus) -> None:
        """Change what became of a chosen winner (announced or kept private)."""
        await self._session.execute(
            update(AwardQuarterRow)
            .where(
                AwardQuarterRow.workspace_id == workspace_id,
                AwardQuarterRow.quarter == quarter,
            )
            .values(status=status.value)
        )

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
        """Insert, or on the unique (quarter, member) key, replace the note. The workspace's
        row, locked (``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already
        serialises writers), keeps two coordinators from both adding the last one."""
        others = await count_holding(
            self._session,
            select(WorkspaceRow.id).where(WorkspaceRow.id == workspace_id),
            AwardRunnerUpRow,
            AwardRunnerUpRow.workspace_id == workspace_id,
            AwardRunnerUpRow.quarter == quarter,
            AwardRunnerUpRow.member_id != member_id,
        )
        if others >= at_most:
            raise RunnersUpFull(quarter)
        inserted = (
            await self._session.execute(
                insert_ignoring_duplicates(self._session, AwardRunnerUpRow)
                .values(
                    workspace_id=workspace_id,
                    quarter=quarter,
                    member_id=member_id,
                    note=note,
                    status=RunnerUpStatus.PENDING.value,
                    added_at=now,
                )
                .returning(AwardRunnerUpRow.id)
            )
        ).scalar_one_or_none()
        if inserted is not None:
            return True
        await self._session.execute(
            update(AwardRunnerUpRow)
            .where(*self._runner_up(workspace_id, quarter, member_id))
            .values(note=note)
        )
        return False

    @staticmethod
    def _runner_up(workspace_id: int, quarter: str, member_id: int) -> tuple[Any, ...]:
        return (
            AwardRunnerUpRow.workspace_id == workspace_id,
            AwardRunnerUpRow.quarter == quarter,
            AwardRunnerUpRow.member_id == member_id,
        )

    async def remove_runner_up(self, workspace_id: int, quarter: str, member_id: int) -> bool:
        """Delete the mention."""
        result = await self._session.execute(
            delete(AwardRunnerUpRow).where(*self._runner_up(workspace_id, quarter, member_id))
        )
        return bool(getattr(result, "rowcount", 0))

    async def runners_up(self, workspace_id: int, quarter: str) -> list[RunnerUp]:
        """In the order added."""
        rows = (
            await self._session.execute(
                select(AwardRunnerUpRow)
                .where(
                    AwardRunnerUpRow.workspace_id == workspace_id,
                    AwardRunnerUpRow.quarter == quarter,
                )
                .order_by(AwardRunnerUpRow.added_at, AwardRunnerUpRow.id)
            )
        ).scalars()
        return [RunnerUp(r.member_id, r.note, RunnerUpStatus(r.status), r.added_at) for r in rows]

    async def set_runner_up_status(
        self, workspace_id: int, quarter: str, member_id: int, status: RunnerUpStatus
    ) -> None:
        """Record whether the runner-up may be named in the channel."""
        await self._session.execute(
            update(AwardRunnerUpRow)
            .where(*self._runner_up(workspace_id, quarter, member_id))
            .values(status=status.value)
        )

    async def nominate(
        self,
        workspace_id: int,
        quarter: str,
        nominator_id: int,
        nominee_id: int,
        reason: str,
        now: datetime,
    ) -> bool:
        """Insert, or on the unique (quarter, nominator, nominee) key, update the reason."""
        inserted = (
            await self._session.execute(
                insert_ignoring_duplicates(self._session, NominationRow)
                .values(
                    workspace_id=workspace_id,
                    quarter=quarter,
                    nominator_id=nominator_id,
                    nominee_id=nominee_id,
                    reason=reason,
                    created_at=now,
                    updated_at=now,
                )
                .returning(NominationRow.id)
            )
        ).scalar_one_or_none()
        if inserted is not None:
            return True
        await self._session.execute(
            update(NominationRow)
            .where(
                NominationRow.workspace_id == workspace_id,
                NominationRow.quarter == quarter,
                NominationRow.nominator_id == nominator_id,
                NominationRow.nominee_id == nominee_id,
            )
            .values(reason=reason, updated_at=now)
        )
        return False

    async def nominations(self, workspace_id: int, quarter: str) -> list[Nomination]:
        """Oldest first."""
        rows = (
            await self._session.execute(
                select(NominationRow)
                .where(NominationRow.workspace_id == workspace_id, NominationRow.quarter == quarter)
                .order_by(NominationRow.created_at, NominationRow.id)
            )
        ).scalars()
        return [
            Nomination(r.nominator_id, r.nominee_id, r.reason, r.created_at, r.updated_at)
            for r in rows
        ]

    async def evidence(
        self, workspace_id: int, member_id: int, start: datetime, end: datetime
    ) -> Evidence:
        """Posts, revised drafts, feedback given, cheers, answers and mentees in
        ``[start, end)``."""
        s = self._session
        posts = (
            await s.execute(
                select(PostRow.number, PostRow.url)
                .where(
                    PostRow.workspace_id == workspace_id,
                    PostRow.author_id == member_id,
                    PostRow.created_at >= start,
                    PostRow.created_at < end,
                )
                .order_by(PostRow.number)
            )
        ).all()
        revised = await s.scalar(
            select(func.count(func.distinct(DraftRow.id)))
            .join(DraftFeedbackRow, DraftFeedbackRow.draft_id == DraftRow.id)
            .join(DraftVersionRow, DraftVersionRow.draft_id == DraftRow.id)
            .where(
                DraftRow.workspace_id == workspace_id,
                DraftRow.author_id == member_id,
                DraftVersionRow.version > DraftFeedbackRow.version,
                DraftVersionRow.created_at > DraftFeedbackRow.created_at,
                DraftVersionRow.created_at >= start,
                DraftVersionRow.created_at < end,
            )
        )
        feedback = await s.scalar(
            select(func.count())
            .select_from(DraftFeedbackRow)
            .join(DraftRow, DraftRow.id == DraftFeedbackRow.draft_id)
            .where(
                DraftRow.workspace_id == workspace_id,
                DraftFeedbackRow.reviewer_id == member_id,
                DraftRow.author_id != member_id,
                DraftFeedbackRow.created_at >= start,
                DraftFeedbackRow.created_at < end,
            )
        )
        cheers = await s.scalar(
            select(func.count())
            .select_from(CheerRow)
            .where(
                CheerRow.workspace_id == workspace_id,
                CheerRow.receiver_id == member_id,
                CheerRow.created_at >= start,
                CheerRow.created_at < end,
            )
        )
        answers = await s.scalar(
            select(func.count())
            .select_from(PostEngagementRow)
            .join(PostRow, PostRow.id == PostEngagementRow.post_id)
            .where(
                PostRow.workspace_id == workspace_id,
                PostRow.author_id == member_id,
                PostEngagementRow.member_id != member_id,
                PostEngagementRow.created_at >= start,
                PostEngagementRow.created_at < end,
            )
        )
        mentored = (
            await s.execute(
                select(MentorPairingRow.mentee_id, MentorPairingRow.met).where(
                    MentorPairingRow.workspace_id == workspace_id,
                    MentorPairingRow.mentor_id == member_id,
                    MentorPairingRow.started_at < end,
                    or_(MentorPairingRow.ended_at.is_(None), MentorPairingRow.ended_at > start),
                )
            )
        ).all()
        return Evidence(
            posts=tuple(PostLink(number, url) for number, url in posts),
            revised_drafts=int(revised or 0),
            feedback_given=int(feedback or 0),
            cheers_received=int(cheers or 0),
            answers=int(answers or 0),
            mentees=len({mentee for mentee, _ in mentored}),
            mentees_met=len({mentee for mentee, met in mentored if met}),
        )
