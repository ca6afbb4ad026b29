"""Mentor pairing: who gets whom, check-ins, and what coordinators can change."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.config import Programme
from bot.mentors.ports import MentorFull, Pairing
from bot.messages import Audience
from bot.registry import run_fire
from tests.helpers import Chat, answer, button_commands, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory
from tests.unit.fakes_journey import FakeMentors


def _id(uow_factory: FakeUnitOfWorkFactory, name: str) -> int:
    return next(m.id for m in uow_factory.state.members.values() if m.external_id == name)


def _mentor_of(uow_factory: FakeUnitOfWorkFactory, name: str) -> str | None:
    mentee = _id(uow_factory, name)
    for pairing in uow_factory.state.journey.pairings.values():
        if pairing.mentee_id == mentee and pairing.ended_at is None:
            return uow_factory.state.members[pairing.mentor_id].external_id
    return None


async def _mentors(chat: Chat, *specs: str) -> None:
    for spec in specs:
        name, _, capacity = spec.partition(":")
        await chat.say(name, "/chorus help")
        assert "at a time" in answer(
            await chat.say("cora", f"/chorus mentor add @{name} {capacity}".strip())
        )


async def test_a_mentor_capacity_must_be_one_or_more(chat: Chat) -> None:
    await chat.say("bente", "/chorus help")
    for bad in ("0", "-1", "two"):
        assert "1 or more" in answer(await chat.say("cora", f"/chorus mentor add @bente {bad}"))
    assert "Only coordinators" in answer(await chat.say("bente", "/chorus mentor add @bente 2"))


async def test_a_newcomer_gets_the_mentor_with_most_free_capacity_and_both_are_introduced(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _mentors(chat, "bente:1", "mads:3")
    joined = await chat.say("ann", "/chorus join")
    assert _mentor_of(uow_factory, "ann") == "mads"
    assert {n.recipient_id for n in notes(joined)} == {"ann", "mads"}
    assert "Meet your mentor" in next(n.text for n in notes(joined) if n.recipient_id == "ann")


async def test_a_mentor_whose_last_place_went_a_moment_ago_is_skipped_for_the_next(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _mentors(chat, "bente:1", "mads:3")
    pair = FakeMentors.pair
    refused: list[int] = []

    async def taken_meanwhile(
        self: FakeMentors, workspace_id: int, mentor_id: int, mentee_id: int, at: datetime
    ) -> Pairing:
        if not refused:  # another newcomer's transaction took Mads's places first
            refused.append(mentor_id)
            raise MentorFull(str(mentor_id))
        return await pair(self, workspace_id, mentor_id, mentee_id, at)

    monkeypatch.setattr(FakeMentors, "pair", taken_meanwhile)
    joined = await chat.say("ann", "/chorus join")
    assert refused == [_id(uow_factory, "mads")]
    assert _mentor_of(uow_factory, "ann") == "bente"
    assert {n.recipient_id for n in notes(joined)} == {"ann", "bente"}


async def test_the_same_time_zone_and_another_segment_are_preferred(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _mentors(chat, "bente:2", "mads:2", "sofie:2")
    await chat.say("mads", "/chorus timezone America/New_York")
    await chat.say("cora", "/chorus segment set @bente ambassador")
    await chat.say("cora", "/chorus segment set @sofie networker")
    await chat.say("ann", "/chorus join")  # an ambassador in Copenhagen
    assert _mentor_of(uow_factory, "ann") == "sofie"


async def test_a_mentor_who_is_away_or_full_is_passed_over_and_coordinators_are_told(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _mentors(chat, "bente:1")
    await chat.say("bente", "/chorus away until 2031-01-31")
    joined = await chat.say("ann", "/chorus join")
    assert _mentor_of(uow_factory, "ann") is None
    told = {n.recipient_id: n.text for n in notes(joined)}
    assert "no mentor yet" in told["ann"]
    assert "needs a mentor" in told["cora"]


async def test_the_same_pair_never_meets_twice_within_twelve_months(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await _mentors(chat, "bente:1")
    await chat.say("ann", "/chorus join")
    assert _mentor_of(uow_factory, "ann") == "bente"
    for month in range(1, 14):
        await chat.say("ann", "/chorus leave")
        clock.advance(days=30)
        await chat.say("ann", "/chorus join")
        paired = _mentor_of(uow_factory, "ann")
        # The first pairing ended in month 1: the two are not paired again for a year.
        assert paired == ("bente" if month >= 13 else None), month


async def test_coordinators_list_swap_and_end_pairings(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _mentors(chat, "bente:1", "mads:1")
    await chat.say("ann", "/chorus join")
    await chat.say("carl", "/chorus join")
    text = answer(await chat.say("cora", "/chorus mentor list"))
    assert "@Bente: 1 of 1" in text and "@Ann with" in text
    full = answer(await chat.say("cora", "/chorus mentor swap @ann @mads"))
    assert "has no room for another newcomer (capacity 1)" in full
    assert _mentor_of(uow_factory, "ann") == "bente"  # the refused swap ended nothing
    await chat.say("cora", "/chorus mentor add @mads 2")
    swapped = await chat.say("cora", "/chorus mentor swap @ann @mads")
    assert "now mentored by @Mads" in answer(swapped)
    assert _mentor_of(uow_factory, "ann") == "mads"
    assert "is not a mentor" in answer(await chat.say("cora", "/chorus mentor swap @ann @carl"))
    assert "Ended the pairing" in answer(await chat.say("cora", "/chorus mentor end @ann"))
    assert "has no mentor" in answer(await chat.say("cora", "/chorus mentor end @ann"))


async def test_a_newcomer_can_ask_privately_for_another_mentor(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await _mentors(chat, "bente:1", "mads:1")
    await chat.say("ann", "/chorus join")
    first = _mentor_of(uow_factory, "ann")
    asked = await chat.say("ann", "/chorus mentor another")
    assert "looking for someone else" in answer(asked)
    assert _mentor_of(uow_factory, "ann") not in (None, first)
    assert first not in {n.recipient_id for n in notes(asked)}
    assert "asked for another mentor" in next(
        n.text for n in notes(asked) if n.recipient_id == "cora"
    )
    # Asking again the same day would swap back and tell every coordinator again: no.
    second = _mentor_of(uow_factory, "ann")
    again = await chat.say("ann", "/chorus mentor another")
    assert "less than a day ago" in answer(again) and notes(again) == ()
    assert _mentor_of(uow_factory, "ann") == second
    clock.advance(days=1, minutes=1)
    assert "looking for someone else" in answer(await chat.say("ann", "/chorus mentor another"))


async def test_two_weeks_after_pairing_both_are_asked_if_they_met_and_the_answer_is_kept(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await _mentors(chat, "bente:1")
    await chat.say("ann", "/chorus join")
    [ws] = uow_factory.state.workspaces
    await run_fire(uow_factory, programme, "mentor-checkin", ws, clock.now() + timedelta(days=13))
    assert not [o for o in uow_factory.state.outbox if "Did you meet" in o.message.text]
    await run_fire(uow_factory, programme, "mentor-checkin", ws, clock.now() + timedelta(days=14))
    await run_fire(uow_factory, programme, "mentor-checkin", ws, clock.now() + timedelta(days=15))
    asked = [o for o in uow_factory.state.outbox if "Did you meet" in o.message.text]
    assert sorted(o.target for o in asked) == ["ann", "bente"]
    [yes, _] = button_commands(asked[0].message)
    assert "noted that you met" in answer(await chat.say("ann", yes))
    assert "Only the mentor and the newcomer" in answer(await chat.say("carl", yes))
    [pairing] = uow_factory.state.journey.pairings.values()
    assert pairing.met is True
    assert asked[0].message.audience is Audience.MEMBER
