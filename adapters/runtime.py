"""Composition root: settings → engine → unit of work → core. No I/O at import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.delivery import Transport
from adapters.metrics import CountingPlatformStore, Metrics
from adapters.settings import Settings
from bot.core import Core
from bot.model import Platform
from bot.ports import Clock
from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.outbox import OutboxStore
from storage.platform import PlatformStore
from storage.unit_of_work import SqlUnitOfWorkFactory


@dataclass
class Runtime:
    """The wired application; ``close()`` releases the database."""

    settings: Settings
    engine: AsyncEngine
    core: Core
    platform: PlatformStore
    outbox: OutboxStore
    sessions: async_sessionmaker[AsyncSession]
    queued_listeners: list[Callable[[], None]] = field(default_factory=list)
    metrics: Metrics = field(default_factory=Metrics)

    @property
    def uow(self) -> SqlUnitOfWorkFactory:
        """A fresh unit of work per call, for adapters that run core functions directly."""
        return SqlUnitOfWorkFactory(self.sessions)

    def on_queued(self) -> None:
        """The core queued messages: wake every delivery worker in this process."""
        for listener in self.queued_listeners:
            listener()

    async def close(self) -> None:
        """Dispose of the engine's connections."""
        await self.engine.dispose()


async def build(settings: Settings, *, migrate: bool = True, clock: Clock | None = None) -> Runtime:
    """Wire Chorus for ``settings``; migrate the database first unless told not to."""
    engine = create_engine(settings.database_url)
    if migrate:
        await upgrade(engine)
    sessions = session_factory(engine)
    listeners: list[Callable[[], None]] = []

    def wake() -> None:
        for listener in listeners:
            listener()

    core = Core(SqlUnitOfWorkFactory(sessions), settings.programme, clock, on_queued=wake)
    metrics = Metrics()
    return Runtime(
        settings,
        engine,
        core,
        CountingPlatformStore(sessions, metrics),
        OutboxStore(sessions),
        sessions,
        listeners,
        metrics,
    )


def platform_transports(runtime: Runtime) -> dict[Platform, Transport]:
    """Delivery for every platform the settings configure (the console prints its own)."""
    transports: dict[Platform, Transport] = {}
    from adapters.teams.hosting import transport as teams_transport  # imports adapters.runtime

    # Always: /api/messages is always served (anonymously only on loopback).
    transports[Platform.TEAMS] = teams_transport(runtime)
    slack = runtime.settings.slack
    if slack.oauth or slack.bot_token:
        if slack.oauth:
            from adapters.slack.oauth import multi_workspace

            transport = multi_workspace(slack, runtime.engine, runtime.platform)
        else:
            from adapters.slack.transport import single_workspace

            transport = single_workspace(slack.bot_token, slack.api_url, runtime.platform)
        transport.rates.policy = replace(
            transport.rates.policy, ceiling_per_minute=float(slack.max_per_minute)
        )
        transports[Platform.SLACK] = transport
    return transports
