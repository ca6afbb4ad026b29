"""Slack's side of the wire for adapter tests: a local fake Web API that checks every call
against Slack's OpenAPI spec and Block Kit rules, and a client that signs requests exactly
as Slack does."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

# Slack's own reference data, vendored in tests/specs/slack (see tests/specs/README.md).
SPECS = Path(__file__).resolve().parents[2] / "specs" / "slack"
SPEC_PATH = SPECS / "slack_web_openapi_v2.json"
PAYLOADS = SPECS / "payloads"
# Methods real clients call that the spec (2020) does not list: Socket Mode, and the external
# file upload that replaced files.upload (slack_sdk's files_upload_v2).
EXTRA_METHODS = frozenset(
    {"apps.connections.open", "files.getUploadURLExternal", "files.completeUploadExternal"}
)
# Their required arguments, from Slack's method pages (docs.slack.dev/reference/methods).
EXTRA_REQUIRED = {
    "files.getUploadURLExternal": ("filename", "length"),
    "files.completeUploadExternal": ("files",),
}

TEAM = "T0TEAM0001"
BOT_USER = "U0CHORUSBOT"
SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token-0123456789"
APP_TOKEN = "xapp-test-token-0123456789"
INSTALLED_BOT_TOKEN = "xoxb-installed-by-oauth-9876543210"  # what oauth.v2.access hands out


@cache
def spec() -> dict[str, Any]:
    """Slack's Web API OpenAPI (Swagger 2.0) description."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def check_call(method: str, args: Mapping[str, Any], authorization: str | None) -> list[str]:
    """Problems with one Web API call ([] when fine): unknown method, missing required
    arguments. ``args`` merges query, form and JSON body: real clients use all three."""
    if method in EXTRA_METHODS:
        required = EXTRA_REQUIRED.get(method, ())
        return [f"{method}: missing_argument {name}" for name in required if not args.get(name)]
    path_item = spec()["paths"].get("/" + method)
    if path_item is None:
        return [f"{method}: unknown method"]
    (operation,) = path_item.values()
    has_token = bool(args.get("token")) or (authorization or "").startswith("Bearer ")
    problems = []
    for parameter in operation.get("parameters", []):
        if not parameter.get("required"):
            continue
        name = parameter["name"]
        if name == "token":
            if not has_token:
                problems.append(f"{method}: not_authed")
        elif args.get(name) in ("", None):
            problems.append(f"{method}: missing_argument {name}")
    return problems


def validate_blocks(blocks: Any, *, max_blocks: int = 50) -> list[str]:
    """Block Kit problems, checked with slack_sdk's models (recursively, via ``to_dict``)."""
    if not isinstance(blocks, list):
        return ["blocks must be a list"]
    problems = [f"too many blocks: {len(blocks)}"] if len(blocks) > max_blocks else []
    for index, raw in enumerate(blocks):
        try:
            parsed = Block.parse(raw)
            if parsed is None:
                problems.append(f"blocks[{index}]: unknown block type")
                continue
            parsed.to_dict()
        except (SlackObjectFormationError, TypeError, KeyError, AttributeError) as error:
            problems.append(f"blocks[{index}]: {error}")
        if raw.get("type") == "header" and raw["text"].get("type") != "plain_text":
            problems.append(f"blocks[{index}]: a header must be plain_text")
        if raw.get("type") == "actions":
            for element in raw["elements"]:
                if not element.get("action_id"):
                    problems.append(f"blocks[{index}]: a button without action_id")
    ids = [
        element.get("action_id")
        for raw in blocks
        if isinstance(raw, dict)
        for element in raw.get("elements", [])
        if isinstance(element, dict) and element.get("type") == "button"
    ]
    if len(ids) != len(set(ids)):
        problems.append("action ids repeat within one message")
    return problems


def validate_view(view: Any) -> list[str]:
    """A modal or home view: titles ≤ 24, 1-100 blocks, and every block."""
    if not isinstance(view, dict):
        return ["view must be an object"]
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, KeyError, AttributeError) as error:
        return [str(error)]
    return validate_blocks(view.get("blocks", []), max_blocks=100)


def message_problems(args: Mapping[str, Any]) -> list[str]:
    """Problems with a message payload (Web API call, response_url post or ack body)."""
    problems: list[str] = []
    if "blocks" in args:
        blocks = args["blocks"]
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        problems.extend(validate_blocks(blocks))
        if not args.get("text"):
            problems.append("blocks without a fallback text")
    return problems


@dataclass
class Call:
    """One recorded Web API call (or response_url post)."""

    method: str
    args: dict[str, Any]
    authorization: str | None = None


@dataclass
class FakeSlackAPI:
    """A local Web API that records and checks every call; answers like Slack."""

    calls: list[Call] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failures: dict[str, list[str]] = field(default_factory=dict)  # method → errors to give
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id → bytes sent to its URL
    ws_url: str = ""
    base: str = ""
    # users.info: the workspace's people (user id → Slack's user object)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)  # method → seconds before answering
    upload_unreachable: bool = False  # hand out upload URLs nobody listens on
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def app(self) -> web.Application:
        """The aiohttp app serving ``/api/{method}`` and ``/response/{id}``."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        return app

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        self.calls.append(Call("upload", {"file_id": file_id}))
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    def fail_next(self, method: str, error: str) -> None:
        """Make the next call of ``method`` fail with Slack error ``error``."""
        self.failures.setdefault(method, []).append(error)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        raw = await request.text()
        if request.content_type == "application/json" and raw:
            args.update(json.loads(raw))
        elif raw:
            args.update(dict(await request.post()))
        authorization = request.headers.get("Authorization")
        self.calls.append(Call(method, args, authorization))
        self.problems.extend(check_call(method, args, authorization))
        if method.startswith("chat."):
            self.problems.extend(f"{method}: {p}" for p in message_problems(args))
        if method.startswith("views."):
            view = args.get("view")
            if isinstance(view, str):
                view = json.loads(view)
            self.problems.extend(f"{method}: {p}" for p in validate_view(view))
        if self.delays.get(method):
            await asyncio.sleep(self.delays[method])
        if self.failures.get(method):
            return web.json_response({"ok": False, "error": self.failures[method].pop(0)})
        if method == "users.info" and args.get("user") not in self.users:
            return web.json_response({"ok": False, "error": "user_not_found"})
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: Mapping[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            body |= {
                "url": "https://chorus-test.slack.com/",
                "team": "Chorus Test",
                "user": "chorus",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": "B0CHORUSBOT",
            }
        elif method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            body |= {"channel": args.get("channel"), "ts": ts, "message": {"ts": ts}}
        elif method == "chat.update":
            body |= {"channel": args.get("channel"), "ts": args.get("ts")}
        elif method == "chat.postEphemeral":
            body |= {"message_ts": f"1700000001.{next(self._ts):06d}"}
        elif method.startswith("views."):
            body |= {"view": {"id": "V0VIEW0001"}}
        elif method == "conversations.history":
            body |= {"messages": [], "has_more": False}
        elif method == "users.info":
            body |= {"user": self.users[str(args["user"])]}
        elif method == "conversations.open":
            body |= {"channel": {"id": "D0DIRECT01"}}
        elif method == "conversations.join":
            body |= {"channel": {"id": args.get("channel")}}
        elif method == "oauth.v2.access":  # the install flow's code exchange
            body |= {
                "access_token": INSTALLED_BOT_TOKEN,
                "token_type": "bot",
                "scope": "commands,chat:write",
                "bot_user_id": BOT_USER,
                "app_id": "A0CHORUS01",
                "team": {"id": TEAM, "name": "Chorus Test"},
                "enterprise": None,
                "is_enterprise_install": False,
                "authed_user": {"id": "U0INSTALLER"},
            }
        elif method == "files.getUploadURLExternal":
            file_id = f"F0FILE{next(self._ts):04d}"
            base = "http://127.0.0.1:9" if self.upload_unreachable else self.base  # discard
            body |= {"upload_url": f"{base}/upload/{file_id}", "file_id": file_id}
        elif method == "files.completeUploadExternal":
            files = args.get("files")
            listed = json.loads(files) if isinstance(files, str) else files or []
            body |= {"files": [{"id": f["id"], "title": f.get("title", "")} for f in listed]}
        elif method == "apps.connections.open":
            body |= {"url": self.ws_url}
        return body

    async def _response_url(self, request: web.Request) -> web.Response:
        args = await request.json()
        self.calls.append(Call("response_url", args))
        self.problems.extend(f"response_url: {p}" for p in message_problems(args))
        return web.Response(text="ok")

    def add_user(
        self, user_id: str, display_name: str, *, real_name: str = "", locale: str = "en-US"
    ) -> None:
        """Someone in the workspace, as ``users.info`` describes them."""
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM,
            "name": display_name.lower().replace(" ", "."),
            "deleted": False,
            "real_name": real_name or display_name,
            "is_bot": False,
            "locale": locale,
            "profile": {"display_name": display_name, "real_name": real_name or display_name},
        }

    def find(self, method: str) -> list[Call]:
        """Calls of one method, oldest first."""
        return [call for call in self.calls if call.method == method]

    def response_url(self, name: str = "r") -> str:
        """A response_url that lands in this fake."""
        return f"{self.base}/response/{name}"


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """Run ``app`` on a free loopback port; returns the runner and its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    return runner, f"http://127.0.0.1:{port}"


def sign(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature headers for ``body``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}


@dataclass
class Reply:
    """What Chorus answered over HTTP."""

    status: int
    text: str

    def json(self) -> Any:
        """The body as JSON (commands' ack bodies)."""
        return json.loads(self.text) if self.text else None


@dataclass
class SlackWorkspace:
    """Slack sending signed requests to Chorus on behalf of members of one workspace."""

    http: aiohttp.ClientSession
    url: str  # Chorus's /slack/events
    api: FakeSlackAPI
    team: str = TEAM
    channel: str = "C0AMBASSADOR"
    _events: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _clicks: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(
        self, body: str, content_type: str, *, headers: Mapping[str, str] | None = None
    ) -> Reply:
        """POST a raw body, signed unless ``headers`` carries its own signature."""
        all_headers = {"Content-Type": content_type, **sign(body), **(headers or {})}
        async with self.http.post(self.url, data=body.encode(), headers=all_headers) as response:
            return Reply(response.status, await response.text())

    async def form(self, fields: Mapping[str, str], **kwargs: Any) -> Reply:
        """A form-encoded request (slash commands; interactivity with payload=...)."""
        return await self.send(urlencode(fields), "application/x-www-form-urlencoded", **kwargs)

    async def json(self, payload: Mapping[str, Any], **kwargs: Any) -> Reply:
        """A JSON request (Events API)."""
        return await self.send(json.dumps(payload), "application/json", **kwargs)

    async def command(
        self,
        user: str,
        text: str,
        *,
        command: str = "/idea",
        channel: str | None = None,
        name: str | None = None,
    ) -> Reply:
        """A slash command as Slack sends it (text already Slack-escaped by the caller)."""
        reply = await self.form(
            {
                "token": "legacy",
                "team_id": self.team,
                "team_domain": "chorus-test",
                "channel_id": channel or self.channel,
                "channel_name": "ambassadors",
                "user_id": user,
                "user_name": name or user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "A0CHORUS01",
                "is_enterprise_install": "false",
                "response_url": self.api.response_url(f"cmd-{user}"),
                "trigger_id": f"trigger-{user}",
            }
        )
        if reply.status == 200 and reply.text:
            self.api.problems.extend(f"ack: {p}" for p in message_problems(reply.json()))
        return reply

    async def press(
        self,
        user: str,
        value: str,
        *,
        action_id: str = "chorus:0",
        channel: str | None = None,
        message_ts: str = "1700000000.000001",
        home: bool = False,
    ) -> Reply:
        """A button press (block_actions), on a channel message or on the App Home. Every
        click is its own request, as in Slack (its own trigger id and action timestamp)."""
        click = next(self._clicks)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team, "domain": "chorus-test"},
            "user": {
                "id": user,
                "username": user.lower(),
                "name": user.lower(),
                "team_id": self.team,
            },
            "api_app_id": "A0CHORUS01",
            "trigger_id": f"trigger-{user}-{click}",
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "action_ts": f"1700000002.{click:06d}",
                }
            ],
        }
        if home:
            payload["container"] = {"type": "view", "view_id": "V0HOME0001"}
            payload["view"] = {"id": "V0HOME0001", "type": "home", "blocks": []}
        else:
            target = channel or self.channel
            payload["container"] = {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": target,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": target, "name": "ambassadors"}
            payload["response_url"] = self.api.response_url(f"press-{user}")
        return await self.form({"payload": json.dumps(payload)})

    async def submit(self, user: str, view: Mapping[str, Any], values: Mapping[str, str]) -> Reply:
        """A modal submission with ``values`` typed into the view's inputs."""
        state = {
            block["block_id"]: {
                block["element"]["action_id"]: {
                    "type": "plain_text_input",
                    "value": values.get(block["block_id"]) or None,
                }
            }
            for block in view["blocks"]
            if block["type"] == "input"
        }
        payload = {
            "type": "view_submission",
            "team": {"id": self.team, "domain": "chorus-test"},
            "user": {
                "id": user,
                "username": user.lower(),
                "name": user.lower(),
                "team_id": self.team,
            },
            "api_app_id": "A0CHORUS01",
            "trigger_id": f"trigger-{user}",
            "view": {**view, "id": "V0MODAL001", "state": {"values": state}},
        }
        return await self.form({"payload": json.dumps(payload)})

    async def event(
        self, event: Mapping[str, Any], *, event_id: str | None = None, **headers: str
    ) -> Reply:
        """An Events API callback; a fresh event id unless one is given (for replays)."""
        payload = {
            "token": "legacy",
            "team_id": self.team,
            "api_app_id": "A0CHORUS01",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._events):08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": self.team, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
            ],
            "event": dict(event),
        }
        return await self.json(payload, headers=headers)
