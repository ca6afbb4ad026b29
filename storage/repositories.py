"""Repositories: SQL in, domain objects out. Uniqueness is the database's job."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Row,
    Select,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StoreConflict
from bot.ideas.ports import Idea, IdeaStatus, NewIdea
from bot.model import Member, Platform, Role, Workspace
from bot.programme.ports import Theme, theme_key
from storage.models import (
    IdeaRow,
    IdeaThemeRow,
    IdeaVoteRow,
    MemberRow,
    ThemeRow,
    WorkspaceRow,
    table_of,
)


def _now() -> datetime:
    return datetime.now(UTC)


def insert_ignoring_duplicates(session: AsyncSession, table: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for the session's dialect."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()


async def count_holding(session: AsyncSession, lock: Select[Any], table: Any, *where: Any) -> int:
    """``table``'s rows matching ``where``, counted after taking the rows ``lock`` selects
    (``FOR UPDATE`` on PostgreSQL, until the transaction ends; SQLite's ``BEGIN IMMEDIATE``
    already serialises writers): two transactions checking a limit this way cannot both
    take its last place."""
    await session.execute(lock.with_for_update())
    return int(await session.scalar(select(func.count()).select_from(table).where(*where)) or 0)


def _workspace(row: WorkspaceRow) -> Workspace:
    return Workspace(
        id=row.id,
        platform=Platform(row.platform),
        external_id=row.external_id,
        locale=row.locale,
        timezone=row.timezone,
        channel_id=row.channel_id,
        slot_bookings_per_week=row.slot_bookings_per_week,
    )


# A Member's fields, in order, as columns: lists are read without building ORM objects.
_MEMBER_FIELDS = tuple(field.name for field in fields(Member))
_MEMBER_COLUMNS = tuple(MemberRow.__table__.c[name] for name in _MEMBER_FIELDS)
_ROLES = {role.value: role for role in Role}  # a dict lookup; Role(value) is slower


def _member(row: MemberRow) -> Member:
    return Member(
        id=row.id,
        workspace_id=row.workspace_id,
        external_id=row.external_id,
        display_name=row.display_name,
        role=_ROLES[row.role],
        locale=row.locale,
        timezone=row.timezone,
        last_active_at=row.last_active_at,
        away_until=row.away_until,
        nudges_off=row.nudges_off,
        last_nudged_at=row.last_nudged_at,
        left_at=row.left_at,
        name_checked_at=row.name_checked_at,
    )


# Every command reads its workspace and member. Built once, these statements skip the
# expression building and cache-key walk that a fresh select() costs on every call.
_WORKSPACE_BY_EXTERNAL_ID = select(WorkspaceRow).where(
    WorkspaceRow.platform == bindparam("platform"),
    WorkspaceRow.external_id == bindparam("external_id"),
)
_MEMBER_BY_EXTERNAL_ID = select(MemberRow).where(
    MemberRow.workspace_id == bindparam("workspace_id"),
    MemberRow.external_id == bindparam("external_id"),
)
_WORKSPACE_WITH_MEMBER = (
    select(WorkspaceRow, MemberRow)
    .outerjoin(
        MemberRow,
        (MemberRow.workspace_id == WorkspaceRow.id)
        & (MemberRow.external_id == bindparam("member_external_id")),
    )
    .where(
        WorkspaceRow.platform == bindparam("platform"),
        WorkspaceRow.external_id == bindparam("external_id"),
    )
)


class SqlWorkspaceRepository:
    """Workspaces on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_or_add(
        self, platform: Platform, external_id: str, *, locale: str, timezone: str
    ) -> tuple[Workspace, bool]:
        """The workspace, created on first contact; True if it was created now."""
        query, key = (
            _WORKSPACE_BY_EXTERNAL_ID,
            {"platform": platform.value, "external_id": external_id},
        )
        row = (await self._session.execute(query, key)).scalar_one_or_none()
        if row is not None:  # every command but the first: one read
            return _workspace(row), False
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, WorkspaceRow)
            .values(
                platform=platform.value,
                external_id=external_id,
                locale=locale,
                timezone=timezone,
                idea_seq=0,
                created_at=_now(),
            )
            .returning(WorkspaceRow.id)
        )
        created = result.scalar_one_or_none() is not None
        return _workspace((await self._session.execute(query, key)).scalar_one()), created

    async def with_member(
        self, platform: Platform, external_id: str, member_external_id: str
    ) -> tuple[Workspace, Member | None] | None:
        """A known workspace and its member of that platform id, in one read (every
        command starts here); None for a workspace not met before."""
        key = {
            "platform": platform.value,
            "external_id": external_id,
            "member_external_id": member_external_id,
        }
        found = (await self._session.execute(_WORKSPACE_WITH_MEMBER, key)).first()
        if found is None:
            return None
        workspace, member = found
        # The session's identity map holds rows weakly: kept here for the unit of work, the
        # acting member is not read again when the command looks them up by id (a card
        # naming its author); updates through the session still reach the kept row.
        self._session.info["acting"] = (workspace, member)
        return _workspace(workspace), (_member(member) if member is not None else None)

    async def save(self, workspace: Workspace) -> None:
        """Write back the editable fields."""
        await self._session.execute(
            update(WorkspaceRow)
            .where(WorkspaceRow.id == workspace.id)
            .values(
                locale=workspace.locale,
                timezone=workspace.timezone,
                channel_id=workspace.channel_id,
                slot_bookings_per_week=workspace.slot_bookings_per_week,
            )
        )

    async def get(self, workspace_id: int) -> Workspace | None:
        """A workspace by internal id."""
        row = await self._session.get(WorkspaceRow, workspace_id)
        return _workspace(row) if row else None

    async def all(self) -> list[Workspace]:
        """Every workspace, oldest first."""
        rows = (
            await self._session.execute(select(WorkspaceRow).order_by(WorkspaceRow.id))
        ).scalars()
        return [_workspace(r) for r in rows]


class SqlMemberRepository:
    """Members on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, member_id: int) -> Member | None:
        """A member by internal id."""
        row = await self._session.get(MemberRow, member_id)
        return _member(row) if row and row.erased_at is None else None

    async def by_external_id(self, workspace_id: int, external_id: str) -> Member | None:
        """A member by platform id."""
        key = {"workspace_id": workspace_id, "external_id": external_id}
        row = (await self._session.execute(_MEMBER_BY_EXTERNAL_ID, key)).scalar_one_or_none()
        return _member(row) if row else None

    async def by_name(self, workspace_id: int, name: str) -> list[Member]:
        """Members whose display name or platform id matches ``name`` (case-insensitively)."""
        key = theme_key(name)
        rows = (
            await self._session.execute(
                select(MemberRow)
                .where(
                    MemberRow.workspace_id == workspace_id,
                    MemberRow.erased_at.is_(None),
                    or_(MemberRow.name_key == key, MemberRow.external_id == name),
                )
                .order_by(MemberRow.id)
            )
        ).scalars()
        return [_member(r) for r in rows]

    async def add(
        self, workspace_id: int, external_id: str, display_name: str, role: Role
    ) -> Member:
        """Register a member; a concurrent first contact yields the same member."""
        await self._session.execute(
            insert_ignoring_duplicates(self._session, MemberRow).values(
                workspace_id=workspace_id,
                external_id=external_id,
                display_name=display_name,
                name_key=theme_key(display_name),
                role=role.value,
                created_at=_now(),
                nudges_off=False,
            )
        )
        member = await self.by_external_id(workspace_id, external_id)
        assert member is not None
        return member

    async def save(self, member: Member) -> None:
        """Write back the editable fields."""
        await self._session.execute(
            update(MemberRow)
            .where(MemberRow.id == member.id)
            .values(
                display_name=member.display_name,
                name_key=theme_key(member.display_name),
                role=member.role.value,
                locale=member.locale,
                timezone=member.timezone,
                last_active_at=member.last_active_at,
                away_until=member.away_until,
                nudges_off=member.nudges_off,
                last_nudged_at=member.last_nudged_at,
                left_at=member.left_at,
                name_checked_at=member.name_checked_at,
            )
        )

    async def with_role(self, workspace_id: int, role: Role) -> list[Member]:
        """All members of a workspace with ``role``."""
        rows = (
            await self._session.execute(
                select(MemberRow)
                .where(
                    MemberRow.workspace_id == workspace_id,
                    MemberRow.role == role.value,
                    MemberRow.erased_at.is_(None),
                    MemberRow.left_at.is_(None),
                )
                .order_by(MemberRow.id)
            )
        ).scalars()
        return [_member(r) for r in rows]

    async def all(self, workspace_id: int) -> list[Member]:
        """Every member of a workspace (read as plain rows: the programme's figures list a
        thousand members, and ORM objects cost several times more to build)."""
        rows = await self._session.execute(
            select(*_MEMBER_COLUMNS)
            .where(
                MemberRow.workspace_id == workspace_id,
                MemberRow.erased_at.is_(None),
                MemberRow.left_at.is_(None),
            )
            .order_by(MemberRow.id)
        )
        return [
            Member(id, workspace, external, name, _ROLES[role], *rest)
            for id, workspace, external, name, role, *rest in rows
        ]


# Every new idea reads the themes to match its tags: built once, columns only.
_THEME = table_of(ThemeRow)
_THEMES = (
    select(_THEME.c.id, _THEME.c.workspace_id, _THEME.c.name)
    .where(_THEME.c.workspace_id == bindparam("workspace_id"))
    .order_by(_THEME.c.name_key)
)


class SqlThemeRepository:
    """Themes on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list(self, workspace_id: int) -> list[Theme]:
        """The workspace's themes, alphabetically."""
        rows = await self._session.execute(_THEMES, {"workspace_id": workspace_id})
        return [Theme(r.id, r.workspace_id, r.name) for r in rows]

    async def add(self, workspace_id: int, name: str) -> Theme:
        """Add a theme; StoreConflict if the same name (any case/accents) exists."""
        row = ThemeRow(workspace_id=workspace_id, name=name, name_key=theme_key(name))
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError:
            raise StoreConflict(name) from None
        return Theme(row.id, workspace_id, name)

    async def remove(self, theme_id: int) -> None:
        """Remove a theme and its tags on ideas."""
        await self._session.execute(delete(IdeaThemeRow).where(IdeaThemeRow.theme_id == theme_id))
        await self._session.execute(delete(ThemeRow).where(ThemeRow.id == theme_id))


_VOTES = (
    select(func.count())
    .where(IdeaVoteRow.idea_id == IdeaRow.id)
    .correlate(IdeaRow)
    .scalar_subquery()
)


# Built once: /idea is the command members type most. Plain table statements, not ORM ones:
# nothing in the session holds an idea yet, and the workspace row's counter is read only here.
_WORKSPACES = table_of(WorkspaceRow)
_NEXT_IDEA_NUMBER = (
    update(_WORKSPACES)
    .where(_WORKSPACES.c.id == bindparam("workspace_id"))
    .values(idea_seq=_WORKSPACES.c.idea_seq + 1)
    .returning(_WORKSPACES.c.idea_seq)
)
_INSERT_IDEA = insert(table_of(IdeaRow)).returning(IdeaRow.id, IdeaRow.created_at)
_IDEA_TAG = table_of(IdeaThemeRow)
_TAG_IDEA = insert(_IDEA_TAG)


# Always the stored state, even for a row this transaction read before: a claim that lost
# a race reads who won.
_IDEAS = select(IdeaRow, _VOTES.label("votes")).execution_options(populate_existing=True)
# Every vote, claim and button on a card reads its idea by number, then the idea's themes.
_IDEA_BY_NUMBER = _IDEAS.where(
    IdeaRow.workspace_id == bindparam("workspace_id"), IdeaRow.number == bindparam("number")
)
_IDEA_THEMES = (
    select(_IDEA_TAG.c.idea_id, _THEME.c.name)
    .join(_THEME, _THEME.c.id == _IDEA_TAG.c.theme_id)
    .where(_IDEA_TAG.c.idea_id.in_(bindparam("ids", expanding=True)))
    .order_by(_THEME.c.name_key)
)


class SqlIdeaRepository:
    """The idea bank on SQLAlchemy."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, idea: NewIdea) -> Idea:
        """Store an idea under the workspace's next number (an atomic counter)."""
        number = (
            await self._session.execute(_NEXT_IDEA_NUMBER, {"workspace_id": idea.workspace_id})
        ).scalar_one()
        # Written and returned as stored, without reading the new row back.
        idea_id, created_at = (
            await self._session.execute(
                _INSERT_IDEA,
                {
                    "workspace_id": idea.workspace_id,
                    "number": number,
                    "author_id": idea.author_id,
                    "text": idea.text,
                    "status": IdeaStatus.OPEN.value,
                    "created_at": idea.created_at,
                    "updated_at": idea.created_at,
                },
            )
        ).one()
        if idea.themes:
            await self._session.execute(
                _TAG_IDEA, [{"idea_id": idea_id, "theme_id": theme.id} for theme in idea.themes]
            )
        # In the order every read gives them (by name_key), without reading them back.
        themes = [t.name for t in sorted(idea.themes, key=lambda t: theme_key(t.name))]
        return Idea(
            id=idea_id,
            workspace_id=idea.workspace_id,
            number=number,
            author_id=idea.author_id,
            text=idea.text,
            status=IdeaStatus.OPEN,
            created_at=created_at,
            themes=themes,
            vote_count=0,
        )

    async def _ideas(self, rows: Sequence[Row[IdeaRow, int]]) -> list[Idea]:
        ids = [row.id for row, _ in rows]
        themes: dict[int, list[str]] = {i: [] for i in ids}
        if ids:
            tagged = await self._session.execute(_IDEA_THEMES, {"ids": ids})
            for idea_id, name in tagged:
                themes[idea_id].append(name)
        return [
            Idea(
                id=row.id,
                workspace_id=row.workspace_id,
                number=row.number,
                author_id=row.author_id,
                text=row.text,
                status=IdeaStatus(row.status),
                created_at=row.created_at,
                themes=themes[row.id],
                claimed_by_id=row.claimed_by_id,
                vote_count=votes,
            )
            for row, votes in rows
        ]

    async def by_number(self, workspace_id: int, number: int) -> Idea | None:
        """An idea by the number members see."""
        key = {"workspace_id": workspace_id, "number": number}
        rows = (await self._session.execute(_IDEA_BY_NUMBER, key)).all()
        ideas = await self._ideas(rows)
        return ideas[0] if ideas else None

    async def list(
        self,
        workspace_id: int,
        *,
        statuses: Sequence[IdeaStatus],
        member_id: int | None = None,
        theme_id: int | None = None,
        created_after: datetime | None = None,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[Idea], int]:
        """A page of ideas, most votes then newest first, and how many match in all."""
        conditions = [
            IdeaRow.workspace_id == workspace_id,
            IdeaRow.status.in_([s.value for s in statuses]),
        ]
        if member_id is not None:
            conditions.append(
                or_(IdeaRow.author_id == member_id, IdeaRow.claimed_by_id == member_id)
            )
        if created_after is not None:
            conditions.append(IdeaRow.created_at > created_after)
        if theme_id is not None:
            conditions.append(
                exists().where(
                    and_(IdeaThemeRow.idea_id == IdeaRow.id, IdeaThemeRow.theme_id == theme_id)
                )
            )
        total = (
            await self._session.execute(
                select(func.count()).select_from(IdeaRow).where(*conditions)
            )
        ).scalar_one()
        rows = (
            await self._session.execute(
                _IDEAS.where(*conditions)
                .order_by(_VOTES.desc(), IdeaRow.number.desc())
                .limit(limit)
                .offset(offset)
            )
        ).all()
        return await self._ideas(rows), total

    async def toggle_vote(self, idea_id: int, member_id: int) -> bool:
        """Add the vote, or remove it if it was there. A concurrent double click that loses
        the race on the primary key counts as the same vote, never as two."""
        removed = await self._session.execute(
            delete(IdeaVoteRow).where(
                IdeaVoteRow.idea_id == idea_id, IdeaVoteRow.member_id == member_id
            )
        )
        if getattr(removed, "rowcount", 0):
            return False
        await self._session.execute(
            insert_ignoring_duplicates(self._session, IdeaVoteRow).values(
                idea_id=idea_id, member_id=member_id, created_at=_now()
            )
        )
        return True

    async def claim(self, idea_id: int, member_id: int) -> bool:
        """Claim only if still open and unclaimed: one UPDATE, so two claimers can't both win."""
        result = await self._session.execute(
            update(IdeaRow)
            .where(
                IdeaRow.id == idea_id,
                IdeaRow.claimed_by_id.is_(None),
                IdeaRow.status == IdeaStatus.OPEN.value,
            )
            .values(claimed_by_id=member_id, status=IdeaStatus.CLAIMED.value, updated_at=_now())
        )
        return bool(getattr(result, "rowcount", 0))

    async def set_status(
        self, idea_id: int, status: IdeaStatus, *, claimed_by_id: int | None
    ) -> None:
        """Move an idea on."""
        await self._session.execute(
            update(IdeaRow)
            .where(IdeaRow.id == idea_id)
            .values(status=status.value, claimed_by_id=claimed_by_id, updated_at=_now())
        )

    async def add_themes(self, idea_id: int, theme_ids: Sequence[int]) -> None:
        """Tag an idea with more themes (tags it has already are kept once)."""
        held = set(
            (
                await self._session.scalars(
                    select(IdeaThemeRow.theme_id).where(IdeaThemeRow.idea_id == idea_id)
                )
            ).all()
        )
        for theme_id in dict.fromkeys(theme_ids):
            if theme_id not in held:
                self._session.add(IdeaThemeRow(idea_id=idea_id, theme_id=theme_id))
        await self._session.flush()
