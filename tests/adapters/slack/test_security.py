"""Only Slack gets in: forged, stale or tampered requests are refused with no side effect;
every sample payload Slack documents is answered without an error and stores nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import replace
from urllib.parse import urlencode

import pytest

from adapters.http import make_app
from adapters.slack.app import SLACK
from tests.adapters.slack.conftest import ANN, CHANNEL, COORDINATOR, Chorus
from tests.adapters.slack.fake_slack import BOT_TOKEN, PAYLOADS, SECRET, TEAM, serve, sign

TABLES = ("workspaces", "members", "ideas", "cheers", "processed_events", "message_refs", "outbox")


def idea_body() -> str:
    return urlencode(
        {"command": "/idea", "text": "Sneaky idea", "team_id": "T0TEAM0001", "user_id": ANN}
    )


async def nothing_happened(chorus: Chorus) -> None:
    await chorus.settle()
    for table in TABLES:
        assert await chorus.rows(table) == 0, table
    assert chorus.api.calls == []


async def test_a_forged_signature_is_refused(chorus: Chorus) -> None:
    body = idea_body()
    reply = await chorus.slack.send(
        body,
        "application/x-www-form-urlencoded",
        headers=sign(body, secret="not-the-signing-secret"),
    )

    assert reply.status == 401
    await nothing_happened(chorus)


async def test_a_request_older_than_five_minutes_is_refused(chorus: Chorus) -> None:
    body = idea_body()
    reply = await chorus.slack.send(
        body,
        "application/x-www-form-urlencoded",
        headers=sign(body, timestamp=int(time.time()) - 6 * 60),
    )

    assert reply.status == 401
    await nothing_happened(chorus)


async def test_a_tampered_body_is_refused(chorus: Chorus) -> None:
    body = idea_body()
    tampered = body.replace("Sneaky", "Evil")
    reply = await chorus.slack.send(
        tampered, "application/x-www-form-urlencoded", headers=sign(body)
    )

    assert reply.status == 401
    await nothing_happened(chorus)


async def test_an_unsigned_event_is_refused(chorus: Chorus) -> None:
    reply = await chorus.slack.send(
        json.dumps({"type": "event_callback", "event_id": "Ev1", "team_id": "T1", "event": {}}),
        "application/json",
        headers={"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""},
    )

    assert reply.status == 401
    await nothing_happened(chorus)


async def test_url_verification_is_answered_with_the_challenge(chorus: Chorus) -> None:
    reply = await chorus.slack.json(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )

    assert reply.status == 200
    assert reply.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def samples() -> list[tuple[str, str]]:
    """(kind, raw JSON) of every payload sample: ``events`` or ``app-backend``."""
    return [
        (path.parent.name, path.read_text(encoding="utf-8"))
        for path in sorted(PAYLOADS.glob("*/*.json"))
    ]


def sample_ids() -> list[str]:
    return [f"{p.parent.name}/{p.stem}" for p in sorted(PAYLOADS.glob("*/*.json"))]


@pytest.mark.parametrize(("kind", "text"), samples(), ids=sample_ids())
async def test_every_documented_payload_is_answered_and_stores_nothing(
    chorus: Chorus, kind: str, text: str
) -> None:
    payload = json.loads(text)
    if kind == "events":
        reply = await chorus.slack.send(text, "application/json")
    elif "command" in payload:
        reply = await chorus.slack.form({k: str(v) for k, v in payload.items()})
    else:
        reply = await chorus.slack.form({"payload": text})

    assert reply.status < 500
    await chorus.settle()
    for table in TABLES:
        assert await chorus.rows(table) == 0, table
    assert [c.method for c in chorus.api.calls if c.method != "auth.test"] == []


def test_there_are_documented_payloads_to_check() -> None:
    assert len(samples()) >= 100


async def test_tokens_and_the_signing_secret_never_reach_the_logs(
    chorus: Chorus, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Log me")
    await chorus.slack.press(ANN, "idea vote 1")
    chorus.api.fail_next("chat.update", "ratelimited_forever")
    await chorus.slack.press("U0BEN0001", "idea vote 1")
    await chorus.settle()

    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert "Bearer" not in logged
    assert BOT_TOKEN not in logged and SECRET not in logged
    assert BOT_TOKEN.removeprefix("xoxb-") not in logged


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "9" * 400},  # int() fine, float() overflows
        {"X-Slack-Signature": "v0=" + "é" * 64},  # hmac.compare_digest refuses non-ASCII
    ],
    ids=["400-digit-timestamp", "non-ascii-signature"],
)
async def test_malformed_signature_headers_are_refused_not_a_server_error(
    chorus: Chorus, headers: dict[str, str]
) -> None:
    body = idea_body()
    reply = await chorus.slack.send(
        body, "application/x-www-form-urlencoded", headers={**sign(body), **headers}
    )

    assert reply.status == 401
    await nothing_happened(chorus)


async def test_a_body_that_is_not_utf8_is_refused_not_a_server_error(chorus: Chorus) -> None:
    raw = b"command=/idea&text=\xff\xfe&team_id=T0TEAM0001&user_id=U0ANN0001"
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:".encode() + raw, hashlib.sha256)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }
    async with chorus.slack.http.post(chorus.slack.url, data=raw, headers=headers) as response:
        assert response.status == 400
    await nothing_happened(chorus)


async def test_single_workspace_mode_serves_only_the_team_of_its_bot_token(
    chorus: Chorus, caplog: pytest.LogCaptureFixture
) -> None:
    stranger = replace(chorus.slack, team="T0STRANGER")

    claimed = await stranger.command(COORDINATOR, "channel", command="/chorus")
    idea = await stranger.command(ANN, "An idea from another workspace")
    pressed = await stranger.press(ANN, "idea vote 1")
    mentioned = await stranger.event(
        {"type": "app_mention", "user": ANN, "text": "hi", "ts": "1.1", "channel": CHANNEL}
    )

    assert [r.status for r in (claimed, idea, pressed, mentioned)] == [200] * 4
    assert "another Slack workspace" in idea.json()["text"]
    await chorus.settle()
    for table in TABLES:
        assert await chorus.rows(table) == 0, table
    assert [c.method for c in chorus.api.calls] == ["auth.test"]  # who the token belongs to
    assert "T0STRANGER" in caplog.text and TEAM in caplog.text
    # The token's own team is served as always.
    await chorus.with_channel()
    await chorus.slack.command(ANN, "An idea from home")
    await chorus.settle()
    assert await chorus.rows("ideas") == 1
    [post] = chorus.api.find("chat.postMessage")
    assert post.args["channel"] == CHANNEL


async def test_a_replayed_signed_command_is_refused_here_and_on_every_replica(
    chorus: Chorus, caplog: pytest.LogCaptureFixture
) -> None:
    body = urlencode(
        {
            "command": "/idea",
            "text": "Captured once, sent three times",
            "team_id": TEAM,
            "user_id": ANN,
            "channel_id": CHANNEL,
        }
    )
    headers = sign(body)
    first = await chorus.slack.send(body, "application/x-www-form-urlencoded", headers=headers)
    again = await chorus.slack.send(body, "application/x-www-form-urlencoded", headers=headers)
    # Another replica of the same Chorus (sharing the database) has seen it too.
    replica = make_app(chorus.runtime)
    runner, base = await serve(replica)
    try:
        async with chorus.slack.http.post(
            f"{base}/slack/events",
            data=body.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        ) as response:
            elsewhere = response.status
    finally:
        await replica[SLACK].drain()
        await runner.cleanup()
    await chorus.settle()

    assert (first.status, again.status, elsewhere) == (200, 401, 401)
    assert await chorus.rows("ideas") == 1
    assert "replayed" in caplog.text


async def test_slacks_own_retries_of_an_event_are_still_answered_once(chorus: Chorus) -> None:
    await chorus.with_channel()
    event = {
        "type": "app_mention",
        "user": ANN,
        "text": "help?",
        "ts": "1700000300.000100",
        "channel": CHANNEL,
    }
    payload = json.dumps(
        {
            "team_id": TEAM,
            "api_app_id": "A0CHORUS01",
            "type": "event_callback",
            "event_id": "Ev0RETRIED",
            "event_time": int(time.time()),
            "event": event,
        }
    )
    headers = sign(payload)
    first = await chorus.slack.send(payload, "application/json", headers=headers)
    retries = [
        await chorus.slack.send(
            payload,
            "application/json",
            headers={
                **headers,
                "X-Slack-Retry-Num": str(n),
                "X-Slack-Retry-Reason": "http_timeout",
            },
        )
        for n in (1, 2)
    ]
    await chorus.settle()

    assert [r.status for r in (first, *retries)] == [200, 200, 200]
    assert len(chorus.api.find("chat.postEphemeral")) == 1  # the help, once


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("[" * 50_000 + "]" * 50_000, "application/json"),  # deeper than the parser goes
        ("[]", "application/json"),
        ("{", "application/json"),
        ('{"type": "event_callback", "event": "x", "event_id": "Ev1"}', "application/json"),
        ('{"type": "block_actions", "actions": ["x"]}', "application/json"),
        ("payload=not-json", "application/x-www-form-urlencoded"),
        ("event", "application/x-www-form-urlencoded"),
    ],
    ids=["deep", "array", "truncated", "event-text", "action-text", "payload-text", "bare-word"],
)
async def test_a_signed_body_that_is_no_slack_payload_is_a_400_not_a_500(
    chorus: Chorus, body: str, content_type: str
) -> None:
    reply = await chorus.slack.send(body, content_type)

    assert reply.status == 400
    await nothing_happened(chorus)


async def test_a_body_that_does_not_decompress_is_a_400_not_a_500(chorus: Chorus) -> None:
    body = idea_body()
    reply = await chorus.slack.send(
        body, "application/x-www-form-urlencoded", headers={"Content-Encoding": "gzip"}
    )

    assert reply.status == 400
    await nothing_happened(chorus)
