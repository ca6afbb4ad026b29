"""A newcomer's onboarding: each step once, at a sensible local hour, until the first post."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Programme
from bot.registry import run_fire
from tests.helpers import Chat
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

JOINED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen


async def _hourly(
    uow_factory: FakeUnitOfWorkFactory, programme: Programme, days: int
) -> list[tuple[datetime, str, str]]:
    """Run the onboarding job every hour for ``days`` days; (fire, recipient, summary)."""
    [ws] = uow_factory.state.workspaces
    seen = len(uow_factory.state.outbox)
    sent = []
    for hour in range(days * 24):
        fire = JOINED + timedelta(hours=hour + 1)
        await run_fire(uow_factory, programme, "onboarding", ws, fire)
        for outgoing in uow_factory.state.outbox[seen:]:
            sent.append((fire, outgoing.target, outgoing.message.summary))
        seen = len(uow_factory.state.outbox)
    return sent


async def test_steps_arrive_once_each_on_days_2_7_and_14_at_a_local_working_hour(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await chat.say("ann", "/chorus join")
    sent = await _hourly(uow_factory, programme, 16)
    mine = [(fire, summary) for fire, target, summary in sent if target == "ann"]
    assert [summary for _, summary in mine] == [
        "Park your first idea",
        "Book a drop-in slot",
        "Two weeks in",
    ]
    assert [(fire - JOINED).days for fire, _ in mine] == [2, 7, 14]
    copenhagen = ZoneInfo(programme.timezone)
    assert all(9 <= fire.astimezone(copenhagen).hour < 17 for fire, _ in mine)


async def test_a_step_due_at_night_waits_for_the_members_morning(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await chat.say("ann", "/chorus timezone Asia/Tokyo")  # 18:00 there when she joins
    await chat.say("ann", "/chorus join")
    sent = await _hourly(uow_factory, programme, 3)
    [(fire, _, summary)] = [s for s in sent if s[1] == "ann"]
    assert summary == "Park your first idea"
    assert fire.astimezone(ZoneInfo("Asia/Tokyo")).hour == 9


async def test_no_steps_while_away_and_none_after_nudges_off(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await chat.say("ann", "/chorus join")
    await chat.say("ann", "/chorus away until 2026-12-10")
    await chat.say("bob", "/chorus join")
    await chat.say("bob", "/chorus nudges off")
    sent = await _hourly(uow_factory, programme, 18)
    ann = [(fire, summary) for fire, target, summary in sent if target == "ann"]
    # Back on 11 December: only the step that fits now, not the three she missed.
    assert [summary for _, summary in ann] == ["Two weeks in"]
    assert ann[0][0].astimezone(ZoneInfo(programme.timezone)).date().isoformat() == "2026-12-11"
    assert not [s for s in sent if s[1] == "bob"]


async def test_the_first_post_ends_onboarding_and_is_cheered_in_the_channel(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await chat.say("ann", "/chorus join")
    await chat.say("bob", "/chorus join")
    await chat.say("bob", "/chorus cheers private")
    clock.advance(hours=2)
    await chat.say("ann", "/posted https://www.linkedin.com/posts/ann-1")
    await chat.say("bob", "/posted https://www.linkedin.com/posts/bob-1")
    sent = await _hourly(uow_factory, programme, 16)
    cheers = [s for s in sent if s[1] == "C1" and s[2] == "A first post"]
    assert len(cheers) == 1
    assert not [s for s in sent if s[1] in ("ann", "bob")]
