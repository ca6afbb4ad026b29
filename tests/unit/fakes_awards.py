"""In-memory fake of the award port, over the other fakes' state for the evidence."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from tests.unit.fakes import FakeState


@dataclass
class FakeAwardState:
    """Award quarters and nominations (part of ``FakeState``)."""

    quarters: dict[tuple[int, str], AwardQuarter] = field(default_factory=dict)
    # (workspace, quarter, nominator, nominee) → nomination
    nominations: dict[tuple[int, str, int, int], Nomination] = field(default_factory=dict)
    # (workspace, quarter, member) → runner-up mention, in the order added
    runners_up: dict[tuple[int, str, int], RunnerUp] = field(default_factory=dict)


class FakeAwards:
    def __init__(self, state: FakeState) -> None:
        self.state = state
        self.s = state.awards

    async def open_window(self, workspace_id: int, quarter: str, now: datetime) -> bool:
        if (workspace_id, quarter) in self.s.quarters:
            return False
        self.s.quarters[(workspace_id, quarter)] = AwardQuarter(workspace_id, quarter, now)
        return True

    async def get(self, workspace_id: int, quarter: str) -> AwardQuarter | None:
        return self.s.quarters.get((workspace_id, quarter))

    async def latest(self, workspace_id: int) -> AwardQuarter | None:
        found = await self.quarters(workspace_id)
        return found[0] if found else None

    async def quarters(self, workspace_id: int) -> list[AwardQuarter]:
        return sorted(
            (a for (ws, _), a in self.s.quarters.items() if ws == workspace_id),
            key=lambda a: a.quarter,
            reverse=True,
        )

    async def decide(
        self,
        workspace_id: int,
        quarter: str,
        winner_id: int,
        citation: str,
        status: AwardStatus,
        now: datetime,
    ) -> bool:
        award = self.s.quarters.get((workspace_id, quarter))
        if award is None or award.status is not AwardStatus.OPEN:
            return False
        self.s.quarters[(workspace_id, quarter)] = replace(
            award, winner_id=winner_id, citation=citation, status=status, decided_at=now
        )
        return True

    async def set_status(self, workspace_id: int, quarter: str, status: AwardStatus) -> None:
        award = self.s.quarters.get((workspace_id, quarter))
        if award is not None:
            self.s.quarters[(workspace_id, quarter)] = replace(award, status=status)

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
        key = (workspace_id, quarter, member_id)
        others = [k for k in self.s.runners_up if k[:2] == (workspace_id, quarter) and k != key]
        if len(others) >= at_most:
            raise RunnersUpFull(quarter)
        earlier = self.s.runners_up.get(key)
        if earlier is not None:
            self.s.runners_up[key] = replace(earlier, note=note)
            return False
        self.s.runners_up[key] = RunnerUp(member_id, note, RunnerUpStatus.PENDING, now)
        return True

    async def remove_runner_up(self, workspace_id: int, quarter: str, member_id: int) -> bool:
        return self.s.runners_up.pop((workspace_id, quarter, member_id), None) is not None

    async def runners_up(self, workspace_id: int, quarter: str) -> list[RunnerUp]:
        return [
            r for (ws, q, _), r in self.s.runners_up.items() if ws == workspace_id and q == quarter
        ]

    async def set_runner_up_status(
        self, workspace_id: int, quarter: str, member_id: int, status: RunnerUpStatus
    ) -> None:
        key = (workspace_id, quarter, member_id)
        if key in self.s.runners_up:
            self.s.runners_up[key] = replace(self.s.runners_up[key], status=status)

    async def nominate(
        self,
        workspace_id: int,
        quarter: str,
        nominator_id: int,
        nominee_id: int,
        reason: str,
        now: datetime,
    ) -> bool:
        key = (workspace_id, quarter, nominator_id, nominee_id)
        earlier = self.s.nominations.get(key)
        if earlier is not None:
            self.s.nominations[key] = replace(earlier, reason=reason, updated_at=now)
            return False
        self.s.nominations[key] = Nomination(nominator_id, nominee_id, reason, now, now)
        return True

    async def nominations(self, workspace_id: int, quarter: str) -> list[Nomination]:
        return [
            n
            for (ws, q, _, _), n in self.s.nominations.items()
            if ws == workspace_id and q == quarter
        ]

    async def evidence(
        self, workspace_id: int, member_id: int, start: datetime, end: datetime
    ) -> Evidence:
        st = self.state
        drafting = st.drafting

        def within(moment: datetime) -> bool:
            return start <= moment < end

        posts = sorted(
            (
                p
                for p in drafting.posts.values()
                if p.workspace_id == workspace_id
                and p.author_id == member_id
                and within(p.created_at)
            ),
            key=lambda p: p.number,
        )
        own = {
            d.id
            for d in drafting.drafts.values()
            if d.workspace_id == workspace_id and d.author_id == member_id
        }
        revised = {
            f.draft_id
            for f in drafting.feedback
            if f.draft_id in own
            for (draft_id, number), v in drafting.versions.items()
            if draft_id == f.draft_id
            and number > f.version
            and v.created_at > f.created_at
            and within(v.created_at)
        }
        theirs = {d.id for d in drafting.drafts.values() if d.workspace_id == workspace_id} - own
        feedback = sum(
            1
            for f in drafting.feedback
            if f.reviewer_id == member_id and f.draft_id in theirs and within(f.created_at)
        )
        cheers = sum(
            1
            for c in st.cheers.values()
            if c.workspace_id == workspace_id
            and c.receiver_id == member_id
            and within(c.created_at)
        )
        own_posts = {
            p.id
            for p in drafting.posts.values()
            if p.workspace_id == workspace_id and p.author_id == member_id
        }
        answers = sum(
            1
            for (post_id, who, _), at in drafting.engagements.items()
            if post_id in own_posts and who != member_id and within(at)
        )
        mentored = [
            p
            for p in st.journey.pairings.values()
            if p.workspace_id == workspace_id
            and p.mentor_id == member_id
            and p.started_at < end
            and (p.ended_at is None or p.ended_at > start)
        ]
        return Evidence(
            tuple(PostLink(p.number, p.url) for p in posts),
            len(revised),
            feedback,
            cheers,
            answers,
            mentees=len({p.mentee_id for p in mentored}),
            mentees_met=len({p.mentee_id for p in mentored if p.met}),
        )
