"""The figures per segment and per network, and the company/external mix of what each
group shared from the library.

A row is a group of members: a segment (the one each member was in during the period, so a
past quarter keeps the segments it had) or a network (the members who post there, as they
chose with ``/chorus networks``). Groups with fewer than :data:`~bot.stats.metrics.MIN_GROUP`
members are counted together in one ``OTHER`` row, like small themes, so nobody is singled
out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.library.balance import company_percent
from bot.library.ports import ContentKind, SharedPost
from bot.model import Workspace
from bot.ports import UnitOfWork
from bot.stats.metrics import MIN_GROUP, OTHER, Figures, active_members, share
from bot.stats.periods import Period
from bot.stats.ports import Contribution

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class GroupRow:
    """One segment's or network's members in a period: how many took part, how many posts
    they announced and the mix of what they shared from the library."""

    key: str  # the segment's key or the network; OTHER for small groups together
    members: int
    active: int
    posts: int
    shared: tuple[SharedPost, ...]
    names: Mapping[str, str] = field(default_factory=dict)  # a segment's name per language

    @property
    def participation(self) -> float | None:
        """Active ÷ members of the group."""
        return share(self.active, self.members)

    @property
    def company_percent(self) -> int | None:
        """The company share of the group's marked library shares, in whole percent."""
        return company_percent(list(self.shared))

    @property
    def company(self) -> int:
        """Library shares marked as company content."""
        return sum(1 for s in self.shared if s.kind is ContentKind.COMPANY)

    @property
    def external(self) -> int:
        """Library shares marked as external content."""
        return sum(1 for s in self.shared if s.kind is ContentKind.EXTERNAL)


@dataclass(frozen=True)
class Groups:
    """A period's figures per segment and per network, and everything shared from the
    library in it."""

    segments: list[GroupRow]
    networks: list[GroupRow]
    shared: tuple[SharedPost, ...]

    @property
    def company_percent(self) -> int | None:
        """The programme's company share of marked library shares, in whole percent."""
        return company_percent(list(self.shared))


def group_rows(
    members: Mapping[str, set[int]],
    active: set[int],
    posts: Mapping[int, int],
    shared: Iterable[SharedPost],
    *,
    names: Mapping[str, Mapping[str, str]] | None = None,
    order: Iterable[str] = (),
) -> list[GroupRow]:
    """One row per group of ``members`` (groups smaller than MIN_GROUP folded into
    OTHER), in ``order`` and then by size; OTHER comes last."""
    shares = list(shared)
    shown = {key: who for key, who in members.items() if len(who) >= MIN_GROUP and key}
    small: set[int] = set().union(*(who for key, who in members.items() if key not in shown))
    groups = dict(shown)
    if small:
        groups[OTHER] = small
    place = {key: index for index, key in enumerate(order)}
    keys = sorted(
        groups,
        key=lambda k: (k == OTHER, place.get(k, len(place)), -len(groups[k]), k),
    )
    return [
        GroupRow(
            key=key,
            members=len(groups[key]),
            active=len(groups[key] & active),
            posts=sum(posts.get(m, 0) for m in groups[key]),
            shared=tuple(s for s in shares if s.author_id in groups[key]),
            names=(names or {}).get(key, {}),
        )
        for key in keys
    ]


async def segment_members(
    uow: UnitOfWork, workspace: Workspace, period: Period, *, gone: set[int] | None = None
) -> dict[int, int]:
    """Member → the segment they were in during ``period`` (the last one, if they moved),
    for members who were in the programme then: someone who held a seat before the period
    but not during it has left and is not counted (``gone``, when the caller has them)."""
    start, end = period.bounds(ZoneInfo(workspace.timezone))
    ws = workspace.id
    segment_of: dict[int, int] = {}
    for held in await uow.segments.periods(ws, start, end):  # oldest first
        segment_of[held.member_id] = held.segment_id
    if gone is None:
        gone = await _gone(uow, ws, start, end)
    return {m: s for m, s in segment_of.items() if m not in gone}


async def _gone(uow: UnitOfWork, workspace_id: int, start: datetime, end: datetime) -> set[int]:
    """Members who held a seat before the period but none during it: they had left. One
    read: the seats held before the period's end, of which those not left by its start
    were held during it."""
    seated_ever: set[int] = set()
    seated_then: set[int] = set()
    for seat in await uow.enrolments.periods(workspace_id, EPOCH, end):
        seated_ever.add(seat.member_id)
        if seat.left_at is None or seat.left_at > start:
            seated_then.add(seat.member_id)
    return seated_ever - seated_then


async def groups_of(uow: UnitOfWork, workspace: Workspace, figures: Figures) -> Groups:
    """The figures of ``figures.period`` per segment and per network."""
    ws = workspace.id
    start, end = figures.period.bounds(ZoneInfo(workspace.timezone))
    active = active_members(figures.contributions)
    posts = {m: kinds.get(Contribution.POST, 0) for m, kinds in figures.contributions.items()}
    shared = await uow.library.shared_between(ws, start, end)
    segments = {s.id: s for s in await uow.segments.all(ws, removed=True)}
    # Networks are what members chose (no history kept): counted for those who were in the
    # programme during the period, as segments are.
    gone = await _gone(uow, ws, start, end)
    by_segment: dict[str, set[int]] = {}
    in_segments = await segment_members(uow, workspace, figures.period, gone=gone)
    for member, segment_id in in_segments.items():
        segment = segments.get(segment_id)
        if segment is not None:
            by_segment.setdefault(segment.key, set()).add(member)
    by_network: dict[str, set[int]] = {}
    for member, networks in (await uow.networks.all(ws)).items():
        for network in networks if member not in gone else ():
            by_network.setdefault(network, set()).add(member)
    return Groups(
        segments=group_rows(
            by_segment,
            active,
            posts,
            shared,
            names={s.key: s.names for s in segments.values()},
            order=[s.key for s in segments.values()],
        ),
        networks=group_rows(by_network, active, posts, shared),
        shared=tuple(shared),
    )


def mix_counts(shared: Iterable[SharedPost]) -> Counter[ContentKind | None]:
    """Library shares by kind (None: not marked)."""
    return Counter(s.kind for s in shared)
