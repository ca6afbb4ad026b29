"""``chorus socket``: the same listeners over Socket Mode, against a local fake."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters import cli
from adapters.runtime import Runtime
from adapters.slack.socket import run_socket_mode
from bot.commands import Actor
from bot.model import Platform
from tests.adapters.slack.conftest import ANN, slack_runtime
from tests.adapters.slack.fake_slack import APP_TOKEN, TEAM, FakeSlackAPI, serve


@pytest.fixture
async def socket_api() -> AsyncIterator[tuple[FakeSlackAPI, asyncio.Queue[dict[str, Any]]]]:
    api = FakeSlackAPI()
    acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def link(request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        await socket.send_json(
            {
                "type": "slash_commands",
                "envelope_id": "env-1",
                "accepts_response_payload": True,
                "payload": {
                    "command": "/idea",
                    "text": "Parked over a socket",
                    "team_id": TEAM,
                    "user_id": ANN,
                    "user_name": "ann",
                    "channel_id": "C0AMBASSADOR",
                    "api_app_id": "A0CHORUS01",
                    "trigger_id": "trigger-socket",
                },
            }
        )
        async for message in socket:
            if message.type is aiohttp.WSMsgType.TEXT:
                await acks.put(json.loads(message.data))
        return socket

    app = api.app()
    app.router.add_get("/link", link)
    runner, base = await serve(app)
    api.base = base
    api.ws_url = base.replace("http://", "ws://") + "/link"
    yield api, acks
    await runner.cleanup()


async def test_socket_mode_answers_a_slash_command_with_its_ack(
    runtime: Runtime, socket_api: tuple[FakeSlackAPI, asyncio.Queue[dict[str, Any]]]
) -> None:
    api, acks = socket_api
    configured = slack_runtime(runtime, api, app_token=APP_TOKEN)
    # Ann's workspace and member exist already (as after any earlier command), so the ack
    # measures the socket wiring, not a cold database's first connections.
    await runtime.core.register(Actor(Platform.SLACK, TEAM, ANN, "ann"))
    stop = asyncio.Event()
    running = asyncio.ensure_future(run_socket_mode(configured, stop))

    ack = await asyncio.wait_for(acks.get(), 5)
    stop.set()
    await asyncio.wait_for(running, 10)

    assert ack["envelope_id"] == "env-1"
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "Idea #1 is parked" in ack["payload"]["text"]
    [opened] = api.find("apps.connections.open")
    assert opened.authorization == f"Bearer {APP_TOKEN}"
    assert api.problems == []


def test_chorus_socket_refuses_without_an_app_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], keep_logging: None
) -> None:
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")

    assert cli.main(["socket"]) == 2

    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "SLACK_APP_TOKEN" in err
