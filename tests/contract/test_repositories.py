"""Repository behaviour the services rely on, proven on every store: a fake that drifts from
its SQL twin fails here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bookings.ports import NewSlot
from bot.cheers.ports import NewCheer
from bot.ideas.ports import IdeaStatus, NewIdea
from bot.model import Platform, Role
from bot.ports import UnitOfWorkFactory

NOW = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)


async def _programme(store: UnitOfWorkFactory) -> tuple[int, int, int]:
    """A workspace with an author and a peer; returns their ids."""
    async with store() as uow:
        workspace, created = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        author = await uow.members.add(workspace.id, "U1", "ann", Role.AMBASSADOR)
        peer = await uow.members.add(workspace.id, "U2", "bente", Role.COORDINATOR)
        await uow.commit()
    assert created
    return workspace.id, author.id, peer.id


async def test_a_workspace_is_added_once(store: UnitOfWorkFactory) -> None:
    await _programme(store)
    async with store() as uow:
        again, created = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="da", timezone="UTC"
        )
    assert not created
    assert again.locale == "en"


async def test_a_known_workspace_comes_with_the_member_asked_for(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, _ = await _programme(store)
    async with store() as uow:
        known = await uow.workspaces.with_member(Platform.CONSOLE, "T1", "U1")
        stranger = await uow.workspaces.with_member(Platform.CONSOLE, "T1", "U9")
        elsewhere = await uow.workspaces.with_member(Platform.SLACK, "T1", "U1")
        unknown = await uow.workspaces.with_member(Platform.CONSOLE, "T2", "U1")
    assert known is not None and stranger is not None
    assert known[0].id == stranger[0].id == ws and known[0].locale == "en"
    assert known[1] is not None and (known[1].id, known[1].display_name) == (ann, "ann")
    assert stranger[1] is None
    assert elsewhere is None and unknown is None


async def test_a_workspaces_slot_booking_cap_starts_at_one_and_is_kept(
    store: UnitOfWorkFactory,
) -> None:
    ws, _, _ = await _programme(store)
    async with store() as uow:
        workspace = await uow.workspaces.get(ws)
        assert workspace is not None and workspace.slot_bookings_per_week == 1
        workspace.slot_bookings_per_week = 3
        await uow.workspaces.save(workspace)
        await uow.commit()
    async with store() as uow:
        again = await uow.workspaces.get(ws)
    assert again is not None and again.slot_bookings_per_week == 3


async def test_a_slot_read_carries_its_holder_and_when_they_booked(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, cora = await _programme(store)
    starts = NOW + timedelta(days=2)
    async with store() as uow:
        slot = await uow.slots.add(NewSlot(ws, cora, starts, starts + timedelta(minutes=15)))
        await uow.commit()
    assert slot.booked_by_id is None and slot.booked_at is None
    async with store() as uow:
        booking = await uow.bookings.add_for_slot(ws, slot.id, ann, NOW)
        refused = await uow.bookings.add_for_slot(ws, slot.id, cora, NOW + timedelta(seconds=1))
        await uow.commit()
    assert booking is not None and refused is None
    async with store() as uow:
        for found in (
            await uow.slots.by_number(ws, slot.number),
            await uow.slots.by_number(ws, slot.number, lock=True),
            await uow.slots.get(slot.id),
        ):
            assert found is not None
            assert (found.booked_by_id, found.booked_at) == (ann, NOW)


async def test_members_are_found_by_platform_id_and_role(store: UnitOfWorkFactory) -> None:
    ws, author, peer = await _programme(store)
    async with store() as uow:
        found = await uow.members.by_external_id(ws, "U1")
        coordinators = await uow.members.with_role(ws, Role.COORDINATOR)
        nobody = await uow.members.by_external_id(ws, "U9")
    assert found is not None and found.id == author
    assert [m.id for m in coordinators] == [peer]
    assert nobody is None


async def test_ideas_are_numbered_per_workspace_and_votes_toggle(store: UnitOfWorkFactory) -> None:
    ws, author, peer = await _programme(store)
    async with store() as uow:
        first = await uow.ideas.add(NewIdea(ws, author, "Backups on Fridays", (), NOW))
        second = await uow.ideas.add(NewIdea(ws, author, "Our cloud move", (), NOW))
        assert await uow.ideas.toggle_vote(first.id, peer) is True
        await uow.commit()
    async with store() as uow:
        assert await uow.ideas.toggle_vote(first.id, peer) is False
        assert await uow.ideas.toggle_vote(first.id, peer) is True
        await uow.commit()
    async with store() as uow:
        stored = await uow.ideas.by_number(ws, first.number)
    assert (first.number, second.number) == (1, 2)
    assert stored is not None and stored.vote_count == 1


async def test_themes_are_added_to_an_idea_once(store: UnitOfWorkFactory) -> None:
    ws, author, _ = await _programme(store)
    async with store() as uow:
        green = await uow.themes.add(ws, "sustainability")
        culture = await uow.themes.add(ws, "culture")
        idea = await uow.ideas.add(NewIdea(ws, author, "Reusing laptops", (green,), NOW))
        await uow.ideas.add_themes(idea.id, [green.id, culture.id, culture.id])
        await uow.commit()
    async with store() as uow:
        stored = await uow.ideas.by_number(ws, idea.number)
    assert stored is not None and stored.themes == ["culture", "sustainability"]


async def test_a_new_idea_comes_back_with_its_themes_as_every_later_read_gives_them(
    store: UnitOfWorkFactory,
) -> None:
    ws, author, _ = await _programme(store)
    async with store() as uow:
        themes = [await uow.themes.add(ws, name) for name in ("Zeal", "ai", "Culture", "big data")]
        idea = await uow.ideas.add(NewIdea(ws, author, "Tagged", tuple(themes), NOW))
        await uow.commit()
    async with store() as uow:
        stored = await uow.ideas.by_number(ws, idea.number)
    assert stored is not None and idea.themes == stored.themes
    assert idea.themes == ["ai", "big data", "Culture", "Zeal"]


async def test_an_idea_is_claimed_once(store: UnitOfWorkFactory) -> None:
    ws, author, peer = await _programme(store)
    async with store() as uow:
        idea = await uow.ideas.add(NewIdea(ws, author, "Backups on Fridays", (), NOW))
        await uow.commit()
    async with store() as uow:
        assert await uow.ideas.claim(idea.id, peer) is True
        assert await uow.ideas.claim(idea.id, author) is False
        await uow.commit()
    async with store() as uow:
        stored = await uow.ideas.by_number(ws, idea.number)
    assert stored is not None
    assert stored.status is IdeaStatus.CLAIMED
    assert stored.claimed_by_id == peer


async def test_leaving_without_commit_keeps_nothing(store: UnitOfWorkFactory) -> None:
    ws, author, _ = await _programme(store)
    async with store() as uow:
        await uow.ideas.add(NewIdea(ws, author, "Never committed", (), NOW))
    async with store() as uow:
        assert await uow.ideas.by_number(ws, 1) is None


async def test_themes_are_added_listed_and_removed(store: UnitOfWorkFactory) -> None:
    ws, _, _ = await _programme(store)
    async with store() as uow:
        engineering = await uow.themes.add(ws, "engineering")
        await uow.themes.add(ws, "culture")
        await uow.commit()
    async with store() as uow:
        await uow.themes.remove(engineering.id)
        await uow.commit()
    async with store() as uow:
        assert [t.name for t in await uow.themes.list(ws)] == ["culture"]


async def test_cheers_count_per_giver_and_day(store: UnitOfWorkFactory) -> None:
    ws, author, peer = await _programme(store)
    async with store() as uow:
        assert await uow.cheers.add(NewCheer(ws, peer, author, NOW, "thanks", "msg:1"))
        assert not await uow.cheers.add(NewCheer(ws, peer, author, NOW, "thanks", "msg:1"))
        assert await uow.cheers.add(NewCheer(ws, peer, author, NOW + timedelta(hours=1)))
        await uow.commit()
    async with store() as uow:
        assert await uow.cheers.given_since(ws, peer, NOW) == 2
        assert await uow.cheers.given_since(ws, peer, NOW + timedelta(minutes=30)) == 1
        assert await uow.cheers.remove_by_source(ws, peer, "msg:1")
        await uow.commit()
    async with store() as uow:
        assert await uow.cheers.given_since(ws, peer, NOW) == 1


async def test_tips_are_kept_per_workspace(store: UnitOfWorkFactory) -> None:
    ws, _, _ = await _programme(store)
    async with store() as uow:
        tip = await uow.tips.add(ws, "Open with a question.")
        await uow.commit()
    async with store() as uow:
        assert await uow.tips.list(ws) == [(tip, "Open with a question.")]
        assert not await uow.tips.remove(ws, tip + 100)
        assert await uow.tips.remove(ws, tip)
        await uow.commit()
    async with store() as uow:
        assert await uow.tips.list(ws) == []


async def test_a_fire_is_claimed_once(store: UnitOfWorkFactory) -> None:
    ws, _, _ = await _programme(store)
    async with store() as uow:
        assert await uow.jobs.claim("digest", ws, NOW, "done")
        await uow.commit()
    async with store() as uow:
        assert not await uow.jobs.claim("digest", ws, NOW, "done")
        assert await uow.jobs.last_fire("digest", ws) == NOW
