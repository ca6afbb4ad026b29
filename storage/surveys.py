"""Pulse surveys on SQLAlchemy: participation and answers in separate tables, unlinked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.surveys.ports import Answer, Survey, SurveyStatus, Turnout
from storage.models import SurveyAnswerRow, SurveyParticipantRow, SurveyRow


def _survey(row: SurveyRow) -> Survey:
    return Survey(
        id=row.id,
        workspace_id=row.workspace_id,
        number=row.number,
        template=row.template,
        threshold=row.threshold,
        status=SurveyStatus(row.status),
        created_at=row.created_at,
        closes_at=row.closes_at,
        closed_at=row.closed_at,
        questions=row.questions,
    )


class SqlSurveyRepository:
    """Implements ``bot.surveys.ports.SurveyRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def start(
        self,
        workspace_id: int,
        template: str,
        threshold: int,
        now: datetime,
        closes_at: datetime,
        member_ids: Sequence[int],
        questions: str,
    ) -> Survey:
        """Numbered after the workspace's newest survey (the unique key guards a race)."""
        s = self._session
        newest = await s.scalar(
            select(func.max(SurveyRow.number)).where(SurveyRow.workspace_id == workspace_id)
        )
        row = SurveyRow(
            workspace_id=workspace_id,
            number=int(newest or 0) + 1,
            template=template,
            threshold=threshold,
            status=SurveyStatus.OPEN.value,
            created_at=now,
            closes_at=closes_at,
            questions=questions,
        )
        s.add(row)
        await s.flush()
        s.add_all(
            SurveyParticipantRow(survey_id=row.id, member_id=m, answered=False, reminded=False)
            for m in member_ids
        )
        await s.flush()
        return _survey(row)

    async def _one(self, *where: object) -> Survey | None:
        row = (
            await self._session.execute(
                select(SurveyRow).where(*where).order_by(SurveyRow.number.desc()).limit(1)  # type: ignore[arg-type]
            )
        ).scalar_one_or_none()
        return _survey(row) if row is not None else None

    async def current(self, workspace_id: int) -> Survey | None:
        """The open survey."""
        return await self._one(
            SurveyRow.workspace_id == workspace_id, SurveyRow.status == SurveyStatus.OPEN.value
        )

    async def by_number(self, workspace_id: int, number: int) -> Survey | None:
        """One survey by its number."""
        return await self._one(SurveyRow.workspace_id == workspace_id, SurveyRow.number == number)

    async def latest_closed(
        self, workspace_id: int, *, template: str | None = None, before: int | None = None
    ) -> Survey | None:
        """The newest closed survey matching the filters."""
        where = [
            SurveyRow.workspace_id == workspace_id,
            SurveyRow.status == SurveyStatus.CLOSED.value,
        ]
        if template is not None:
            where.append(SurveyRow.template == template)
        if before is not None:
            where.append(SurveyRow.number < before)
        return await self._one(*where)

    async def close(self, survey_id: int, now: datetime) -> bool:
        """Only an open survey closes."""
        result = await self._session.execute(
            update(SurveyRow)
            .where(SurveyRow.id == survey_id, SurveyRow.status == SurveyStatus.OPEN.value)
            .values(status=SurveyStatus.CLOSED.value, closed_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def invited(self, survey_id: int, member_id: int) -> bool | None:
        """Whether they answered; None when they were not asked."""
        row = await self._session.get(SurveyParticipantRow, (survey_id, member_id))
        return None if row is None else row.answered

    async def answer(self, survey_id: int, member_id: int, answers: Sequence[Answer]) -> bool:
        """The participant row flips to answered only once; the answers go in apart."""
        s = self._session
        result = await s.execute(
            update(SurveyParticipantRow)
            .where(
                SurveyParticipantRow.survey_id == survey_id,
                SurveyParticipantRow.member_id == member_id,
                SurveyParticipantRow.answered.is_(False),
            )
            .values(answered=True)
        )
        if not getattr(result, "rowcount", 0):
            return False
        s.add_all(
            SurveyAnswerRow(survey_id=survey_id, question=a.question, score=a.score, text=a.text)
            for a in answers
        )
        await s.flush()
        return True

    async def to_remind(self, survey_id: int) -> list[int]:
        """Those still to answer and not reminded, marked reminded now."""
        s = self._session
        waiting = list(
            (
                await s.execute(
                    select(SurveyParticipantRow.member_id)
                    .where(
                        SurveyParticipantRow.survey_id == survey_id,
                        SurveyParticipantRow.answered.is_(False),
                        SurveyParticipantRow.reminded.is_(False),
                    )
                    .order_by(SurveyParticipantRow.member_id)
                )
            ).scalars()
        )
        if waiting:
            await s.execute(
                update(SurveyParticipantRow)
                .where(
                    SurveyParticipantRow.survey_id == survey_id,
                    SurveyParticipantRow.member_id.in_(waiting),
                )
                .values(reminded=True)
            )
        return waiting

    async def answers(self, survey_id: int) -> list[Answer]:
        """Every answer to the survey."""
        rows = (
            await self._session.execute(
                select(SurveyAnswerRow.question, SurveyAnswerRow.score, SurveyAnswerRow.text)
                .where(SurveyAnswerRow.survey_id == survey_id)
                .order_by(SurveyAnswerRow.id)
            )
        ).all()
        return [Answer(q, score, text) for q, score, text in rows]

    async def turnout(self, survey_id: int) -> Turnout:
        """Asked and answered."""
        invited, answered = (
            await self._session.execute(
                select(
                    func.count(),
                    func.count().filter(SurveyParticipantRow.answered.is_(True)),
                ).where(SurveyParticipantRow.survey_id == survey_id)
            )
        ).one()
        return Turnout(int(invited), int(answered or 0))
