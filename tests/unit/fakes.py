"""In-memory fakes of the core's ports: the service tests' database."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from bot.cheers.ports import Cheer, NewCheer
from bot.errors import StoreConflict
from bot.ideas.ports import Idea, IdeaStatus, NewIdea
from bot.messages import Audience
from bot.model import Member, Platform, Role, Workspace
from bot.outbox import DeliveryOverview, Outgoing, Priority, Queue, terms_of
from bot.programme.ports import Theme, theme_key
from tests.unit.fakes_awards import FakeAwards, FakeAwardState
from tests.unit.fakes_bookings import (
    FakeBookings,
    FakeBookingState,
    FakeCafes,
    FakeCalendarTokens,
    FakeSlots,
)
from tests.unit.fakes_drafts import FakeDrafts, FakeDraftState, FakeGuidelines, FakePosts
from tests.unit.fakes_journey import (
    FakeEnrolments,
    FakeJourneyState,
    FakeMentors,
    FakeNetworks,
    FakeSegments,
)
from tests.unit.fakes_library import FakeLibrary, FakeLibraryState
from tests.unit.fakes_privacy import FakePrivacy, FakePrivacyState
from tests.unit.fakes_stats import FakeStats, FakeStatsState
from tests.unit.fakes_surveys import FakeSurveys, FakeSurveyState


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
    cheers: dict[int, Cheer] = field(default_factory=dict)
    outbox: list[Outgoing] = field(default_factory=list)
    fires: dict[tuple[str, int, datetime], str] = field(default_factory=dict)
    schedules: dict[tuple[int, str], tuple[str | None, bool]] = field(default_factory=dict)
    tips: dict[int, tuple[int, str]] = field(default_factory=dict)
    dead_letters: list[tuple[str, str, datetime]] = field(default_factory=list)
    booking: FakeBookingState = field(default_factory=FakeBookingState)
    drafting: FakeDraftState = field(default_factory=FakeDraftState)
    library: FakeLibraryState = field(default_factory=FakeLibraryState)
    cheer_opt_outs: set[int] = field(default_factory=set)
    stats: FakeStatsState = field(default_factory=FakeStatsState)
    privacy: FakePrivacyState = field(default_factory=FakePrivacyState)
    journey: FakeJourneyState = field(default_factory=FakeJourneyState)
    awards: FakeAwardState = field(default_factory=FakeAwardState)
    surveys: FakeSurveyState = field(default_factory=FakeSurveyState)
    # Notes sent on a member's behalf: (workspace id, sender id, count, when, about).
    notes_sent: list[tuple[int, int, int, datetime, str | None]] = field(default_factory=list)
    # Keys of channel posts that were delivered (what a platform's message refs hold).
    posted: set[tuple[int, str]] = field(default_factory=set)
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

    async def with_member(
        self, platform: Platform, external_id: str, member_external_id: str
    ) -> tuple[Workspace, Member | None] | None:
        for ws in self.s.workspaces.values():
            if ws.platform is platform and ws.external_id == external_id:
                member = await FakeMembers(self.s).by_external_id(ws.id, member_external_id)
                return replace(ws), member
        return None

    async def save(self, workspace: Workspace) -> None:
        self.s.workspaces[workspace.id] = replace(workspace)

    async def get(self, workspace_id: int) -> Workspace | None:
        found = self.s.workspaces.get(workspace_id)
        return replace(found) if found else None

    async def all(self) -> list[Workspace]:
        return [replace(w) for w in sorted(self.s.workspaces.values(), key=lambda w: w.id)]


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

    async def all(self, workspace_id: int) -> list[Member]:
        return [
            replace(m)
            for m in self.s.members.values()
            if m.workspace_id == workspace_id and m.left_at is None
        ]

    async def with_role(self, workspace_id: int, role: Role) -> list[Member]:
        return [
            replace(m)
            for m in self.s.members.values()
            if m.workspace_id == workspace_id and m.role is role and m.left_at is None
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
        names = sorted(
            (self.s.themes[t].name for i, t in self.s.idea_themes if i == idea.id), key=theme_key
        )
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
        self.s.idea_themes |= {(stored.id, t.id) for t in idea.themes}
        return self._view(stored)

    async def add_themes(self, idea_id: int, theme_ids: Sequence[int]) -> None:
        self.s.idea_themes |= {(idea_id, t) for t in theme_ids}

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
        created_after: datetime | None = None,
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
            and (created_after is None or i.created_at > created_after)
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


class FakeCheers:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def add(self, cheer: NewCheer) -> int | None:
        if cheer.source_ref is not None and any(
            c.giver_id == cheer.giver_id and c.source_ref == cheer.source_ref
            for c in self.s.cheers.values()
        ):
            return None
        stored = Cheer(
            self.s.new_id(),
            cheer.workspace_id,
            cheer.giver_id,
            cheer.receiver_id,
            cheer.created_at,
            cheer.reason,
            cheer.source_ref,
        )
        self.s.cheers[stored.id] = stored
        return stored.id

    async def get(self, cheer_id: int) -> Cheer | None:
        return self.s.cheers.get(cheer_id)

    async def remove_by_source(self, workspace_id: int, giver_id: int, source_ref: str) -> bool:
        found = [
            c.id
            for c in self.s.cheers.values()
            if c.workspace_id == workspace_id
            and c.giver_id == giver_id
            and c.source_ref == source_ref
        ]
        for cheer_id in found:
            del self.s.cheers[cheer_id]
        return bool(found)

    async def received(
        self, workspace_id: int, member_id: int, *, limit: int
    ) -> tuple[list[Cheer], int]:
        found = sorted(
            (
                c
                for c in self.s.cheers.values()
                if c.workspace_id == workspace_id and c.receiver_id == member_id
            ),
            key=lambda c: (c.created_at, c.id),
            reverse=True,
        )
        return found[:limit], len(found)

    async def count_since(self, workspace_id: int, since: datetime) -> int:
        return sum(
            1
            for c in self.s.cheers.values()
            if c.workspace_id == workspace_id and c.created_at >= since
        )

    async def given_since(self, workspace_id: int, giver_id: int, since: datetime) -> int:
        return sum(
            1
            for c in self.s.cheers.values()
            if c.workspace_id == workspace_id and c.giver_id == giver_id and c.created_at >= since
        )

    async def is_public(self, member_id: int) -> bool:
        return member_id not in self.s.cheer_opt_outs

    async def set_public(self, member_id: int, public: bool) -> None:
        if public:
            self.s.cheer_opt_outs.discard(member_id)
        else:
            self.s.cheer_opt_outs.add(member_id)


class FakeOutbox:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def enqueue(self, outgoing: Outgoing) -> bool:
        if any(o.dedupe_key == outgoing.dedupe_key for o in self.s.outbox):
            return False
        key = outgoing.message.key
        if outgoing.message.first and any(
            o.workspace_id == outgoing.workspace_id and o.message.key == key for o in self.s.outbox
        ):
            raise AssertionError(f"{key} is queued as a first message, but one was queued before")
        if outgoing.message.audience is Audience.MEMBER and any(
            m.workspace_id == outgoing.workspace_id
            and m.external_id == outgoing.target
            and m.left_at is not None
            for m in self.s.members.values()
        ):
            return False
        self.s.outbox.append(outgoing)
        return True

    async def undelivered(
        self, workspace_id: int, *, limit: int
    ) -> list[tuple[str, str, datetime]]:
        return [entry for entry in self.s.dead_letters if entry[0]][:limit]

    async def overview(self, workspace_id: int, *, limited_since: datetime) -> DeliveryOverview:
        """Everything queued counts as waiting (the fake delivers nothing); a member's
        notes are counted together as DMs."""
        members = {m.external_id for m in self.s.members.values() if m.workspace_id == workspace_id}
        groups: dict[str | None, list[Outgoing]] = {}
        for item in self.s.outbox:
            if item.workspace_id == workspace_id:
                key = None if item.target in members else item.target
                groups.setdefault(key, []).append(item)
        queues = []
        for channel, items in groups.items():
            urgent = sum(1 for i in items if terms_of(i)[0] is Priority.URGENT)
            recipients = len({i.target for i in items}) if channel is None else 0
            queued = [i.not_before for i in items if i.not_before is not None]
            first = min(queued, default=None)
            queues.append(
                Queue(channel, urgent, len(items) - urgent, recipients, first, first, 0, None)
            )
        queues.sort(key=lambda q: -(q.urgent + q.bulk))
        return DeliveryOverview(tuple(queues), 0, None)


class FakeNoteLedger:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def record(
        self, workspace_id: int, sender_id: int, count: int, at: datetime, *, about: str | None
    ) -> None:
        self.s.notes_sent.append((workspace_id, sender_id, count, at, about))

    async def sent_since(self, sender_id: int, since: datetime) -> list[tuple[datetime, int]]:
        return sorted(
            (at, n) for _, s, n, at, _ in self.s.notes_sent if s == sender_id and at > since
        )

    async def told_since(self, sender_id: int, about: str, since: datetime) -> bool:
        return any(
            s == sender_id and a == about and at >= since for _, s, _, at, a in self.s.notes_sent
        )


class FakeJobLedger:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def claim(
        self,
        job: str,
        workspace_id: int,
        fire_time: datetime,
        status: str,
        detail: str | None = None,
    ) -> bool:
        key = (job, workspace_id, fire_time.astimezone(UTC))
        if key in self.s.fires:
            return False
        self.s.fires[key] = status
        return True

    async def last_fire(self, job: str, workspace_id: int) -> datetime | None:
        times = [t for (j, w, t) in self.s.fires if j == job and w == workspace_id]
        return max(times) if times else None

    async def fires_since(
        self, workspace_id: int, since: datetime
    ) -> list[tuple[str, datetime, str]]:
        found = [
            (j, t, st) for (j, w, t), st in self.s.fires.items() if w == workspace_id and t >= since
        ]
        return sorted(found, key=lambda f: f[1], reverse=True)

    async def schedule(self, workspace_id: int, job: str) -> tuple[str | None, bool] | None:
        return self.s.schedules.get((workspace_id, job))

    async def set_schedule(
        self, workspace_id: int, job: str, cron: str | None, paused: bool
    ) -> None:
        self.s.schedules[(workspace_id, job)] = (cron, paused)


class FakeTips:
    def __init__(self, state: FakeState) -> None:
        self.s = state

    async def list(self, workspace_id: int) -> list[tuple[int, str]]:
        return [(i, t) for i, (w, t) in sorted(self.s.tips.items()) if w == workspace_id]

    async def add(self, workspace_id: int, text: str) -> int:
        tip_id = self.s.new_id()
        self.s.tips[tip_id] = (workspace_id, text)
        return tip_id

    async def remove(self, workspace_id: int, tip_id: int) -> bool:
        if self.s.tips.get(tip_id, (None, ""))[0] != workspace_id:
            return False
        del self.s.tips[tip_id]
        return True


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
        self.cheers = FakeCheers(self.state)
        self.outbox = FakeOutbox(self.state)
        self.jobs = FakeJobLedger(self.state)
        self.tips = FakeTips(self.state)
        self.slots = FakeSlots(self.state.booking)
        self.cafes = FakeCafes(self.state.booking)
        self.bookings = FakeBookings(self.state.booking)
        self.calendar_tokens = FakeCalendarTokens(self.state.booking)
        self.drafts = FakeDrafts(self.state.drafting, self.state.ideas)
        self.posts = FakePosts(self.state.drafting)
        self.guidelines = FakeGuidelines(self.state.drafting)
        self.stats = FakeStats(self.state)
        self.library = FakeLibrary(self.state.library, self.state.themes, self.state.drafting.posts)
        self.privacy = FakePrivacy(self.state)
        self.segments = FakeSegments(self.state.journey)
        self.networks = FakeNetworks(self.state.journey)
        self.enrolments = FakeEnrolments(self.state.journey)
        self.mentors = FakeMentors(self.state.journey)
        self.awards = FakeAwards(self.state)
        self.surveys = FakeSurveys(self.state.surveys)
        self.notes = FakeNoteLedger(self.state)

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

    def deliver(self) -> None:
        """What the delivery worker does: keyed channel posts are remembered as posted."""
        for outgoing in self.state.outbox:
            if outgoing.message.audience is Audience.CHANNEL and outgoing.message.key:
                self.state.posted.add((outgoing.workspace_id, outgoing.message.key))
        self.state.outbox.clear()


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, now: datetime | None = None) -> None:
        self.moment = now or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)
