"""Composition root: settings → engine → unit of work → core. No I/O at import."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.metrics import CountingPlatformStore, Metrics
from adapters.settings import Settings
from bot.core import Core
from bot.i18n import Translator
from bot.ports import Clock
from bot.report.build import QuarterReport
from storage.database import create_engine, reader, session_factory
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
    reads: AsyncEngine | None = None  # SQLite's reader for the delivery worker's looks

    @property
    def uow(self) -> SqlUnitOfWorkFactory:
        """A fresh unit of work per call, for adapters that run core functions directly."""
        return SqlUnitOfWorkFactory(self.sessions)

    def on_queued(self) -> None:
        """The core queued messages: wake every delivery worker in this process."""
        for listener in self.queued_listeners:
            listener()

    async def close(self) -> None:
        """Dispose of the engines' connections."""
        await self.engine.dispose()
        if self.reads is not None:
            await self.reads.dispose()


def settle_heap() -> None:
    """Once start-up is done: move every object made so far (modules, mapped tables,
    compiled templates, the app) out of the garbage collector's reach. A full collection
    otherwise walks them all again: a programme's figures, about 100 ms, took 160-250 ms
    when one ran. Objects made later are collected as before."""
    gc.collect()
    gc.freeze()


def report_pdf(tr: Translator, report: QuarterReport) -> bytes:
    """The quarterly report's PDF; WeasyPrint is loaded only when one is asked for."""
    from adapters.web.report import report_pdf as draw
    from adapters.web.report import report_pdf_html

    return draw(report_pdf_html(tr, report))


async def build(settings: Settings, *, migrate: bool = True, clock: Clock | None = None) -> Runtime:
    """Wire Chorus for ``settings``; migrate the database first unless told not to."""
    engine = create_engine(settings.database_url)
    if migrate:
        await upgrade(engine)
    sessions = session_factory(engine)
    reads = reader(engine)
    listeners: list[Callable[[], None]] = []

    def wake() -> None:
        for listener in listeners:
            listener()

    core = Core(
        SqlUnitOfWorkFactory(sessions),
        settings.programme,
        clock,
        on_queued=wake,
        report_pdf=report_pdf,
    )
    metrics = Metrics()
    return Runtime(
        settings,
        engine,
        core,
        CountingPlatformStore(sessions, metrics),
        OutboxStore(sessions, looks=session_factory(reads) if reads else None),
        sessions,
        listeners,
        metrics,
        reads,
    )
