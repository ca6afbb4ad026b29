"""Announced posts and the engagement members report, on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.posts.ports import Engagement, Network, NewPost, Post
from storage.drafts import next_number
from storage.models import PostEngagementRow, PostRow
from storage.repositories import insert_ignoring_duplicates


class SqlPostRepository:
    """Implements ``bot.ports.PostRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _post(self, row: PostRow) -> Post:
        counts = await self._session.execute(
            select(PostEngagementRow.kind, func.count())
            .where(PostEngagementRow.post_id == row.id)
            .group_by(PostEngagementRow.kind)
        )
        return Post(
            id=row.id,
            workspace_id=row.workspace_id,
            number=row.number,
            author_id=row.author_id,
            url=row.url,
            network=Network(row.network),
            created_at=row.created_at,
            draft_id=row.draft_id,
            counts={Engagement(kind): int(n) for kind, n in counts},
        )

    async def add(self, post: NewPost) -> Post | None:
        """Insert under the next number; the unique URL key turns a repeat into None."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, PostRow)
            .values(
                workspace_id=post.workspace_id,
                number=await next_number(self._session, post.workspace_id, "post"),
                author_id=post.author_id,
                url=post.url,
                url_key=post.url_key,
                network=post.network.value,
                draft_id=post.draft_id,
                created_at=post.created_at,
            )
            .returning(PostRow.id)
        )
        post_id = result.scalar_one_or_none()
        if post_id is None:
            return None
        row = await self._session.get(PostRow, post_id)
        assert row is not None
        return await self._post(row)

    async def _first(self, *where: ColumnElement[bool]) -> Post | None:
        row = (await self._session.execute(select(PostRow).where(*where))).scalar_one_or_none()
        return await self._post(row) if row else None

    async def by_number(self, workspace_id: int, number: int) -> Post | None:
        """A post by the number members see."""
        return await self._first(PostRow.workspace_id == workspace_id, PostRow.number == number)

    async def by_url_key(self, workspace_id: int, url_key: str) -> Post | None:
        """The post announced under this normalised URL."""
        return await self._first(PostRow.workspace_id == workspace_id, PostRow.url_key == url_key)

    async def _hold(self, post_id: int) -> None:
        # Clicks on one post queue behind each other (PostgreSQL; SQLite serialises anyway),
        # so each click's updated call counts every click committed before it.
        await self._session.execute(
            select(PostRow.id).where(PostRow.id == post_id).with_for_update()
        )

    async def engage(self, post_id: int, member_id: int, kind: Engagement, at: datetime) -> bool:
        """The primary key counts each member once per kind, however many clicks race."""
        await self._hold(post_id)
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, PostEngagementRow)
            .values(post_id=post_id, member_id=member_id, kind=kind.value, created_at=at)
            .returning(PostEngagementRow.post_id)
        )
        return result.scalar_one_or_none() is not None

    async def disengage(self, post_id: int, member_id: int, kind: Engagement) -> bool:
        """Take one's own count back."""
        await self._hold(post_id)
        result = await self._session.execute(
            delete(PostEngagementRow).where(
                PostEngagementRow.post_id == post_id,
                PostEngagementRow.member_id == member_id,
                PostEngagementRow.kind == kind.value,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def published_between(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[Post]:
        """Oldest first."""
        rows = (
            await self._session.execute(
                select(PostRow)
                .where(
                    PostRow.workspace_id == workspace_id,
                    PostRow.created_at >= start,
                    PostRow.created_at < end,
                )
                .order_by(PostRow.created_at, PostRow.id)
            )
        ).scalars()
        return [await self._post(row) for row in rows]
