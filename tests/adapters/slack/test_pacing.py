"""The Slack transport's rate gates and what it makes of a 429: the workspace budget is
learned (lowered by a 429, raised while Slack accepts), a Tier 3 method's 429 holds only
that method, and a retry that may look for its earlier post passes the method's gate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.delivery import Parcel, RetryAfter
from adapters.pacing import AdaptiveRate, PacePolicy
from adapters.runtime import Runtime
from adapters.slack.transport import SlackTransport
from bot.messages import Audience, Message, Section, Text
from bot.model import Platform
from storage.outbox import Claimed
from tests.adapters.slack.fake_slack import BOT_TOKEN, FakeSlackAPI


def _item(target: str, *, attempts: int = 1) -> Claimed:
    return Claimed(
        id=1,
        workspace_id=7,
        platform=Platform.SLACK,
        target=target,
        key=None,
        dedupe_key=f"k-{target}-{attempts}",
        payload="",
        attempts=attempts,
        send_at=datetime.now(UTC),
    )


def _parcel(item: Claimed) -> Parcel:
    audience = Audience.MEMBER if item.target.startswith("U") else Audience.CHANNEL
    return Parcel(item, Message((Section(Text.plain("hello")),), audience))


def _transport(runtime: Runtime, api: FakeSlackAPI) -> SlackTransport:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=f"{api.base}/api/")

    async def client_for(_: int) -> AsyncWebClient:
        return client

    pace = PacePolicy(start_per_minute=600, decrease_factor=0.5)
    return SlackTransport(client_for, runtime.platform, pace=pace)


def test_gates_name_their_kind_and_a_retry_passes_the_tier_3_methods_it_calls(
    runtime: Runtime, slack_api: FakeSlackAPI
) -> None:
    transport = _transport(runtime, slack_api)

    assert [(g.scope, g.kind) for g in transport.gates(_item("C1"))] == [
        ("slack:7:C1", "channel"),
        ("slack:7", "workspace"),
    ]
    assert [(g.scope, g.kind) for g in transport.gates(_item("U0ANN0001", attempts=2))] == [
        ("slack:7:U0ANN0001", "dm"),
        ("slack:7", "workspace"),
        ("slack:7:conversations.history", "method"),
        ("slack:7:conversations.open", "method"),
    ]
    [_, workspace] = transport.gates(_item("U0ANN0001"))
    assert workspace.gap == pytest.approx(0.1)  # 600 a minute to start with


async def test_a_429_on_a_post_lowers_the_workspace_rate_and_holds_its_scopes(
    runtime: Runtime, slack_api: FakeSlackAPI
) -> None:
    transport = _transport(runtime, slack_api)
    slack_api.fail_next("chat.postMessage", "ratelimited")

    with pytest.raises(RetryAfter) as limited:
        await transport.deliver(_parcel(_item("U0ANN0001")))

    assert limited.value.scope is None  # the worker holds the DM and the workspace
    assert transport.rates.per_minute("slack:7") == 300
    await transport.deliver(_parcel(_item("U0BEN0001")))  # the next send shares the cut
    stored = await runtime.platform.learned_rate("slack:7")
    assert stored is not None and stored.per_minute == 300 and stored.limited_at is not None


async def test_a_429_right_after_a_post_to_the_same_channel_holds_only_that_channel(
    runtime: Runtime, slack_api: FakeSlackAPI
) -> None:
    transport = _transport(runtime, slack_api)
    await transport.deliver(_parcel(_item("C1")))
    slack_api.fail_next("chat.postMessage", "ratelimited")

    with pytest.raises(RetryAfter) as limited:
        await transport.deliver(_parcel(_item("C1", attempts=1)))

    assert limited.value.scope == "slack:7:C1"
    assert transport.rates.per_minute("slack:7") == 600


async def test_a_429_from_a_tier_3_method_holds_that_method_only(
    runtime: Runtime, slack_api: FakeSlackAPI
) -> None:
    transport = _transport(runtime, slack_api)
    slack_api.fail_next("conversations.history", "ratelimited")

    with pytest.raises(RetryAfter) as limited:
        await transport.deliver(_parcel(_item("U0ANN0001", attempts=2)))

    assert limited.value.scope == "slack:7:conversations.history"
    assert transport.rates.per_minute("slack:7") == 600
    assert slack_api.find("chat.postMessage") == []


async def test_accepted_posts_raise_the_rate(runtime: Runtime, slack_api: FakeSlackAPI) -> None:
    transport = _transport(runtime, slack_api)
    moment = [100.0]
    transport.rates = AdaptiveRate(
        runtime.platform, transport.rates.policy, clock=lambda: moment[0]
    )
    for n in range(12):  # a second's worth at 600 a minute, and one more
        await transport.deliver(_parcel(_item(f"U0MEMBER{n:02d}")))
        moment[0] += 0.1
    assert transport.rates.per_minute("slack:7") == 1200


def test_a_fixed_budget_is_not_learned(runtime: Runtime, slack_api: FakeSlackAPI) -> None:
    transport = SlackTransport(
        lambda _: None,  # type: ignore[arg-type,return-value]
        runtime.platform,
        workspace_per_minute=60,
    )
    [_, workspace] = transport.gates(_item("U0ANN0001"))
    assert workspace.gap == 1.0
