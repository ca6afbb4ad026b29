"""The in-memory twin of ``storage/stats.py``: the same facts, read from the fakes' state.

The fakes' members carry no join day, so every fake member counts as enrolled from the
programme's first day; the contract tests pin everything else against SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import TYPE_CHECKING

from bot.bookings.ports import BookingStatus, OfferStatus
from bot.ideas.ports import IdeaStatus
from bot.stats.metrics import idea_funnels
from bot.stats.ports import (
    Contribution,
    Contributions,
    Headcount,
    IdeaFact,
    IdeaFunnels,
    PostFact,
    SupportFacts,
)

if TYPE_CHECKING:
    from tests.unit.fakes import FakeState


@dataclass
class FakeStatsState:
    """Headcount snapshots and dashboard tokens committed so far."""

    headcounts: dict[tuple[int, date], Headcount] = field(default_factory=dict)
    # fingerprint → (kind, workspace id, member id, expires at, used at)
    tokens: dict[str, tuple[str, int, int, datetime, datetime | None]] = field(default_factory=dict)


class FakeStats:
    """Implements ``bot.stats.ports.StatsRepository`` over the fakes' state."""

    def __init__(self, state: FakeState) -> None:
        self.s = state
        self.own = state.stats

    async def members_on(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> tuple[int, int]:
        members = [m for m in self.s.members.values() if m.workspace_id == workspace_id]
        return len(members), 0

    async def last_headcount(self, workspace_id: int) -> Headcount | None:
        days = [h for (ws, _), h in self.own.headcounts.items() if ws == workspace_id]
        return max(days, key=lambda h: h.day, default=None)

    async def save_headcount(self, workspace_id: int, headcount: Headcount, at: datetime) -> None:
        self.own.headcounts[(workspace_id, headcount.day)] = headcount

    async def headcounts(self, workspace_id: int, first: date, last: date) -> list[Headcount]:
        return sorted(
            (
                h
                for (ws, day), h in self.own.headcounts.items()
                if ws == workspace_id and first <= day <= last
            ),
            key=lambda h: h.day,
        )

    def _events(self, workspace_id: int) -> list[tuple[int, Contribution, datetime]]:
        d = self.s.drafting
        drafts = {k: v for k, v in d.drafts.items() if v.workspace_id == workspace_id}
        posts = {k: v for k, v in d.posts.items() if v.workspace_id == workspace_id}
        events: list[tuple[int, Contribution, datetime]] = []
        events += [
            (i.author_id, Contribution.IDEA, i.created_at)
            for i in self.s.ideas.values()
            if i.workspace_id == workspace_id
        ]
        events += [
            (drafts[v.draft_id].author_id, Contribution.DRAFT, v.created_at)
            for v in d.versions.values()
            if v.draft_id in drafts
        ]
        events += [
            (f.reviewer_id, Contribution.FEEDBACK, f.created_at)
            for f in d.feedback
            if f.draft_id in drafts
        ]
        events += [(p.author_id, Contribution.POST, p.created_at) for p in posts.values()]
        events += [
            (member, Contribution.ANSWER, at)
            for (post, member, _), at in d.engagements.items()
            if post in posts
        ]
        events += [
            (c.giver_id, Contribution.CHEER, c.created_at)
            for c in self.s.cheers.values()
            if c.workspace_id == workspace_id
        ]
        events += [
            (b.member_id, Contribution.BOOKING, b.created_at)
            for b in self.s.booking.bookings.values()
            if b.workspace_id == workspace_id
        ]
        return events

    async def contributions(
        self, workspace_id: int, start: datetime, end: datetime, *, member_id: int | None = None
    ) -> Contributions:
        found: Contributions = {}
        for member, kind, at in self._events(workspace_id):
            if start <= at < end and member_id in (None, member):
                kinds = found.setdefault(member, {})
                kinds[kind] = kinds.get(kind, 0) + 1
        return found

    async def contributions_each(
        self,
        workspace_id: int,
        spans: Sequence[tuple[datetime, datetime]],
        *,
        member_id: int | None = None,
    ) -> list[Contributions]:
        ordered = sorted(spans)
        if any(b[0] < a[1] for a, b in pairwise(ordered)):
            raise ValueError("contribution spans overlap")
        return [
            await self.contributions(workspace_id, start, end, member_id=member_id)
            for start, end in spans
        ]

    async def activity_each(
        self, workspace_id: int, spans: Sequence[tuple[datetime, datetime]]
    ) -> list[tuple[int, int]]:
        return [
            (
                sum(1 for kinds in found.values() if sum(kinds.values())),
                sum(kinds.get(Contribution.POST, 0) for kinds in found.values()),
            )
            for found in await self.contributions_each(workspace_id, spans)
        ]

    async def first_posters(self, workspace_id: int, start: datetime, end: datetime) -> set[int]:
        first: dict[int, datetime] = {}
        for post in self.s.drafting.posts.values():
            if post.workspace_id == workspace_id:
                first[post.author_id] = min(
                    first.get(post.author_id, post.created_at), post.created_at
                )
        return {member for member, at in first.items() if start <= at < end}

    async def posts(self, workspace_id: int, start: datetime, end: datetime) -> list[PostFact]:
        answers = Counter(post for post, _, _ in self.s.drafting.engagements)
        return [
            PostFact(p.author_id, p.network.value, p.created_at, answers[p.id])
            for p in sorted(self.s.drafting.posts.values(), key=lambda p: p.created_at)
            if p.workspace_id == workspace_id and start <= p.created_at < end
        ]

    async def post_totals(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> tuple[int, int]:
        posts = await self.posts(workspace_id, start, end)
        return len(posts), sum(p.answers for p in posts)

    async def ideas(self, workspace_id: int, start: datetime, end: datetime) -> list[IdeaFact]:
        d = self.s.drafting
        facts = []
        for idea in sorted(self.s.ideas.values(), key=lambda i: i.created_at):
            if idea.workspace_id != workspace_id or not start <= idea.created_at < end:
                continue
            drafts = [x for x in d.drafts.values() if x.idea_id == idea.id]
            posted = [
                p.created_at for p in d.posts.values() if p.draft_id in {x.id for x in drafts}
            ]
            facts.append(
                IdeaFact(
                    author_id=idea.author_id,
                    created_at=idea.created_at,
                    claimed=idea.claimed_by_id is not None
                    or idea.status
                    in (IdeaStatus.CLAIMED, IdeaStatus.DRAFTED, IdeaStatus.PUBLISHED),
                    themes=tuple(
                        sorted(self.s.themes[t].name for i, t in self.s.idea_themes if i == idea.id)
                    ),
                    drafted_at=min((x.created_at for x in drafts), default=None),
                    published_at=min(posted, default=None),
                )
            )
        return facts

    async def funnels(
        self,
        workspace_id: int,
        start: datetime,
        end: datetime,
        *,
        min_authors: int,
        theme: str | None = None,
    ) -> IdeaFunnels:
        return idea_funnels(await self.ideas(workspace_id, start, end), min_authors, theme)

    async def cheers_received(
        self, workspace_id: int, member_id: int, start: datetime, end: datetime
    ) -> int:
        return sum(
            1
            for c in self.s.cheers.values()
            if c.workspace_id == workspace_id
            and c.receiver_id == member_id
            and start <= c.created_at < end
        )

    async def support(self, workspace_id: int, start: datetime, end: datetime) -> SupportFacts:
        asked = [
            x
            for x in self.s.drafting.drafts.values()
            if x.workspace_id == workspace_id
            and x.feedback_requested_at is not None
            and start <= x.feedback_requested_at < end
        ]
        waits = sorted(
            x.first_feedback_at - x.feedback_requested_at
            for x in asked
            if x.first_feedback_at is not None and x.feedback_requested_at is not None
        )
        b = self.s.booking
        slots = [
            s
            for s in b.slots.values()
            if s.workspace_id == workspace_id
            and s.status is not OfferStatus.CANCELLED
            and start <= s.starts_at < end
        ]
        booked = {
            x.slot_id for x in b.bookings.values() if x.status is BookingStatus.ACTIVE and x.slot_id
        }
        cafes = [
            c
            for c in b.cafes.values()
            if c.workspace_id == workspace_id
            and c.status is not OfferStatus.CANCELLED
            and start <= c.starts_at < end
        ]
        return SupportFacts(
            feedback_waits=tuple(waits),
            waiting_for_feedback=len(asked) - len(waits),
            slots_offered=len(slots),
            slots_booked=sum(1 for s in slots if s.id in booked),
            cafe_seats=sum(c.capacity for c in cafes),
            cafe_seats_taken=sum(c.seats_taken for c in cafes),
        )

    async def add_token(
        self,
        token_hash: str,
        kind: str,
        workspace_id: int,
        member_id: int,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        for key in [k for k, v in self.own.tokens.items() if v[3] < now]:
            del self.own.tokens[key]
        self.own.tokens[token_hash] = (kind, workspace_id, member_id, expires_at, None)

    async def link_is_open(self, token_hash: str, now: datetime) -> bool:
        found = self.own.tokens.get(token_hash)
        return found is not None and found[0] == "link" and found[4] is None and found[3] > now

    async def use_link(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        if not await self.link_is_open(token_hash, now):
            return None
        kind, ws, member, expires, _ = self.own.tokens[token_hash]
        self.own.tokens[token_hash] = (kind, ws, member, expires, now)
        return ws, member

    async def session(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        found = self.own.tokens.get(token_hash)
        if found is None or found[0] != "session" or found[3] <= now:
            return None
        return found[1], found[2]

    async def end_session(self, token_hash: str) -> None:
        if self.own.tokens.get(token_hash, ("",))[0] == "session":
            del self.own.tokens[token_hash]
