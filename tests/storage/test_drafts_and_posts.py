"""Drafts, posts, guidelines and cheer settings on SQL — SQLite, and PostgreSQL when
CHORUS_TEST_DATABASE_URL points at one."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cheers.ports import NewCheer
from bot.config import Programme
from bot.core import Core
from bot.drafts.ports import DraftStatus
from bot.guidelines.ports import TermKind
from bot.model import Platform, Role
from bot.posts.ports import Engagement, Network, NewPost
from storage.database import session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer, channel_posts

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
URL = "https://www.linkedin.com/posts/ann_backups-activity-1"


class Clock:
    def now(self) -> datetime:
        return NOW


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


async def _members(uow_factory: SqlUnitOfWorkFactory, count: int = 2) -> tuple[int, list[int]]:
    async with uow_factory() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="UTC"
        )
        ids = [
            (await uow.members.add(workspace.id, f"U{i}", f"Member {i}", Role.AMBASSADOR)).id
            for i in range(count)
        ]
        await uow.commit()
        return workspace.id, ids


async def test_versions_accumulate_and_nothing_is_overwritten(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    ws, (ann, _) = await _members(uow_factory)
    async with uow_factory() as uow:
        draft = await uow.drafts.add(ws, ann, "first", NOW, idea_id=None)
        assert (draft.number, draft.version, draft.text) == (1, 1, "first")
        assert await uow.drafts.add_version(draft.id, "second", NOW + timedelta(minutes=1)) == 2
        other = await uow.drafts.add(ws, ann, "another", NOW, idea_id=None)
        await uow.commit()
    async with uow_factory() as uow:
        fresh = await uow.drafts.by_number(ws, 1)
        assert fresh is not None and (fresh.version, fresh.text) == (2, "second")
        first = await uow.drafts.version(draft.id, 1)
        assert first is not None and first.text == "first"
        assert other.number == 2
        mine = await uow.drafts.of_author(ws, ann, [DraftStatus.ACTIVE])
        assert [d.number for d in mine] == [2, 1]
        await uow.drafts.set_status(draft.id, DraftStatus.DISCARDED, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        gone = await uow.drafts.by_number(ws, 1)
        assert gone is not None and gone.status is DraftStatus.DISCARDED
        assert gone.discarded_at == NOW


async def test_feedback_is_stored_per_version_and_the_first_time_is_kept(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    ws, (ann, bea) = await _members(uow_factory)
    async with uow_factory() as uow:
        draft = await uow.drafts.add(ws, ann, "text", NOW, idea_id=None)
        await uow.drafts.mark_feedback_requested(draft.id, NOW)
        await uow.drafts.mark_feedback_requested(draft.id, NOW + timedelta(hours=1))
        await uow.drafts.add_reviewer(draft.id, bea)
        await uow.drafts.add_reviewer(draft.id, bea)
        await uow.drafts.add_feedback(draft.id, 1, bea, "good", NOW + timedelta(hours=2))
        await uow.drafts.add_feedback(draft.id, 1, bea, "better", NOW + timedelta(hours=5))
        await uow.commit()
    async with uow_factory() as uow:
        fresh = await uow.drafts.get(draft.id)
        assert fresh is not None
        assert fresh.feedback_requested_at == NOW
        assert fresh.first_feedback_at == NOW + timedelta(hours=2)
        assert await uow.drafts.is_reviewer(draft.id, bea)
        assert not await uow.drafts.is_reviewer(draft.id, ann)
        assert [(f.version, f.text) for f in await uow.drafts.feedback(draft.id)] == [
            (1, "good"),
            (1, "better"),
        ]


async def test_a_url_is_announced_once_and_engagement_counts_once_per_kind(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    ws, (ann, bea) = await _members(uow_factory)
    new = NewPost(ws, ann, URL, "https://linkedin.com/posts/a", Network.LINKEDIN, NOW)
    async with uow_factory() as uow:
        post = await uow.posts.add(new)
        assert post is not None and post.number == 1
        assert await uow.posts.add(new) is None
        assert await uow.posts.engage(post.id, bea, Engagement.LIKED, NOW)
        assert not await uow.posts.engage(post.id, bea, Engagement.LIKED, NOW)
        assert await uow.posts.engage(post.id, bea, Engagement.SHARED, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        fresh = await uow.posts.by_url_key(ws, "https://linkedin.com/posts/a")
        assert fresh is not None
        assert fresh.counts == {Engagement.LIKED: 1, Engagement.SHARED: 1}
        assert await uow.posts.disengage(post.id, bea, Engagement.LIKED)
        window = await uow.posts.published_between(ws, NOW, NOW + timedelta(seconds=1))
        assert [p.number for p in window] == [1]
        assert (
            await uow.posts.published_between(ws, NOW + timedelta(seconds=1), NOW + timedelta(1))
            == []
        )


async def test_concurrent_likes_from_twenty_members_are_all_counted(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    ws, members = await _members(uow_factory, 21)
    async with uow_factory() as uow:
        post = await uow.posts.add(NewPost(ws, members[0], URL, "k", Network.LINKEDIN, NOW))
        assert post is not None
        await uow.commit()

    async def like(member_id: int) -> bool:
        async with uow_factory() as uow:
            added = await uow.posts.engage(post.id, member_id, Engagement.LIKED, NOW)
            again = await uow.posts.engage(post.id, member_id, Engagement.LIKED, NOW)
            await uow.commit()
            return added and not again

    assert all(await asyncio.gather(*(like(m) for m in members[1:])))
    async with uow_factory() as uow:
        fresh = await uow.posts.by_number(ws, 1)
        assert fresh is not None and fresh.counts[Engagement.LIKED] == 20


async def test_terms_are_unique_ignoring_case_and_accents(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    ws, _ = await _members(uow_factory)
    async with uow_factory() as uow:
        assert await uow.guidelines.add_term(ws, TermKind.OFF_LIMITS, "Zoë Labs")
        assert not await uow.guidelines.add_term(ws, TermKind.OFF_LIMITS, "ZOE LABS")
        assert await uow.guidelines.add_term(ws, TermKind.PITCH, "zoe labs")
        await uow.guidelines.set_text(ws, "Be yourself.", NOW)
        await uow.guidelines.set_text(ws, "Be yourself, always.", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.guidelines.terms(ws, TermKind.OFF_LIMITS) == ["Zoë Labs"]
        assert await uow.guidelines.text(ws) == "Be yourself, always."
        assert await uow.guidelines.remove_term(ws, TermKind.OFF_LIMITS, "zoe labs")
        assert not await uow.guidelines.remove_term(ws, TermKind.OFF_LIMITS, "zoe labs")


async def test_cheer_allowance_counts_and_opt_outs(uow_factory: SqlUnitOfWorkFactory) -> None:
    ws, (ann, bea) = await _members(uow_factory)
    async with uow_factory() as uow:
        for hours in (0, 1, 30):
            await uow.cheers.add(NewCheer(ws, ann, bea, NOW + timedelta(hours=hours), "thanks"))
        await uow.cheers.set_public(bea, False)
        await uow.cheers.set_public(bea, False)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.cheers.given_since(ws, ann, NOW) == 3
        assert await uow.cheers.given_since(ws, ann, NOW + timedelta(hours=2)) == 1
        assert not await uow.cheers.is_public(bea)
        assert await uow.cheers.is_public(ann)
        await uow.cheers.set_public(bea, True)
        assert await uow.cheers.is_public(bea)


async def test_the_whole_path_on_sql(uow_factory: SqlUnitOfWorkFactory) -> None:
    core = Core(uow_factory, Programme(admins=frozenset({"cora"}), channel_id="C1"), Clock())
    chat = Chat(core)
    await chat.say("cora", "/chorus help")
    await chat.say("bente", "/idea Lessons from our cloud migration")
    await chat.say("ann", "/idea claim 1")
    assert "Draft #1 is started" in answer(await chat.say("ann", "/idea draft 1"))
    assert "on its way" in answer(await chat.say("ann", "/draft feedback 1"))
    assert "Thank you!" in answer(await chat.say("cora", "/draft review 1 Lovely."))
    posted = await chat.say("ann", f"/posted {URL} 1")
    assert sorted(m.key or "" for m in channel_posts(posted)) == ["idea:1", "post:1"]
    liked = await chat.say("bente", "posted like 1")
    assert "1 like" in channel_posts(liked)[0].text
    assert "counted already" in answer(await chat.say("bente", "posted like 1"))
    assert "announced already" in answer(await chat.say("bente", f"/posted {URL}"))
    assert "Your cheer" in answer(await chat.say("bente", "/cheer @ann for a great post"))
