"""In-memory fakes of the core's ports: the service tests' database."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from bot.errors import StoreConflict
from bot.model import Idea, IdeaStatus, Member, NewIdea, Platform, Role, Theme, Workspace, theme_key


@dataclass
class FakeState:
    """Everything committed so far."""

    workspaces: dict[int, Workspace] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    themes: dict[int, Theme] = field(default_factory=dict)
    ideas: dict[int, Idea] = field(default_factory=dict)
    idea_themes: set[tuple[int, int]] = field(default_factory=set)
    votes: set[tuple[int, int]] = field(default_factory=set)
    idea_seq: dict[int, int] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


class FakeWorkspaces:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def get_or_add(
        self, platform: Platform, external_id: str, *, locale: str, timezone: str
    ) -> tuple[Workspace, bool]:
        for ws in self.s.workspaces.values():
            if ws.platform is platform and ws.external_id == external_id:
                return replace(ws), False
        ws = Workspace(self.s.new_id(), platform, external_id, locale, timezone)
        self.s.workspaces[ws.id] = ws
        return replace(ws), True

    async def save(self, workspace: Workspace) -> None:
        self.s.workspaces[workspace.id] = replace(workspace)


class FakeMembers:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def get(self, member_id: int) -> Member | None:
        member = self.s.members.get(member_id)
        return replace(member) if member else None

    async def by_external_id(self, workspace_id: int, external_id: str) -> Member | None:
        return next(
            (
                replace(m)
                for m in self.s.members.values()
                if m.workspace_id == workspace_id and m.external_id == external_id
            ),
            None,
        )

    async def by_name(self, workspace_id: int, name: str) -> list[Member]:
        return [
            replace(m)
            for m in self.s.members.values()
            if m.workspace_id == workspace_id
            and (theme_key(m.display_name) == theme_key(name) or m.external_id == name)
        ]

    async def add(
        self, workspace_id: int, external_id: str, display_name: str, role: Role
    ) -> Member:
        member = Member(self.s.new_id(), workspace_id, external_id, display_name, role)
        self.s.members[member.id] = member
        return replace(member)

    async def save(self, member: Member) -> None:
        self.s.members[member.id] = replace(member)

    async def with_role(self, workspace_id: int, role: Role) -> list[Member]:
        return [
            replace(m)
            for m in self.s.members.values()
            if m.workspace_id == workspace_id and m.role is role
        ]


class FakeThemes:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def list(self, workspace_id: int) -> list[Theme]:
        return sorted(
            (t for t in self.s.themes.values() if t.workspace_id == workspace_id),
            key=lambda t: theme_key(t.name),
        )

    async def add(self, workspace_id: int, name: str) -> Theme:
        if any(
            t.workspace_id == workspace_id and theme_key(t.name) == theme_key(name)
            for t in self.s.themes.values()
        ):
            raise StoreConflict(name)
        theme = Theme(self.s.new_id(), workspace_id, name)
        self.s.themes[theme.id] = theme
        return theme

    async def remove(self, theme_id: int) -> None:
        self.s.themes.pop(theme_id, None)
        self.s.idea_themes = {(i, t) for i, t in self.s.idea_themes if t != theme_id}


class FakeIdeas:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    def _view(self, idea: Idea) -> Idea:
        names = sorted(self.s.themes[t].name for i, t in self.s.idea_themes if i == idea.id)
        votes = sum(1 for i, _ in self.s.votes if i == idea.id)
        return replace(idea, themes=names, vote_count=votes)

    async def add(self, idea: NewIdea) -> Idea:
        number = self.s.idea_seq.get(idea.workspace_id, 0) + 1
        self.s.idea_seq[idea.workspace_id] = number
        stored = Idea(
            self.s.new_id(),
            idea.workspace_id,
            number,
            idea.author_id,
            idea.text,
            IdeaStatus.OPEN,
            idea.created_at,
        )
        self.s.ideas[stored.id] = stored
        self.s.idea_themes |= {(stored.id, t) for t in idea.theme_ids}
        return self._view(stored)

    async def by_number(self, workspace_id: int, number: int) -> Idea | None:
        return next(
            (
                self._view(i)
                for i in self.s.ideas.values()
                if i.workspace_id == workspace_id and i.number == number
            ),
            None,
        )

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
        found = [
            self._view(i)
            for i in self.s.ideas.values()
            if i.workspace_id == workspace_id
            and i.status in statuses
            and (member_id is None or member_id in (i.author_id, i.claimed_by_id))
            and (theme_id is None or (i.id, theme_id) in self.s.idea_themes)
        ]
        found.sort(key=lambda i: (-i.vote_count, -i.number))
        return found[offset : offset + limit], len(found)

    async def toggle_vote(self, idea_id: int, member_id: int) -> bool:
        if (idea_id, member_id) in self.s.votes:
            self.s.votes.discard((idea_id, member_id))
            return False
        self.s.votes.add((idea_id, member_id))
        return True

    async def claim(self, idea_id: int, member_id: int) -> bool:
        idea = self.s.ideas[idea_id]
        if idea.claimed_by_id is not None or idea.status is not IdeaStatus.OPEN:
            return False
        self.s.ideas[idea_id] = replace(idea, claimed_by_id=member_id, status=IdeaStatus.CLAIMED)
        return True

    async def set_status(
        self, idea_id: int, status: IdeaStatus, *, claimed_by_id: int | None
    ) -> None:
        self.s.ideas[idea_id] = replace(
            self.s.ideas[idea_id], status=status, claimed_by_id=claimed_by_id
        )


class FakeUnitOfWork:
    """Works on a copy of the committed state; ``commit`` publishes it, anything else
    throws it away — the same contract as the SQL unit of work."""

    def __init__(self, committed: FakeState) -> None:
        self._committed = committed
        self.commits = 0

    def _begin(self) -> None:
        self.state = copy.deepcopy(self._committed)
        self.workspaces = FakeWorkspaces(self.state)
        self.members = FakeMembers(self.state)
        self.themes = FakeThemes(self.state)
        self.ideas = FakeIdeas(self.state)

    async def __aenter__(self) -> Self:
        self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        self._committed.__dict__.update(copy.deepcopy(self.state).__dict__)
        self.commits += 1

    async def rollback(self) -> None:
        self._begin()


class FakeUnitOfWorkFactory:
    """Hands out units of work over one shared committed state."""

    def __init__(self) -> None:
        self.state = FakeState()

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.state)


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, now: datetime | None = None) -> None:
        self.moment = now or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)
