"""The facts the figures are computed from, and where they are kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Protocol


class Contribution(Enum):
    """What counts as taking part: one of these in a period makes a member active."""

    IDEA = "idea"  # an idea parked
    DRAFT = "draft"  # a draft version saved
    FEEDBACK = "feedback"  # feedback given on a colleague's draft
    POST = "post"  # a post announced
    ANSWER = "answer"  # a like, comment or share answered on a colleague's post
    CHEER = "cheer"  # a cheer given
    BOOKING = "booking"  # a feedback slot or café seat booked

    # Members are compared by identity, so their identity hashes them: Enum's own hash is a
    # Python call, and a quarter's figures key some ten thousand counts by kind.
    __hash__ = object.__hash__


@dataclass(frozen=True)
class Headcount:
    """One day's snapshot: enrolled at the end of the day, joined and left that day."""

    day: date
    enrolled: int
    joined: int
    departed: int = 0

    @property
    def at_start(self) -> int:
        """Enrolled when the day began."""
        return self.enrolled - self.joined + self.departed


@dataclass(frozen=True)
class PostFact:
    """An announced post and the answers (likes, comments, shares) it got in Chorus."""

    author_id: int
    network: str
    created_at: datetime
    answers: int


@dataclass(frozen=True)
class IdeaFact:
    """An idea parked in the period and how far it got: claimed, drafted, published."""

    author_id: int
    created_at: datetime
    claimed: bool
    themes: tuple[str, ...]
    drafted_at: datetime | None
    published_at: datetime | None


@dataclass(frozen=True)
class IdeaSteps:
    """How far a group of ideas got, counted in the database: ideas, claimed (drafted and
    published ones included), drafted and published, with the waits in microseconds from
    parking to the first draft and from the first draft to the first post."""

    ideas: int
    claimed: int
    drafted: int
    published: int
    to_draft: tuple[int, ...]
    to_post: tuple[int, ...]


@dataclass(frozen=True)
class IdeaFunnels:
    """The funnel of all of a period's ideas and of each theme's; ``themes`` has a theme
    only when enough authors are behind it, the rest counted together under ``""``."""

    every: IdeaSteps
    themes: dict[str, IdeaSteps]


@dataclass(frozen=True)
class SupportFacts:
    """Feedback waits on drafts sent for feedback in the period, and slot and café use."""

    feedback_waits: tuple[timedelta, ...]
    waiting_for_feedback: int
    slots_offered: int
    slots_booked: int
    cafe_seats: int
    cafe_seats_taken: int


# Contributions per member id, per kind.
Contributions = dict[int, dict[Contribution, int]]


class StatsRepository(Protocol):
    """The period queries behind the figures, the daily headcount and dashboard sign-ins."""

    async def members_on(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> tuple[int, int]:
        """Members enrolled at ``end``, and how many of them joined in ``[start, end)``."""
        ...

    async def last_headcount(self, workspace_id: int) -> Headcount | None: ...

    async def save_headcount(self, workspace_id: int, headcount: Headcount, at: datetime) -> None:
        """Write (or overwrite) one day's snapshot."""
        ...

    async def headcounts(self, workspace_id: int, first: date, last: date) -> list[Headcount]:
        """The snapshots of ``first`` to ``last`` (both included), oldest first."""
        ...

    async def contributions(
        self, workspace_id: int, start: datetime, end: datetime, *, member_id: int | None = None
    ) -> Contributions:
        """Contributions in ``[start, end)`` per member (or only ``member_id``'s)."""
        ...

    async def contributions_each(
        self,
        workspace_id: int,
        spans: Sequence[tuple[datetime, datetime]],
        *,
        member_id: int | None = None,
    ) -> list[Contributions]:
        """:meth:`contributions` of each of ``spans`` (which must not overlap), asked at
        once: a trend or a comparison of periods costs one round trip, not one per span."""
        ...

    async def activity_each(
        self, workspace_id: int, spans: Sequence[tuple[datetime, datetime]]
    ) -> list[tuple[int, int]]:
        """(members with at least one contribution, posts announced) in each of ``spans``
        (which must not overlap), as :meth:`contributions` would count them."""
        ...

    async def first_posters(self, workspace_id: int, start: datetime, end: datetime) -> set[int]:
        """Members whose first post ever was announced in ``[start, end)``."""
        ...

    async def posts(self, workspace_id: int, start: datetime, end: datetime) -> list[PostFact]:
        """Posts announced in ``[start, end)`` with the answers they got."""
        ...

    async def post_totals(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> tuple[int, int]:
        """(posts announced in ``[start, end)``, the answers they got): :meth:`posts`
        counted in the database, for figures that break nothing down by post."""
        ...

    async def ideas(self, workspace_id: int, start: datetime, end: datetime) -> list[IdeaFact]:
        """Ideas parked in ``[start, end)`` and how far each got."""
        ...

    async def funnels(
        self,
        workspace_id: int,
        start: datetime,
        end: datetime,
        *,
        min_authors: int,
        theme: str | None = None,
    ) -> IdeaFunnels:
        """The funnels of the ideas parked in ``[start, end)`` (only those tagged ``theme``,
        given by its key, when given): a theme with fewer than ``min_authors`` authors is
        counted under ``""`` with the untagged ideas, as ``metrics.funnel_by_theme`` does."""
        ...

    async def cheers_received(
        self, workspace_id: int, member_id: int, start: datetime, end: datetime
    ) -> int: ...

    async def support(self, workspace_id: int, start: datetime, end: datetime) -> SupportFacts:
        """Feedback waits and slot and café use in ``[start, end)``."""
        ...

    async def add_token(
        self,
        token_hash: str,
        kind: str,
        workspace_id: int,
        member_id: int,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None: ...

    async def link_is_open(self, token_hash: str, now: datetime) -> bool:
        """Whether a sign-in link exists, is unused and has not expired."""
        ...

    async def use_link(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        """Spend a sign-in link: (workspace id, member id) if it was unused and unexpired;
        a second use, even at the same moment, gets None."""
        ...

    async def session(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        """(workspace id, member id) of a live session."""
        ...

    async def end_session(self, token_hash: str) -> None: ...
