"""Surveys, who takes part and the answers — kept apart, with nothing that joins an answer
to a member — and where they are kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

# Results need at least this many answers per question; a programme may ask for more.
MIN_THRESHOLD = 3
TEXT_ANSWER_MAX_CHARS = 1000


class SurveyStatus(Enum):
    """Whether a survey still takes answers."""

    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Survey:
    """One survey sent to the programme's members."""

    id: int
    workspace_id: int
    number: int
    template: str
    threshold: int
    status: SurveyStatus
    created_at: datetime
    closes_at: datetime
    closed_at: datetime | None = None
    questions: str | None = None  # the template as it was when the survey started (JSON)


@dataclass(frozen=True)
class Answer:
    """One answer to one question, with nothing about who gave it or when."""

    question: str
    score: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class Turnout:
    """How many were asked and how many answered."""

    invited: int
    answered: int


class SurveyRepository(Protocol):
    """Surveys; participation (for reminders) and answers stored apart."""

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
        """Store a survey under the workspace's next number with its participants and the
        questions it asks (kept as given)."""
        ...

    async def current(self, workspace_id: int) -> Survey | None:
        """The open survey, if there is one."""
        ...

    async def by_number(self, workspace_id: int, number: int) -> Survey | None: ...

    async def latest_closed(
        self, workspace_id: int, *, template: str | None = None, before: int | None = None
    ) -> Survey | None:
        """The newest closed survey (of ``template``, numbered below ``before``)."""
        ...

    async def close(self, survey_id: int, now: datetime) -> bool:
        """Close an open survey; False if it was closed already."""
        ...

    async def invited(self, survey_id: int, member_id: int) -> bool | None:
        """Whether the member answered already; None if they were not asked."""
        ...

    async def answer(self, survey_id: int, member_id: int, answers: Sequence[Answer]) -> bool:
        """Mark the member as having answered and store the answers, unlinked; False (and
        nothing stored) if they answered already or were not asked."""
        ...

    async def to_remind(self, survey_id: int) -> list[int]:
        """Members who neither answered nor were reminded; they are marked reminded."""
        ...

    async def answers(self, survey_id: int) -> list[Answer]: ...

    async def turnout(self, survey_id: int) -> Turnout: ...
