"""An in-memory fake of the content library's port."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.library.ports import ContentKind, LibraryItem, NewLibraryItem, Pick, SharedPost
from bot.posts.ports import Post
from bot.programme.ports import Theme


@dataclass
class FakeLibraryState:
    """Library items (with their theme ids) and picks committed so far."""

    items: dict[int, LibraryItem] = field(default_factory=dict)
    theme_ids: dict[int, int | None] = field(default_factory=dict)
    url_keys: dict[tuple[int, str], int] = field(default_factory=dict)
    picks: dict[tuple[int, int], Pick] = field(default_factory=dict)
    previewed: set[int] = field(default_factory=set)
    seq: dict[int, int] = field(default_factory=dict)
    next_id: int = 50_000


class FakeLibrary:
    def __init__(
        self, state: FakeLibraryState, themes: dict[int, Theme], posts: dict[int, Post]
    ) -> None:
        self.s = state
        self._themes = themes
        self._posts = posts

    def _view(self, item: LibraryItem) -> LibraryItem:
        theme_id = self.s.theme_ids.get(item.id)
        theme = self._themes.get(theme_id) if theme_id is not None else None
        picks = sum(1 for (item_id, _) in self.s.picks if item_id == item.id)
        return replace(item, theme=theme.name if theme else None, picks=picks)

    async def add(self, item: NewLibraryItem) -> LibraryItem | None:
        if (item.workspace_id, item.url_key) in self.s.url_keys:
            return None
        self.s.next_id += 1
        number = self.s.seq.get(item.workspace_id, 0) + 1
        self.s.seq[item.workspace_id] = number
        stored = LibraryItem(
            self.s.next_id,
            item.workspace_id,
            number,
            item.url,
            item.network,
            item.created_at,
            suggested_by_id=item.suggested_by_id,
            note=item.note,
        )
        self.s.items[stored.id] = stored
        self.s.theme_ids[stored.id] = item.theme_id
        self.s.url_keys[(item.workspace_id, item.url_key)] = stored.id
        return self._view(stored)

    async def get(self, item_id: int) -> LibraryItem | None:
        item = self.s.items.get(item_id)
        return self._view(item) if item else None

    async def by_number(self, workspace_id: int, number: int) -> LibraryItem | None:
        return next(
            (
                self._view(i)
                for i in self.s.items.values()
                if i.workspace_id == workspace_id and i.number == number
            ),
            None,
        )

    async def by_url_key(self, workspace_id: int, url_key: str) -> LibraryItem | None:
        item_id = self.s.url_keys.get((workspace_id, url_key))
        return await self.get(item_id) if item_id else None

    def _fresh(self, workspace_id: int, now: datetime) -> list[LibraryItem]:
        return [
            self._view(i)
            for i in self.s.items.values()
            if i.workspace_id == workspace_id and not i.expired(now)
        ]

    async def fresh(
        self,
        workspace_id: int,
        now: datetime,
        *,
        theme_id: int | None = None,
        kind: ContentKind | None = None,
        created_after: datetime | None = None,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[LibraryItem], int]:
        found = [
            i
            for i in self._fresh(workspace_id, now)
            if (theme_id is None or self.s.theme_ids.get(i.id) == theme_id)
            and (kind is None or i.kind is kind)
            and (created_after is None or i.created_at >= created_after)
        ]
        found.sort(key=lambda i: (i.created_at, i.id), reverse=True)
        found.sort(key=lambda i: (i.pinned_at is None, -i.picks))
        return found[offset : offset + limit], len(found)

    async def pinned(self, workspace_id: int, now: datetime) -> list[LibraryItem]:
        found = [i for i in self._fresh(workspace_id, now) if i.pinned_at is not None]
        return sorted(found, key=lambda i: (i.pinned_at or now, i.id))

    async def set_kind(self, item_id: int, kind: ContentKind | None) -> None:
        self.s.items[item_id] = replace(self.s.items[item_id], kind=kind)

    async def set_expiry(self, item_id: int, expires_at: datetime | None) -> None:
        self.s.items[item_id] = replace(self.s.items[item_id], expires_at=expires_at)

    async def set_pinned(self, item_id: int, pinned_at: datetime | None) -> None:
        self.s.items[item_id] = replace(self.s.items[item_id], pinned_at=pinned_at)

    async def fill_in(self, item_id: int, *, theme_id: int | None, note: str | None) -> bool:
        item = self.s.items.get(item_id)
        if item is None:
            return False
        changed = False
        if theme_id is not None and self.s.theme_ids.get(item_id) is None:
            self.s.theme_ids[item_id], changed = theme_id, True
        if note and not item.note:
            self.s.items[item_id], changed = replace(item, note=note), True
        return changed

    async def awaiting_preview(self, limit: int) -> list[LibraryItem]:
        waiting = [i for i in self.s.items.values() if i.id not in self.s.previewed]
        waiting.sort(key=lambda i: (i.created_at, i.id))
        return [self._view(i) for i in waiting[:limit]]

    async def set_title(self, item_id: int, title: str | None, at: datetime) -> None:
        self.s.items[item_id] = replace(self.s.items[item_id], title=title)
        self.s.previewed.add(item_id)

    async def pick(self, item_id: int, member_id: int, at: datetime) -> bool:
        if (item_id, member_id) in self.s.picks:
            return False
        self.s.picks[(item_id, member_id)] = Pick(item_id, member_id, at)
        return True

    async def pick_of(self, item_id: int, member_id: int) -> Pick | None:
        return self.s.picks.get((item_id, member_id))

    async def set_pick_draft(self, item_id: int, member_id: int, draft_id: int) -> None:
        key = (item_id, member_id)
        if key in self.s.picks:
            self.s.picks[key] = replace(self.s.picks[key], draft_id=draft_id)

    async def pick_for_draft(self, draft_id: int) -> Pick | None:
        return next((p for p in self.s.picks.values() if p.draft_id == draft_id), None)

    async def open_picks(self, member_id: int, since: datetime) -> list[Pick]:
        found = [
            p
            for p in self.s.picks.values()
            if p.member_id == member_id and p.post_id is None and p.created_at >= since
        ]
        return sorted(found, key=lambda p: (p.created_at, p.item_id), reverse=True)

    async def link_post(self, item_id: int, member_id: int, post_id: int) -> None:
        key = (item_id, member_id)
        if key in self.s.picks:
            self.s.picks[key] = replace(self.s.picks[key], post_id=post_id)

    async def item_of_post(self, post_id: int) -> LibraryItem | None:
        pick = next((p for p in self.s.picks.values() if p.post_id == post_id), None)
        return await self.get(pick.item_id) if pick else None

    async def shared_between(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[SharedPost]:
        shared: list[tuple[datetime, int, SharedPost]] = []
        for pick in self.s.picks.values():
            post = self._posts.get(pick.post_id) if pick.post_id is not None else None
            if post is None or post.workspace_id != workspace_id:
                continue
            if start <= post.created_at < end:
                kind = self.s.items[pick.item_id].kind
                shared.append(
                    (
                        post.created_at,
                        post.id,
                        SharedPost(post.id, post.network, kind, post.author_id),
                    )
                )
        return [s for _, _, s in sorted(shared, key=lambda t: (t[0], t[1]))]
