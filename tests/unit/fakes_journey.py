"""In-memory fakes of the segment, network, enrolment and mentor ports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.errors import StoreConflict
from bot.membership.ports import Enrolment, EnrolmentStatus
from bot.mentors.ports import Mentor, MentorFull, Pairing
from bot.segments.ports import Segment, SegmentPeriod

_LINE = (EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED)


@dataclass
class FakeJourneyState:
    """Segments, networks, enrolments and mentors committed so far."""

    segments: dict[int, Segment] = field(default_factory=dict)
    periods: list[SegmentPeriod] = field(default_factory=list)
    networks: dict[int, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    enrolments: dict[int, Enrolment] = field(default_factory=dict)
    seats: dict[int, int] = field(default_factory=dict)
    mentors: dict[int, Mentor] = field(default_factory=dict)
    pairings: dict[int, Pairing] = field(default_factory=dict)
    next_id: int = 50_000

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


class FakeSegments:
    def __init__(self, state: FakeJourneyState) -> None:
        self.s = state

    async def all(self, workspace_id: int, *, removed: bool = False) -> list[Segment]:
        return [
            replace(seg)
            for seg in sorted(self.s.segments.values(), key=lambda x: x.id)
            if seg.workspace_id == workspace_id and (removed or not seg.removed)
        ]

    async def add(self, workspace_id: int, key: str, names: Mapping[str, str]) -> Segment:
        for seg in self.s.segments.values():
            if seg.workspace_id == workspace_id and seg.key == key:
                if not seg.removed:
                    raise StoreConflict(key)
                seg.removed = False
                seg.names = dict(names)
                return replace(seg)
        seg = Segment(self.s.new_id(), workspace_id, key, dict(names))
        self.s.segments[seg.id] = seg
        return replace(seg)

    async def remove(self, segment_id: int, at: datetime) -> None:
        self.s.segments[segment_id].removed = True
        self.s.periods = [
            replace(p, ended_at=at) if p.segment_id == segment_id and p.ended_at is None else p
            for p in self.s.periods
        ]

    async def assign(
        self, workspace_id: int, member_id: int, segment_id: int | None, at: datetime
    ) -> None:
        self.s.periods = [
            replace(p, ended_at=at) if p.member_id == member_id and p.ended_at is None else p
            for p in self.s.periods
        ]
        if segment_id is not None:
            self.s.periods.append(SegmentPeriod(member_id, segment_id, at, None))

    async def current(self, member_id: int) -> int | None:
        return next(
            (
                p.segment_id
                for p in self.s.periods
                if p.member_id == member_id and p.ended_at is None
            ),
            None,
        )

    def _ws(self, period: SegmentPeriod, workspace_id: int) -> bool:
        return self.s.segments[period.segment_id].workspace_id == workspace_id

    async def at(self, workspace_id: int, moment: datetime) -> dict[int, int]:
        return {
            p.member_id: p.segment_id
            for p in self.s.periods
            if self._ws(p, workspace_id)
            and p.started_at <= moment
            and (p.ended_at is None or p.ended_at > moment)
        }

    async def periods(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[SegmentPeriod]:
        return sorted(
            (
                p
                for p in self.s.periods
                if self._ws(p, workspace_id)
                and p.started_at < end
                and (p.ended_at is None or p.ended_at > start)
            ),
            key=lambda p: p.started_at,
        )


class FakeNetworks:
    def __init__(self, state: FakeJourneyState) -> None:
        self.s = state

    async def of(self, member_id: int) -> tuple[str, ...]:
        return self.s.networks.get(member_id, (0, ()))[1]

    async def set(self, workspace_id: int, member_id: int, networks: Sequence[str]) -> None:
        self.s.networks[member_id] = (workspace_id, tuple(sorted(set(networks))))
        if not networks:
            del self.s.networks[member_id]

    async def all(self, workspace_id: int) -> dict[int, tuple[str, ...]]:
        return {m: n for m, (w, n) in sorted(self.s.networks.items()) if w == workspace_id}


class FakeEnrolments:
    def __init__(self, state: FakeJourneyState) -> None:
        self.s = state

    async def current(self, member_id: int) -> Enrolment | None:
        return next(
            (
                replace(e)
                for e in self.s.enrolments.values()
                if e.member_id == member_id and e.status is not EnrolmentStatus.LEFT
            ),
            None,
        )

    def _last_rank(self, workspace_id: int) -> int:
        return max(
            (
                e.rank
                for e in self.s.enrolments.values()
                if e.workspace_id == workspace_id and e.status in _LINE
            ),
            default=0,
        )

    async def add(
        self, workspace_id: int, member_id: int, status: EnrolmentStatus, at: datetime
    ) -> Enrolment:
        if await self.current(member_id) is not None:
            raise StoreConflict(str(member_id))
        enrolment = Enrolment(
            self.s.new_id(),
            workspace_id,
            member_id,
            status,
            at,
            rank=self._last_rank(workspace_id) + 1 if status is EnrolmentStatus.WAITING else 0,
            joined_at=at if status is EnrolmentStatus.ACTIVE else None,
        )
        self.s.enrolments[enrolment.id] = enrolment
        return replace(enrolment)

    async def take_seat(self, workspace_id: int, capacity: int | None) -> bool:
        taken = self.s.seats.get(workspace_id, 0)
        if capacity is not None and taken >= capacity:
            return False
        self.s.seats[workspace_id] = taken + 1
        return True

    async def force_seat(self, workspace_id: int) -> None:
        self.s.seats[workspace_id] = self.s.seats.get(workspace_id, 0) + 1

    async def free_seat(self, workspace_id: int) -> None:
        self.s.seats[workspace_id] = max(0, self.s.seats.get(workspace_id, 0) - 1)

    async def seats_taken(self, workspace_id: int) -> int:
        return self.s.seats.get(workspace_id, 0)

    async def move(
        self,
        enrolment_id: int,
        *,
        expect: EnrolmentStatus,
        status: EnrolmentStatus,
        at: datetime,
        offer_expires_at: datetime | None = None,
        offer_valid_at: datetime | None = None,
    ) -> bool:
        e = self.s.enrolments.get(enrolment_id)
        if e is None or e.status is not expect:
            return False
        if offer_valid_at is not None and not (
            e.offer_expires_at and e.offer_expires_at > offer_valid_at
        ):
            return False
        e.status = status
        e.offer_expires_at = offer_expires_at
        if status is EnrolmentStatus.ACTIVE:
            e.joined_at = at
        if status is EnrolmentStatus.LEFT:
            e.left_at = at
        return True

    async def waiting(self, workspace_id: int) -> list[Enrolment]:
        return sorted(
            (
                replace(e)
                for e in self.s.enrolments.values()
                if e.workspace_id == workspace_id and e.status in _LINE
            ),
            key=lambda e: (e.rank, e.id),
        )

    async def set_rank(self, enrolment_id: int, rank: int) -> None:
        self.s.enrolments[enrolment_id].rank = rank

    async def to_back(self, enrolment_id: int) -> None:
        e = self.s.enrolments[enrolment_id]
        e.rank = self._last_rank(e.workspace_id) + 1

    async def active(self, workspace_id: int) -> list[Enrolment]:
        return sorted(
            (
                replace(e)
                for e in self.s.enrolments.values()
                if e.workspace_id == workspace_id and e.status is EnrolmentStatus.ACTIVE
            ),
            key=lambda e: (e.joined_at or e.requested_at, e.id),
        )

    async def expired_offers(self, workspace_id: int, now: datetime) -> list[Enrolment]:
        return [
            e
            for e in await self.waiting(workspace_id)
            if e.status is EnrolmentStatus.OFFERED
            and e.offer_expires_at
            and e.offer_expires_at <= now
        ]

    async def save_onboarding(self, enrolment_id: int, step: int, done: bool) -> None:
        e = self.s.enrolments[enrolment_id]
        e.onboarding_step, e.onboarding_done = step, done

    async def left_between(self, workspace_id: int, start: datetime, end: datetime) -> int:
        return sum(
            1
            for e in self.s.enrolments.values()
            if e.workspace_id == workspace_id
            and e.status is EnrolmentStatus.LEFT
            and e.joined_at is not None
            and e.left_at is not None
            and start <= e.left_at < end
        )

    async def periods(self, workspace_id: int, start: datetime, end: datetime) -> list[Enrolment]:
        return sorted(
            (
                replace(e)
                for e in self.s.enrolments.values()
                if e.workspace_id == workspace_id
                and e.joined_at is not None
                and e.joined_at < end
                and (e.left_at is None or e.left_at > start)
            ),
            key=lambda e: (e.joined_at or e.requested_at, e.id),
        )


class FakeMentors:
    def __init__(self, state: FakeJourneyState) -> None:
        self.s = state

    async def set(self, workspace_id: int, member_id: int, capacity: int) -> None:
        self.s.mentors[member_id] = Mentor(member_id, workspace_id, capacity)

    async def remove(self, member_id: int) -> None:
        self.s.mentors.pop(member_id, None)

    async def all(self, workspace_id: int) -> list[Mentor]:
        return [m for m in self.s.mentors.values() if m.workspace_id == workspace_id]

    async def pair(
        self, workspace_id: int, mentor_id: int, mentee_id: int, at: datetime
    ) -> Pairing:
        mentor = self.s.mentors.get(mentor_id)
        taken = sum(
            1 for p in self.s.pairings.values() if p.mentor_id == mentor_id and p.ended_at is None
        )
        if mentor is None or taken >= mentor.capacity:
            raise MentorFull(str(mentor_id))
        if await self.of_mentee(mentee_id) is not None:
            raise StoreConflict(str(mentee_id))
        pairing = Pairing(self.s.new_id(), workspace_id, mentor_id, mentee_id, at)
        self.s.pairings[pairing.id] = pairing
        return pairing

    async def end(self, pairing_id: int, at: datetime) -> None:
        p = self.s.pairings[pairing_id]
        if p.ended_at is None:
            self.s.pairings[pairing_id] = replace(p, ended_at=at)

    async def open(self, workspace_id: int) -> list[Pairing]:
        return sorted(
            (
                p
                for p in self.s.pairings.values()
                if p.workspace_id == workspace_id and p.ended_at is None
            ),
            key=lambda p: (p.started_at, p.id),
        )

    async def of_mentee(self, mentee_id: int) -> Pairing | None:
        return next(
            (
                p
                for p in self.s.pairings.values()
                if p.mentee_id == mentee_id and p.ended_at is None
            ),
            None,
        )

    async def get(self, pairing_id: int) -> Pairing | None:
        return self.s.pairings.get(pairing_id)

    async def paired_since(self, mentor_id: int, mentee_id: int, since: datetime) -> bool:
        return any(
            p.mentor_id == mentor_id
            and p.mentee_id == mentee_id
            and (p.ended_at is None or p.ended_at >= since)
            for p in self.s.pairings.values()
        )

    async def checkin_due(self, workspace_id: int, started_before: datetime) -> list[Pairing]:
        return [
            p
            for p in await self.open(workspace_id)
            if p.checkin_at is None and p.started_at <= started_before
        ]

    async def mark_checkin(self, pairing_id: int, at: datetime) -> None:
        self.s.pairings[pairing_id] = replace(self.s.pairings[pairing_id], checkin_at=at)

    async def record_met(self, pairing_id: int, met: bool) -> None:
        self.s.pairings[pairing_id] = replace(self.s.pairings[pairing_id], met=met)
