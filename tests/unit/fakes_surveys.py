"""In-memory fake of the survey port: participation and answers kept apart, like SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.surveys.ports import Answer, Survey, SurveyStatus, Turnout


@dataclass
class FakeSurveyState:
    """Surveys, who was asked (answered, reminded) and the anonymous answers."""

    surveys: dict[int, Survey] = field(default_factory=dict)
    participants: dict[tuple[int, int], tuple[bool, bool]] = field(default_factory=dict)
    answers: list[tuple[int, Answer]] = field(default_factory=list)
    next_id: int = 0


class FakeSurveys:
    def __init__(self, state: FakeSurveyState) -> None:
        self.s = state

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
        self.s.next_id += 1
        number = 1 + max(
            (x.number for x in self.s.surveys.values() if x.workspace_id == workspace_id),
            default=0,
        )
        survey = Survey(
            self.s.next_id,
            workspace_id,
            number,
            template,
            threshold,
            SurveyStatus.OPEN,
            now,
            closes_at,
            questions=questions,
        )
        self.s.surveys[survey.id] = survey
        for member_id in member_ids:
            self.s.participants[(survey.id, member_id)] = (False, False)
        return survey

    async def current(self, workspace_id: int) -> Survey | None:
        found = [
            x
            for x in self.s.surveys.values()
            if x.workspace_id == workspace_id and x.status is SurveyStatus.OPEN
        ]
        return max(found, key=lambda x: x.number, default=None)

    async def by_number(self, workspace_id: int, number: int) -> Survey | None:
        return next(
            (
                x
                for x in self.s.surveys.values()
                if x.workspace_id == workspace_id and x.number == number
            ),
            None,
        )

    async def latest_closed(
        self, workspace_id: int, *, template: str | None = None, before: int | None = None
    ) -> Survey | None:
        found = [
            x
            for x in self.s.surveys.values()
            if x.workspace_id == workspace_id
            and x.status is SurveyStatus.CLOSED
            and (template is None or x.template == template)
            and (before is None or x.number < before)
        ]
        return max(found, key=lambda x: x.number, default=None)

    async def close(self, survey_id: int, now: datetime) -> bool:
        survey = self.s.surveys[survey_id]
        if survey.status is SurveyStatus.CLOSED:
            return False
        self.s.surveys[survey_id] = replace(survey, status=SurveyStatus.CLOSED, closed_at=now)
        return True

    async def invited(self, survey_id: int, member_id: int) -> bool | None:
        found = self.s.participants.get((survey_id, member_id))
        return None if found is None else found[0]

    async def answer(self, survey_id: int, member_id: int, answers: Sequence[Answer]) -> bool:
        found = self.s.participants.get((survey_id, member_id))
        if found is None or found[0]:
            return False
        self.s.participants[(survey_id, member_id)] = (True, found[1])
        self.s.answers += [(survey_id, a) for a in answers]
        return True

    async def to_remind(self, survey_id: int) -> list[int]:
        waiting = sorted(
            m
            for (s, m), (answered, reminded) in self.s.participants.items()
            if s == survey_id and not answered and not reminded
        )
        for member_id in waiting:
            self.s.participants[(survey_id, member_id)] = (False, True)
        return waiting

    async def answers(self, survey_id: int) -> list[Answer]:
        return [a for s, a in self.s.answers if s == survey_id]

    async def turnout(self, survey_id: int) -> Turnout:
        mine = [v for (s, _), v in self.s.participants.items() if s == survey_id]
        return Turnout(len(mine), sum(1 for answered, _ in mine if answered))
