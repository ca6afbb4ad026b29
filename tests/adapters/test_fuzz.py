"""Every HTTP face of ``chorus serve``, fed malformed requests: wrong methods, odd headers
(huge and non-ASCII timestamps, broken tokens, proxy headers), bodies that are not what
they claim to be (binary, deep or wrong-shaped JSON, other encodings, over-large), and
strange paths and queries. Never a 5xx; without a valid signature or token, never a side
effect."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
import pytest
from aiohttp import web
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from adapters.http import make_app
from adapters.runtime import Runtime
from adapters.settings import ANONYMOUS_LOOPBACK, SlackSettings, TeamsSettings
from adapters.slack.app import SLACK
from storage.models import Base
from tests.adapters.slack.fake_slack import BOT_TOKEN, SECRET, FakeSlackAPI, sign
from tests.adapters.slack.fake_slack import serve as serve_slack
from tests.adapters.teams.conftest import FakeConnector
from tests.adapters.teams.conftest import serve as serve_teams
from tests.adapters.teams.tokens import CREDENTIALS, answer_bot_framework_locally

PATHS = (
    "/slack/events",
    "/api/messages",
    "/calendar/{token}.ics",
    "/slack/install",
    "/slack/oauth_redirect",
)
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")  # HEAD: as GET, no body to read
HEADER_NAMES = (
    "Content-Type",
    "Content-Encoding",
    "X-Slack-Request-Timestamp",
    "X-Slack-Signature",
    "X-Slack-Retry-Num",
    "Authorization",
    "Cookie",
    "X-Forwarded-For",
    "Forwarded",
    "X-Real-IP",
    "Accept-Charset",
)
FIELDS = (
    "type",
    "id",
    "text",
    "value",
    "name",
    "serviceUrl",
    "channelId",
    "conversation",
    "from",
    "recipient",
    "channelData",
    "entities",
    "membersAdded",
    "command",
    "team_id",
    "user_id",
    "payload",
    "event",
    "event_id",
    "challenge",
    "token",
    "actions",
    "view",
)
# Tables that change only when a signed (or, in anonymous mode, local) request acts.
GUARDED_TABLES = (
    "workspaces",
    "members",
    "ideas",
    "drafts",
    "processed_events",
    "conversation_refs",
    "message_refs",
    "outbox",
    "slack_bots",
    "slack_installations",
)

# What a client can put in a header: Latin-1 and beyond, without control characters.
header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_categories=["Cc"]),
    max_size=60,
)
any_text = st.text(max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | any_text, children, max_size=6)
    ),
    max_leaves=25,
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


jwt_like = st.builds(
    lambda header, payload, signature: f"Bearer {_b64(header)}.{_b64(payload)}.{signature}",
    st.sampled_from(
        [
            b'{"alg":"none"}',
            b'{"alg":"RS256"}',
            b'{"alg":"RS256","kid":"unknown-key"}',
            b'{"alg":"HS256","kid":5}',
            b"[]",
            b"not json",
        ]
    ),
    json_values.map(lambda value: json.dumps(value).encode()),
    header_text,
)
header_values = st.one_of(
    header_text,
    st.text("0123456789", min_size=1, max_size=500),
    st.sampled_from(
        [
            "v0=" + "0" * 64,
            "application/json",
            "application/json; charset=utf-16",
            "application/x-www-form-urlencoded; charset=nonsense",
            "multipart/form-data; boundary=x",
            "gzip",
            "br",
            "slack-app-oauth-state=x; =; other=é",
        ]
    ),
    jwt_like,
)
bodies = st.one_of(
    st.binary(max_size=1500),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.dictionaries(st.sampled_from(FIELDS), any_text | json_values.map(json.dumps)).map(
        lambda form: urlencode(form).encode()
    ),
    st.sampled_from(
        [
            b"",
            b"[]",
            b"null",
            b"[" * 50_000 + b"]" * 50_000,  # deeper than any parser's recursion limit
            b'{"type": "message", "conversation": {"id": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
            "payload={}".encode("utf-16"),
            b"x" * 1_100_000,  # over aiohttp's 1 MiB request limit
        ]
    ),
)


class Request:
    """One fuzzed request (a plain class: Hypothesis prints it with this short repr)."""

    def __init__(
        self,
        method: str,
        path: str,
        query: str,
        headers: dict[str, str],
        body: bytes,
        signed: bool,
    ) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.signed = signed

    def __repr__(self) -> str:
        return (
            f"Request({self.method} {self.path}?{self.query[:80]} headers={self.headers!r} "
            f"body={self.body[:120]!r}{'…' if len(self.body) > 120 else ''} signed={self.signed})"
        )


@st.composite
def requests(draw: st.DrawFn) -> Request:
    path = draw(st.sampled_from(PATHS)).format(token=quote(draw(any_text), safe=""))
    query = urlencode(
        draw(st.dictionaries(st.sampled_from(["code", "state", "error", "x"]) | any_text, any_text))
    )
    headers = draw(st.dictionaries(st.sampled_from(HEADER_NAMES), header_values, max_size=5))
    body = draw(bodies)
    # Sometimes correctly signed for Slack (a malformed body from Slack's side of the wire).
    signed = path == "/slack/events" and draw(st.booleans())
    if signed:
        headers = {**headers, **sign(body.decode("utf-8", "replace"))}
    return Request(draw(st.sampled_from(METHODS)), path, query, headers, body, signed)


class Target:
    """A running Chorus and what it could touch (a plain class: a short repr in reports)."""

    def __init__(
        self,
        base: str,
        http: aiohttp.ClientSession,
        runtime: Runtime,
        slack: FakeSlackAPI,
        connector: FakeConnector,
    ) -> None:
        self.base = base
        self.http = http
        self.runtime = runtime
        self.slack = slack
        self.connector = connector

    def __repr__(self) -> str:
        return f"Target({self.base})"

    async def send(self, request: Request) -> int:
        async with self.http.request(
            request.method,
            f"{self.base}{request.path}?{request.query}",
            data=io.BytesIO(request.body),
            headers=request.headers,
            skip_auto_headers=("Content-Type",),
            allow_redirects=False,
        ) as response:
            await response.read()
            return response.status

    async def rows(self) -> dict[str, int]:
        async with self.runtime.engine.connect() as connection:
            return {
                table: int(
                    (
                        await connection.execute(
                            select(func.count()).select_from(Base.metadata.tables[table])
                        )
                    ).scalar_one()
                )
                for table in GUARDED_TABLES
            }


@dataclass(frozen=True)
class Setup:
    slack: SlackSettings
    teams: TeamsSettings


async def _target(runtime: Runtime, make: Any) -> AsyncIterator[Target]:
    slack_api, connector = FakeSlackAPI(), FakeConnector()
    slack_runner, slack_api.base = await serve_slack(slack_api.app())
    connector_runner, connector.url = await serve_teams(connector.app())
    setup: Setup = make(slack_api)
    configured = dataclasses.replace(
        runtime,
        settings=dataclasses.replace(runtime.settings, slack=setup.slack, teams=setup.teams),
    )
    app: web.Application = make_app(configured)
    runner, base = await serve_teams(app)
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            yield Target(base, http, configured, slack_api, connector)
        await app[SLACK].drain()
    finally:
        await runner.cleanup()
        await connector_runner.cleanup()
        await slack_runner.cleanup()


@pytest.fixture
async def signed_only(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Target]:
    """Slack in OAuth mode (nothing installed yet) and Teams with credentials: nothing may
    act without a valid signature or token."""
    answer_bot_framework_locally(monkeypatch)

    def make(api: FakeSlackAPI) -> Setup:
        slack = SlackSettings(
            signing_secret=SECRET,
            api_url=f"{api.base}/api/",
            client_id="1111.2222",
            client_secret="oauth-client-secret",
            token_key=Fernet.generate_key().decode(),
        )
        return Setup(slack, CREDENTIALS)

    async for target in _target(runtime, make):
        yield target


@pytest.fixture
async def local(runtime: Runtime) -> AsyncIterator[Target]:
    """Slack with one bot token and Teams in anonymous local mode."""

    def make(api: FakeSlackAPI) -> Setup:
        slack = SlackSettings(
            bot_token=BOT_TOKEN, signing_secret=SECRET, api_url=f"{api.base}/api/"
        )
        return Setup(slack, TeamsSettings(allow_anonymous=ANONYMOUS_LOOPBACK))

    async for target in _target(runtime, make):
        yield target


FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one running Chorus for all examples
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@FUZZ
@given(request=requests())
async def test_no_malformed_request_is_a_server_error_or_acts_without_a_signature(
    signed_only: Target, request: Request
) -> None:
    status = await signed_only.send(request)

    assert status < 500, request
    assert await signed_only.rows() == dict.fromkeys(GUARDED_TABLES, 0), request
    assert [c.method for c in signed_only.slack.calls] == [], request
    assert signed_only.connector.calls == [], request


activities = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["message", "invoke", "conversationUpdate", "installationUpdate"])
        | any_text,
        "id": any_text,
        "channelId": st.just("msteams") | any_text,
        "conversation": st.fixed_dictionaries(
            {"id": any_text.filter(bool)},
            optional={
                "conversationType": st.sampled_from(["personal", "channel", "groupChat"])
                | any_text,
                "tenantId": any_text,
            },
        ),
        "from": st.fixed_dictionaries(
            {"id": any_text}, optional={"name": any_text, "aadObjectId": any_text}
        ),
        "recipient": st.just({"id": "28:chorus-bot", "name": "Chorus"}),
    },
    optional={
        "text": any_text,
        "name": st.just("adaptiveCard/action") | any_text,
        "value": json_values,
        "channelData": json_values,
        "entities": st.lists(json_values, max_size=3),
        "membersAdded": st.lists(st.fixed_dictionaries({"id": any_text}), max_size=2),
        "locale": any_text,
        "localTimezone": any_text,
    },
)


@FUZZ
@given(activity=activities, extra=json_values)
async def test_odd_activities_from_a_local_tool_never_break_the_bot(
    local: Target, activity: dict[str, Any], extra: Any
) -> None:
    activity = {**activity, "serviceUrl": local.connector.url + "/", "extra": extra}
    async with local.http.post(f"{local.base}/api/messages", json=activity) as response:
        assert response.status < 500, activity


@FUZZ
@given(request=requests())
async def test_no_malformed_request_is_a_server_error_in_local_mode(
    local: Target, request: Request
) -> None:
    before = await local.rows()

    assert await local.send(request) < 500, request
    if not request.signed and request.path != "/api/messages":
        assert await local.rows() == before, request
