"""What the core needs from the outside world, as Protocols.

``storage/`` implements them on SQLAlchemy; ``tests/unit/fakes.py`` implements them in
memory. Services only ever see these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.model import Idea, IdeaStatus, Member, NewIdea, Platform, Role, Theme, Workspace


class Clock(Protocol):
    """Now, as an aware UTC datetime."""

    def now(self) -> datetime: ...


class WorkspaceRepository(Protocol):
    """Programmes, one per platform workspace."""

    async def get_or_add(
        self, platform: Platform, external_id: str, *, locale: str, timezone: str
    ) -> tuple[Workspace, bool]:
        """The workspace, created with these defaults on first contact; True if new."""
        ...

    async def save(self, workspace: Workspace) -> None: ...


class MemberRepository(Protocol):
    """Members of one workspace."""

    async def get(self, member_id: int) -> Member | None: ...

    async def by_external_id(self, workspace_id: int, external_id: str) -> Member | None: ...

    async def by_name(self, workspace_id: int, name: str) -> list[Member]: ...

    async def add(
        self, workspace_id: int, external_id: str, display_name: str, role: Role
    ) -> Member: ...

    async def save(self, member: Member) -> None: ...

    async def with_role(self, workspace_id: int, role: Role) -> list[Member]: ...


class ThemeRepository(Protocol):
    """Programme themes."""

    async def list(self, workspace_id: int) -> list[Theme]: ...

    async def add(self, workspace_id: int, name: str) -> Theme:
        """Add a theme; raises StoreConflict if one with the same key exists."""
        ...

    async def remove(self, theme_id: int) -> None: ...


class IdeaRepository(Protocol):
    """The idea bank."""

    async def add(self, idea: NewIdea) -> Idea:
        """Store a new idea under the workspace's next number."""
        ...

    async def by_number(self, workspace_id: int, number: int) -> Idea | None: ...

    async def list(
        self,
        workspace_id: int,
        *,
        statuses: Sequence[IdeaStatus],
        member_id: int | None = None,
        theme_id: int | None = None,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[Idea], int]:
        """A page of ideas (most votes, then newest first) and the total that match.
        ``member_id`` keeps ideas that member wrote or claimed."""
        ...

    async def toggle_vote(self, idea_id: int, member_id: int) -> bool:
        """Add the member's vote, or take it back if there was one; True if now voted."""
        ...

    async def claim(self, idea_id: int, member_id: int) -> bool:
        """Claim an open, unclaimed idea; False if someone else got there first."""
        ...

    async def set_status(
        self, idea_id: int, status: IdeaStatus, *, claimed_by_id: int | None
    ) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: leaving the block without ``commit()`` rolls everything back."""

    @property
    def workspaces(self) -> WorkspaceRepository: ...

    @property
    def members(self) -> MemberRepository: ...

    @property
    def themes(self) -> ThemeRepository: ...

    @property
    def ideas(self) -> IdeaRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Makes a fresh unit of work per command."""

    def __call__(self) -> UnitOfWork: ...
