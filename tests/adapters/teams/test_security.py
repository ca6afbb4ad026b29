"""Who may call /api/messages, and when ``chorus serve`` refuses to start."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import socket
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from unittest import mock

import aiohttp
import jwt
import pytest
from aiohttp.test_utils import make_mocked_request
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext
from sqlalchemy import func, select

from adapters.http import make_app
from adapters.runtime import Runtime
from adapters.settings import (
    DEFAULT_TEAMS_SERVICE_HOSTS,
    SettingsError,
    TeamsSettings,
    load_settings,
)
from adapters.teams import hosting
from adapters.teams.guard import is_loopback_host, serve_refusal
from adapters.teams.trust import ServiceUrls
from storage.models import ConversationRefRow, IdeaRow, MemberRow, OutboxRow
from tests.adapters.teams.conftest import (
    ALICE,
    CHANNEL_ID,
    CORA,
    FakeConnector,
    TeamsRig,
    chorus_serve,
    serve,
)
from tests.adapters.teams.tokens import (
    CREDENTIALS,
    PRIVATE_KEY,
    answer_bot_framework_locally,
    bot_framework_token,
)
from tests.e2e.test_console import CHORUS


async def nothing_stored(runtime: Runtime) -> None:
    async with runtime.sessions() as session:
        for table in (IdeaRow, MemberRow, ConversationRefRow):
            count = await session.execute(select(func.count()).select_from(table))
            assert count.scalar_one() == 0, table.__tablename__


async def test_with_credentials_an_unauthenticated_request_is_rejected_and_never_runs(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secured = dataclasses.replace(
        runtime, settings=dataclasses.replace(runtime.settings, teams=CREDENTIALS)
    )
    runner, url = await serve(make_app(secured))
    activity = teams.activity(ALICE, text="idea Should never be stored")
    try:
        async with aiohttp.ClientSession() as http:
            for headers in (
                {},
                {"Authorization": "Bearer not-a-jwt"},
                {"Authorization": "Basic x"},
            ):
                async with http.post(
                    f"{url}/api/messages", json=activity, headers=headers
                ) as response:
                    assert response.status == 401
            async with http.get(f"{url}/healthz") as response:
                assert response.status == 200
    finally:
        await runner.cleanup()
    assert connector.calls == []
    assert CREDENTIALS.app_password not in caplog.text
    await nothing_stored(runtime)


async def test_anonymous_mode_serves_direct_callers_on_this_machine_only() -> None:
    calls: list[str] = []

    async def handler(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        calls.append(request.remote or "")
        return aiohttp.web.Response(status=202)

    guarded = hosting._local_only(handler)
    local = ("127.0.0.1", 3978)
    for peer, sockname, headers, status in (
        (("10.0.0.5", 4000), ("10.0.0.1", 3978), {}, 401),
        (("127.0.0.1", 4000), ("10.0.0.1", 3978), {}, 401),  # arrived on a public address
        (("127.0.0.1", 4000), local, {"X-Forwarded-For": "203.0.113.9"}, 403),
        (("127.0.0.1", 4000), local, {"Via": "1.1 proxy"}, 403),
        (("127.0.0.1", 4000), local, {"Authorization": "Bearer x.y.z"}, 401),
        (("127.0.0.1", 4000), local, {}, 202),
        (("::1", 4000, 0, 0), ("::1", 3978, 0, 0), {}, 202),
    ):
        transport = mock.Mock()
        transport.get_extra_info.side_effect = (
            lambda name, default=None, peer=peer, sockname=sockname: {
                "peername": peer,
                "sockname": sockname,
            }.get(name, default)
        )
        request = make_mocked_request("POST", "/api/messages", headers=headers, transport=transport)
        assert (await guarded(request)).status == status, (peer, sockname, headers)
    assert calls == ["127.0.0.1", "::1"]


async def test_without_credentials_or_the_opt_in_every_request_is_refused(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig, caplog: pytest.LogCaptureFixture
) -> None:
    closed = dataclasses.replace(
        runtime, settings=dataclasses.replace(runtime.settings, teams=TeamsSettings())
    )
    runner, url = await serve(make_app(closed))
    try:
        async with teams.http.post(
            f"{url}/api/messages",
            json=teams.activity(CORA, text="chorus channel", channel=True, mention_bot=True),
        ) as response:
            assert response.status == 401
    finally:
        await runner.cleanup()
    assert "TEAMS_ALLOW_ANONYMOUS is not loopback" in caplog.text
    assert connector.calls == []
    await nothing_stored(runtime)


async def test_the_opt_in_does_not_open_a_server_bound_beyond_loopback(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig
) -> None:
    public = dataclasses.replace(
        runtime, settings=dataclasses.replace(runtime.settings, host="0.0.0.0")
    )
    assert public.settings.teams.anonymous
    runner, url = await serve(make_app(public))
    try:
        async with teams.http.post(
            f"{url}/api/messages",
            json=teams.activity(CORA, text="chorus channel", channel=True, mention_bot=True),
        ) as response:
            assert response.status == 401
    finally:
        await runner.cleanup()
    assert connector.calls == []
    await nothing_stored(runtime)


@pytest.mark.parametrize(
    "header",
    ["X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP", "Forwarded"],
)
async def test_an_anonymous_request_relayed_by_a_proxy_is_refused(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig, header: str
) -> None:
    value = "for=203.0.113.9" if header == "Forwarded" else "203.0.113.9"
    status, _ = await teams.post(
        teams.activity(CORA, text="chorus channel", channel=True, mention_bot=True),
        headers={header: value},
    )

    assert status == 403
    assert connector.calls == []
    await nothing_stored(runtime)


@pytest.mark.parametrize(
    "service_url",
    [
        "http://10.0.0.7:8080/",
        "https://smba.trafficmanager.net/emea/",
        "http://user:secret@127.0.0.1:9/",
        "ftp://127.0.0.1/",
        None,
    ],
)
async def test_an_anonymous_request_must_name_a_service_url_on_this_machine(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig, service_url: str | None
) -> None:
    activity = teams.activity(CORA, text="chorus channel", channel=True, mention_bot=True)
    if service_url is None:
        del activity["serviceUrl"]
    else:
        activity["serviceUrl"] = service_url

    status, _ = await teams.post(activity)

    assert status == 403
    assert connector.calls == []
    await nothing_stored(runtime)


def test_the_anonymous_opt_in_has_one_value() -> None:
    assert load_settings({"TEAMS_ALLOW_ANONYMOUS": "loopback"}).teams.anonymous
    assert load_settings({"TEAMS_ALLOW_ANONYMOUS": " Loopback "}).teams.anonymous
    assert not load_settings({}).teams.anonymous
    with_credentials = {
        "TEAMS_ALLOW_ANONYMOUS": "loopback",
        "TEAMS_APP_ID": CREDENTIALS.app_id,
        "TEAMS_APP_PASSWORD": "s3cret",
    }
    assert not load_settings(with_credentials).teams.anonymous  # credentials always win
    for value in ("yes", "true", "1", "0.0.0.0"):
        with pytest.raises(SettingsError, match=r"^TEAMS_ALLOW_ANONYMOUS: the only value"):
            load_settings({"TEAMS_ALLOW_ANONYMOUS": value})


def test_only_loopback_binds_may_go_without_credentials(runtime: Runtime) -> None:
    anonymous = runtime.settings
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        assert is_loopback_host(host)
        assert serve_refusal(anonymous, host) is None
    for host in ("0.0.0.0", "::", "192.0.2.10"):
        reason = serve_refusal(anonymous, host)
        assert reason is not None and host in reason and "TEAMS_APP_ID" in reason
    secured = dataclasses.replace(anonymous, teams=CREDENTIALS)
    assert serve_refusal(secured, "0.0.0.0") is None
    without_teams = dataclasses.replace(anonymous, teams=TeamsSettings(enabled=False))
    assert serve_refusal(without_teams, "0.0.0.0") is None


def test_a_server_without_teams_has_no_teams_endpoint_and_says_so_in_settings() -> None:
    assert load_settings({"CHORUS_TEAMS": "off"}).teams.enabled is False
    assert load_settings({}).teams.enabled is True
    with pytest.raises(SettingsError, match="CHORUS_TEAMS"):
        load_settings({"CHORUS_TEAMS": "maybe"})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_on_a_public_address_without_credentials_refuses_before_binding(
    tmp_path: Path,
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "SLACK_", "CHORUS_"))}
    database = tmp_path / "never.db"
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{database}"
    done = subprocess.run(
        [CHORUS, "serve", "--host", "0.0.0.0", "--port", str(port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("chorus serve: refusing to serve on 0.0.0.0")
    assert "TEAMS_APP_ID" in lines[0] and "127.0.0.1" in lines[0]
    assert done.stdout == ""
    assert not database.exists()  # it stopped before touching anything
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))


def test_teams_credentials_are_read_from_the_contracts_variables() -> None:
    settings = load_settings(
        {"TEAMS_APP_ID": CREDENTIALS.app_id, "TEAMS_APP_PASSWORD": "s3cret", "TEAMS_TENANT_ID": "t"}
    )
    assert settings.teams == TeamsSettings(CREDENTIALS.app_id, "s3cret", "t")
    assert settings.teams.authenticated
    assert not load_settings({}).teams.authenticated
    with pytest.raises(SettingsError, match="TEAMS_APP_PASSWORD"):
        load_settings({"TEAMS_APP_ID": CREDENTIALS.app_id})


async def test_chorus_serve_on_loopback_answers_teams_and_posts_to_the_channel(
    tmp_path: Path, connector: FakeConnector, teams: TeamsRig
) -> None:
    async with chorus_serve(tmp_path) as base, aiohttp.ClientSession() as http:
        for activity in (
            teams.activity(CORA, text="chorus channel", channel=True, mention_bot=True),
            teams.activity(
                ALICE, text="idea Mentoring new colleagues", channel=True, mention_bot=True
            ),
        ):
            async with http.post(f"{base}/api/messages", json=activity) as response:
                assert response.status == 202
        for _ in range(100):  # the delivery worker posts the card within moments
            if connector.sent(CHANNEL_ID):
                break
            await asyncio.sleep(0.05)
    [post] = connector.sent(CHANNEL_ID)
    assert "Mentoring new colleagues" in post.text
    # Alice's answer, in the thread where she typed.
    assert any("Thank you!" in str(c.body) and ";messageid=" in c.path for c in connector.calls)


async def test_a_body_that_is_not_one_activity_is_a_bad_request_not_a_server_error(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig
) -> None:
    activity = teams.activity(ALICE, text="idea Should never be stored")
    for body in (
        b"[]",
        json.dumps([activity]).encode(),
        b'"idea"',
        b"5",
        json.dumps({**activity, "type": 5}).encode(),
        json.dumps({**activity, "conversation": "a:personal"}).encode(),
        b"\xff\xfe{}",
    ):
        async with teams.http.post(
            f"{teams.bot_url}/api/messages",
            data=body,
            headers={"Content-Type": "application/json"},
        ) as response:
            assert response.status == 400, body
    assert connector.calls == []
    await nothing_stored(runtime)


async def test_a_token_without_a_key_id_is_refused_not_a_server_error(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig
) -> None:
    secured = dataclasses.replace(
        runtime, settings=dataclasses.replace(runtime.settings, teams=CREDENTIALS)
    )
    runner, url = await serve(make_app(secured))
    claims = {"aud": CREDENTIALS.app_id, "iss": "https://api.botframework.com"}
    tokens = (
        jwt.encode(claims, "", algorithm="none"),
        jwt.encode(claims, "a-shared-secret-of-at-least-32-bytes!", algorithm="HS256"),
        jwt.encode(claims, PRIVATE_KEY, algorithm="RS256"),  # signed, but names no key
    )
    try:
        for token in tokens:
            async with teams.http.post(
                f"{url}/api/messages",
                json=teams.activity(ALICE, text="idea Should never be stored"),
                headers={"Authorization": f"Bearer {token}"},
            ) as response:
                assert response.status == 401, jwt.get_unverified_header(token)
    finally:
        await runner.cleanup()
    assert connector.calls == []
    await nothing_stored(runtime)


# -- with credentials: who signed the token, and where the bot would answer ----------------


@pytest.fixture
async def secured(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Runtime, str]]:
    """Chorus with Teams credentials; the token service and key endpoint answer locally."""

    answer_bot_framework_locally(monkeypatch)
    with_credentials = dataclasses.replace(
        runtime, settings=dataclasses.replace(runtime.settings, teams=CREDENTIALS)
    )
    runner, url = await serve(make_app(with_credentials))
    yield with_credentials, url
    await runner.cleanup()


def joined(teams: TeamsRig, service_url: str) -> dict[str, Any]:
    """The bot was added to a team: nothing to answer, only a conversation to remember."""
    activity = teams.activity(CORA, kind="conversationUpdate", channel=True, membersAdded=[])
    activity["serviceUrl"] = service_url
    return activity


async def post_signed(
    teams: TeamsRig, url: str, activity: dict[str, Any], token: str
) -> tuple[int, str]:
    async with teams.http.post(
        f"{url}/api/messages", json=activity, headers={"Authorization": f"Bearer {token}"}
    ) as response:
        return response.status, await response.text()


async def stored_service_urls(runtime: Runtime) -> list[str]:
    async with runtime.sessions() as session:
        rows = (await session.execute(select(ConversationRefRow.reference))).scalars().all()
    return [json.loads(row)["serviceUrl"] for row in rows]


async def test_a_token_from_bot_framework_for_a_teams_service_url_is_served(
    secured: tuple[Runtime, str], teams: TeamsRig
) -> None:
    runtime, url = secured

    status, _ = await post_signed(
        teams, url, joined(teams, "https://smba.trafficmanager.net/emea/"), bot_framework_token()
    )

    assert status == 202
    assert await stored_service_urls(runtime) == ["https://smba.trafficmanager.net/emea/"]


async def test_a_token_from_an_issuer_bot_framework_does_not_use_is_refused(
    secured: tuple[Runtime, str], teams: TeamsRig
) -> None:
    runtime, url = secured
    activity = joined(teams, "https://smba.trafficmanager.net/emea/")

    status, _ = await post_signed(
        teams, url, activity, bot_framework_token(issuer="https://issuer.example.com/")
    )

    assert status == 401
    await nothing_stored(runtime)


@pytest.mark.parametrize(
    "where",
    [
        "connector",
        "https://attacker.example.com/",
        "https://10.0.0.7/",
        "http://smba.trafficmanager.net/",
    ],
)
async def test_a_signed_activity_naming_a_service_url_outside_bot_framework_is_refused(
    secured: tuple[Runtime, str], teams: TeamsRig, connector: FakeConnector, where: str
) -> None:
    runtime, url = secured
    service_url = connector.url + "/" if where == "connector" else where
    activity = teams.activity(CORA, text="chorus help")
    activity["serviceUrl"] = service_url

    status, _ = await post_signed(teams, url, activity, bot_framework_token())

    assert status == 401
    assert connector.calls == []  # nothing was sent where the caller pointed
    await nothing_stored(runtime)


async def test_a_conversation_whose_service_url_is_not_allowed_is_never_stored(
    runtime: Runtime, teams: TeamsRig
) -> None:
    link = hosting.connect(CREDENTIALS)
    bot = teams.bot
    guarded = type(bot)(bot.core, bot.platform, bot.sender, link.service_urls)
    activity = Activity.model_validate(joined(teams, "https://attacker.example.com/"))

    await guarded.on_turn(TurnContext(link.adapter, activity))

    await nothing_stored(runtime)


async def test_a_stored_reference_outside_the_allowed_hosts_is_never_posted_to(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    workspace = await teams.workspace_id()
    stored = await teams.runtime.platform.conversation(workspace, CHANNEL_ID)
    assert stored is not None
    elsewhere = json.loads(stored.reference) | {"serviceUrl": "https://attacker.example.com/"}
    await teams.runtime.platform.save_conversation(
        workspace, CHANNEL_ID, stored.kind, json.dumps(elsewhere), None
    )
    calls = len(teams.connector.calls)

    # From Alice's personal chat: the channel's stored reference is not refreshed by a turn.
    assert await teams.say(ALICE, "idea Mentoring new colleagues") == 202

    assert teams.connector.sent(CHANNEL_ID)[calls:] == []
    async with teams.runtime.sessions() as session:
        statuses = (await session.execute(select(OutboxRow.status))).scalars().all()
    assert list(statuses) == ["dead"]  # given up at once, never retried


def test_the_service_hosts_are_configurable_and_checked() -> None:
    assert load_settings({}).teams.service_hosts == DEFAULT_TEAMS_SERVICE_HOSTS
    custom = load_settings({"TEAMS_SERVICE_HOSTS": "smba.example.net, *.bots.example.org"})
    assert custom.teams.service_hosts == ("smba.example.net", "*.bots.example.org")
    urls = ServiceUrls(dataclasses.replace(CREDENTIALS, service_hosts=custom.teams.service_hosts))
    assert urls.allows("https://smba.example.net/emea/")
    assert urls.allows("https://eu.bots.example.org/")
    assert not urls.allows("https://smba.trafficmanager.net/emea/")
    for wrong in ("https://smba.example.net", "smba.example.net/path", "*", "host:443"):
        with pytest.raises(SettingsError, match=r"^TEAMS_SERVICE_HOSTS: "):
            load_settings({"TEAMS_SERVICE_HOSTS": wrong})


async def test_an_invoke_chorus_does_not_offer_is_a_400_not_a_501(teams: TeamsRig) -> None:
    for name in ("composeExtension/query", "task/fetch", None):
        status, _ = await teams.post(teams.activity(ALICE, kind="invoke", name=name))
        assert status == 400, name


async def test_a_body_that_does_not_decompress_is_a_400_not_a_500(
    runtime: Runtime, connector: FakeConnector, teams: TeamsRig
) -> None:
    for encoding in ("gzip", "deflate"):
        async with teams.http.post(
            f"{teams.bot_url}/api/messages",
            data=json.dumps(teams.activity(ALICE, text="idea Should never be stored")).encode(),
            headers={"Content-Type": "application/json", "Content-Encoding": encoding},
        ) as response:
            assert response.status == 400, encoding
    assert connector.calls == []
    await nothing_stored(runtime)
