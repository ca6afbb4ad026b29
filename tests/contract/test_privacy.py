"""The privacy repository on every store: what is collected, what erasure deletes and
keeps, and one-time download links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.cheers.ports import NewCheer
from bot.ideas.ports import IdeaStatus, NewIdea
from bot.library.ports import NewLibraryItem
from bot.messages import Audience, Message, Section, Text
from bot.model import Platform, Role
from bot.outbox import Outgoing
from bot.ports import UnitOfWorkFactory
from bot.posts.ports import Network
from bot.privacy.export import KINDS

NOW = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)


async def _two_members(store: UnitOfWorkFactory) -> tuple[int, int, int]:
    async with store() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        ann = await uow.members.add(workspace.id, "U1", "ann", Role.AMBASSADOR)
        ben = await uow.members.add(workspace.id, "U2", "ben", Role.AMBASSADOR)
        mine = await uow.ideas.add(NewIdea(workspace.id, ann.id, "Ann's idea", (), NOW))
        his = await uow.ideas.add(NewIdea(workspace.id, ben.id, "Ben's idea", (), NOW))
        claimed = await uow.ideas.add(NewIdea(workspace.id, ann.id, "Ann's claimed idea", (), NOW))
        assert await uow.ideas.claim(claimed.id, ben.id)
        assert await uow.ideas.toggle_vote(his.id, ann.id)
        assert await uow.ideas.toggle_vote(mine.id, ben.id)
        await uow.cheers.add(NewCheer(workspace.id, ben.id, ann.id, NOW, "for Ann"))
        await uow.cheers.add(NewCheer(workspace.id, ann.id, ben.id, NOW, "for Ben"))
        await uow.commit()
    return workspace.id, ann.id, ben.id


async def test_collect_gives_every_kind_with_its_fields(store: UnitOfWorkFactory) -> None:
    _, ann, _ = await _two_members(store)
    async with store() as uow:
        data = await uow.privacy.collect(ann)
    assert set(data) == set(KINDS)
    for kind, rows in data.items():
        assert all(tuple(row) == KINDS[kind].fields for row in rows), kind
    assert data["profile"][0]["platform_id"] == "U1"
    assert [i["text"] for i in data["ideas"]] == ["Ann's idea", "Ann's claimed idea"]
    assert [v["idea_number"] for v in data["votes"]] == [2]
    assert [c["reason"] for c in data["cheers_received"]] == ["for Ann"]
    assert [c["reason"] for c in data["cheers_given"]] == ["for Ben"]


async def test_erase_deletes_own_content_and_keeps_gifts_without_a_name(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _two_members(store)
    async with store() as uow:
        erasure = await uow.privacy.erase(ann, now=NOW)
        await uow.commit()
    assert erasure.deleted >= 2  # her unclaimed idea, the cheer she received
    assert erasure.anonymised >= 2  # her vote, the cheer she gave
    async with store() as uow:
        assert await uow.members.get(ann) is None
        assert await uow.members.by_external_id(ws, "U1") is None
        assert [m.id for m in await uow.members.all(ws)] == [ben]
        ideas, _ = await uow.ideas.list(ws, statuses=list(IdeaStatus), limit=10)
        texts = [i.text for i in ideas]
        assert sorted(texts) == ["Ann's claimed idea", "Ben's idea"]
        his = await uow.ideas.by_number(ws, 2)
        assert his is not None and his.vote_count == 1  # her vote still counts
        assert await uow.cheers.count_since(ws, NOW - timedelta(days=1)) == 1
        assert await uow.privacy.collect(ann) == {}
        again = await uow.privacy.erase(ann, now=NOW)
    assert (again.deleted, again.anonymised) == (0, 0)


async def test_a_download_is_handed_out_once_and_never_after_it_expires(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, _ = await _two_members(store)
    async with store() as uow:
        assert await uow.privacy.last_export(ann) is None
        await uow.privacy.record_export(
            ws, ann, NOW, token_hash="a" * 64, content=b"zip", expires_at=NOW + timedelta(hours=24)
        )
        await uow.privacy.record_export(
            ws, ann, NOW, token_hash="b" * 64, content=b"zip", expires_at=NOW + timedelta(hours=1)
        )
        await uow.commit()
    async with store() as uow:
        assert await uow.privacy.last_export(ann) == NOW
        assert await uow.privacy.take_download("a" * 64, NOW) == b"zip"
        assert await uow.privacy.take_download("b" * 64, NOW + timedelta(hours=2)) is None
        assert await uow.privacy.take_download("c" * 64, NOW) is None
        await uow.commit()
    async with store() as uow:
        assert await uow.privacy.take_download("a" * 64, NOW) is None


async def test_a_member_who_left_drops_out_of_lists_and_gets_no_notes(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _two_members(store)
    note = Message((Section(Text.plain("for Ann")),), Audience.MEMBER, recipient_id="U1")
    async with store() as uow:
        assert await uow.outbox.enqueue(Outgoing(ws, Platform.CONSOLE, "U1", note, "n-1"))
        await uow.commit()
    async with store() as uow:
        assert await uow.privacy.mark_left(ann, now=NOW) == 1  # the waiting note
        await uow.commit()
    async with store() as uow:
        assert [m.id for m in await uow.members.all(ws)] == [ben]
        member = await uow.members.get(ann)
        assert member is not None and member.left_at == NOW
        assert not await uow.outbox.enqueue(Outgoing(ws, Platform.CONSOLE, "U1", note, "n-2"))
        member.left_at = None
        await uow.members.save(member)
        await uow.commit()
    async with store() as uow:
        assert sorted(m.id for m in await uow.members.all(ws)) == [ann, ben]
        assert await uow.outbox.enqueue(Outgoing(ws, Platform.CONSOLE, "U1", note, "n-3"))


async def test_erase_keeps_a_suggested_link_without_its_suggester_and_drops_their_picks(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _two_members(store)
    async with store() as uow:
        item = await uow.library.add(
            NewLibraryItem(
                ws,
                "https://example.com/a",
                "example.com/a",
                Network.WEB,
                NOW,
                ann,
                note="Ann's angle on it",
            )
        )
        assert item is not None
        assert await uow.library.pick(item.id, ann, NOW)
        assert await uow.library.pick(item.id, ben, NOW)
        await uow.commit()
    async with store() as uow:
        data = await uow.privacy.collect(ann)
        assert [i["note"] for i in data["library_suggested"]] == ["Ann's angle on it"]
        assert [p["item_number"] for p in data["library_picks"]] == [item.number]
        await uow.privacy.erase(ann, now=NOW)
        await uow.commit()
    async with store() as uow:
        kept = await uow.library.by_number(ws, item.number)
        assert kept is not None
        assert (kept.suggested_by_id, kept.note) == (None, None)
        assert await uow.library.pick_of(item.id, ann) is None
        assert await uow.library.pick_of(item.id, ben) is not None
