"""Composition root: settings → engine → unit of work → core. No I/O at import."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.settings import Settings
from bot.core import Core
from bot.ports import Clock
from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.platform import PlatformStore
from storage.unit_of_work import SqlUnitOfWorkFactory


@dataclass
class Runtime:
    """The wired application; ``close()`` releases the database."""

    settings: Settings
    engine: AsyncEngine
    core: Core
    platform: PlatformStore

    async def close(self) -> None:
        """Dispose of the engine's connections."""
        await self.engine.dispose()


async def build(settings: Settings, *, migrate: bool = True, clock: Clock | None = None) -> Runtime:
    """Wire Chorus for ``settings``; migrate the database first unless told not to."""
    engine = create_engine(settings.database_url)
    if migrate:
        await upgrade(engine)
    sessions = session_factory(engine)
    core = Core(SqlUnitOfWorkFactory(sessions), settings.programme, clock)
    return Runtime(settings, engine, core, PlatformStore(sessions))
