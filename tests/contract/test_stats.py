"""Contributions per member on every store: the fakes count the facts themselves, SQL adds
up the daily summary that triggers keep (migration 0019) plus the hours around its UTC
midnights. The same expectations on both prove the summary follows every fact: recorded,
taken back (an unlike), or deleted with an erased member's posts and drafts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Programme
from bot.core import Core
from bot.ports import UnitOfWorkFactory
from bot.stats.ports import Contribution, Contributions
from tests.helpers import Chat

URL = "https://www.linkedin.com/posts/ann_backups-activity-1"
C = Contribution


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def chat(store: UnitOfWorkFactory, clock: Clock) -> Chat:
    programme = Programme(admins=frozenset({"cora"}), channel_id="C1", timezone="Europe/Copenhagen")
    return Chat(Core(store, programme, clock))


async def _week(chat: Chat, clock: Clock) -> None:
    """Contributions on both sides of two UTC midnights; one like is taken back."""
    for name in ("cora", "ann", "bente", "carl"):
        await chat.say(name, "/chorus help")
    clock.moment = at(23, 10)
    await chat.say("bente", "/idea Lessons from our cloud migration")
    clock.moment = at(23, 23, 30)  # half past midnight in Copenhagen
    await chat.say("ann", "/cheer @bente for the migration notes")
    clock.moment = at(24, 9)
    await chat.say("ann", "/draft Backups nobody tested are wishes")
    await chat.say("ann", f"/posted {URL}")
    await chat.say("bente", "posted like 1")
    await chat.say("carl", "posted like 1")
    clock.moment = at(25, 12)
    await chat.say("carl", "posted undo like 1")  # the like is taken back
    clock.moment = at(25, 13)
    await chat.say("carl", "/idea What our interns taught us")


async def _counted(
    store: UnitOfWorkFactory, start: datetime, end: datetime, *, member: str | None = None
) -> dict[str, dict[Contribution, int]]:
    async with store() as uow:
        [workspace] = await uow.workspaces.all()
        ids = {m.id: m.external_id for m in await uow.members.all(workspace.id)}
        by_id = {v: k for k, v in ids.items()}
        found: Contributions = await uow.stats.contributions(
            workspace.id, start, end, member_id=by_id[member] if member else None
        )
    return {ids.get(m, "former member"): kinds for m, kinds in found.items()}


async def test_whole_days_and_the_hours_around_them_count_alike(
    store: UnitOfWorkFactory, chat: Chat, clock: Clock
) -> None:
    await _week(chat, clock)
    everything = {
        "bente": {C.IDEA: 1, C.ANSWER: 1},
        "ann": {C.CHEER: 1, C.DRAFT: 1, C.POST: 1},
        "carl": {C.IDEA: 1},
    }
    assert await _counted(store, at(23, 0), at(26, 0)) == everything
    # A Copenhagen week starts at 23:00 UTC: an hour before the first whole UTC day.
    assert await _counted(store, at(22, 23), at(29, 23)) == everything
    assert await _counted(store, at(23, 23), at(25, 12, 30)) == {
        "ann": {C.CHEER: 1, C.DRAFT: 1, C.POST: 1},
        "bente": {C.ANSWER: 1},
    }
    # Within one UTC day, and across one midnight without a whole day in between.
    assert await _counted(store, at(24, 8), at(24, 10)) == {
        "ann": {C.DRAFT: 1, C.POST: 1},
        "bente": {C.ANSWER: 1},
    }
    assert await _counted(store, at(23, 23), at(24, 1)) == {"ann": {C.CHEER: 1}}
    assert await _counted(store, at(26, 0), at(30, 0)) == {}
    assert await _counted(store, at(20, 0), at(30, 0), member="ann") == {
        "ann": {C.CHEER: 1, C.DRAFT: 1, C.POST: 1}
    }


async def test_an_erased_members_posts_and_drafts_stop_counting(
    store: UnitOfWorkFactory, chat: Chat, clock: Clock
) -> None:
    await _week(chat, clock)
    async with store() as uow:
        [workspace] = await uow.workspaces.all()
        ann = await uow.members.by_external_id(workspace.id, "ann")
        assert ann is not None
        await uow.privacy.erase(ann.id, now=clock.moment + timedelta(days=1))
        await uow.commit()
    # The cheer she gave stays (kept for a former member); her draft and post went, and
    # with the post the like on it.
    assert await _counted(store, at(20, 0), at(30, 0)) == {
        "former member": {C.CHEER: 1},
        "bente": {C.IDEA: 1},
        "carl": {C.IDEA: 1},
    }


async def test_several_spans_asked_at_once_count_as_each_asked_alone(
    store: UnitOfWorkFactory, chat: Chat, clock: Clock
) -> None:
    await _week(chat, clock)
    # Copenhagen days (23:00 UTC to 23:00 UTC), an hour, a span within one UTC day, and
    # one with nothing in it; given out of order.
    spans = [
        (at(23, 23), at(24, 23)),
        (at(22, 23), at(23, 23)),
        (at(24, 23), at(25, 12, 30)),
        (at(25, 12, 30), at(25, 13, 30)),
        (at(26, 0), at(28, 0)),
    ]
    async with store() as uow:
        [workspace] = await uow.workspaces.all()
        ann = await uow.members.by_external_id(workspace.id, "ann")
        assert ann is not None
        each = await uow.stats.contributions_each(workspace.id, spans)
        alone = [await uow.stats.contributions(workspace.id, *span) for span in spans]
        mine = await uow.stats.contributions_each(workspace.id, spans, member_id=ann.id)
        with pytest.raises(ValueError, match="overlap"):
            await uow.stats.contributions_each(workspace.id, [spans[0], (at(24, 0), at(25, 0))])
        assert await uow.stats.contributions_each(workspace.id, []) == []
        activity = await uow.stats.activity_each(workspace.id, spans)
        with pytest.raises(ValueError, match="overlap"):
            await uow.stats.activity_each(workspace.id, [spans[0], (at(24, 0), at(25, 0))])
    assert each == alone
    assert [sum(len(kinds) for kinds in found.values()) for found in each] == [4, 1, 0, 1, 0]
    assert mine == [{ann.id: {C.CHEER: 1, C.DRAFT: 1, C.POST: 1}}, {}, {}, {}, {}]
    # Active members and posts per span: carl's like was taken back, so he is not active
    # on its day, though his summary row for that day is still there (with nothing in it).
    assert activity == [(2, 1), (1, 0), (0, 0), (1, 0), (0, 0)]
