"""A Teams rig: our aiohttp app on 127.0.0.1 with the real Agents SDK adapter, Bot
Framework activities whose ``serviceUrl`` is a fake Bot Connector on 127.0.0.1 that
records everything the bot sends, and the outbox worker with the Teams transport."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import jsonschema
import pytest
from aiohttp import web

from adapters.delivery import DeliveryWorker
from adapters.http import make_app
from adapters.runtime import Runtime
from adapters.teams.hosting import TEAMS, transport
from adapters.teams.render import CARD_CONTENT_TYPE
from bot.model import Platform
from tests.e2e.test_console import CHORUS

# The official Adaptive Cards 1.5 schema, vendored in tests/specs/teams (see tests/specs/README.md).
SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "specs" / "teams" / "adaptive-card-1.5.schema.json"
)
CARD_SCHEMA = json.loads(SCHEMA_PATH.read_text())

TENANT = "tenant-1"
BOT = {"id": "28:chorus-bot", "name": "Chorus"}
CHANNEL_ID = "19:ambassadors@thread.tacv2"
TEAM_ID = "19:team@thread.tacv2"


def assert_valid_card(card: dict[str, Any]) -> None:
    """The card, as sent, is valid Adaptive Card 1.5 (strictly: no extensions)."""
    jsonschema.Draft6Validator(CARD_SCHEMA).validate(card)
    assert card["version"] == "1.5"


def texts_of(node: Any) -> list[str]:
    """Every ``text`` of every TextBlock in a card, in order."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "TextBlock":
            found.append(node["text"])
        for value in node.values():
            found.extend(texts_of(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(texts_of(value))
    return found


def actions_of(node: Any) -> list[dict[str, Any]]:
    """Every Action.Submit / Action.Execute in a card."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action."):
            found.append(node)
        for value in node.values():
            found.extend(actions_of(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(actions_of(value))
    return found


@dataclass
class Call:
    """One request the bot made to the connector."""

    method: str
    path: str
    body: Any
    authorization: str | None
    answered_id: str | None = None  # the id the connector gave back

    @property
    def card(self) -> dict[str, Any]:
        attachments = self.body["attachments"]
        assert len(attachments) == 1
        assert attachments[0]["contentType"] == CARD_CONTENT_TYPE
        card: dict[str, Any] = attachments[0]["content"]
        assert_valid_card(card)
        return card

    @property
    def text(self) -> str:
        return "\n".join(texts_of(self.card))


@dataclass
class FakeConnector:
    """The Bot Connector service, as far as Chorus uses it."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    failures: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    chats: dict[str, str] = field(default_factory=dict)  # Teams user id → created chat
    # Teams answers a new conversation with "activityId": null (no first activity was
    # sent); the Bot Framework schema also allows leaving it out.
    created_activity_id: str = "null"  # or "omitted"
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, path_part: str, status: int, headers: dict[str, str] | None = None) -> None:
        """The next request whose path contains ``path_part`` gets ``status``."""
        self.failures.append((path_part, status, headers or {}))

    def chat_with(self, person: Person) -> str:
        """The personal chat the bot opened with ``person``."""
        return self.chats[person.teams_id]

    def sent(self, conversation: str) -> list[Call]:
        """Posts and updates into one conversation (in order)."""
        prefix = f"/v3/conversations/{conversation}/activities"
        return [c for c in self.calls if c.path.startswith(prefix) and c.method in ("POST", "PUT")]

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        path = request.raw_path
        call = Call(request.method, path, body, request.headers.get("Authorization"))
        self.calls.append(call)
        for index, (part, status, headers) in enumerate(self.failures):
            if part in path:
                del self.failures[index]
                return web.json_response(
                    {"error": {"code": "Refused", "message": "no"}}, status=status, headers=headers
                )
        if request.method == "GET" and "/members/" in path:
            member = self.members.get(request.match_info["tail"].rsplit("/", 1)[-1])
            if member is None:
                return web.json_response({"error": {"code": "NotFound"}}, status=404)
            return web.json_response(member)
        if request.method == "POST" and path == "/v3/conversations" and isinstance(body, dict):
            call.answered_id = f"a:dm-{next(self._ids)}"
            self.chats[body["members"][0]["id"]] = call.answered_id
            created: dict[str, Any] = {"id": call.answered_id}
            if self.created_activity_id == "null":
                created["activityId"] = None
            return web.json_response(created)
        elif request.method == "PUT":
            call.answered_id = path.rsplit("/", 1)[-1]
        else:
            call.answered_id = f"msg-{next(self._ids)}"
        return web.json_response({"id": call.answered_id})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/v3/conversations", self.handle)
        app.router.add_route("*", "/v3/conversations/{tail:.*}", self.handle)
        return app


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """Run ``app`` on a free loopback port."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


@dataclass
class Person:
    """A Teams user."""

    teams_id: str
    name: str
    aad: str | None

    def account(self) -> dict[str, Any]:
        account: dict[str, Any] = {"id": self.teams_id, "name": self.name}
        if self.aad:
            account["aadObjectId"] = self.aad
        return account

    @property
    def personal(self) -> str:
        return f"a:personal-{self.teams_id.split(':', 1)[-1]}"


ALICE = Person("29:alice", "Alice Andersen", "aad-alice")
BENTE = Person("29:bente", "Bente Hansen", "aad-bente")
CORA = Person("29:cora", "Cora Coordinator", "UCOORD")  # CHORUS_ADMINS lists UCOORD


class TeamsRig:
    """Send activities as Teams would; read what the bot sent back."""

    def __init__(
        self,
        runtime: Runtime,
        bot_url: str,
        connector: FakeConnector,
        http: aiohttp.ClientSession,
        app: web.Application,
    ) -> None:
        self.runtime = runtime
        self.bot_url = bot_url
        self.connector = connector
        self.http = http
        self.bot = app[TEAMS]
        self.transport = transport(runtime)
        self.worker = DeliveryWorker(runtime.outbox, {Platform.TEAMS: self.transport})
        self.sleeps: list[float] = []

        async def no_wait(seconds: float) -> None:
            self.sleeps.append(seconds)

        self.bot.sender.sleep = no_wait
        self._ids = itertools.count(1_700_000_000_001)

    def activity(
        self,
        person: Person,
        *,
        kind: str = "message",
        text: str | None = None,
        channel: bool = False,
        value: Any = None,
        name: str | None = None,
        mentions: tuple[Person, ...] = (),
        mention_bot: bool = False,
        reply_to: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A Bot Framework activity from ``person`` in their personal chat or the channel."""
        activity_id = str(next(self._ids))
        if channel:
            conversation = {
                "id": f"{CHANNEL_ID};messageid={activity_id}",
                "conversationType": "channel",
                "tenantId": TENANT,
                "isGroup": True,
            }
            channel_data: dict[str, Any] = {
                "tenant": {"id": TENANT},
                "team": {"id": TEAM_ID},
                "channel": {"id": CHANNEL_ID},
            }
        else:
            conversation = {
                "id": person.personal,
                "conversationType": "personal",
                "tenantId": TENANT,
            }
            channel_data = {"tenant": {"id": TENANT}}
        entities: list[dict[str, Any]] = []
        if mention_bot:
            text = f"<at>Chorus</at> {text or ''}"
            entities.append({"type": "mention", "text": "<at>Chorus</at>", "mentioned": BOT})
        for other in mentions:
            entities.append(
                {
                    "type": "mention",
                    "text": f"<at>{other.name}</at>",
                    "mentioned": {"id": other.teams_id, "name": other.name},
                }
            )
        activity: dict[str, Any] = {
            "type": kind,
            "id": activity_id,
            "timestamp": "2026-03-02T09:00:00.000Z",
            "channelId": "msteams",
            "serviceUrl": self.connector.url + "/",
            "from": person.account(),
            "conversation": conversation,
            "recipient": BOT,
            "channelData": channel_data,
            "locale": "en-US",
        }
        if text is not None:
            activity["text"] = text
            activity["textFormat"] = "plain"
        if entities:
            activity["entities"] = entities
        if value is not None:
            activity["value"] = value
        if name is not None:
            activity["name"] = name
        if reply_to is not None:
            activity["replyToId"] = reply_to
        activity.update(extra)
        return activity

    async def post(
        self, activity: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """POST one activity to /api/messages; deliver what it queued; (status, JSON body)."""
        async with self.http.post(
            f"{self.bot_url}/api/messages", json=activity, headers=headers or {}
        ) as response:
            status = response.status
            body = await response.json() if response.content_type == "application/json" else None
        await self.worker.drain()
        return status, body

    async def say(self, person: Person, text: str, *, channel: bool = False, **kw: Any) -> int:
        """Type ``text`` (in the channel: with the bot @mentioned)."""
        status, _ = await self.post(
            self.activity(person, text=text, channel=channel, mention_bot=channel, **kw)
        )
        return status

    async def press(self, person: Person, data: dict[str, Any], **kw: Any) -> int:
        """Press an Action.Submit button: a message whose value is the button's data."""
        status, _ = await self.post(self.activity(person, value=data, **kw))
        return status

    async def execute(self, person: Person, data: dict[str, Any], **kw: Any) -> tuple[int, Any]:
        """Press an Action.Execute button: an ``adaptiveCard/action`` invoke."""
        value = {
            "action": {"type": "Action.Execute", "verb": "chorus", "data": data},
            "trigger": "manual",
        }
        return await self.post(
            self.activity(person, kind="invoke", name="adaptiveCard/action", value=value, **kw)
        )

    async def workspace_id(self) -> int:
        """The internal id of the Teams tenant's workspace."""
        from bot.commands import Actor

        workspace, _ = await self.runtime.core.register(
            Actor(Platform.TEAMS, TENANT, "aad-alice", "Alice Andersen")
        )
        return workspace.id

    async def make_channel(self) -> None:
        """The coordinator makes the channel the ambassador channel."""
        assert await self.say(CORA, "chorus channel", channel=True) == 202


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    runner, fake.url = await serve(fake.app())
    yield fake
    await runner.cleanup()


@pytest.fixture
async def teams(runtime: Runtime, connector: FakeConnector) -> AsyncIterator[TeamsRig]:
    app = make_app(runtime)
    runner, url = await serve(app)
    async with aiohttp.ClientSession() as http:
        yield TeamsRig(runtime, url, connector, http, app)
    await runner.cleanup()


@contextlib.asynccontextmanager
async def chorus_serve(tmp_path: Path, **env: str) -> AsyncIterator[str]:
    """``chorus serve`` as a process on a free loopback port, anonymous Teams switched on
    (``env`` adds to its environment); yields its base URL once it is healthy."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "SLACK_", "CHORUS_"))
    }
    environment["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"
    environment["CHORUS_ADMINS"] = "UCOORD"
    environment["TEAMS_ALLOW_ANONYMOUS"] = "loopback"
    environment.update(env)
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as sink:
        process = await asyncio.create_subprocess_exec(
            CHORUS,
            "serve",
            "--port",
            str(port),
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"{base}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(log.read_text())
        yield base
    finally:
        process.terminate()
        await process.wait()
