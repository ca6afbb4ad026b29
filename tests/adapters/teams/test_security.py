"""Who may call /api/messages, and when ``chorus serve`` refuses to start."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import socket
import subprocess
from pathlib import Path
from unittest import mock

import aiohttp
import pytest
from aiohttp.test_utils import make_mocked_request
from sqlalchemy import func, select

from adapters.http import make_app
from adapters.runtime import Runtime
from adapters.settings import SettingsError, TeamsSettings, load_settings
from adapters.teams import hosting
from adapters.teams.guard import is_loopback_host, serve_refusal
from storage.models import ConversationRefRow, IdeaRow, MemberRow
from tests.adapters.teams.conftest import ALICE, CHANNEL_ID, CORA, FakeConnector, TeamsRig, serve
from tests.e2e.test_console import CHORUS

CREDENTIALS = TeamsSettings(
    app_id="11111111-2222-3333-4444-555555555555",
    app_password="s3cret",
    tenant_id="22222222-3333-4444-5555-666666666666",
)


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
    async with runtime.sessions() as session:
        for table in (IdeaRow, MemberRow, ConversationRefRow):
            count = await session.execute(select(func.count()).select_from(table))
            assert count.scalar_one() == 0, table.__tablename__


async def test_without_credentials_only_loopback_callers_are_served(teams: TeamsRig) -> None:
    calls: list[str] = []

    async def handler(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        calls.append(request.remote or "")
        return aiohttp.web.Response(status=202)

    guarded = hosting._loopback_only(handler)
    for peer, status in (
        (("10.0.0.5", 4000), 401),
        (("127.0.0.1", 4000), 202),
        (("::1", 4000, 0, 0), 202),
    ):
        transport = mock.Mock()
        transport.get_extra_info.side_effect = lambda name, default=None, peer=peer: (
            peer if name == "peername" else default
        )
        request = make_mocked_request("POST", "/api/messages", transport=transport)
        assert (await guarded(request)).status == status
    assert calls == ["127.0.0.1", "::1"]


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
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "SLACK_", "CHORUS_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"
    env["CHORUS_ADMINS"] = "UCOORD"
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/api/messages"
    with log.open("w") as sink:
        process = await asyncio.create_subprocess_exec(
            CHORUS, "serve", "--port", str(port), env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(log.read_text())
            for activity in (
                teams.activity(CORA, text="chorus channel", channel=True, mention_bot=True),
                teams.activity(
                    ALICE, text="idea Mentoring new colleagues", channel=True, mention_bot=True
                ),
            ):
                async with http.post(url, json=activity) as response:
                    assert response.status == 202
            for _ in range(100):  # the delivery worker posts the card within moments
                if connector.sent(CHANNEL_ID):
                    break
                await asyncio.sleep(0.05)
    finally:
        process.terminate()
        await process.wait()
    [post] = connector.sent(CHANNEL_ID)
    assert "Mentoring new colleagues" in post.text
    assert connector.sent(connector.chat_with(ALICE))  # Alice's private answer
