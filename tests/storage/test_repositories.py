"""The SQL implementation keeps the same promises as the fakes — on SQLite, and on
PostgreSQL when CHORUS_TEST_DATABASE_URL points at one."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme
from bot.core import Core
from bot.errors import StoreConflict
from bot.ideas.ports import IdeaStatus, NewIdea
from bot.model import Platform, Role
from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import IdeaRow, IdeaVoteRow, MemberRow
from storage.platform import MessageRef, PlatformStore
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


async def _workspace_and_member(uow_factory: SqlUnitOfWorkFactory) -> tuple[int, int]:
    async with uow_factory() as uow:
        workspace, created = await uow.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="UTC"
        )
        assert created
        member = await uow.members.add(workspace.id, "U1", "Ann Æbelø", Role.AMBASSADOR)
        await uow.commit()
        return workspace.id, member.id


async def test_workspace_and_member_are_created_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    workspace_id, member_id = await _workspace_and_member(uow_factory)
    async with uow_factory() as uow:
        again, created = await uow.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="da", timezone="UTC"
        )
        assert (again.id, created, again.locale) == (workspace_id, False, "en")
        same = await uow.members.add(workspace_id, "U1", "Someone else", Role.COORDINATOR)
        assert same.id == member_id
        assert [m.id for m in await uow.members.by_name(workspace_id, "ann æbelø")] == [member_id]


async def test_uncommitted_work_is_rolled_back(
    uow_factory: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    workspace_id, member_id = await _workspace_and_member(uow_factory)
    async with uow_factory() as uow:
        await uow.ideas.add(NewIdea(workspace_id, member_id, "never committed", (), NOW))
    async with engine.connect() as connection:
        assert (
            await connection.execute(select(func.count()).select_from(IdeaRow))
        ).scalar_one() == 0


async def test_ideas_round_trip_with_unicode_themes_and_votes(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    workspace_id, member_id = await _workspace_and_member(uow_factory)
    text_in = "Æbleskiver 🎄 בדיקה <!channel> & co"
    async with uow_factory() as uow:
        theme = await uow.themes.add(workspace_id, "Bæredygtighed")
        with pytest.raises(StoreConflict):
            await uow.themes.add(workspace_id, "BÆREDYGTIGHED")
        first = await uow.ideas.add(NewIdea(workspace_id, member_id, text_in, (theme,), NOW))
        second = await uow.ideas.add(NewIdea(workspace_id, member_id, "second", (), NOW))
        voter = await uow.members.add(workspace_id, "U2", "Bente", Role.AMBASSADOR)
        assert await uow.ideas.toggle_vote(second.id, voter.id) is True
        await uow.commit()
    assert (first.number, second.number) == (1, 2)
    async with uow_factory() as uow:
        stored = await uow.ideas.by_number(workspace_id, 1)
        assert stored is not None
        assert (stored.text, stored.themes, stored.created_at) == (text_in, ["Bæredygtighed"], NOW)
        page, total = await uow.ideas.list(workspace_id, statuses=[IdeaStatus.OPEN], limit=1)
        assert total == 2
        assert [i.number for i in page] == [2]  # most votes first
        tagged, _ = await uow.ideas.list(
            workspace_id, statuses=[IdeaStatus.OPEN], theme_id=theme.id, limit=10
        )
        assert [i.number for i in tagged] == [1]
        assert await uow.ideas.toggle_vote(second.id, voter.id) is False
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.ideas.by_number(workspace_id, 2)
        assert again is not None and again.vote_count == 0


async def test_only_one_of_many_concurrent_claims_wins(uow_factory: SqlUnitOfWorkFactory) -> None:
    workspace_id, member_id = await _workspace_and_member(uow_factory)
    async with uow_factory() as uow:
        idea = await uow.ideas.add(NewIdea(workspace_id, member_id, "popular", (), NOW))
        claimers = [
            (await uow.members.add(workspace_id, f"U{n + 10}", f"M{n}", Role.AMBASSADOR)).id
            for n in range(10)
        ]
        await uow.commit()

    async def claim(claimer: int) -> bool:
        async with uow_factory() as uow:
            won = await uow.ideas.claim(idea.id, claimer)
            await uow.commit()
            return won

    results = await asyncio.gather(*(claim(c) for c in claimers))
    assert sum(results) == 1
    async with uow_factory() as uow:
        stored = await uow.ideas.by_number(workspace_id, 1)
        assert stored is not None and stored.claimed_by_id == claimers[results.index(True)]


async def test_concurrent_double_clicks_on_vote_never_count_twice(
    uow_factory: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    workspace_id, member_id = await _workspace_and_member(uow_factory)
    async with uow_factory() as uow:
        idea = await uow.ideas.add(NewIdea(workspace_id, member_id, "click me", (), NOW))
        voter = await uow.members.add(workspace_id, "U2", "Bente", Role.AMBASSADOR)
        await uow.commit()

    async def vote() -> None:
        async with uow_factory() as uow:
            await uow.ideas.toggle_vote(idea.id, voter.id)
            await uow.commit()

    await asyncio.gather(*(vote() for _ in range(5)))
    async with engine.connect() as connection:
        count = (
            await connection.execute(select(func.count()).select_from(IdeaVoteRow))
        ).scalar_one()
    assert count in (0, 1)


async def test_idea_numbers_stay_unique_under_concurrent_submissions(engine: AsyncEngine) -> None:
    chat = Chat(Core(SqlUnitOfWorkFactory(session_factory(engine)), Programme(channel_id="C1")))
    await chat.say("ann", "/chorus help")
    outcomes = await asyncio.gather(*(chat.say(f"user{n}", f"/idea Idea {n}") for n in range(20)))
    assert all("parked" in answer(o) for o in outcomes)
    async with engine.connect() as connection:
        numbers = (
            (await connection.execute(select(IdeaRow.number).order_by(IdeaRow.number)))
            .scalars()
            .all()
        )
    assert list(numbers) == list(range(1, 21))


async def test_erasing_a_member_leaves_no_copy_of_their_name(
    uow_factory: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    workspace_id, member_id = await _workspace_and_member(uow_factory)
    async with uow_factory() as uow:
        idea = await uow.ideas.add(NewIdea(workspace_id, member_id, "mine", (), NOW))
        other = await uow.members.add(workspace_id, "U2", "Bente", Role.AMBASSADOR)
        await uow.ideas.toggle_vote(idea.id, other.id)
        await uow.commit()
    async with engine.begin() as connection:
        await connection.execute(delete(MemberRow).where(MemberRow.id == member_id))
    async with engine.connect() as connection:
        dump: list[str] = []
        for table in ("workspaces", "members", "themes", "ideas", "idea_votes", "idea_themes"):
            rows = (await connection.execute(text(f"SELECT * FROM {table}"))).all()
            dump.extend(str(r) for r in rows)
    assert not any("Ann" in row or "Æbelø" in row for row in dump)


async def test_platform_store_remembers_events_and_posts(
    engine: AsyncEngine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    workspace_id, member_id = await _workspace_and_member(uow_factory)
    store = PlatformStore(session_factory(engine))
    assert await store.first_sighting("slack", "Ev1") is True
    assert await store.first_sighting("slack", "Ev1") is False
    assert await store.first_sighting("teams", "Ev1") is True

    assert await store.message_ref(workspace_id, "idea:1") is None
    await store.save_message_ref(workspace_id, "idea:1", MessageRef("C1", "1.0001"))
    await store.save_message_ref(workspace_id, "idea:1", MessageRef("C1", "1.0002"))
    assert await store.message_ref(workspace_id, "idea:1") == MessageRef("C1", "1.0002")

    await store.save_conversation(workspace_id, "a:personal", "personal", '{"x": 1}', member_id)
    await store.mark_unreachable(workspace_id, "a:personal")
    found = await store.personal_conversation(workspace_id, member_id)
    assert found is not None and found.unreachable
    await store.save_conversation(workspace_id, "a:personal", "personal", '{"x": 2}', member_id)
    found = await store.conversation(workspace_id, "a:personal")
    assert found is not None and not found.unreachable and found.reference == '{"x": 2}'


async def test_a_burst_of_sightings_shares_a_few_transactions_and_each_is_first_once(
    engine: AsyncEngine,
) -> None:
    store = PlatformStore(session_factory(engine))
    assert await store.first_sighting("slack", "Ev-seen")
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(engine.sync_engine, "begin", count)
    try:
        keys = [("slack", f"Ev{n}") for n in range(200)] + [("slack", "Ev-seen")]
        keys += [("slack", "Ev7"), ("teams", "Ev7")]  # one twice in the burst; another platform
        firsts = await asyncio.gather(*(store.first_sighting(*key) for key in keys))
    finally:
        event.remove(engine.sync_engine, "begin", count)
    assert firsts == [True] * 200 + [False, False, True]
    assert len(begun) <= 3, len(begun)  # the first alone, then the rest together
    assert not await store.first_sighting("slack", "Ev199")
    assert await store.first_sighting("slack", "Ev200")


async def test_a_failed_burst_of_sightings_fails_each_caller_and_the_next_one_works(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'unmigrated.db'}")
    try:
        store = PlatformStore(session_factory(engine))
        results = await asyncio.gather(
            *(store.first_sighting("slack", f"Ev{n}") for n in range(20)),
            return_exceptions=True,
        )
        assert all(isinstance(r, OperationalError) for r in results), results
        await upgrade(engine)
        assert await store.first_sighting("slack", "Ev1")
        assert not await store.first_sighting("slack", "Ev1")
    finally:
        await engine.dispose()
