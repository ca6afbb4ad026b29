"""The content library's repository on every store: numbering, merging by URL key, the
list's order and filters, expiry, pins, picks and their links to drafts and posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.library.ports import ContentKind, NewLibraryItem
from bot.model import Platform, Role
from bot.ports import UnitOfWorkFactory
from bot.posts.ports import Network, NewPost

NOW = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)


async def _programme(store: UnitOfWorkFactory) -> tuple[int, int, int, int]:
    """A workspace with two members and one theme; their ids."""
    async with store() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        ann = await uow.members.add(workspace.id, "U1", "ann", Role.AMBASSADOR)
        ben = await uow.members.add(workspace.id, "U2", "ben", Role.AMBASSADOR)
        theme = await uow.themes.add(workspace.id, "sustainability")
        await uow.commit()
    return workspace.id, ann.id, ben.id, theme.id


def _item(
    ws: int,
    member: int,
    path: str,
    at: datetime,
    *,
    note: str | None = None,
    theme_id: int | None = None,
) -> NewLibraryItem:
    url = f"https://example.com/{path}"
    return NewLibraryItem(
        workspace_id=ws,
        url=url,
        url_key=url,
        network=Network.WEB,
        created_at=at,
        suggested_by_id=member,
        note=note,
        theme_id=theme_id,
    )


async def test_items_are_numbered_and_a_repeated_url_key_is_refused(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, _, theme = await _programme(store)
    async with store() as uow:
        first = await uow.library.add(_item(ws, ann, "a", NOW, note="Why", theme_id=theme))
        second = await uow.library.add(_item(ws, ann, "b", NOW))
        repeat = await uow.library.add(_item(ws, ann, "a", NOW))
        await uow.commit()
    assert first is not None and second is not None and repeat is None
    assert (first.number, second.number) == (1, 2)
    assert first.theme == "sustainability" and first.note == "Why"
    assert first.created_at == NOW
    async with store() as uow:
        found = await uow.library.by_url_key(ws, "https://example.com/a")
        by_number = await uow.library.by_number(ws, 2)
    assert found is not None and found.id == first.id
    assert by_number is not None and by_number.url == "https://example.com/b"


async def test_fill_in_only_writes_empty_fields(store: UnitOfWorkFactory) -> None:
    ws, ann, _, theme = await _programme(store)
    async with store() as uow:
        item = await uow.library.add(_item(ws, ann, "a", NOW, note="First"))
        assert item is not None
        changed = await uow.library.fill_in(item.id, theme_id=theme, note="Second")
        unchanged = await uow.library.fill_in(item.id, theme_id=theme, note="Third")
        await uow.commit()
    async with store() as uow:
        after = await uow.library.get(item.id)
    assert changed and not unchanged
    assert after is not None and after.note == "First" and after.theme == "sustainability"


async def test_fresh_items_come_pinned_then_most_picked_then_newest_and_filter(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben, theme = await _programme(store)
    async with store() as uow:
        old = await uow.library.add(_item(ws, ann, "old", NOW - timedelta(hours=3)))
        picked = await uow.library.add(
            _item(ws, ann, "picked", NOW - timedelta(hours=2), theme_id=theme)
        )
        new = await uow.library.add(_item(ws, ann, "new", NOW - timedelta(hours=1)))
        gone = await uow.library.add(_item(ws, ann, "gone", NOW))
        assert old and picked and new and gone
        await uow.library.pick(picked.id, ben, NOW)
        await uow.library.set_pinned(old.id, NOW)
        await uow.library.set_kind(new.id, ContentKind.COMPANY)
        await uow.library.set_expiry(gone.id, NOW)
        await uow.commit()
    async with store() as uow:
        page, total = await uow.library.fresh(ws, NOW, limit=10)
        second, _ = await uow.library.fresh(ws, NOW, limit=1, offset=1)
        themed, _ = await uow.library.fresh(ws, NOW, theme_id=theme, limit=10)
        company, _ = await uow.library.fresh(ws, NOW, kind=ContentKind.COMPANY, limit=10)
        recent, _ = await uow.library.fresh(
            ws, NOW, created_after=NOW - timedelta(hours=2), limit=10
        )
        pinned = await uow.library.pinned(ws, NOW)
        expired = await uow.library.get(gone.id)
    assert [i.number for i in page] == [old.number, picked.number, new.number]
    assert total == 3 and [i.number for i in second] == [picked.number]
    assert page[1].picks == 1 and page[0].pinned_at == NOW
    assert [i.id for i in themed] == [picked.id]
    assert [i.id for i in company] == [new.id] and company[0].kind is ContentKind.COMPANY
    assert [i.id for i in pinned] == [old.id]
    assert [i.id for i in recent] == [picked.id, new.id]
    assert expired is not None and expired.expired(NOW) and expired.expires_at == NOW


async def test_a_pick_counts_once_and_links_a_draft_and_a_post(store: UnitOfWorkFactory) -> None:
    ws, ann, ben, _ = await _programme(store)
    async with store() as uow:
        item = await uow.library.add(_item(ws, ann, "a", NOW))
        assert item is not None
        first = await uow.library.pick(item.id, ben, NOW)
        again = await uow.library.pick(item.id, ben, NOW)
        draft = await uow.drafts.add(ws, ben, "What surprised me", NOW, idea_id=None)
        await uow.library.set_pick_draft(item.id, ben, draft.id)
        post = await uow.posts.add(
            NewPost(ws, ben, "https://x.com/ben/1", "https://x.com/ben/1", Network.X, NOW)
        )
        assert post is not None
        await uow.commit()
    assert first and not again
    async with store() as uow:
        by_draft = await uow.library.pick_for_draft(draft.id)
        open_before = await uow.library.open_picks(ben, NOW - timedelta(days=1))
        await uow.library.link_post(item.id, ben, post.id)
        open_after = await uow.library.open_picks(ben, NOW - timedelta(days=1))
        origin = await uow.library.item_of_post(post.id)
        await uow.library.set_kind(item.id, ContentKind.EXTERNAL)
        shared = await uow.library.shared_between(ws, NOW, NOW + timedelta(seconds=1))
        later = await uow.library.shared_between(
            ws, NOW + timedelta(seconds=1), NOW + timedelta(days=1)
        )
        pick = await uow.library.pick_of(item.id, ben)
    assert by_draft is not None and by_draft.item_id == item.id
    assert [p.item_id for p in open_before] == [item.id] and open_after == []
    assert origin is not None and origin.id == item.id
    assert [(s.post_id, s.network, s.kind) for s in shared] == [
        (post.id, Network.X, ContentKind.EXTERNAL)
    ]
    assert later == []
    assert pick is not None and pick.draft_id == draft.id and pick.post_id == post.id


async def test_open_picks_are_the_recent_ones_newest_first(store: UnitOfWorkFactory) -> None:
    ws, ann, ben, _ = await _programme(store)
    async with store() as uow:
        a = await uow.library.add(_item(ws, ann, "a", NOW))
        b = await uow.library.add(_item(ws, ann, "b", NOW))
        c = await uow.library.add(_item(ws, ann, "c", NOW))
        assert a and b and c
        await uow.library.pick(a.id, ben, NOW - timedelta(days=20))
        await uow.library.pick(b.id, ben, NOW - timedelta(days=2))
        await uow.library.pick(c.id, ben, NOW - timedelta(days=1))
        await uow.commit()
    async with store() as uow:
        recent = await uow.library.open_picks(ben, NOW - timedelta(days=14))
        none = await uow.library.open_picks(ann, NOW - timedelta(days=14))
    assert [p.item_id for p in recent] == [c.id, b.id]
    assert none == []


async def test_a_title_is_looked_up_once_oldest_items_first(store: UnitOfWorkFactory) -> None:
    ws, ann, _, _ = await _programme(store)
    async with store() as uow:
        newer = await uow.library.add(_item(ws, ann, "newer", NOW))
        older = await uow.library.add(_item(ws, ann, "older", NOW - timedelta(days=1)))
        assert newer and older
        await uow.commit()
    async with store() as uow:
        waiting = await uow.library.awaiting_preview(10)
        first = await uow.library.awaiting_preview(1)
        await uow.library.set_title(older.id, "Green data centres", NOW)
        await uow.library.set_title(newer.id, None, NOW)
        await uow.commit()
    async with store() as uow:
        after = await uow.library.awaiting_preview(10)
        titled = await uow.library.get(older.id)
    assert [i.id for i in waiting] == [older.id, newer.id] and [i.id for i in first] == [older.id]
    assert after == []
    assert titled is not None and titled.title == "Green data centres"
