"""Segment, network, enrolment and mentor repositories: the same cases on the fakes and on SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import StoreConflict
from bot.membership.ports import EnrolmentStatus
from bot.mentors.ports import MentorFull
from bot.model import Platform, Role
from bot.ports import UnitOfWorkFactory

NOW = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)


async def _people(store: UnitOfWorkFactory, count: int = 3) -> tuple[int, list[int]]:
    async with store() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        members = [
            await uow.members.add(workspace.id, f"U{i}", f"member{i}", Role.AMBASSADOR)
            for i in range(count)
        ]
        await uow.commit()
    return workspace.id, [m.id for m in members]


async def test_segment_membership_is_dated(store: UnitOfWorkFactory) -> None:
    ws, (ann, bob, _) = await _people(store)
    async with store() as uow:
        leaders = await uow.segments.add(ws, "role-model", {"en": "role model", "da": "rollemodel"})
        networkers = await uow.segments.add(ws, "networker", {"en": "networker"})
        await uow.segments.assign(ws, ann, leaders.id, NOW)
        await uow.segments.assign(ws, bob, networkers.id, NOW)
        await uow.segments.assign(ws, ann, networkers.id, NOW + timedelta(days=30))
        await uow.commit()
    async with store() as uow:
        assert await uow.segments.at(ws, NOW - timedelta(seconds=1)) == {}
        assert await uow.segments.at(ws, NOW + timedelta(days=1)) == {
            ann: leaders.id,
            bob: networkers.id,
        }
        assert (await uow.segments.at(ws, NOW + timedelta(days=30)))[ann] == networkers.id
        assert await uow.segments.current(ann) == networkers.id
        periods = await uow.segments.periods(ws, NOW, NOW + timedelta(days=10))
        assert sorted((p.member_id, p.segment_id) for p in periods) == sorted(
            [(ann, leaders.id), (bob, networkers.id)]
        )
        [listed, _] = await uow.segments.all(ws)
        assert listed.names["da"] == "rollemodel"


async def test_a_removed_segment_ends_its_periods_and_can_come_back(
    store: UnitOfWorkFactory,
) -> None:
    ws, (ann, _, _) = await _people(store)
    async with store() as uow:
        segment = await uow.segments.add(ws, "networker", {"en": "networker"})
        await uow.segments.assign(ws, ann, segment.id, NOW)
        with pytest.raises(StoreConflict):
            await uow.segments.add(ws, "networker", {"en": "networker"})
        await uow.segments.remove(segment.id, NOW + timedelta(days=1))
        await uow.commit()
    async with store() as uow:
        assert await uow.segments.all(ws) == []
        assert [s.removed for s in await uow.segments.all(ws, removed=True)] == [True]
        assert await uow.segments.current(ann) is None
        back = await uow.segments.add(ws, "networker", {"en": "networkers"})
        assert back.id == segment.id and not back.removed


async def test_networks_are_replaced_whole(store: UnitOfWorkFactory) -> None:
    ws, (ann, bob, _) = await _people(store)
    async with store() as uow:
        await uow.networks.set(ws, ann, ["reddit", "linkedin"])
        await uow.networks.set(ws, bob, ["x"])
        await uow.networks.set(ws, bob, [])
        await uow.commit()
    async with store() as uow:
        assert await uow.networks.of(ann) == ("linkedin", "reddit")
        assert await uow.networks.all(ws) == {ann: ("linkedin", "reddit")}


async def test_seats_are_taken_up_to_capacity_and_given_back(store: UnitOfWorkFactory) -> None:
    ws, _ = await _people(store)
    async with store() as uow:
        assert await uow.enrolments.take_seat(ws, 2)
        assert await uow.enrolments.take_seat(ws, 2)
        assert not await uow.enrolments.take_seat(ws, 2)
        await uow.enrolments.force_seat(ws)
        assert await uow.enrolments.seats_taken(ws) == 3
        await uow.enrolments.free_seat(ws)
        assert await uow.enrolments.take_seat(ws, None)
        await uow.commit()
    async with store() as uow:
        assert await uow.enrolments.seats_taken(ws) == 3


async def test_an_enrolment_moves_only_from_the_status_expected(store: UnitOfWorkFactory) -> None:
    ws, (ann, bob, carl) = await _people(store)
    async with store() as uow:
        await uow.enrolments.add(ws, ann, EnrolmentStatus.ACTIVE, NOW)
        first = await uow.enrolments.add(ws, bob, EnrolmentStatus.WAITING, NOW)
        second = await uow.enrolments.add(ws, carl, EnrolmentStatus.WAITING, NOW)
        with pytest.raises(StoreConflict):
            await uow.enrolments.add(ws, bob, EnrolmentStatus.WAITING, NOW)
        deadline = NOW + timedelta(days=3)
        assert await uow.enrolments.move(
            first.id,
            expect=EnrolmentStatus.WAITING,
            status=EnrolmentStatus.OFFERED,
            at=NOW,
            offer_expires_at=deadline,
        )
        assert not await uow.enrolments.move(
            first.id, expect=EnrolmentStatus.WAITING, status=EnrolmentStatus.LEFT, at=NOW
        )
        await uow.commit()
    async with store() as uow:
        assert [e.id for e in await uow.enrolments.waiting(ws)] == [first.id, second.id]
        assert [e.id for e in await uow.enrolments.expired_offers(ws, deadline)] == [first.id]
        assert not await uow.enrolments.move(
            first.id,
            expect=EnrolmentStatus.OFFERED,
            status=EnrolmentStatus.ACTIVE,
            at=deadline,
            offer_valid_at=deadline,
        )
        assert await uow.enrolments.move(
            first.id,
            expect=EnrolmentStatus.OFFERED,
            status=EnrolmentStatus.ACTIVE,
            at=NOW + timedelta(days=1),
            offer_valid_at=NOW + timedelta(days=1),
        )
        await uow.enrolments.to_back(second.id)
        await uow.commit()
    async with store() as uow:
        active = await uow.enrolments.active(ws)
        assert [e.member_id for e in active] == [ann, bob]
        assert active[1].joined_at == NOW + timedelta(days=1)
        assert active[1].offer_expires_at is None


async def test_turnover_and_periods_count_seats_held(store: UnitOfWorkFactory) -> None:
    ws, (ann, bob, carl) = await _people(store)
    async with store() as uow:
        held = await uow.enrolments.add(ws, ann, EnrolmentStatus.ACTIVE, NOW)
        waited = await uow.enrolments.add(ws, bob, EnrolmentStatus.WAITING, NOW)
        await uow.enrolments.add(ws, carl, EnrolmentStatus.ACTIVE, NOW + timedelta(days=20))
        later = NOW + timedelta(days=10)
        for enrolment in (held, waited):
            await uow.enrolments.move(
                enrolment.id, expect=enrolment.status, status=EnrolmentStatus.LEFT, at=later
            )
        await uow.enrolments.save_onboarding(held.id, 2, True)
        await uow.commit()
    async with store() as uow:
        assert await uow.enrolments.left_between(ws, NOW, NOW + timedelta(days=30)) == 1
        assert await uow.enrolments.left_between(ws, NOW, later) == 0
        periods = await uow.enrolments.periods(ws, NOW, NOW + timedelta(days=15))
        assert [(p.member_id, p.onboarding_step, p.onboarding_done) for p in periods] == [
            (ann, 2, True)
        ]
        assert await uow.enrolments.current(ann) is None


async def test_pairings_are_open_once_per_mentee_and_remembered(store: UnitOfWorkFactory) -> None:
    ws, (mentor, mentee, other) = await _people(store)
    async with store() as uow:
        await uow.mentors.set(ws, mentor, 2)
        await uow.mentors.set(ws, mentor, 3)
        pairing = await uow.mentors.pair(ws, mentor, mentee, NOW)
        with pytest.raises(StoreConflict):
            await uow.mentors.pair(ws, other, mentee, NOW)
        await uow.commit()
    async with store() as uow:
        assert [(m.member_id, m.capacity) for m in await uow.mentors.all(ws)] == [(mentor, 3)]
        assert await uow.mentors.checkin_due(ws, NOW - timedelta(days=1)) == []
        [due] = await uow.mentors.checkin_due(ws, NOW)
        await uow.mentors.mark_checkin(due.id, NOW)
        await uow.mentors.record_met(due.id, False)
        await uow.mentors.end(pairing.id, NOW + timedelta(days=20))
        await uow.commit()
    async with store() as uow:
        ended = await uow.mentors.get(pairing.id)
        assert ended is not None and ended.met is False and ended.checkin_at == NOW
        assert await uow.mentors.of_mentee(mentee) is None
        assert await uow.mentors.open(ws) == []
        assert await uow.mentors.paired_since(mentor, mentee, NOW + timedelta(days=20))
        assert not await uow.mentors.paired_since(mentor, mentee, NOW + timedelta(days=21))
        assert not await uow.mentors.paired_since(mentor, other, NOW)
        await uow.mentors.remove(mentor)
        assert await uow.mentors.all(ws) == []


async def test_a_pairing_beyond_the_mentors_capacity_or_with_a_non_mentor_is_refused(
    store: UnitOfWorkFactory,
) -> None:
    ws, (mentor, first, second) = await _people(store)
    async with store() as uow:
        await uow.mentors.set(ws, mentor, 1)
        pairing = await uow.mentors.pair(ws, mentor, first, NOW)
        with pytest.raises(MentorFull):
            await uow.mentors.pair(ws, mentor, second, NOW)
        with pytest.raises(MentorFull):
            await uow.mentors.pair(ws, first, second, NOW)  # not a mentor
        await uow.mentors.end(pairing.id, NOW + timedelta(days=1))
        again = await uow.mentors.pair(ws, mentor, second, NOW + timedelta(days=1))
        await uow.commit()
    async with store() as uow:
        assert [p.id for p in await uow.mentors.open(ws)] == [again.id]


async def test_erasing_a_member_exports_then_clears_their_journey(store: UnitOfWorkFactory) -> None:
    ws, (ann, bob, _) = await _people(store)
    async with store() as uow:
        assert await uow.enrolments.take_seat(ws, None)
        await uow.enrolments.add(ws, ann, EnrolmentStatus.ACTIVE, NOW)
        await uow.networks.set(ws, ann, ["linkedin"])
        await uow.mentors.set(ws, bob, 2)
        await uow.mentors.pair(ws, bob, ann, NOW)
        await uow.commit()
    async with store() as uow:
        data = await uow.privacy.collect(ann)
        assert [e["status"] for e in data["enrolment"]] == ["active"]
        assert data["networks"] == [{"network": "linkedin"}]
        assert [m["role"] for m in data["mentoring"]] == ["newcomer"]
        await uow.privacy.erase(ann, now=NOW + timedelta(days=1))
        await uow.commit()
    async with store() as uow:
        assert await uow.networks.of(ann) == ()
        assert await uow.mentors.open(ws) == []
        assert await uow.enrolments.seats_taken(ws) == 0  # her seat went back
        assert [m.member_id for m in await uow.mentors.all(ws)] == [bob]
