"""Chorus's real aiohttp app with the Slack adapter, a fake Slack Web API, and Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select

from adapters.delivery import DeliveryWorker
from adapters.http import make_app
from adapters.runtime import Runtime
from adapters.settings import SlackSettings
from adapters.slack import transport as slack_transport
from adapters.slack.app import SLACK, SlackAdapter
from bot.model import Platform
from storage.models import Base
from tests.adapters.slack.fake_slack import (
    BOT_TOKEN,
    SECRET,
    FakeSlackAPI,
    Reply,
    SlackWorkspace,
    serve,
)

COORDINATOR = "UCOORD"  # in CHORUS_ADMINS of the shared runtime fixture
ANN = "U0ANN0001"
BEN = "U0BEN0001"
CHANNEL = "C0AMBASSADOR"


@dataclass
class Chorus:
    """The running app as the tests see it."""

    slack: SlackWorkspace
    api: FakeSlackAPI
    adapter: SlackAdapter
    runtime: Runtime
    worker: DeliveryWorker

    async def settle(self) -> None:
        """Wait for the work Chorus does after acknowledging, then let the delivery worker
        empty the outbox (channel posts and notes)."""
        await self.adapter.drain()
        await self.worker.drain(within=10)

    async def answer(self, reply: Reply) -> str:
        """The private answer to a command: the ack's body, or, when the work outlasted the
        ack budget (a loaded machine), what Chorus posted to the response_url after."""
        return str((await self.answer_payload(reply)).get("text", ""))

    async def answer_payload(self, reply: Reply) -> dict[str, Any]:
        """The whole private answer (blocks and all), wherever it went: see :meth:`answer`."""
        body = reply.json()
        if body and body.get("text"):
            return dict(body)
        await self.settle()
        late = self.api.find("response_url")
        return dict(late[-1].args) if late else {}

    async def rows(self, table: str) -> int:
        """How many rows a table holds."""
        async with self.runtime.engine.connect() as connection:
            result = await connection.execute(
                select(func.count()).select_from(Base.metadata.tables[table])
            )
            return int(result.scalar_one())

    async def with_channel(self) -> None:
        """The coordinator makes C0AMBASSADOR the ambassador channel."""
        reply = await self.slack.command(COORDINATOR, "channel", command="/chorus")
        assert reply.status == 200
        await self.settle()


def slack_runtime(runtime: Runtime, api: FakeSlackAPI, *, app_token: str = "") -> Runtime:
    """The shared runtime fixture, configured for single-workspace Slack on the fake API."""
    slack = SlackSettings(
        bot_token=BOT_TOKEN,
        signing_secret=SECRET,
        app_token=app_token,
        api_url=f"{api.base}/api/",
    )
    return replace(runtime, settings=replace(runtime.settings, slack=slack))


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlackAPI]:
    api = FakeSlackAPI()
    runner, base = await serve(api.app())
    api.base = base
    yield api
    await runner.cleanup()


@pytest.fixture
async def chorus(
    runtime: Runtime, slack_api: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Chorus]:
    configured = slack_runtime(runtime, slack_api)
    app = make_app(configured)
    runner, base = await serve(app)
    monkeypatch.setattr(slack_transport, "CHANNEL_SPACING", 0.0)  # no pacing in tests
    client = AsyncWebClient(token=BOT_TOKEN, base_url=f"{slack_api.base}/api/")

    async def client_for(_: int) -> AsyncWebClient:
        return client

    transport = slack_transport.SlackTransport(
        client_for, configured.platform, workspace_per_minute=60_000
    )
    worker = DeliveryWorker(configured.outbox, {Platform.SLACK: transport})
    async with aiohttp.ClientSession() as http:
        yield Chorus(
            SlackWorkspace(http, f"{base}/slack/events", slack_api),
            slack_api,
            app[SLACK],
            configured,
            worker,
        )
        await app[SLACK].drain()
    await runner.cleanup()
    assert slack_api.problems == [], slack_api.problems
