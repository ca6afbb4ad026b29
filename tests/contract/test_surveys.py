"""The survey repository on every store: numbering, one answer per member, reminders once,
turnout, and erasure that leaves the anonymous answers alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import Platform, Role
from bot.ports import UnitOfWorkFactory
from bot.surveys.ports import Answer, SurveyStatus, Turnout

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KEPT = '{"name": "pulse", "questions": []}'  # what the core keeps is opaque to the store


async def _survey(store: UnitOfWorkFactory) -> tuple[int, int, int, int]:
    async with store() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        ann = await uow.members.add(workspace.id, "U1", "ann", Role.AMBASSADOR)
        ben = await uow.members.add(workspace.id, "U2", "ben", Role.AMBASSADOR)
        survey = await uow.surveys.start(
            workspace.id, "pulse", 5, NOW, NOW + timedelta(days=7), [ann.id, ben.id], KEPT
        )
        await uow.commit()
    return workspace.id, survey.id, ann.id, ben.id


async def test_a_member_answers_once_and_reminders_go_once(store: UnitOfWorkFactory) -> None:
    _, survey, ann, ben = await _survey(store)
    async with store() as uow:
        assert await uow.surveys.invited(survey, ann) is False
        assert await uow.surveys.answer(survey, ann, [Answer("rating", score=8)])
        assert not await uow.surveys.answer(survey, ann, [Answer("rating", score=2)])
        assert await uow.surveys.invited(survey, ann) is True
        assert await uow.surveys.to_remind(survey) == [ben]
        assert await uow.surveys.to_remind(survey) == []
        await uow.commit()
    async with store() as uow:
        assert await uow.surveys.answers(survey) == [Answer("rating", score=8)]
        assert await uow.surveys.turnout(survey) == Turnout(2, 1)
        assert await uow.surveys.invited(survey, 999_999) is None


async def test_surveys_are_numbered_and_closed_once(store: UnitOfWorkFactory) -> None:
    ws, survey, ann, _ = await _survey(store)
    async with store() as uow:
        current = await uow.surveys.current(ws)
        assert current is not None and current.number == 1
        assert await uow.surveys.close(survey, NOW)
        assert not await uow.surveys.close(survey, NOW)
        second = await uow.surveys.start(
            ws, "yearly", 3, NOW, NOW + timedelta(days=7), [ann], '{"yearly": "æøå"}'
        )
        await uow.commit()
    async with store() as uow:
        assert second.number == 2
        closed = await uow.surveys.latest_closed(ws, template="pulse", before=3)
        assert closed is not None and closed.status is SurveyStatus.CLOSED
        assert await uow.surveys.latest_closed(ws, template="yearly") is None
        found = await uow.surveys.by_number(ws, 2)
        assert found is not None and found.template == "yearly" and found.threshold == 3
        assert found.questions == '{"yearly": "æøå"}'  # kept as given
        assert current.questions == KEPT


async def test_export_says_who_took_part_and_erasure_keeps_the_answers(
    store: UnitOfWorkFactory,
) -> None:
    _, survey, ann, _ = await _survey(store)
    async with store() as uow:
        await uow.surveys.answer(survey, ann, [Answer("help", text="More time to write")])
        await uow.commit()
    async with store() as uow:
        data = await uow.privacy.collect(ann)
        assert data["surveys"] == [{"number": 1, "template": "pulse", "answered": True}]
        assert "More time to write" not in str(data)
        await uow.privacy.erase(ann, now=NOW)
        await uow.commit()
    async with store() as uow:
        assert await uow.surveys.answers(survey) == [Answer("help", text="More time to write")]
        assert await uow.surveys.turnout(survey) == Turnout(1, 0)
