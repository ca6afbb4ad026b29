"""Figures per segment and per network, and the company/external mix per segment, in
`/chorus stats`, the dashboard's data and the status note, on the fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Programme
from bot.library.ports import ContentKind, SharedPost
from bot.messages import Audience
from bot.posts.ports import Network
from bot.registry import run_fire
from bot.stats.groups import group_rows
from bot.stats.metrics import OTHER
from tests.helpers import Chat, answer
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

JULY = datetime(2026, 7, 6, 8, 0, tzinfo=UTC)  # a Monday in 2026-Q3
OCTOBER = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)  # a Monday in 2026-Q4
PEOPLE = ("ann", "bente", "carl", "dora", "eva", "finn")


def _shared(author: int, kind: ContentKind | None) -> SharedPost:
    return SharedPost(author * 10, Network.LINKEDIN, kind, author)


def test_small_groups_are_counted_together_and_last() -> None:
    rows = group_rows(
        {"networker": {1, 2, 3}, "role-model": {4, 5}, "leader": {6}},
        active={1, 4, 6},
        posts={1: 2, 4: 1},
        shared=[_shared(1, ContentKind.COMPANY), _shared(4, ContentKind.EXTERNAL)],
        order=["role-model", "networker", "leader"],
    )
    assert [(r.key, r.members, r.active, r.posts) for r in rows] == [
        ("networker", 3, 1, 2),
        (OTHER, 3, 2, 1),
    ]
    assert (rows[0].company, rows[0].external, rows[0].company_percent) == (1, 0, 100)
    assert (rows[1].company, rows[1].external, rows[1].company_percent) == (0, 1, 0)
    assert rows[0].participation == 1 / 3


async def _programme(chat: Chat, clock: FakeClock) -> None:
    """Three networkers and two role models in Q3; in Q4 Ann is a role model."""
    clock.moment = JULY
    await chat.say("cora", "/chorus help")
    for name in PEOPLE:
        await chat.say(name, "/chorus help")
    for name in ("ann", "bente", "carl"):
        await chat.say("cora", f"/chorus segment set @{name} networker")
    for name in ("dora", "eva"):
        await chat.say("cora", f"/chorus segment set @{name} role model")
    for name in ("ann", "bente", "dora"):
        await chat.say(name, "/chorus networks linkedin")
    clock.moment = JULY + timedelta(days=1)
    await chat.say("ann", "/idea Lessons from our cloud migration")
    await chat.say("bente", "/posted https://www.linkedin.com/posts/bente-1")
    clock.moment = OCTOBER
    await chat.say("cora", "/chorus segment set @ann role model")
    clock.moment = OCTOBER + timedelta(days=1)
    await chat.say("dora", "/idea What our interns taught us")


async def test_a_past_quarter_counts_members_in_the_segment_they_were_in_then(
    chat: Chat, clock: FakeClock
) -> None:
    await _programme(chat, clock)
    clock.moment = OCTOBER + timedelta(days=2)

    q3 = answer(await chat.say("cora", "/chorus stats 2026-Q3"))
    q4 = answer(await chat.say("cora", "/chorus stats 2026-Q4"))

    segments_q3 = q3.split("By segment")[1]
    assert "networker: 67% active (2 of 3), 1 post" in segments_q3
    # Two role models are too few to show apart.
    assert "others and small groups: 0% active (0 of 2), 0 posts" in segments_q3
    segments_q4 = q4.split("By segment")[1]
    assert "role model: 33% active (1 of 3), 0 posts" in segments_q4
    assert "others and small groups: 0% active (0 of 2), 0 posts" in segments_q4
    networks = q3.split("By network (the members who post there)")[1]
    assert "LinkedIn: 67% active (2 of 3), 1 post" in networks


async def test_the_mix_per_segment_and_a_drift_hint_in_the_status_note(
    chat: Chat, clock: FakeClock, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await _programme(chat, clock)
    clock.moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday of week 48
    await chat.say("cora", "/share https://example.com/our-new-office")
    await chat.say("cora", "/share company 1")
    for number, name in enumerate(("bente", "carl", "eva"), start=1):
        await chat.say(name, "/share pick 1")
        await chat.say(name, f"/posted https://www.linkedin.com/posts/{name}-office-{number}")

    text = answer(await chat.say("cora", "/chorus stats week"))

    mix = text.split("Company and external content")[1]
    assert "100% company content, against a target of 33%." in mix
    assert "role model: 100% company (1 company, 0 external)" in mix
    # The two networkers left in Q4 are counted with the small groups.
    assert "others and small groups: 100% company (2 company, 0 external)" in mix

    ws = next(iter(uow_factory.state.workspaces.values())).id
    uow_factory.state.outbox.clear()
    await run_fire(uow_factory, programme, "status-note", ws, datetime(2026, 11, 30, 8, tzinfo=UTC))
    [note] = [o.message for o in uow_factory.state.outbox if o.target == "cora"]
    assert note.audience is Audience.MEMBER
    assert "Most of what was shared is company content" in note.text


async def test_a_member_who_left_before_the_period_is_not_in_its_network_rows(
    chat: Chat, clock: FakeClock
) -> None:
    await _programme(chat, clock)
    clock.moment = JULY + timedelta(days=2)
    await chat.say("finn", "/chorus join")
    await chat.say("finn", "/chorus networks linkedin")
    q3 = answer(await chat.say("cora", "/chorus stats 2026-Q3"))
    await chat.say("finn", "/chorus leave")
    clock.moment = OCTOBER + timedelta(days=2)
    q4 = answer(await chat.say("cora", "/chorus stats 2026-Q4"))

    assert "LinkedIn: 50% active (2 of 4)" in q3.split("By network")[1]
    # Finn held a seat in Q3 and none in Q4: Q4's LinkedIn row is the three still here.
    assert "LinkedIn: 33% active (1 of 3)" in q4.split("By network")[1]
