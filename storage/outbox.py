"""The transactional outbox: written with the change that caused a message, delivered by
workers that share it safely (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's single
writer serialises claims) and respect per-scope rate gates."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import codec
from bot.i18n import Translator
from bot.messages import Audience
from bot.model import Platform
from bot.outbox import (
    GATHERABLE_PREFIX,
    DeliveryOverview,
    Outgoing,
    Priority,
    Queue,
    gather_cards,
    terms_of,
)
from storage.models import (
    DeliveryGateRow,
    DeliveryLimitRow,
    MemberRow,
    MessageRefRow,
    OutboxRow,
    UtcDateTime,
    WorkspaceRow,
    table_of,
)
from storage.repositories import insert_ignoring_duplicates

PENDING, SENT, DEAD, SUPERSEDED = "pending", "sent", "dead", "superseded"
# Kinds of scope a 429 without a channel belongs to when it held one member's DM.
_DM_KINDS = frozenset({"dm", "conversation"})
LIMITS_KEPT = timedelta(days=1)  # 429s older than this are removed as new ones come
COALESCED, EXPIRED = "coalesced", "expired"
HELD = "waiting for a rate limit"  # the note on a message a Retry-After put back
# Every command that answers or posts queues through this: built once per dialect, a plain
# table statement (an ORM insert pays for machinery a row nobody holds does not need).
_OUTBOX = table_of(OutboxRow)
_ENQUEUE = {
    dialect.__name__.rsplit(".", 1)[-1]: dialect.insert(_OUTBOX)
    .on_conflict_do_nothing()
    .returning(OutboxRow.id)
    for dialect in (postgresql, sqlite)
}
# A keyed message's older versions that no worker holds give way to it (bind names are
# not column names: an UPDATE reserves those for its SET clause).
_SUPERSEDE = (
    update(_OUTBOX)
    .where(
        _OUTBOX.c.workspace_id == bindparam("of_workspace"),
        _OUTBOX.c.key == bindparam("of_key"),
        _OUTBOX.c.target == bindparam("of_target"),
        _OUTBOX.c.status == PENDING,
        (_OUTBOX.c.lease_until.is_(None)) | (_OUTBOX.c.lease_until < bindparam("of_now")),
    )
    .values(status=SUPERSEDED)
)
# Whether a key's card went into a gathered card and has no post of its own.
_GATHERED_UNPOSTED = select(
    exists().where(
        OutboxRow.workspace_id == bindparam("workspace_id"),
        OutboxRow.key == bindparam("key"),
        OutboxRow.target == bindparam("target"),
        OutboxRow.status == COALESCED,
    )
    & ~exists().where(
        MessageRefRow.workspace_id == bindparam("workspace_id"),
        MessageRefRow.key == bindparam("key"),
    )
)
# Workspaces whose app was uninstalled: their messages wait for the reinstall.
_PARKED = select(WorkspaceRow.id).where(WorkspaceRow.parked_at.is_not(None))

log = logging.getLogger(__name__)


class SqlOutbox:
    """The unit of work's outbox: enqueue inside the caller's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enqueue(self, outgoing: Outgoing) -> bool:
        """Queue a message. A keyed message (an idea's channel card) supersedes its older
        versions that no worker holds yet: only the newest state needs to reach the channel."""
        now = datetime.now(UTC)
        if outgoing.message.audience is Audience.MEMBER and await self._has_left(outgoing):
            return False  # they left the workspace: no more notes
        key = outgoing.message.key
        priority, expires_at = terms_of(outgoing)
        status = PENDING
        # The first message under its key has no older version and was never gathered.
        if key is not None and not outgoing.message.first:
            if key.startswith(GATHERABLE_PREFIX) and await self._gathered_unposted(
                outgoing.workspace_id, key, outgoing.target
            ):
                status = SUPERSEDED  # the gathered card shows it; no card of its own
            await self._session.execute(
                _SUPERSEDE,
                {
                    "of_workspace": outgoing.workspace_id,
                    "of_key": key,
                    "of_target": outgoing.target,
                    "of_now": now,
                },
            )
        insert = _ENQUEUE[self._session.get_bind().dialect.name]
        result = await self._session.execute(
            insert,
            {
                "workspace_id": outgoing.workspace_id,
                "platform": outgoing.platform.value,
                "target": outgoing.target,
                "key": key,
                "dedupe_key": outgoing.dedupe_key,
                "payload": codec.dumps(outgoing.message),
                "status": status,
                "priority": int(priority),
                "attempts": 0,
                "not_before": outgoing.not_before or now,
                "expires_at": expires_at,
                "created_at": now,
            },
        )
        return result.scalar_one_or_none() is not None

    async def _has_left(self, outgoing: Outgoing) -> bool:
        left = await self._session.scalar(
            select(MemberRow.left_at).where(
                MemberRow.workspace_id == outgoing.workspace_id,
                MemberRow.external_id == outgoing.target,
            )
        )
        return left is not None

    async def _gathered_unposted(self, workspace_id: int, key: str, target: str) -> bool:
        """Whether ``key``'s card went into a gathered card and has no post of its own."""
        found = await self._session.execute(
            _GATHERED_UNPOSTED, {"workspace_id": workspace_id, "key": key, "target": target}
        )
        return bool(found.scalar_one())

    async def undelivered(
        self, workspace_id: int, *, limit: int
    ) -> list[tuple[str, str, datetime]]:
        """Dead letters, newest first."""
        rows = (await self._session.execute(_dead_letters(workspace_id, limit))).scalars()
        return [(r.target, r.last_error or "", r.created_at) for r in rows]

    async def overview(self, workspace_id: int, *, limited_since: datetime) -> DeliveryOverview:
        """What waits per channel (a member's DMs counted together, told apart by the
        target being a member), busiest first, and the 429s since ``limited_since``."""
        dm = MemberRow.id.is_not(None)
        channel = case((dm, None), else_=OutboxRow.target).label("channel")
        urgent = func.sum(case((OutboxRow.priority <= int(Priority.URGENT), 1), else_=0))
        rows = await self._session.execute(
            select(
                channel,
                urgent,
                func.count(),
                func.count(func.distinct(case((dm, OutboxRow.target)))),
                func.min(OutboxRow.created_at),
                func.min(OutboxRow.not_before),
            )
            .select_from(OutboxRow)
            .outerjoin(
                MemberRow,
                (MemberRow.workspace_id == OutboxRow.workspace_id)
                & (MemberRow.external_id == OutboxRow.target),
            )
            .where(OutboxRow.workspace_id == workspace_id, OutboxRow.status == PENDING)
            .group_by(channel)
        )
        # min() keeps its column's type, so the moments come back aware (UTC).
        waiting: dict[str | None, tuple[int, int, int, datetime | None, datetime | None]] = {}
        for target, urgent_count, total, recipients, oldest, due in rows:
            waiting[target] = (int(urgent_count), int(total), int(recipients), oldest, due)
        limits = await self._session.execute(
            select(
                DeliveryLimitRow.kind,
                DeliveryLimitRow.target,
                func.count(),
                func.max(DeliveryLimitRow.limited_at),
            )
            .where(
                DeliveryLimitRow.workspace_id == workspace_id,
                DeliveryLimitRow.limited_at >= limited_since,
            )
            .group_by(DeliveryLimitRow.kind, DeliveryLimitRow.target)
        )
        limited: dict[str | None, tuple[int, datetime | None]] = {}
        workspace_limited, workspace_last = 0, None
        last: datetime | None
        for kind, target, count, last in limits:
            if target is None and kind not in _DM_KINDS:
                workspace_limited += int(count)
                workspace_last = max(filter(None, (workspace_last, last)), default=None)
                continue
            before, before_last = limited.get(target, (0, None))
            limited[target] = (
                before + int(count),
                max(filter(None, (before_last, last)), default=None),
            )
        queues = []
        for target in set(waiting) | set(limited):
            urgent_count, total, recipients, oldest, due = waiting.get(
                target, (0, 0, 0, None, None)
            )
            count, last = limited.get(target, (0, None))
            queues.append(
                Queue(
                    target, urgent_count, total - urgent_count, recipients, oldest, due, count, last
                )
            )
        queues.sort(key=lambda q: (-(q.urgent + q.bulk), -q.limited, q.channel or ""))
        return DeliveryOverview(tuple(queues), workspace_limited, workspace_last)


@dataclass(frozen=True)
class Claimed:
    """An outbox row leased to this worker, to be sent at ``send_at`` (not before)."""

    id: int
    workspace_id: int
    platform: Platform
    target: str
    key: str | None
    dedupe_key: str
    payload: str
    attempts: int  # including this one
    send_at: datetime
    priority: int = 1
    expires_at: datetime | None = None


@dataclass(frozen=True)
class DeadLetter:
    """A message given up on, for coordinators to see."""

    id: int
    target: str
    dedupe_key: str
    attempts: int
    last_error: str | None
    created_at: datetime


@dataclass(frozen=True)
class Gate:
    """A rate-limited scope a message passes through (a channel, a workspace): sends are
    spaced ``gap`` seconds apart, with up to ``burst`` of them allowed back to back.
    ``kind`` names the sort of scope for metrics (channel, dm, workspace, conversation)."""

    scope: str
    gap: float
    burst: int = 1
    kind: str = "conversation"


@dataclass(frozen=True)
class Backlog:
    """Waiting messages of one platform and priority (for metrics)."""

    platform: str
    priority: int
    depth: int  # pending, due or not
    oldest_due: datetime | None  # when the longest-waiting due message became due


@dataclass(frozen=True)
class Limited:
    """A 429, as ``/chorus deliveries`` shows it: the kind of scope it held and, for a
    channel post, the channel (never a member's id)."""

    workspace_id: int
    kind: str
    channel: str | None
    seconds: float


# What a message costs: the gates it passes through.
Gates = Callable[[Claimed], Sequence[Gate]]

PER_TARGET = 4  # messages of one target looked at per claim: the rest wait their turn


class OutboxStore:
    """The worker's side of the outbox. Every method is one short transaction. ``looks``
    (``storage.database.reader``'s sessions, for SQLite) answers the looks for Retry-Afters
    that sends make right before they go, without waiting for claims to commit."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        looks: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._looks = looks or sessions

    async def claim(
        self,
        *,
        now: datetime,
        limit: int,
        lease: timedelta,
        horizon: timedelta,
        gates: Gates,
        per_target: int = PER_TARGET,
        platforms: Collection[Platform] | None = None,
        bulk_horizon: timedelta | None = None,
    ) -> list[Claimed]:
        """Lease up to ``limit`` due messages and reserve their send times against the
        rate gates (never earlier than a gate opens or a Retry-After ends, never more than
        ``horizon`` ahead; bulk messages at most ``bulk_horizon`` ahead when given, so
        an urgent message queued a moment later never waits long behind bulk bookings).

        Fair: candidates are taken target by target — every target's oldest due message
        first (urgent before bulk), then every target's second, and so on, at most
        ``per_target`` of each — so one busy channel's backlog never hides other targets'
        messages. A message whose deadline has passed, or would pass before its gates let
        it go, is dropped as expired (and logged). Only messages for ``platforms`` (all
        when None) are looked at: a worker takes what it has transports for."""
        async with self._sessions() as session, session.begin():
            dialect = session.get_bind().dialect.name
            claimed_query, gates_query = _LOCKED[dialect]
            await _expire_overdue(session, now)
            kinds = None if platforms is None else tuple(sorted(p.value for p in platforms))
            candidates_query = _candidates(limit, per_target, kinds)
            ids = list((await session.execute(candidates_query, {"now": now})).scalars())
            if not ids:
                return []
            # Plain rows, not ORM objects: a claim looks at many more candidates than the
            # gates let through, and building an object for each was most of its cost.
            table = _OUTBOX
            found = {
                row.id: row
                for row in await session.execute(claimed_query, {"ids": ids, "now": now})
            }
            # Gates are asked with the attempt about to be made (a retry may cost more).
            candidates = [_claimed(found[i], now, found[i].attempts + 1) for i in ids if i in found]
            if not candidates:
                return []
            spacings = {item.id: gates(item) for item in candidates}
            scopes = {gate.scope for spacing in spacings.values() for gate in spacing}
            open_at: dict[str, datetime] = {}  # the next send's theoretical moment
            blocked: dict[str, datetime] = {}  # a Retry-After's end, which no burst crosses
            for scope, gate_open, until in await session.execute(
                gates_query, {"scopes": list(scopes)}
            ):
                open_at[scope] = gate_open
                if until is not None:
                    blocked[scope] = until
            claimed: list[Claimed] = []
            expired: list[int] = []
            stalled: set[tuple[int, str]] = set()  # targets whose next message must wait
            lane_last: dict[tuple[int, str], datetime] = {}  # each target's last booking
            # Within a priority, messages whose own target's gate opens later than the shared
            # budget could take them book after the others: booked first, they would move the
            # shared gate on to their moment and leave its slots before it unused (after a
            # Retry-After, every held DM's gate still counts the send that never went).
            # (A target's messages keep their order: its first message decides for them all.)
            waits: dict[tuple[int, str], bool] = {}
            for item in candidates:
                if (item.workspace_id, item.target) not in waits:
                    waits[item.workspace_id, item.target] = _waits_for_target(
                        spacings[item.id], now, open_at, blocked
                    )
            candidates.sort(key=lambda c: (c.priority, waits[c.workspace_id, c.target]))
            for item in candidates:
                lane = (item.workspace_id, item.target)
                if lane in stalled:
                    continue
                spacing = spacings[item.id]
                send_at = max([now, *(_earliest(gate, open_at, blocked) for gate in spacing)])
                if lane in lane_last:
                    # A target's messages go one after another, in order: a burst is for
                    # different targets catching up, never two to one target at once.
                    widest = max((gate.gap for gate in spacing), default=0.0)
                    send_at = max(send_at, lane_last[lane] + timedelta(seconds=widest))
                if item.expires_at is not None and send_at >= item.expires_at:
                    expired.append(item.id)
                    log.warning(
                        "outbox %s (%s to %s) dropped: it could no longer arrive before %s",
                        item.id,
                        item.dedupe_key,
                        item.target,
                        item.expires_at.isoformat(),
                    )
                    continue
                ahead = horizon
                if item.priority >= Priority.BULK and bulk_horizon is not None:
                    ahead = bulk_horizon
                    # Nothing bulk is booked into a Retry-After still running: the first
                    # moments after it go to what is urgent (the worker claims again when it
                    # ends), not to bulk booked while it ran.
                    if any(blocked.get(gate.scope, now) > now for gate in spacing):
                        stalled.add(lane)
                        continue
                if send_at > now + ahead:
                    stalled.add(lane)
                    continue
                for gate in spacing:
                    # A gate whose last send lies long behind lets ``burst`` sends catch up
                    # (a claim that came late loses no slots), never more.
                    theoretical = max(open_at.get(gate.scope, send_at), send_at)
                    open_at[gate.scope] = theoretical + timedelta(seconds=gate.gap)
                lane_last[lane] = send_at
                claimed.append(replace(item, send_at=send_at))
            if expired:
                await session.execute(
                    update(table)
                    .where(table.c.id.in_(expired))
                    .values(
                        status=EXPIRED,
                        last_error="expired: it could not arrive before its deadline",
                    )
                )
            if claimed:
                await session.execute(
                    _LEASE,
                    [
                        {"item_id": c.id, "until": c.send_at + lease, "tries": c.attempts}
                        for c in claimed
                    ],
                )
            moved = [
                {"scope": scope, "open_at": open_at[scope]} for scope in scopes if scope in open_at
            ]
            if moved:
                await session.execute(_UPSERT_GATES[dialect], moved)
            return claimed

    async def busy_targets(
        self, *, more_than: int, platforms: Collection[Platform] | None = None
    ) -> list[tuple[int, Platform, str, int]]:
        """Targets with more than ``more_than`` messages waiting: (workspace id,
        platform, target, how many)."""
        async with self._sessions() as session:
            query = (
                select(OutboxRow.workspace_id, OutboxRow.platform, OutboxRow.target, func.count())
                .where(OutboxRow.status == PENDING)
                .group_by(OutboxRow.workspace_id, OutboxRow.platform, OutboxRow.target)
                .having(func.count() > more_than)
            )
            if platforms is not None:
                query = query.where(OutboxRow.platform.in_([p.value for p in platforms]))
            rows = await session.execute(query)
            return [(ws, Platform(platform), target, int(n)) for ws, platform, target, n in rows]

    async def gather(self, workspace_id: int, target: str) -> tuple[int, int]:
        """Gather the new-idea cards waiting for ``target`` (never tried, held by no
        worker, not posted before) into "N new ideas" cards, in the workspace's language.
        Each gathered card takes the queue place of its oldest idea; the others are marked
        coalesced (a tombstone row keeps the oldest idea's key too, so later versions of
        any of them are not posted on their own). Returns (cards gathered, cards they
        became)."""
        now = datetime.now(UTC)
        async with self._sessions() as session, session.begin():
            postgres = session.get_bind().dialect.name == "postgresql"
            workspace = await session.get(WorkspaceRow, workspace_id)
            if workspace is None:
                return 0, 0
            posted = exists().where(
                MessageRefRow.workspace_id == OutboxRow.workspace_id,
                MessageRefRow.key == OutboxRow.key,
            )
            query = (
                select(OutboxRow)
                .where(
                    *_claimable(table_of(OutboxRow)),
                    OutboxRow.workspace_id == workspace_id,
                    OutboxRow.target == target,
                    OutboxRow.key.like(f"{GATHERABLE_PREFIX}%"),
                    OutboxRow.attempts == 0,
                    ~posted,
                )
                .order_by(OutboxRow.id)
            )
            if postgres:
                query = query.with_for_update(skip_locked=True, of=OutboxRow)
            rows = list((await session.execute(query, {"now": now})).scalars())
            if len(rows) < 2:
                return 0, 0
            tr = Translator(workspace.locale, workspace.timezone)
            groups = gather_cards([codec.loads(row.payload) for row in rows], tr)
            gathered = became = 0
            start = 0
            for size, card in groups:
                group, start = rows[start : start + size], start + size
                if size < 2:
                    continue
                first, rest = group[0], group[1:]
                session.add(
                    OutboxRow(
                        workspace_id=first.workspace_id,
                        platform=first.platform,
                        target=first.target,
                        key=first.key,
                        dedupe_key=f"{first.dedupe_key}:gathered",
                        payload=first.payload,
                        status=COALESCED,
                        priority=first.priority,
                        attempts=0,
                        not_before=first.not_before,
                        created_at=first.created_at,
                    )
                )
                first.payload = codec.dumps(card)
                first.key = None
                for row in rest:
                    row.status = COALESCED
                gathered += size
                became += 1
            return gathered, became

    async def block(
        self, scopes: Sequence[str], until: datetime, *, limit: Limited | None = None
    ) -> None:
        """Keep ``scopes`` closed until ``until`` (a platform's Retry-After), in one short
        transaction: no new reservation before it, and every send reserved earlier checks
        it again. ``limit`` records the 429 for ``/chorus deliveries``."""
        if not scopes:
            return
        async with self._sessions() as session, session.begin():
            if limit is not None:
                now = datetime.now(UTC)
                await session.execute(
                    delete(DeliveryLimitRow).where(
                        DeliveryLimitRow.workspace_id == limit.workspace_id,
                        DeliveryLimitRow.limited_at < now - LIMITS_KEPT,
                    )
                )
                session.add(
                    DeliveryLimitRow(
                        workspace_id=limit.workspace_id,
                        kind=limit.kind[:16],
                        target=limit.channel,
                        seconds=limit.seconds,
                        limited_at=now,
                    )
                )
            await session.execute(
                insert_ignoring_duplicates(session, DeliveryGateRow),
                [{"scope": scope, "open_at": until, "blocked_until": until} for scope in scopes],
            )
            await session.execute(
                update(DeliveryGateRow)
                .where(DeliveryGateRow.scope.in_(scopes))
                .values(
                    open_at=case(
                        (DeliveryGateRow.open_at < until, until), else_=DeliveryGateRow.open_at
                    ),
                    blocked_until=case(
                        (DeliveryGateRow.blocked_until.is_(None), until),
                        (DeliveryGateRow.blocked_until < until, until),
                        else_=DeliveryGateRow.blocked_until,
                    ),
                )
            )

    async def blocked_until(self, scopes: Sequence[str], now: datetime) -> datetime | None:
        """The end of a Retry-After still running for any of ``scopes``, if there is one
        (whichever process was told it)."""
        if not scopes:
            return None
        async with self._looks() as session:
            moment = (
                await session.execute(
                    select(func.max(DeliveryGateRow.blocked_until)).where(
                        DeliveryGateRow.scope.in_(scopes), DeliveryGateRow.blocked_until > now
                    )
                )
            ).scalar_one_or_none()
            return moment

    async def blocked_scopes(self, scopes: Collection[str], now: datetime) -> dict[str, datetime]:
        """Which of ``scopes`` a Retry-After still closes, and until when (one query for
        many sends: the worker asks for all the sends waiting at once)."""
        if not scopes:
            return {}
        async with self._looks() as session:
            rows = await session.execute(_BLOCKED_SCOPES, {"scopes": list(scopes), "now": now})
            return {scope: until for scope, until in rows if until is not None}

    async def delivered_many(self, items: Sequence[tuple[int, str]], now: datetime) -> None:
        """Done, for many at once: (id, platform message id) pairs."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                _DELIVERED, [{"item_id": i, "platform_id": m, "at": now} for i, m in items]
            )

    async def hold_many(
        self,
        items: Sequence[tuple[int, datetime]],
        *,
        freed: Sequence[tuple[str, datetime, datetime]] = (),
    ) -> None:
        """Put claimed messages back unsent, each due again when the rate limit that held it
        ends: (id, not before) pairs, in one transaction (a 429 holds back every send booked
        for its scope at once). A rate limit is no failed attempt. ``freed`` gives back
        bookings those sends made on gates: (scope, the gate's next moment after the
        booking, the moment to give back), each only if nobody booked the gate since."""
        table = _OUTBOX
        statement = (
            update(table)
            .where(table.c.id == bindparam("item_id"), table.c.status == PENDING)
            .values(
                not_before=bindparam("until"),
                lease_until=None,
                last_error=HELD,
                attempts=table.c.attempts - 1,
            )
        )
        gates = table_of(DeliveryGateRow)
        give_back = (
            update(gates)
            .where(gates.c.scope == bindparam("gate"), gates.c.open_at == bindparam("booked"))
            .values(open_at=bindparam("back"))
        )
        async with self._sessions() as session, session.begin():
            await session.execute(statement, [{"item_id": i, "until": u} for i, u in items])
            if freed:
                await session.execute(
                    give_back, [{"gate": g, "booked": b, "back": k} for g, b, k in freed]
                )

    async def retry(
        self, item_id: int, not_before: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        """Try again from ``not_before``; a rate limit does not count as a failed attempt."""
        values: dict[str, object] = {
            "not_before": not_before,
            "lease_until": None,
            "last_error": error[:2000],
        }
        if not count_attempt:
            values["attempts"] = OutboxRow.attempts - 1
        await self._finish(item_id, **values)

    async def expire(self, item_id: int) -> None:
        """Drop a message that can no longer arrive in time."""
        await self._finish(
            item_id,
            status=EXPIRED,
            last_error="expired: it could not arrive before its deadline",
            lease_until=None,
        )

    async def dead(self, item_id: int, error: str) -> None:
        """Give up on a message (it stays listed for coordinators)."""
        await self._finish(item_id, status=DEAD, last_error=error[:2000], lease_until=None)

    async def _finish(self, item_id: int, **values: object) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item_id, OutboxRow.status == PENDING)
                .values(**values)
            )

    async def pending(
        self, *, now: datetime | None = None, platforms: Collection[Platform] | None = None
    ) -> int:
        """How many messages still wait (optionally: that are due by ``now``; for
        ``platforms``); those of a parked workspace wait apart, for its reinstall."""
        async with self._sessions() as session:
            query = (
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.status == PENDING, OutboxRow.workspace_id.not_in(_PARKED))
            )
            if now is not None:
                query = query.where(OutboxRow.not_before <= now)
            if platforms is not None:
                query = query.where(OutboxRow.platform.in_([p.value for p in platforms]))
            return int((await session.execute(query)).scalar_one())

    async def next_due(self, *, platforms: Collection[Platform] | None = None) -> datetime | None:
        """When the earliest waiting message (for ``platforms``) becomes due."""
        async with self._sessions() as session:
            query = select(func.min(OutboxRow.not_before)).where(
                OutboxRow.status == PENDING, OutboxRow.workspace_id.not_in(_PARKED)
            )
            if platforms is not None:
                query = query.where(OutboxRow.platform.in_([p.value for p in platforms]))
            moment = (await session.execute(query)).scalar_one_or_none()
            return moment

    async def backlog(self, now: datetime) -> list[Backlog]:
        """Waiting messages per platform and priority, with the oldest due moment."""
        due_since = func.min(
            type_coerce(case((OutboxRow.not_before <= now, OutboxRow.not_before)), UtcDateTime())
        )
        async with self._sessions() as session:
            rows = await session.execute(
                select(OutboxRow.platform, OutboxRow.priority, func.count(), due_since)
                .where(OutboxRow.status == PENDING)
                .group_by(OutboxRow.platform, OutboxRow.priority)
            )
            return [
                Backlog(platform, priority, int(depth), oldest)
                for platform, priority, depth, oldest in rows
            ]

    async def dead_counts(self) -> dict[str, int]:
        """Dead letters per platform."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(OutboxRow.platform, func.count())
                .where(OutboxRow.status == DEAD)
                .group_by(OutboxRow.platform)
            )
            return {platform: int(count) for platform, count in rows}

    async def dead_letters(self, workspace_id: int, *, limit: int = 20) -> list[DeadLetter]:
        """Messages given up on, newest first."""
        async with self._sessions() as session:
            rows = (await session.execute(_dead_letters(workspace_id, limit))).scalars()
            return [
                DeadLetter(r.id, r.target, r.dedupe_key, r.attempts, r.last_error, r.created_at)
                for r in rows
            ]


def _claimable(table: Any = _OUTBOX) -> tuple[ColumnElement[bool], ...]:
    """A pending message that is due and that no worker holds, at the ``now`` parameter."""
    now: BindParameter[datetime] = bindparam("now")
    return (
        table.c.status == PENDING,
        table.c.not_before <= now,
        (table.c.lease_until.is_(None)) | (table.c.lease_until < now),
        table.c.workspace_id.not_in(_PARKED),
    )


@lru_cache(maxsize=16)
def _candidates(limit: int, per_target: int, platforms: tuple[str, ...] | None) -> Select[Any]:
    """Ids of due messages in claim order: rank within the target (urgent first, then
    oldest), then priority, then age; at most ``per_target`` of one target. A keyed post
    waits while an older version of it is still pending (being delivered). Built once per
    shape (every claim asks the same), the moment as the ``now`` parameter."""
    table = _OUTBOX
    older = table.alias("older")
    blocked_by_older = exists().where(
        and_(
            older.c.workspace_id == table.c.workspace_id,
            older.c.key == table.c.key,
            older.c.target == table.c.target,
            older.c.status == PENDING,
            older.c.id < table.c.id,
        )
    )
    rank = (
        func.row_number()
        .over(
            partition_by=(table.c.workspace_id, table.c.target),
            order_by=(table.c.priority, table.c.id),
        )
        .label("rank")
    )
    ranked_query = select(table.c.id, table.c.priority, rank).where(
        *_claimable(), (table.c.key.is_(None)) | ~blocked_by_older
    )
    if platforms is not None:
        ranked_query = ranked_query.where(table.c.platform.in_(platforms))
    ranked = ranked_query.subquery()
    return (
        select(ranked.c.id)
        .where(ranked.c.rank <= per_target)
        .order_by(ranked.c.priority, ranked.c.rank, ranked.c.id)
        .limit(limit)
    )


async def _expire_overdue(session: AsyncSession, now: datetime) -> None:
    """Drop waiting messages whose deadline has passed (a reminder for a slot that began)."""
    for item_id, dedupe_key, target in await session.execute(_EXPIRE_OVERDUE, {"now": now}):
        log.warning(
            "outbox %s (%s to %s) dropped: its deadline passed before it could go",
            item_id,
            dedupe_key,
            target,
        )


def _dead_letters(workspace_id: int, limit: int) -> Select[OutboxRow]:
    """The workspace's parked messages, newest first."""
    return (
        select(OutboxRow)
        .where(OutboxRow.workspace_id == workspace_id, OutboxRow.status == DEAD)
        .order_by(OutboxRow.id.desc())
        .limit(limit)
    )


def _upsert_gates(dialect: Any) -> Any:
    """``INSERT … ON CONFLICT (scope) DO UPDATE SET open_at`` for a dialect's module."""
    statement = dialect.insert(table_of(DeliveryGateRow))
    return statement.on_conflict_do_update(
        index_elements=["scope"], set_={"open_at": statement.excluded.open_at}
    )


# The claim's other statements, built once (the outbox worker claims after every command
# that answers or posts; building them and their cache keys cost more than running them).
_CLAIM_COLUMNS = tuple(
    _OUTBOX.c[name]
    for name in (
        "id",
        "workspace_id",
        "platform",
        "target",
        "key",
        "dedupe_key",
        "payload",
        "attempts",
        "priority",
        "expires_at",
    )
)
_CLAIMED = select(*_CLAIM_COLUMNS).where(
    _OUTBOX.c.id.in_(bindparam("ids", expanding=True)), *_claimable()
)
_GATES = table_of(DeliveryGateRow)
_GATES_OF = select(_GATES.c.scope, _GATES.c.open_at, _GATES.c.blocked_until).where(
    _GATES.c.scope.in_(bindparam("scopes", expanding=True))
)
_LOCKED = {  # PostgreSQL: rows other workers hold are skipped; the gates are locked
    "sqlite": (_CLAIMED, _GATES_OF),
    "postgresql": (_CLAIMED.with_for_update(skip_locked=True), _GATES_OF.with_for_update()),
}
_UPSERT_GATES = {"sqlite": _upsert_gates(sqlite), "postgresql": _upsert_gates(postgresql)}
_EXPIRE_OVERDUE = (
    update(_OUTBOX)
    .where(
        *_claimable(), _OUTBOX.c.expires_at.is_not(None), _OUTBOX.c.expires_at <= bindparam("now")
    )
    .values(status=EXPIRED, last_error="expired: its deadline passed before it could go")
    .returning(_OUTBOX.c.id, _OUTBOX.c.dedupe_key, _OUTBOX.c.target)
)
_LEASE = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"))
    .values(lease_until=bindparam("until"), attempts=bindparam("tries"))
)
_DELIVERED = (
    update(_OUTBOX)
    # A message superseded while it was out (an erasure) stays superseded.
    .where(_OUTBOX.c.id == bindparam("item_id"), _OUTBOX.c.status == PENDING)
    .values(
        status=SENT,
        message_id=bindparam("platform_id"),
        sent_at=bindparam("at"),
        lease_until=None,
    )
)
_BLOCKED_SCOPES = select(_GATES.c.scope, _GATES.c.blocked_until).where(
    _GATES.c.scope.in_(bindparam("scopes", expanding=True)),
    _GATES.c.blocked_until > bindparam("now"),
)


def _earliest(gate: Gate, open_at: dict[str, datetime], blocked: dict[str, datetime]) -> datetime:
    """The earliest moment ``gate`` lets the next send through: up to ``burst`` sends
    before its theoretical next moment (a leaky bucket's tolerance), never before the end
    of a Retry-After."""
    moments = []
    if gate.scope in open_at:
        moments.append(open_at[gate.scope] - timedelta(seconds=gate.gap * (gate.burst - 1)))
    if gate.scope in blocked:
        moments.append(blocked[gate.scope])
    return max(moments, default=datetime.min.replace(tzinfo=UTC))


def _waits_for_target(
    spacing: Sequence[Gate],
    now: datetime,
    open_at: dict[str, datetime],
    blocked: dict[str, datetime],
) -> bool:
    """Whether a message's own gates (one send at a time: its channel or DM) hold it past
    the moment its shared gates (a budget with a burst: the workspace's) would let it go,
    by more than one of the shared gates' gaps."""
    shared = [gate for gate in spacing if gate.burst > 1]
    own = [gate for gate in spacing if gate.burst <= 1]
    if not shared or not own:
        return False
    free = max([now, *(_earliest(gate, open_at, blocked) for gate in shared)])
    held = max(_earliest(gate, open_at, blocked) for gate in own)
    return held > free + timedelta(seconds=min(gate.gap for gate in shared))


def _claimed(row: Any, send_at: datetime, attempts: int) -> Claimed:
    return Claimed(
        priority=row.priority,
        expires_at=row.expires_at,
        id=row.id,
        workspace_id=row.workspace_id,
        platform=Platform(row.platform),
        target=row.target,
        key=row.key,
        dedupe_key=row.dedupe_key,
        payload=row.payload,
        attempts=attempts,
        send_at=send_at,
    )
