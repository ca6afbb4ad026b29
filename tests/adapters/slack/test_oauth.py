"""Several workspaces: the OAuth install flow, tokens encrypted at rest, and requests and
deliveries authorized per team from the stored installation (against the fake Web API)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Table, select, update

from adapters.cli import main
from adapters.delivery import DeliveryWorker, Unreachable
from adapters.http import make_app
from adapters.logs import configure_logging
from adapters.ratelimit import TokenBuckets
from adapters.runtime import Runtime
from adapters.settings import (
    DEFAULT_SLACK_SCOPES,
    SettingsError,
    SlackSettings,
    load_settings,
)
from adapters.slack import transport as slack_transport
from adapters.slack.app import SLACK, SlackAdapter
from adapters.slack.oauth import INSTALL_BURST, installation_store
from adapters.transports import platform_transports
from bot.model import Platform
from bot.registry import run_fire
from storage.database import create_engine
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES
from tests.adapters.slack.conftest import ANN, COORDINATOR, Chorus
from tests.adapters.slack.fake_slack import (
    BOT_TOKEN,
    INSTALLED_BOT_TOKEN,
    SECRET,
    TEAM,
    FakeSlackAPI,
    SlackWorkspace,
    serve,
)
from tests.adapters.slack.test_wiring import manifest

# slack_sdk sends the client id and secret of oauth.v2.access with aiohttp's BasicAuth, which
# aiohttp 3.13 deprecates (a warning, not an error, outside the test suite).
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-client-secret"
KEY = Fernet.generate_key().decode()
COOKIE = "slack-app-oauth-state"


@dataclass
class Installed:
    """Chorus in OAuth mode, its HTTP base, and Slack on the other side."""

    base: str
    http: aiohttp.ClientSession
    api: FakeSlackAPI
    runtime: Runtime
    slack: SlackWorkspace
    adapter: SlackAdapter
    worker: DeliveryWorker

    async def start_install(self) -> tuple[str, str]:
        """GET /slack/install; returns Slack's authorize URL and the state cookie's value."""
        async with self.http.get(f"{self.base}/slack/install", allow_redirects=False) as reply:
            assert reply.status == 302
            cookie = reply.headers["Set-Cookie"]
            return reply.headers["Location"], cookie.split(";")[0].split("=", 1)[1]

    async def finish(
        self, state: str, *, code: str = "code-123", cookie: str | None = None
    ) -> tuple[int, str]:
        """Slack sends the browser back to /slack/oauth_redirect."""
        headers = {"Cookie": f"{COOKIE}={cookie if cookie is not None else state}"}
        async with self.http.get(
            f"{self.base}/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers=headers,
            allow_redirects=False,
        ) as reply:
            return reply.status, await reply.text()

    async def install(self) -> None:
        """The whole flow, successfully."""
        _, state = await self.start_install()
        status, _ = await self.finish(state)
        assert status == 200

    async def raw(self, table: Table) -> list[dict[str, object]]:
        """Every row of ``table`` as the database holds it."""
        async with self.runtime.engine.connect() as connection:
            result = await connection.execute(select(table))
            return [dict(row) for row in result.mappings()]


def oauth_runtime(runtime: Runtime, api: FakeSlackAPI) -> Runtime:
    slack = SlackSettings(
        signing_secret=SECRET,
        api_url=f"{api.base}/api/",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_key=KEY,
    )
    return replace(runtime, settings=replace(runtime.settings, slack=slack))


@pytest.fixture
async def installed(
    runtime: Runtime, slack_api: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Installed]:
    configured = oauth_runtime(runtime, slack_api)
    app = make_app(configured)
    runner, base = await serve(app)
    monkeypatch.setattr(slack_transport, "CHANNEL_SPACING", 0.0)
    worker = DeliveryWorker(configured.outbox, platform_transports(configured))
    # Cookies are handled by hand: the state cookie is Secure, and this is plain http.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        slack = SlackWorkspace(http, f"{base}/slack/events", slack_api)
        yield Installed(base, http, slack_api, configured, slack, app[SLACK], worker)
        await app[SLACK].drain()
    await runner.cleanup()
    assert slack_api.problems == [], slack_api.problems


def bearer(api: FakeSlackAPI, method: str) -> list[str | None]:
    return [call.authorization for call in api.find(method)]


# -- the install flow -----------------------------------------------------------------------


async def test_install_redirects_to_slack_with_client_id_scopes_and_a_state(
    installed: Installed,
) -> None:
    location, cookie_state = await installed.start_install()

    url = urlparse(location)
    query = parse_qs(url.query)
    assert location.startswith(f"{installed.api.base}/oauth/v2/authorize?")
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == [",".join(DEFAULT_SLACK_SCOPES)]
    assert query["state"] == [cookie_state]
    assert [row["state"] for row in await installed.raw(SLACK_OAUTH_STATES)] == [cookie_state]


async def test_the_redirect_with_a_valid_state_stores_the_installation_encrypted(
    installed: Installed,
) -> None:
    _, state = await installed.start_install()

    status, page = await installed.finish(state, code="code-123")

    assert status == 200
    assert "Chorus is installed" in page and "Chorus Test" in page
    (exchange,) = installed.api.find("oauth.v2.access")
    assert exchange.args["code"] == "code-123"
    assert (exchange.authorization or "").startswith("Basic ")  # client id and secret
    bots = await installed.raw(SLACK_BOTS)
    installations = await installed.raw(SLACK_INSTALLATIONS)
    assert [(b["team_id"], b["client_id"]) for b in bots] == [(TEAM, CLIENT_ID)]
    assert len(installations) == 1
    for row in (*bots, *installations):
        assert INSTALLED_BOT_TOKEN not in repr(row)  # nowhere in clear text
        token = str(row["bot_token"])
        assert Fernet(KEY.encode()).decrypt(token.encode()).decode() == INSTALLED_BOT_TOKEN
    assert await installed.raw(SLACK_OAUTH_STATES) == []  # a state works once


async def test_a_forged_state_is_refused_with_a_friendly_page_and_nothing_stored(
    installed: Installed,
) -> None:
    await installed.start_install()

    status, page = await installed.finish("forged-state")

    assert status >= 400
    assert "Chorus was not installed" in page and "/slack/install" in page
    assert installed.api.find("oauth.v2.access") == []
    assert await installed.raw(SLACK_BOTS) == []
    assert await installed.raw(SLACK_INSTALLATIONS) == []


async def test_an_expired_state_is_refused_and_nothing_stored(installed: Installed) -> None:
    _, state = await installed.start_install()
    async with installed.runtime.engine.begin() as connection:
        await connection.execute(update(SLACK_OAUTH_STATES).values(expire_at=datetime(2000, 1, 1)))

    status, page = await installed.finish(state)

    assert status >= 400
    assert "expired" in page
    assert installed.api.find("oauth.v2.access") == []
    assert await installed.raw(SLACK_BOTS) == []


async def test_slack_refusing_the_code_stores_nothing(installed: Installed) -> None:
    _, state = await installed.start_install()
    installed.api.fail_next("oauth.v2.access", "invalid_code")

    status, page = await installed.finish(state)

    assert status >= 400
    assert "Chorus was not installed" in page
    assert await installed.raw(SLACK_BOTS) == []


# -- using the installation -----------------------------------------------------------------


async def test_a_signed_command_from_the_installed_team_is_answered_with_its_stored_token(
    installed: Installed,
) -> None:
    await installed.install()
    slack = installed.slack

    reply = await slack.command(COORDINATOR, "channel", command="/chorus")
    assert reply.status == 200
    answer = await slack.command(ANN, "Why we test our backups every Friday")

    assert answer.status == 200
    assert "Idea" in answer.text or "idea" in answer.text
    assert bearer(installed.api, "auth.test")
    assert set(bearer(installed.api, "auth.test")) == {f"Bearer {INSTALLED_BOT_TOKEN}"}
    # The channel post leaves through the outbox with the same workspace's stored token.
    await installed.adapter.drain()
    await installed.worker.drain(within=10)
    posts = installed.api.find("chat.postMessage")
    assert posts
    assert {call.authorization for call in posts} == {f"Bearer {INSTALLED_BOT_TOKEN}"}


async def test_a_command_from_a_team_without_an_installation_reaches_nothing(
    installed: Installed,
) -> None:
    await installed.install()
    stranger = replace(installed.slack, team="T0STRANGER")
    calls = len(installed.api.calls)

    reply = await stranger.command(ANN, "An idea from elsewhere")
    await installed.adapter.drain()

    assert reply.status in (200, 401)
    later = installed.api.calls[calls:]
    # No token to call Slack with; only a short private note through the response_url.
    assert [call.method for call in later] == ["response_url"]
    assert "not installed" in later[0].args["text"]
    async with installed.runtime.engine.connect() as connection:
        ideas = (await connection.exec_driver_sql("SELECT COUNT(*) FROM ideas")).scalar_one()
    assert ideas == 0


async def test_the_outbox_cannot_reach_a_workspace_without_an_installation(
    installed: Installed,
) -> None:
    transport = platform_transports(installed.runtime)[Platform.SLACK]
    client_for = transport._client_for  # type: ignore[attr-defined]

    with pytest.raises(Unreachable):
        await client_for(12345)


# -- tokens at rest -------------------------------------------------------------------------


async def test_every_token_is_encrypted_at_rest_and_clear_only_when_read(
    runtime: Runtime,
) -> None:
    settings = SlackSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_key=KEY)
    store = installation_store(settings, runtime.engine)
    secrets = {
        "bot_token": "xoxb-secret-bot",
        "bot_refresh_token": "xoxe-secret-bot-refresh",
        "user_token": "xoxp-secret-user",
        "user_refresh_token": "xoxe-secret-user-refresh",
    }
    await store.async_save(
        Installation(
            app_id="A1",
            team_id="T1",
            user_id="U1",
            bot_id="B1",
            bot_user_id="UBOT",
            bot_scopes=["commands"],
            bot_token_expires_in=3600,
            user_token_expires_in=3600,
            installed_at=time.time(),
            bot_token=secrets["bot_token"],
            bot_refresh_token=secrets["bot_refresh_token"],
            user_token=secrets["user_token"],
            user_refresh_token=secrets["user_refresh_token"],
        )
    )

    async with runtime.engine.connect() as connection:
        rows = [
            repr(dict(row))
            for table in (SLACK_BOTS, SLACK_INSTALLATIONS)
            for row in (await connection.execute(select(table))).mappings()
        ]
    assert len(rows) == 2
    assert not [s for s in secrets.values() for row in rows if s in row]
    found = await store.async_find_installation(enterprise_id=None, team_id="T1")
    assert found is not None
    assert {name: getattr(found, name) for name in secrets} == secrets
    bot = await store.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-secret-bot"
    # Another key cannot read them: the bot counts as not installed, nothing leaks.
    other = installation_store(
        replace(settings, token_key=Fernet.generate_key().decode()), runtime.engine
    )
    assert await other.async_find_bot(enterprise_id=None, team_id="T1") is None


def test_our_slack_tables_have_exactly_slack_sdks_columns() -> None:
    from sqlalchemy import MetaData

    theirs = MetaData()
    expected = {
        "slack_bots": AsyncSQLAlchemyInstallationStore.build_bots_table(theirs, "slack_bots"),
        "slack_installations": AsyncSQLAlchemyInstallationStore.build_installations_table(
            theirs, "slack_installations"
        ),
        "slack_oauth_states": AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(
            theirs, "slack_oauth_states"
        ),
    }
    for ours in (SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES):
        table = expected[ours.name]
        assert [c.name for c in ours.columns] == [c.name for c in table.columns]
        assert [c.nullable for c in ours.columns] == [c.nullable for c in table.columns]
        assert {i.name for i in ours.indexes} == {i.name for i in table.indexes}


# -- settings and single-workspace mode -----------------------------------------------------


def test_oauth_mode_comes_from_client_id_and_secret_without_a_bot_token() -> None:
    env = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": "shh",
        "CHORUS_TOKEN_KEY": KEY,
        "CHORUS_PUBLIC_URL": "https://chorus.example.com/",
    }
    slack = load_settings(env).slack

    assert slack.oauth and slack.http_ready
    assert slack.scopes == DEFAULT_SLACK_SCOPES
    assert slack.redirect_uri == "https://chorus.example.com/slack/oauth_redirect"
    assert CLIENT_SECRET not in repr(slack) and KEY not in repr(slack)
    scoped = load_settings({**env, "SLACK_SCOPES": "commands, chat:write"}).slack
    assert scoped.scopes == ("commands", "chat:write")


def test_a_bot_token_keeps_single_workspace_mode_even_with_an_oauth_client() -> None:
    slack = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "shh",
            "SLACK_CLIENT_ID": CLIENT_ID,
            "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        }
    ).slack

    assert not slack.oauth and slack.http_ready


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CHORUS_TOKEN_KEY": ""}, "CHORUS_TOKEN_KEY"),
        ({"CHORUS_TOKEN_KEY": "not-a-fernet-key"}, "CHORUS_TOKEN_KEY"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET"),
    ],
)
def test_oauth_without_what_it_needs_is_refused_with_a_one_line_reason(
    env: dict[str, str], named: str
) -> None:
    complete = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": "shh",
        "CHORUS_TOKEN_KEY": KEY,
    }
    with pytest.raises(SettingsError, match=f"^{named}: ") as refused:
        load_settings({**complete, **env})
    assert "\n" not in str(refused.value)


def test_the_default_scopes_are_the_manifests_bot_scopes() -> None:
    assert list(DEFAULT_SLACK_SCOPES) == manifest()["oauth_config"]["scopes"]["bot"]


@pytest.fixture
def oauth_client_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SLACK_CLIENT_SECRET", CLIENT_SECRET)


async def test_token_mode_ignores_an_oauth_client_in_the_environment(
    oauth_client_in_environment: None, chorus: Chorus
) -> None:
    import os

    assert chorus.adapter.bolt.oauth_flow is None
    assert os.environ["SLACK_CLIENT_ID"] == CLIENT_ID  # left as it was
    reply = await chorus.slack.command(ANN, "An idea in token mode")
    await chorus.settle()

    assert reply.status == 200
    assert set(bearer(chorus.api, "auth.test")) <= {f"Bearer {BOT_TOKEN}"}
    async with aiohttp.ClientSession() as http:
        install = chorus.slack.url.replace("/slack/events", "/slack/install")
        async with http.get(install, allow_redirects=False) as answer:
            assert answer.status == 404


# -- install links: purged and rate-capped --------------------------------------------------


async def test_issuing_an_install_link_sweeps_out_the_expired_ones(installed: Installed) -> None:
    for _ in range(3):
        await installed.start_install()
    async with installed.runtime.engine.begin() as connection:
        await connection.execute(update(SLACK_OAUTH_STATES).values(expire_at=datetime(2000, 1, 1)))

    _, fresh = await installed.start_install()

    assert [row["state"] for row in await installed.raw(SLACK_OAUTH_STATES)] == [fresh]


async def test_install_links_are_capped_per_client_with_a_429(installed: Installed) -> None:
    statuses = []
    for _ in range(INSTALL_BURST + 3):
        async with installed.http.get(
            f"{installed.base}/slack/install", allow_redirects=False
        ) as reply:
            statuses.append(reply.status)
            retry_after = reply.headers.get("Retry-After")

    assert statuses == [302] * INSTALL_BURST + [429] * 3
    assert retry_after is not None and int(retry_after) >= 1
    assert len(await installed.raw(SLACK_OAUTH_STATES)) == INSTALL_BURST


def test_a_token_bucket_refills_at_its_rate_and_forgets_idle_clients() -> None:
    now = [0.0]
    buckets = TokenBuckets(burst=2, per_second=0.5, clock=lambda: now[0], max_keys=2)

    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 2.0]
    now[0] = 2.0
    assert buckets.take("a") == 0.0  # one token back after two seconds
    assert buckets.take("a") == 2.0
    buckets.take("b")
    buckets.take("c")  # a third client: the least recently seen one is forgotten
    assert len(buckets) == 2


# -- rotating the key -----------------------------------------------------------------------


def _installation(team: str) -> Installation:
    return Installation(
        app_id="A1",
        team_id=team,
        user_id="U1",
        bot_id="B1",
        bot_user_id="UBOT",
        bot_scopes=["commands"],
        installed_at=time.time(),
        bot_token=f"xoxb-{team}",
        bot_refresh_token=f"xoxe-{team}",
    )


def test_keys_rotate_re_encrypts_every_stored_token_so_the_old_key_can_go(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    keep_logging: None,
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings = SlackSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_key=old)

    async def save() -> None:
        engine = create_engine(database_url)
        try:
            store = installation_store(settings, engine)
            for team in ("T1", "T2"):
                await store.async_save(_installation(team))
        finally:
            await engine.dispose()

    async def read(key: str) -> list[str | None]:
        engine = create_engine(database_url)
        try:
            store = installation_store(replace(settings, token_key=key), engine)
            found = []
            for team in ("T1", "T2"):
                bot = await store.async_find_bot(enterprise_id=None, team_id=team)
                found.append(bot.bot_token if bot else None)
                installation = await store.async_find_installation(enterprise_id=None, team_id=team)
                found.append(installation.bot_refresh_token if installation else None)
            return found
        finally:
            await engine.dispose()

    asyncio.run(save())
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CHORUS_TOKEN_KEY", f"{new},{old}")

    assert main(["keys", "rotate"]) == 0

    # Each team: its bot row (token, refresh token) and installation row (the same two).
    assert "8 tokens re-encrypted" in capsys.readouterr().out
    expected = ["xoxb-T1", "xoxe-T1", "xoxb-T2", "xoxe-T2"]
    assert asyncio.run(read(new)) == expected
    assert asyncio.run(read(old)) == [None] * 4  # the old key can be retired


def test_keys_rotate_names_tokens_no_key_reads_and_fails(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    keep_logging: None,
) -> None:
    lost = Fernet.generate_key().decode()
    settings = SlackSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_key=lost)

    async def save() -> None:
        engine = create_engine(database_url)
        try:
            await installation_store(settings, engine).async_save(_installation("T1"))
        finally:
            await engine.dispose()

    asyncio.run(save())
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CHORUS_TOKEN_KEY", Fernet.generate_key().decode())

    assert main(["keys", "rotate"]) == 1
    out = capsys.readouterr()
    assert "0 tokens re-encrypted" in out.out
    assert "4 tokens could not be read" in out.err and "CHORUS_TOKEN_KEY" in out.err

    monkeypatch.delenv("CHORUS_TOKEN_KEY")
    assert main(["keys", "rotate"]) == 2
    assert capsys.readouterr().err.startswith("chorus keys rotate: CHORUS_TOKEN_KEY: ")


@pytest.fixture
def debug_logging(keep_logging: None) -> None:
    """``CHORUS_LOG_LEVEL=DEBUG`` as ``chorus serve`` applies it."""
    configure_logging("DEBUG")


async def test_a_debug_log_never_holds_the_token_slack_hands_out(
    debug_logging: None, installed: Installed, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        await installed.install()
        await installed.slack.command(COORDINATOR, "channel", command="/chorus")
        await installed.slack.command(ANN, "An idea while debugging")
        await installed.adapter.drain()
        await installed.worker.drain(within=10)

    assert installed.api.find("oauth.v2.access") and installed.api.find("chat.postMessage")
    assert any(r.levelno == logging.DEBUG for r in caplog.records)
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert INSTALLED_BOT_TOKEN not in logged
    assert INSTALLED_BOT_TOKEN.removeprefix("xoxb-") not in logged


async def test_an_uninstalled_workspace_waits_and_the_reinstall_delivers_what_waited(
    installed: Installed,
) -> None:
    await installed.install()
    await installed.slack.command(COORDINATOR, "channel", command="/chorus")
    await installed.adapter.drain()
    await installed.worker.drain(within=10)
    assert (await installed.slack.event({"type": "app_uninstalled"})).status == 200
    await installed.adapter.drain()
    before = len(installed.api.find("chat.postMessage"))

    workspace = await installed.runtime.core.workspace(Platform.SLACK, TEAM)
    fire = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    programme = installed.runtime.settings.programme
    await run_fire(installed.runtime.uow, programme, "weekly-prompt", workspace.id, fire)
    await installed.worker.drain(within=2)
    assert len(installed.api.find("chat.postMessage")) == before  # nothing sent, it waits

    await installed.install()  # installed again through the install flow
    await installed.worker.drain(within=10)
    assert len(installed.api.find("chat.postMessage")) == before + 1
