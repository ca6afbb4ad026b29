"""The transactional outbox: written with the change that caused a message, delivered by
workers that share it safely (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's single
writer serialises claims) and respect per-scope rate gates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, Table, and_, bindparam, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot import codec
from bot.messages import Audience
from bot.model import Platform
from bot.outbox import Outgoing
from storage.models import DeliveryGateRow, MemberRow, OutboxRow, WorkspaceRow
from storage.repositories import insert_ignoring_duplicates

PENDING, SENT, DEAD, SUPERSEDED = "pending", "sent", "dead", "superseded"
# Workspaces whose app was uninstalled: their messages wait for the reinstall.
_PARKED = select(WorkspaceRow.id).where(WorkspaceRow.parked_at.is_not(None))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        if key is not None:
            await self._session.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.workspace_id == outgoing.workspace_id,
                    OutboxRow.key == key,
                    OutboxRow.target == outgoing.target,
                    OutboxRow.status == PENDING,
                    (OutboxRow.lease_until.is_(None)) | (OutboxRow.lease_until < now),
                )
                .values(status=SUPERSEDED)
            )
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, OutboxRow)
            .values(
                workspace_id=outgoing.workspace_id,
                platform=outgoing.platform.value,
                target=outgoing.target,
                key=key,
                dedupe_key=outgoing.dedupe_key,
                payload=codec.dumps(outgoing.message),
                status=PENDING,
                attempts=0,
                not_before=outgoing.not_before or now,
                created_at=now,
            )
            .returning(OutboxRow.id)
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

    async def undelivered(
        self, workspace_id: int, *, limit: int
    ) -> list[tuple[str, str, datetime]]:
        """Dead letters, newest first."""
        rows = (await self._session.execute(_dead_letters(workspace_id, limit))).scalars()
        return [(r.target, r.last_error or "", _aware(r.created_at)) for r in rows]


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
    spaced ``gap`` seconds apart, with up to ``burst`` of them allowed back to back."""

    scope: str
    gap: float
    burst: int = 1


# What a message costs: the gates it passes through.
Gates = Callable[[Claimed], Sequence[Gate]]


class OutboxStore:
    """The worker's side of the outbox. Every method is one short transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def claim(
        self,
        *,
        now: datetime,
        limit: int,
        lease: timedelta,
        horizon: timedelta,
        gates: Gates,
    ) -> list[Claimed]:
        """Lease up to ``limit`` due messages and reserve their send times against the
        rate gates (never earlier than a gate opens, never more than ``horizon`` ahead)."""
        older = aliased(OutboxRow)
        blocked_by_older = exists().where(
            and_(
                older.workspace_id == OutboxRow.workspace_id,
                older.key == OutboxRow.key,
                older.target == OutboxRow.target,
                older.status == PENDING,
                older.id < OutboxRow.id,
            )
        )
        async with self._sessions() as session, session.begin():
            postgres = session.get_bind().dialect.name == "postgresql"
            query = (
                select(OutboxRow)
                .where(
                    OutboxRow.status == PENDING,
                    OutboxRow.not_before <= now,
                    (OutboxRow.lease_until.is_(None)) | (OutboxRow.lease_until < now),
                    (OutboxRow.key.is_(None)) | ~blocked_by_older,
                    OutboxRow.workspace_id.not_in(_PARKED),
                )
                .order_by(OutboxRow.id)
                .limit(limit)
            )
            if postgres:
                query = query.with_for_update(skip_locked=True, of=OutboxRow)
            rows = list((await session.execute(query)).scalars())
            if not rows:
                return []
            candidates = [(row, _claimed(row, now)) for row in rows]
            scopes = {gate.scope for _, item in candidates for gate in gates(item)}
            gate_query = select(DeliveryGateRow).where(DeliveryGateRow.scope.in_(scopes))
            if postgres:
                gate_query = gate_query.with_for_update()
            open_at = {
                g.scope: _aware(g.open_at) for g in (await session.execute(gate_query)).scalars()
            }
            claimed: list[Claimed] = []
            for row, item in candidates:
                spacing = gates(item)
                send_at = max([now, *(open_at.get(gate.scope, now) for gate in spacing)])
                if send_at > now + horizon:
                    continue
                for gate in spacing:
                    open_at[gate.scope] = send_at + timedelta(seconds=gate.gap)
                row.lease_until = send_at + lease
                row.attempts += 1
                claimed.append(_claimed(row, send_at))
            moved = [
                {"scope": scope, "open_at": open_at[scope]} for scope in scopes if scope in open_at
            ]
            if moved:
                await session.execute(_upsert_gates(session), moved)
            return claimed

    async def block(self, scope: str, until: datetime) -> None:
        """Keep a scope closed until ``until`` (a platform's Retry-After)."""
        async with self._sessions() as session, session.begin():
            gate = await session.get(DeliveryGateRow, scope)
            if gate is None:
                session.add(DeliveryGateRow(scope=scope, open_at=until))
            elif _aware(gate.open_at) < until:
                gate.open_at = until

    async def delivered_many(self, items: Sequence[tuple[int, str]], now: datetime) -> None:
        """Done, for many at once: (id, platform message id) pairs."""
        table = OutboxRow.__table__
        assert isinstance(table, Table)
        statement = (
            update(table)
            # A message superseded while it was out (an erasure) stays superseded.
            .where(table.c.id == bindparam("item_id"), table.c.status == PENDING)
            .values(status=SENT, message_id=bindparam("platform_id"), sent_at=now, lease_until=None)
        )
        async with self._sessions() as session, session.begin():
            await session.execute(statement, [{"item_id": i, "platform_id": m} for i, m in items])

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

    async def pending(self, *, now: datetime | None = None) -> int:
        """How many messages still wait to be delivered (optionally: that are due by
        ``now``); those of a parked workspace wait apart, for its reinstall."""
        async with self._sessions() as session:
            query = (
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.status == PENDING, OutboxRow.workspace_id.not_in(_PARKED))
            )
            if now is not None:
                query = query.where(OutboxRow.not_before <= now)
            return int((await session.execute(query)).scalar_one())

    async def next_due(self) -> datetime | None:
        """When the earliest waiting message becomes due."""
        async with self._sessions() as session:
            moment = (
                await session.execute(
                    select(func.min(OutboxRow.not_before)).where(
                        OutboxRow.status == PENDING, OutboxRow.workspace_id.not_in(_PARKED)
                    )
                )
            ).scalar_one_or_none()
            return _aware(moment) if moment else None

    async def dead_letters(self, workspace_id: int, *, limit: int = 20) -> list[DeadLetter]:
        """Messages given up on, newest first."""
        async with self._sessions() as session:
            rows = (await session.execute(_dead_letters(workspace_id, limit))).scalars()
            return [
                DeadLetter(
                    r.id, r.target, r.dedupe_key, r.attempts, r.last_error, _aware(r.created_at)
                )
                for r in rows
            ]


def _dead_letters(workspace_id: int, limit: int) -> Select[OutboxRow]:
    """The workspace's parked messages, newest first."""
    return (
        select(OutboxRow)
        .where(OutboxRow.workspace_id == workspace_id, OutboxRow.status == DEAD)
        .order_by(OutboxRow.id.desc())
        .limit(limit)
    )


def _upsert_gates(session: AsyncSession) -> Any:
    """``INSERT … ON CONFLICT (scope) DO UPDATE SET open_at`` for the session's dialect."""
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = module.insert(DeliveryGateRow)
    return statement.on_conflict_do_update(
        index_elements=[DeliveryGateRow.scope], set_={"open_at": statement.excluded.open_at}
    )


def _claimed(row: OutboxRow, send_at: datetime) -> Claimed:
    return Claimed(
        id=row.id,
        workspace_id=row.workspace_id,
        platform=Platform(row.platform),
        target=row.target,
        key=row.key,
        dedupe_key=row.dedupe_key,
        payload=row.payload,
        attempts=row.attempts,
        send_at=send_at,
    )
