"""Bookkeeping the platform adapters need: seen events, where channel posts went, and how
to reach conversations proactively. Adapters use it directly; the core never sees it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import (
    SLACK_BOTS,
    SLACK_INSTALLATIONS,
    SLACK_OAUTH_STATES,
    ConversationRefRow,
    DeliveryRateRow,
    MemberRow,
    MessageRefRow,
    ProcessedEventRow,
    WorkspaceRow,
)
from storage.repositories import insert_ignoring_duplicates


@dataclass(frozen=True)
class MessageRef:
    """A channel post we made: its channel and the platform's message id (Slack ``ts``)."""

    channel_id: str
    message_id: str


@dataclass(frozen=True)
class ConversationRef:
    """A stored conversation reference (JSON as the platform SDK serialised it)."""

    workspace_id: int
    conversation_id: str
    kind: str
    member_id: int | None
    reference: str
    unreachable: bool


# Rows of one coalesced INSERT of sightings (three bound values each, far below SQLite's cap).
SIGHTINGS_PER_INSERT = 500


class PlatformStore:
    """Each method is its own short transaction; concurrent :meth:`first_sighting` calls
    share one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._sightings: dict[tuple[str, str], list[asyncio.Future[bool]]] = {}
        self._recording: asyncio.Task[None] | None = None
        self._sighting_inserts: dict[str, Any] = {}  # per dialect, built once

    async def first_sighting(self, platform: str, event_id: str) -> bool:
        """Record an event id; True the first time, False for a retry or replay.

        Every request to ``/slack/events`` records its signature before anything else, so
        a burst of 50 commands was 50 transactions queued before the first command could
        run. Sightings made while one INSERT is on its way now wait for the next, which
        takes them all at once; the first caller of an idle store goes at once."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bool] = loop.create_future()
        self._sightings.setdefault((platform, event_id), []).append(future)
        if self._recording is None:
            self._recording = loop.create_task(self._record_sightings())
        return await future

    async def _record_sightings(self) -> None:
        try:
            while self._sightings:
                batch = dict(list(self._sightings.items())[:SIGHTINGS_PER_INSERT])
                for key in batch:
                    del self._sightings[key]
                try:
                    fresh = await self._insert_sightings(list(batch))
                except BaseException as error:  # every caller of the batch hears of it
                    for futures in batch.values():
                        for future in futures:
                            if future.done():
                                continue
                            if isinstance(error, Exception):
                                future.set_exception(error)
                            else:
                                future.cancel()
                    if not isinstance(error, Exception):
                        raise
                    continue
                for key, futures in batch.items():
                    for n, future in enumerate(futures):
                        if not future.done():  # a caller that gave up has a cancelled one
                            future.set_result(n == 0 and key in fresh)
        finally:
            self._recording = None
            for futures in self._sightings.values():  # only when cancelled: none is left
                for future in futures:
                    future.cancel()
            self._sightings.clear()

    async def _insert_sightings(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Insert the event ids that are new; returns those (one transaction). One
        statement with a row of parameters each, so SQLAlchemy compiles it once per
        process (a multi-row VALUES clause was compiled again on every call)."""
        now = datetime.now(UTC)
        rows = [{"platform": p, "event_id": e, "received_at": now} for p, e in keys]
        async with self._sessions() as session, session.begin():
            dialect = session.get_bind().dialect.name
            statement = self._sighting_inserts.get(dialect)
            if statement is None:
                table = ProcessedEventRow.__table__
                statement = insert_ignoring_duplicates(session, table).returning(
                    table.c.platform, table.c.event_id
                )
                self._sighting_inserts[dialect] = statement
            result = await session.execute(statement, rows)
            return {(str(p), str(e)) for p, e in result}

    async def forget_events_before(self, moment: datetime) -> int:
        """Drop event ids older than any retry window (housekeeping)."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(ProcessedEventRow).where(ProcessedEventRow.received_at < moment)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def forget_expired_oauth_states(self, now: datetime | None = None) -> int:
        """Drop Slack install links (OAuth states) past their expiry that nobody used: slack_sdk
        deletes a state only when it is used. Its date-times are naive UTC."""
        moment = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(SLACK_OAUTH_STATES).where(SLACK_OAUTH_STATES.c.expire_at < moment)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def message_ref(self, workspace_id: int, key: str) -> MessageRef | None:
        """Where the post for ``key`` went, if it was posted."""
        async with self._sessions() as session:
            row = await session.get(MessageRefRow, (workspace_id, key))
            return MessageRef(row.channel_id, row.message_id) if row else None

    async def save_message_ref(self, workspace_id: int, key: str, ref: MessageRef) -> None:
        """Remember (or move) the post for ``key``."""
        async with self._sessions() as session, session.begin():
            await session.merge(
                MessageRefRow(
                    workspace_id=workspace_id,
                    key=key,
                    channel_id=ref.channel_id,
                    message_id=ref.message_id,
                    updated_at=datetime.now(UTC),
                )
            )

    async def save_conversation(
        self,
        workspace_id: int,
        conversation_id: str,
        kind: str,
        reference: str,
        member_id: int | None,
        team_id: str | None = None,
    ) -> None:
        """Store or refresh a conversation reference; seeing it again makes it reachable."""
        now = datetime.now(UTC)
        async with self._sessions() as session, session.begin():
            await session.execute(
                insert_ignoring_duplicates(session, ConversationRefRow).values(
                    workspace_id=workspace_id,
                    conversation_id=conversation_id,
                    kind=kind,
                    member_id=member_id,
                    reference=reference,
                    updated_at=now,
                    team_id=team_id,
                )
            )
            await session.execute(
                update(ConversationRefRow)
                .where(
                    ConversationRefRow.workspace_id == workspace_id,
                    ConversationRefRow.conversation_id == conversation_id,
                )
                .values(
                    reference=reference,
                    kind=kind,
                    member_id=member_id,
                    unreachable_at=None,
                    updated_at=now,
                    **({"team_id": team_id} if team_id else {}),
                )
            )

    async def conversation(self, workspace_id: int, conversation_id: str) -> ConversationRef | None:
        """A stored conversation by id."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(ConversationRefRow).where(
                        ConversationRefRow.workspace_id == workspace_id,
                        ConversationRefRow.conversation_id == conversation_id,
                    )
                )
            ).scalar_one_or_none()
            return _conversation(row) if row else None

    async def personal_conversation(
        self, workspace_id: int, member_id: int
    ) -> ConversationRef | None:
        """A member's personal chat with the bot, if the bot has seen one."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(ConversationRefRow)
                    .where(
                        ConversationRefRow.workspace_id == workspace_id,
                        ConversationRefRow.member_id == member_id,
                        ConversationRefRow.kind == "personal",
                    )
                    .order_by(ConversationRefRow.updated_at.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            return _conversation(row) if row else None

    async def personal_conversation_of(
        self, workspace_id: int, external_id: str
    ) -> ConversationRef | None:
        """A member's personal chat with the bot, found by their platform user id."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(ConversationRefRow)
                    .join(MemberRow, MemberRow.id == ConversationRefRow.member_id)
                    .where(
                        ConversationRefRow.workspace_id == workspace_id,
                        MemberRow.workspace_id == workspace_id,
                        MemberRow.external_id == external_id,
                        ConversationRefRow.kind == "personal",
                    )
                    .order_by(ConversationRefRow.updated_at.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            return _conversation(row) if row else None

    async def park(self, platform: str, external_id: str) -> bool:
        """The platform took the app away (uninstalled, token revoked): keep everything,
        deliver nothing there until :meth:`unpark`. True if it was not parked yet."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(WorkspaceRow)
                .where(
                    WorkspaceRow.platform == platform,
                    WorkspaceRow.external_id == external_id,
                    WorkspaceRow.parked_at.is_(None),
                )
                .values(parked_at=datetime.now(UTC))
            )
            return bool(getattr(result, "rowcount", 0))

    async def unpark(self, platform: str, external_id: str) -> bool:
        """The app is back (reinstalled): what waited is delivered. True if it was parked."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(WorkspaceRow)
                .where(
                    WorkspaceRow.platform == platform,
                    WorkspaceRow.external_id == external_id,
                    WorkspaceRow.parked_at.is_not(None),
                )
                .values(parked_at=None)
            )
            return bool(getattr(result, "rowcount", 0))

    async def is_member(self, workspace_id: int, external_id: str) -> bool:
        """Whether Chorus knows this platform user as a member of the workspace."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(MemberRow.id).where(
                    MemberRow.workspace_id == workspace_id, MemberRow.external_id == external_id
                )
            )
            return found is not None

    async def slack_installation_of(
        self, workspace_id: int, client_id: str
    ) -> tuple[str | None, str] | None:
        """(enterprise id, team id) of the newest Slack installation of this app for one of
        our workspaces (OAuth mode), or None if the workspace never installed it."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(SLACK_BOTS.c.enterprise_id, SLACK_BOTS.c.team_id)
                    .join(WorkspaceRow, WorkspaceRow.external_id == SLACK_BOTS.c.team_id)
                    .where(
                        WorkspaceRow.id == workspace_id,
                        WorkspaceRow.platform == "slack",
                        SLACK_BOTS.c.client_id == client_id,
                    )
                    .order_by(SLACK_BOTS.c.installed_at.desc())
                    .limit(1)
                )
            ).first()
            return (row.enterprise_id, row.team_id) if row is not None else None

    async def reseal_slack_tokens(self, reseal: Callable[[str], str | None]) -> tuple[int, int]:
        """Replace every stored Slack token (ciphertext) by ``reseal(token)``, in one
        transaction; ``reseal`` gives None for a token it cannot read, which stays as it
        is. Returns (tokens resealed, tokens left unread)."""
        resealed = unread = 0
        async with self._sessions() as session, session.begin():
            for table, columns in _SLACK_TOKEN_COLUMNS:
                rows = await session.execute(select(table.c.id, *(table.c[c] for c in columns)))
                for row in rows.mappings().all():
                    changes: dict[str, str] = {}
                    for column in columns:
                        token = row[column]
                        if not token:
                            continue
                        sealed = reseal(token)
                        if sealed is None:
                            unread += 1
                        else:
                            changes[column] = sealed
                    if changes:
                        await session.execute(
                            update(table).where(table.c.id == row["id"]).values(**changes)
                        )
                        resealed += len(changes)
        return resealed, unread

    async def mark_team_unreachable(self, workspace_id: int, team_id: str) -> list[str]:
        """The bot was removed from a Teams team: every channel of it is out of reach.
        Returns those channels' conversation ids."""
        async with self._sessions() as session, session.begin():
            rows = (
                await session.execute(
                    select(ConversationRefRow).where(
                        ConversationRefRow.workspace_id == workspace_id,
                        ConversationRefRow.team_id == team_id,
                    )
                )
            ).scalars()
            now = datetime.now(UTC)
            found = []
            for row in rows:
                row.unreachable_at = now
                found.append(row.conversation_id)
            return found

    async def mark_unreachable(self, workspace_id: int, conversation_id: str) -> None:
        """The platform refused us there (403): stop trying until the conversation speaks."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(ConversationRefRow)
                .where(
                    ConversationRefRow.workspace_id == workspace_id,
                    ConversationRefRow.conversation_id == conversation_id,
                )
                .values(unreachable_at=datetime.now(UTC))
            )

    async def learned_rate(self, scope: str) -> LearnedRate | None:
        """The send rate learned for ``scope`` (by any replica), if any."""
        async with self._sessions() as session:
            row = await session.get(DeliveryRateRow, scope)
            if row is None:
                return None
            return LearnedRate(row.per_minute, _aware(row.limited_at), _aware(row.updated_at))

    async def remember_rate(
        self, scope: str, per_minute: float, limited_at: datetime | None
    ) -> None:
        """Share a learned rate; a 429 already known (a later ``limited_at``) is kept."""
        now = datetime.now(UTC)
        async with self._sessions() as session, session.begin():
            row = await session.get(DeliveryRateRow, scope, with_for_update=True)
            if row is None:
                await session.execute(
                    insert_ignoring_duplicates(session, DeliveryRateRow).values(
                        scope=scope, per_minute=per_minute, limited_at=limited_at, updated_at=now
                    )
                )
                return
            known = _aware(row.limited_at)
            row.per_minute = per_minute
            row.updated_at = now
            if limited_at is not None and (known is None or limited_at > known):
                row.limited_at = limited_at

    async def learned_rates(self) -> dict[str, float]:
        """Every learned rate, by scope (for metrics)."""
        async with self._sessions() as session:
            rows = await session.execute(select(DeliveryRateRow.scope, DeliveryRateRow.per_minute))
            return {scope: float(per_minute) for scope, per_minute in rows}


@dataclass(frozen=True)
class LearnedRate:
    """A send rate learned for a scope, and when it last met a 429."""

    per_minute: float
    limited_at: datetime | None
    updated_at: datetime | None


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Where slack_sdk's stores keep tokens (Fernet ciphertext in Chorus).
_SLACK_TOKEN_COLUMNS = (
    (SLACK_BOTS, ("bot_token", "bot_refresh_token")),
    (SLACK_INSTALLATIONS, ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")),
)


def _conversation(row: ConversationRefRow) -> ConversationRef:
    return ConversationRef(
        row.workspace_id,
        row.conversation_id,
        row.kind,
        row.member_id,
        row.reference,
        row.unreachable_at is not None,
    )
