"""Which servers deliver the outbox: each ``chorus serve`` (or ``chorus socket``) keeps a
heartbeat row fresh while it runs, so a one-shot command can leave delivery to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import ServerHeartbeatRow

# A server beats every few seconds; one silent for longer than this is gone.
FRESH_WITHIN = timedelta(seconds=20)


@dataclass(frozen=True)
class Server:
    """A running server, as its heartbeat row tells."""

    id: str
    kind: str
    host: str
    pid: int
    started_at: datetime
    beat_at: datetime


class Heartbeats:
    """Each method is its own short transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def beat(
        self, server_id: str, *, kind: str, host: str, pid: int, started_at: datetime
    ) -> None:
        """Say this server is alive (now)."""
        now = datetime.now(UTC)
        async with self._sessions() as session, session.begin():
            module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            statement = module.insert(ServerHeartbeatRow).values(
                id=server_id, kind=kind, host=host, pid=pid, started_at=started_at, beat_at=now
            )
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=[ServerHeartbeatRow.id], set_={"beat_at": now}
                )
            )

    async def stop(self, server_id: str) -> None:
        """This server stops delivering."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                delete(ServerHeartbeatRow).where(ServerHeartbeatRow.id == server_id)
            )

    async def alive(self, *, within: timedelta = FRESH_WITHIN) -> list[Server]:
        """Servers whose heartbeat is fresh, the most recent first; stale rows (a server
        that was killed) are removed."""
        now = datetime.now(UTC)
        async with self._sessions() as session, session.begin():
            await session.execute(
                delete(ServerHeartbeatRow).where(ServerHeartbeatRow.beat_at < now - 10 * within)
            )
            rows = (
                await session.execute(
                    select(ServerHeartbeatRow)
                    .where(ServerHeartbeatRow.beat_at >= now - within)
                    .order_by(ServerHeartbeatRow.beat_at.desc())
                )
            ).scalars()
            return [
                Server(r.id, r.kind, r.host, r.pid, _aware(r.started_at), _aware(r.beat_at))
                for r in rows
            ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
