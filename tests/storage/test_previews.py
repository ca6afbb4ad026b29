"""Link previews on SQL: the worker stores each title once, and the server runs it only
when the programme turns previews on."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from sqlalchemy import select

from adapters.background import Background
from adapters.previews import PreviewWorker
from adapters.runtime import Runtime
from bot.commands import Actor
from bot.model import Platform
from storage.models import LibraryItemRow

ANN = Actor(Platform.SLACK, "T1", "UANN", "Ann", channel_id="C1")


def _previews_running() -> bool:
    return any(task.get_name() == "chorus-previews" for task in asyncio.all_tasks())


async def test_the_worker_stores_each_title_once(runtime: Runtime) -> None:
    await runtime.core.handle_text(ANN, "/share https://example.com/green")
    looked_up: list[str] = []

    async def fetch(url: str) -> str | None:
        looked_up.append(url)
        return "Green data centres"

    worker = PreviewWorker(runtime.uow, fetch=fetch)
    assert await worker.run_once() == 1
    assert await worker.run_once() == 0

    async with runtime.engine.connect() as connection:
        row = (await connection.execute(select(LibraryItemRow.title))).scalar_one()
    assert row == "Green data centres" and looked_up == ["https://example.com/green"]


async def test_the_server_runs_previews_only_when_the_programme_turns_them_on(
    runtime: Runtime,
) -> None:
    off = Background(runtime)
    await off.start()
    assert not _previews_running()
    await off.stop()

    runtime.settings = replace(
        runtime.settings, programme=replace(runtime.settings.programme, link_previews=True)
    )
    on = Background(runtime)
    await on.start()
    assert _previews_running()
    await on.stop()
    assert not _previews_running()
