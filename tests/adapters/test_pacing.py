"""Learning a workspace's budget: slow start, additive increase, multiplicative decrease,
a ceiling, and the learned rate shared through the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.pacing import AdaptiveRate, PacePolicy
from adapters.runtime import Runtime
from adapters.settings import SettingsError, load_settings
from adapters.slack.transport import SlackTransport
from adapters.transports import platform_transports
from bot.model import Platform
from storage.database import session_factory
from storage.platform import LearnedRate, PlatformStore

SCOPE = "slack:1"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Book:
    """An in-memory rate book."""

    def __init__(self) -> None:
        self.rates: dict[str, LearnedRate] = {}
        self.writes = 0

    async def learned_rate(self, scope: str) -> LearnedRate | None:
        return self.rates.get(scope)

    async def remember_rate(
        self, scope: str, per_minute: float, limited_at: datetime | None
    ) -> None:
        self.writes += 1
        self.rates[scope] = LearnedRate(per_minute, limited_at, None)


def send_for(rate: AdaptiveRate, clock: Clock, seconds: float) -> None:
    """Send at the current rate for ``seconds``, every message accepted."""
    end = clock.now + seconds
    while clock.now < end:
        clock.now += rate.gap(SCOPE)
        rate.accepted(SCOPE)


def test_the_rate_doubles_each_round_slack_accepts_until_the_first_429() -> None:
    clock = Clock()
    rate = AdaptiveRate(None, PacePolicy(start_per_minute=120, probe_round=1.0), clock=clock)
    assert rate.per_minute(SCOPE) == 120

    send_for(rate, clock, 1.0)
    assert rate.per_minute(SCOPE) == 240
    send_for(rate, clock, 1.0)
    assert rate.per_minute(SCOPE) == 480


def test_slow_start_doubles_every_half_second_by_default() -> None:
    clock = Clock()
    policy = PacePolicy(start_per_minute=600, ceiling_per_minute=20_000)
    rate = AdaptiveRate(None, policy, clock=clock)
    send_for(rate, clock, 2.2)  # four rounds, and a little
    assert rate.per_minute(SCOPE) == 600 * 2**4


def test_away_from_the_last_429_the_rate_grows_by_a_share_of_itself() -> None:
    clock = Clock()
    policy = PacePolicy(start_per_minute=6000, ceiling_per_minute=20_000, grow_share=0.03)
    rate = AdaptiveRate(None, policy, clock=clock)
    rate.limited(SCOPE, retry_after=1)  # in slow start: back to 3000, the edge at 6000
    clock.now += 1.0
    send_for(rate, clock, 1.0)
    assert rate.per_minute(SCOPE) == pytest.approx(3000 * 1.03)  # 90 a minute, more than 60

    # Near the edge it creeps by 30% of the plain step, and a 429 cuts it by 5%.
    while rate.per_minute(SCOPE) < 0.9 * 6000:
        send_for(rate, clock, 1.0)
    before = rate.per_minute(SCOPE)
    send_for(rate, clock, 1.0)
    assert rate.per_minute(SCOPE) == pytest.approx(before + 18)
    clock.now += 5
    rate.limited(SCOPE, retry_after=1)
    assert rate.per_minute(SCOPE) == pytest.approx((before + 18) * 0.95)


def test_little_demand_does_not_raise_the_rate() -> None:
    clock = Clock()
    rate = AdaptiveRate(None, PacePolicy(start_per_minute=120), clock=clock)
    assert rate.per_minute(SCOPE) == 120
    for _ in range(10):  # one message every 3 seconds: the rate never held anything back
        clock.now += 3
        rate.accepted(SCOPE)
    assert rate.per_minute(SCOPE) == 120


def test_a_429_cuts_the_rate_once_then_it_grows_by_steps() -> None:
    clock = Clock()
    policy = PacePolicy(start_per_minute=600, decrease_factor=0.5, step_per_minute=60)
    rate = AdaptiveRate(None, policy, clock=clock)

    rate.limited(SCOPE, retry_after=1)
    rate.limited(SCOPE, retry_after=1)  # the same overload, answered to a send in flight
    assert rate.per_minute(SCOPE) == 300

    clock.now += 1.0  # the Retry-After
    send_for(rate, clock, 1.0)
    assert rate.per_minute(SCOPE) == 360  # additive now, no longer doubling
    send_for(rate, clock, 1.0)
    assert rate.per_minute(SCOPE) == 420

    clock.now += 5
    rate.limited(SCOPE, retry_after=1)  # a new overload
    assert rate.per_minute(SCOPE) == 210


def test_near_the_rate_of_the_last_429_the_rate_creeps_to_a_hold_just_under_it() -> None:
    clock = Clock()
    policy = PacePolicy(start_per_minute=600, step_per_minute=60, probe_after=30)
    rate = AdaptiveRate(None, policy, clock=clock)

    rate.limited(SCOPE, retry_after=1)  # in slow start: back to the last rate that worked
    assert rate.per_minute(SCOPE) == 300
    clock.now += 1.0
    seen = []
    for _ in range(8):
        send_for(rate, clock, 1.0)
        seen.append(round(rate.per_minute(SCOPE)))
    # +60 a second up to 90% of 600, then +18 a second up to 98.5% of 600, and it stays.
    assert seen == [360, 420, 480, 540, 558, 576, 591, 591]

    # A long calm there moves the edge up 2% (the budget may have grown): it creeps again.
    for _ in range(29):
        send_for(rate, clock, 1.0)
    assert round(rate.per_minute(SCOPE)) == 591
    send_for(rate, clock, 1.0)
    assert round(rate.per_minute(SCOPE)) == 603  # the hold, 98.5% of 612


def test_a_429_puts_the_edge_at_what_the_platform_took_lately_not_at_the_rate_reached() -> None:
    clock = Clock()
    rate = AdaptiveRate(None, PacePolicy(start_per_minute=1200), clock=clock)
    rate.limited(SCOPE, retry_after=1)  # out of slow start: 600 a minute
    clock.now += 1.0
    sent_at = []
    while clock.now < 106.0:  # five seconds of sends, each accepted
        clock.now += rate.gap(SCOPE)
        rate.accepted(SCOPE)
        sent_at.append(clock.now)
    reached = rate.per_minute(SCOPE)
    assert reached >= 780  # a step of 60 a minute each second
    rate.limited(SCOPE, retry_after=1)
    # The budget took what the last 3 s of sends amount to (plus its burst) before it
    # refused: the edge is there, not at the rate reached, and the rate goes 5% under it.
    taken = sum(1 for at in sent_at if at >= clock.now - 3.0) / 3.0 * 60
    assert taken < reached
    assert rate.per_minute(SCOPE) == pytest.approx(taken * 0.95)


def test_a_replica_that_sent_only_its_part_keeps_the_edge_at_the_rate() -> None:
    clock = Clock()
    rate = AdaptiveRate(None, PacePolicy(start_per_minute=1200), clock=clock)
    rate.limited(SCOPE, retry_after=1)  # out of slow start: 600 a minute
    clock.now += 1.0
    for _ in range(15):  # 300 a minute: the other replica sent the rest
        clock.now += 0.2
        rate.accepted(SCOPE)
    kept = rate.per_minute(SCOPE)
    assert kept > 600  # a fair part of the shared rate: it grew
    rate.limited(SCOPE, retry_after=1)
    assert rate.per_minute(SCOPE) == pytest.approx(kept * 0.95)


def test_the_rate_stays_within_the_ceiling_and_the_floor() -> None:
    clock = Clock()
    policy = PacePolicy(
        start_per_minute=600, ceiling_per_minute=900, floor_per_minute=100, decrease_factor=0.8
    )
    rate = AdaptiveRate(None, policy, clock=clock)
    for _ in range(5):
        send_for(rate, clock, 1.0)
    assert rate.per_minute(SCOPE) == 900
    for _ in range(10):
        clock.now += 10
        rate.limited(SCOPE, retry_after=1)
    assert rate.per_minute(SCOPE) == 100


def test_a_replica_sending_a_fair_part_of_the_shared_rate_raises_it() -> None:
    clock = Clock()
    rate = AdaptiveRate(None, PacePolicy(start_per_minute=600), clock=clock)
    assert rate.per_minute(SCOPE) == 600
    for _ in range(4):  # 4 a second of 10: the other replicas send the rest
        clock.now += 0.25
        rate.accepted(SCOPE)
    assert rate.per_minute(SCOPE) == 1200


async def test_replicas_and_restarts_share_the_learned_rate(engine: AsyncEngine) -> None:
    policy = PacePolicy(start_per_minute=600, decrease_factor=0.5, share_every=5)
    clock = Clock()
    one = AdaptiveRate(PlatformStore(session_factory(engine)), policy, clock=clock)
    two = AdaptiveRate(PlatformStore(session_factory(engine)), policy, clock=clock)
    await one.share(SCOPE)
    await two.share(SCOPE)
    send_for(two, clock, 1.0)
    assert two.per_minute(SCOPE) == 1200  # two is still probing

    one.limited(SCOPE, retry_after=2)  # only one hears Slack's 429
    await one.share(SCOPE)  # at once, not at the next interval
    await two.share(SCOPE)  # too soon: two has not looked again yet
    assert two.per_minute(SCOPE) == 1200
    clock.now += 5
    await two.share(SCOPE)
    assert two.per_minute(SCOPE) == 300  # the lower rate, and two stops doubling
    send_for(two, clock, 1.0)
    assert two.per_minute(SCOPE) == 360

    restarted = AdaptiveRate(PlatformStore(session_factory(engine)), policy, clock=clock)
    await restarted.share(SCOPE)
    assert restarted.per_minute(SCOPE) == 300  # from the database, not the safe start
    send_for(restarted, clock, 1.0)
    assert restarted.per_minute(SCOPE) == 360  # and it knows Slack has limited it before


async def test_the_rate_is_written_when_it_changes_not_on_every_send() -> None:
    book = Book()
    clock = Clock()
    rate = AdaptiveRate(book, PacePolicy(start_per_minute=600, share_every=5), clock=clock)
    await rate.share(SCOPE)
    assert book.writes == 1  # the first use stores the safe start
    for _ in range(10):
        send_for(rate, clock, 0.5)
        await rate.share(SCOPE)
    assert book.writes == 2  # five seconds passed: one more write


def test_the_ceiling_comes_from_chorus_slack_max_per_minute(runtime: Runtime) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "CHORUS_SLACK_MAX_PER_MINUTE": "900"}
    settings = load_settings(env)
    assert settings.slack.max_per_minute == 900
    assert load_settings({"SLACK_BOT_TOKEN": "xoxb-1"}).slack.max_per_minute == 3000
    with pytest.raises(SettingsError, match="CHORUS_SLACK_MAX_PER_MINUTE"):
        load_settings({**env, "CHORUS_SLACK_MAX_PER_MINUTE": "lots"})

    configured = replace(runtime, settings=replace(runtime.settings, slack=settings.slack))
    transport = platform_transports(configured)[Platform.SLACK]
    assert isinstance(transport, SlackTransport)
    assert transport.rates.policy.ceiling_per_minute == 900
