"""Segments with dated membership, and members' networks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Programme
from bot.registry import run_fire
from tests.helpers import Chat, answer
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


async def _ids(chat: Chat, uow_factory: FakeUnitOfWorkFactory, *names: str) -> list[int]:
    for name in names:
        await chat.say(name, "/chorus help")
    members = {m.external_id: m.id for m in uow_factory.state.members.values()}
    return [members[name] for name in names]


async def test_a_programme_starts_with_the_four_default_segments(chat: Chat) -> None:
    text = answer(await chat.say("cora", "/chorus segment list"))
    for name in ("role model", "thought leader", "networker", "ambassador"):
        assert f"{name}: 0 members" in text


async def test_segment_names_are_in_the_coordinators_language(chat: Chat) -> None:
    await chat.say("cora", "/chorus language da")
    text = answer(await chat.say("cora", "/chorus segment list"))
    assert "rollemodel" in text and "tankeleder" in text


async def test_only_coordinators_manage_segments(chat: Chat) -> None:
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus segment list"))
    assert "Only coordinators" in answer(
        await chat.say("ann", "/chorus segment set @ann networker")
    )


async def test_moving_a_member_keeps_the_segment_they_had_before(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    [ann] = await _ids(chat, uow_factory, "ann")
    assert "from now on" in answer(await chat.say("cora", "/chorus segment set @ann role model"))
    before = clock.now()
    clock.advance(days=40)
    answer(await chat.say("cora", "/chorus segment set @ann networker"))
    segments = {s.id: s.key for s in uow_factory.state.journey.segments.values()}

    async with uow_factory() as uow:
        [ws] = uow_factory.state.workspaces
        then = await uow.segments.at(ws, before + timedelta(days=1))
        now = await uow.segments.at(ws, clock.now())
        periods = await uow.segments.periods(ws, before, clock.now() + timedelta(days=1))
    assert segments[then[ann]] == "role-model"
    assert segments[now[ann]] == "networker"
    assert [segments[p.segment_id] for p in periods] == ["role-model", "networker"]
    assert "networker: 1 member" in answer(await chat.say("cora", "/chorus segment list"))


async def test_a_segment_is_found_by_its_name_in_any_language(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _ids(chat, uow_factory, "ann")
    assert "rolmodel" not in answer(await chat.say("cora", "/chorus segment set @ann rolmodel"))
    assert "already in the segment" in answer(
        await chat.say("cora", "/chorus segment set @ann Role-Model")
    )


async def test_an_unknown_segment_gets_a_did_you_mean_and_nothing_changes(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _ids(chat, uow_factory, "ann")
    text = answer(await chat.say("cora", "/chorus segment set @ann netwrker"))
    assert "There is no segment netwrker. Did you mean networker?" in text
    assert uow_factory.state.journey.periods == []


async def test_added_segments_can_be_removed_and_past_periods_keep_them(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await _ids(chat, uow_factory, "ann")
    assert "Added the segment sales leaders" in answer(
        await chat.say("cora", "/chorus segment add sales leaders")
    )
    assert "already exists" in answer(await chat.say("cora", "/chorus segment add Sales Leaders"))
    await chat.say("cora", "/chorus segment set @ann sales leaders")
    clock.advance(days=1)
    assert "Removed the segment" in answer(
        await chat.say("cora", "/chorus segment remove sales leaders")
    )
    assert "sales leaders" not in answer(await chat.say("cora", "/chorus segment list"))
    [period] = uow_factory.state.journey.periods
    assert period.ended_at == clock.now()


async def test_removing_every_segment_does_not_bring_the_defaults_back(chat: Chat) -> None:
    for name in ("role model", "thought leader", "networker", "ambassador"):
        await chat.say("cora", f"/chorus segment remove {name}")
    assert "There are no segments" in answer(await chat.say("cora", "/chorus segment list"))


async def test_a_segment_name_must_be_short(chat: Chat) -> None:
    assert "at most 40 characters" in answer(
        await chat.say("cora", "/chorus segment add " + "x" * 41)
    )


async def test_members_choose_networks_from_the_programmes_list(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    [ann] = await _ids(chat, uow_factory, "ann")
    assert "you post on linkedin, reddit" in answer(
        await chat.say("ann", "/chorus networks reddit, LinkedIn reddit")
    )
    assert "You post on: linkedin, reddit." in answer(await chat.say("ann", "/chorus networks"))
    async with uow_factory() as uow:
        [ws] = uow_factory.state.workspaces
        assert await uow.networks.all(ws) == {ann: ("linkedin", "reddit")}


async def test_an_unknown_network_gets_a_did_you_mean_and_nothing_is_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/chorus networks linkedin")
    text = answer(await chat.say("ann", "/chorus networks redit x"))
    assert "I don't know the network redit. Did you mean reddit?" in text
    assert "You post on: linkedin." in answer(await chat.say("ann", "/chorus networks"))
    assert "no networks" in answer(await chat.say("ann", "/chorus networks none"))


async def test_the_weekly_prompt_asks_each_segment_for_its_own_post_type(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    for name in ("ann", "bob", "carl"):
        await chat.say(name, "/chorus join")
    await chat.say("cora", "/chorus segment set @ann role model")
    await chat.say("ann", "/chorus networks reddit")
    await chat.say("bob", "/chorus language da")
    await chat.say("carl", "/chorus nudges off")
    [ws] = uow_factory.state.workspaces
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    await run_fire(uow_factory, programme, "weekly-prompt", ws, monday)
    await run_fire(uow_factory, programme, "weekly-prompt", ws, monday + timedelta(weeks=1))

    def prompts(target: str) -> list[str]:
        return [
            o.message.text
            for o in uow_factory.state.outbox
            if o.target == target and "mentor" not in o.message.text
        ]

    ann, bob = prompts("ann"), prompts("bob")
    assert len(ann) == 2 and len(set(ann)) == 2  # another post type each week
    assert all("as a role model" in text and "Reddit" in text for text in ann)
    assert all("ambassadør" in text for text in bob)  # bob is in the joining segment, in Danish
    assert ann[0].split("\n")[0] != bob[0].split("\n")[0]
    assert prompts("carl") == []
    assert len(prompts("C1")) == 2


async def test_none_is_not_a_segment_name_but_takes_a_member_out_of_theirs(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _ids(chat, uow_factory, "ann")
    assert "a few words" in answer(await chat.say("cora", "/chorus segment add none"))
    await chat.say("cora", "/chorus segment set @ann networker")
    assert "in no segment now" in answer(await chat.say("cora", "/chorus segment set @ann ingen"))
    [period] = uow_factory.state.journey.periods
    assert period.ended_at is not None


async def test_a_member_chorus_does_not_know_is_answered_not_guessed(chat: Chat) -> None:
    assert "I don't know ghost yet" in answer(
        await chat.say("cora", "/chorus segment set @ghost networker")
    )
    assert "I don't know ghost yet" in answer(await chat.say("cora", "/chorus mentor add @ghost 2"))
    assert "I don't know ghost yet" in answer(
        await chat.say("cora", "/chorus waitlist admit @ghost")
    )
