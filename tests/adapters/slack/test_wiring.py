"""Settings, ``chorus serve`` mounting and the app manifest agree with the Contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from adapters.http import make_app
from adapters.runtime import Runtime
from adapters.settings import SettingsError, load_settings
from adapters.slack.payloads import COMMANDS, EVENTS
from tests.adapters.slack.fake_slack import serve

MANIFEST = Path(__file__).resolve().parents[3] / "config" / "slack-manifest.yml"


def test_slack_settings_come_from_the_contracts_environment_names() -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "shh",
            "SLACK_APP_TOKEN": "xapp-1",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
        }
    ).slack

    assert settings.http_ready and settings.socket_ready
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert "xoxb-1" not in repr(settings) and "shh" not in repr(settings)


def test_without_slack_settings_slack_is_off_and_the_api_url_is_slacks() -> None:
    settings = load_settings({}).slack

    assert not settings.http_ready and not settings.socket_ready
    assert settings.api_url == "https://slack.com/api/"


def test_a_signing_secret_without_a_bot_token_is_refused_at_start() -> None:
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN"):
        load_settings({"SLACK_SIGNING_SECRET": "shh"})


async def test_serve_mounts_slack_events_only_when_slack_is_configured(runtime: Runtime) -> None:
    runner, base = await serve(make_app(runtime))
    try:
        async with aiohttp.ClientSession() as http, http.post(f"{base}/slack/events") as reply:
            assert reply.status in (404, 405)
    finally:
        await runner.cleanup()


def manifest() -> dict[str, Any]:
    with MANIFEST.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def test_the_manifest_declares_every_command_with_escaping_on_one_request_url() -> None:
    data = manifest()
    commands = data["features"]["slash_commands"]

    assert {c["command"] for c in commands} == set(COMMANDS)
    assert all(c["should_escape"] is True for c in commands)
    urls = {c["url"] for c in commands}
    urls |= {data["settings"]["event_subscriptions"]["request_url"]}
    urls |= {data["settings"]["interactivity"]["request_url"]}
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")


def test_the_manifest_subscribes_to_the_events_and_scopes_chorus_uses() -> None:
    data = manifest()

    assert set(data["settings"]["event_subscriptions"]["bot_events"]) == set(EVENTS)
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    assert {
        "commands",
        "chat:write",
        "reactions:read",
        "app_mentions:read",
        "channels:read",
    } <= scopes
