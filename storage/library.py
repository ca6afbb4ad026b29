"""The content library and the picks members make, on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.library.ports import ContentKind, LibraryItem, NewLibraryItem, Pick, SharedPost
from bot.posts.ports import Network
from storage.drafts import next_number
from storage.models import LibraryItemRow, LibraryPickRow, PostRow, ThemeRow
from storage.repositories import insert_ignoring_duplicates

_PICKS = (
    select(func.count())
    .where(LibraryPickRow.item_id == LibraryItemRow.id)
    .correlate(LibraryItemRow)
    .scalar_subquery()
)


def _pick(row: LibraryPickRow) -> Pick:
    return Pick(row.item_id, row.member_id, row.created_at, row.draft_id, row.post_id)


class SqlLibraryRepository:
    """Implements ``bot.library.ports.LibraryRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _select(self) -> Any:
        return select(LibraryItemRow, ThemeRow.name, _PICKS.label("picks")).outerjoin(
            ThemeRow, ThemeRow.id == LibraryItemRow.theme_id
        )

    @staticmethod
    def _item(row: LibraryItemRow, theme: str | None, picks: int) -> LibraryItem:
        return LibraryItem(
            id=row.id,
            workspace_id=row.workspace_id,
            number=row.number,
            url=row.url,
            network=Network(row.network),
            created_at=row.created_at,
            suggested_by_id=row.suggested_by_id,
            note=row.note,
            theme=theme,
            kind=ContentKind(row.kind) if row.kind else None,
            expires_at=row.expires_at,
            pinned_at=row.pinned_at,
            picks=int(picks),
            title=row.title,
        )

    async def _first(self, *where: ColumnElement[bool]) -> LibraryItem | None:
        found = (await self._session.execute(self._select().where(*where))).first()
        return self._item(*found) if found else None

    async def add(self, item: NewLibraryItem) -> LibraryItem | None:
        """Insert under the next number; the unique URL key turns a repeat into None."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, LibraryItemRow)
            .values(
                workspace_id=item.workspace_id,
                number=await next_number(self._session, item.workspace_id, "library"),
                url=item.url,
                url_key=item.url_key,
                network=item.network.value,
                suggested_by_id=item.suggested_by_id,
                note=item.note,
                theme_id=item.theme_id,
                created_at=item.created_at,
            )
            .returning(LibraryItemRow.id)
        )
        item_id = result.scalar_one_or_none()
        return None if item_id is None else await self.get(item_id)

    async def get(self, item_id: int) -> LibraryItem | None:
        """An item by its internal id."""
        return await self._first(LibraryItemRow.id == item_id)

    async def by_number(self, workspace_id: int, number: int) -> LibraryItem | None:
        """An item by the number members see."""
        return await self._first(
            LibraryItemRow.workspace_id == workspace_id, LibraryItemRow.number == number
        )

    async def by_url_key(self, workspace_id: int, url_key: str) -> LibraryItem | None:
        """The item kept under this normalised URL."""
        return await self._first(
            LibraryItemRow.workspace_id == workspace_id, LibraryItemRow.url_key == url_key
        )

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
        """Pinned first, then the most picked, then the newest."""
        where: list[ColumnElement[bool]] = [
            LibraryItemRow.workspace_id == workspace_id,
            or_(LibraryItemRow.expires_at.is_(None), LibraryItemRow.expires_at > now),
        ]
        if theme_id is not None:
            where.append(LibraryItemRow.theme_id == theme_id)
        if kind is not None:
            where.append(LibraryItemRow.kind == kind.value)
        if created_after is not None:
            where.append(LibraryItemRow.created_at >= created_after)
        total = (
            await self._session.execute(select(func.count(LibraryItemRow.id)).where(*where))
        ).scalar_one()
        rows = await self._session.execute(
            self._select()
            .where(*where)
            .order_by(
                case((LibraryItemRow.pinned_at.is_(None), 1), else_=0),
                _PICKS.desc(),
                LibraryItemRow.created_at.desc(),
                LibraryItemRow.id.desc(),
            )
            .limit(limit)
            .offset(offset)
        )
        return [self._item(*row) for row in rows], int(total)

    async def pinned(self, workspace_id: int, now: datetime) -> list[LibraryItem]:
        """Unexpired pinned items, earliest pinned first."""
        rows = await self._session.execute(
            self._select()
            .where(
                LibraryItemRow.workspace_id == workspace_id,
                LibraryItemRow.pinned_at.is_not(None),
                or_(LibraryItemRow.expires_at.is_(None), LibraryItemRow.expires_at > now),
            )
            .order_by(LibraryItemRow.pinned_at, LibraryItemRow.id)
        )
        return [self._item(*row) for row in rows]

    async def _set(self, item_id: int, **values: object) -> None:
        await self._session.execute(
            update(LibraryItemRow).where(LibraryItemRow.id == item_id).values(**values)
        )

    async def set_kind(self, item_id: int, kind: ContentKind | None) -> None:
        """Company, external, or not marked."""
        await self._set(item_id, kind=kind.value if kind else None)

    async def set_expiry(self, item_id: int, expires_at: datetime | None) -> None:
        """When the item goes stale (None: never)."""
        await self._set(item_id, expires_at=expires_at)

    async def set_pinned(self, item_id: int, pinned_at: datetime | None) -> None:
        """Pin (with the moment) or unpin."""
        await self._set(item_id, pinned_at=pinned_at)

    async def fill_in(self, item_id: int, *, theme_id: int | None, note: str | None) -> bool:
        """Only empty fields are written, so the first suggester's words stay."""
        row = await self._session.get(LibraryItemRow, item_id)
        if row is None:
            return False
        changed = False
        if theme_id is not None and row.theme_id is None:
            row.theme_id, changed = theme_id, True
        if note and not row.note:
            row.note, changed = note, True
        await self._session.flush()
        return changed

    async def awaiting_preview(self, limit: int) -> list[LibraryItem]:
        """Oldest first, across workspaces."""
        rows = await self._session.execute(
            self._select()
            .where(LibraryItemRow.title_checked_at.is_(None))
            .order_by(LibraryItemRow.created_at, LibraryItemRow.id)
            .limit(limit)
        )
        return [self._item(*row) for row in rows]

    async def set_title(self, item_id: int, title: str | None, at: datetime) -> None:
        """The title and when it was looked up, so it is looked up once."""
        await self._set(item_id, title=title, title_checked_at=at)

    async def pick(self, item_id: int, member_id: int, at: datetime) -> bool:
        """The primary key records each member once per item."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, LibraryPickRow)
            .values(item_id=item_id, member_id=member_id, created_at=at)
            .returning(LibraryPickRow.item_id)
        )
        return result.scalar_one_or_none() is not None

    async def pick_of(self, item_id: int, member_id: int) -> Pick | None:
        """The member's pick of the item."""
        row = await self._session.get(LibraryPickRow, (item_id, member_id))
        return _pick(row) if row else None

    async def set_pick_draft(self, item_id: int, member_id: int, draft_id: int) -> None:
        """The draft the member started from the item."""
        await self._session.execute(
            update(LibraryPickRow)
            .where(LibraryPickRow.item_id == item_id, LibraryPickRow.member_id == member_id)
            .values(draft_id=draft_id)
        )

    async def pick_for_draft(self, draft_id: int) -> Pick | None:
        """The pick a draft was started from."""
        row = (
            await self._session.execute(
                select(LibraryPickRow).where(LibraryPickRow.draft_id == draft_id)
            )
        ).scalar_one_or_none()
        return _pick(row) if row else None

    async def open_picks(self, member_id: int, since: datetime) -> list[Pick]:
        """Newest first."""
        rows = (
            await self._session.execute(
                select(LibraryPickRow)
                .where(
                    LibraryPickRow.member_id == member_id,
                    LibraryPickRow.post_id.is_(None),
                    LibraryPickRow.created_at >= since,
                )
                .order_by(LibraryPickRow.created_at.desc(), LibraryPickRow.item_id.desc())
            )
        ).scalars()
        return [_pick(row) for row in rows]

    async def link_post(self, item_id: int, member_id: int, post_id: int) -> None:
        """The member's post came from this pick."""
        await self._session.execute(
            update(LibraryPickRow)
            .where(LibraryPickRow.item_id == item_id, LibraryPickRow.member_id == member_id)
            .values(post_id=post_id)
        )

    async def item_of_post(self, post_id: int) -> LibraryItem | None:
        """The library item a post was shared from."""
        item_id = (
            await self._session.execute(
                select(LibraryPickRow.item_id).where(LibraryPickRow.post_id == post_id)
            )
        ).scalar_one_or_none()
        return None if item_id is None else await self.get(item_id)

    async def shared_between(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[SharedPost]:
        """Oldest first."""
        rows = await self._session.execute(
            select(PostRow.id, PostRow.network, LibraryItemRow.kind, PostRow.author_id)
            .join(LibraryPickRow, LibraryPickRow.post_id == PostRow.id)
            .join(LibraryItemRow, LibraryItemRow.id == LibraryPickRow.item_id)
            .where(
                PostRow.workspace_id == workspace_id,
                PostRow.created_at >= start,
                PostRow.created_at < end,
            )
            .order_by(PostRow.created_at, PostRow.id)
        )
        return [
            SharedPost(post_id, Network(network), ContentKind(kind) if kind else None, author)
            for post_id, network, kind, author in rows
        ]
