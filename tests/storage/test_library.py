"""The content library on SQL — SQLite, and PostgreSQL when CHORUS_TEST_DATABASE_URL points
at one: the whole path through the core, and members suggesting one link at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme
from bot.core import Core
from storage.database import session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer, channel_posts

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ARTICLE = "https://www.example.com/green-data-centres"


class Clock:
    def now(self) -> datetime:
        return NOW


@pytest.fixture
def chat(engine: AsyncEngine) -> Chat:
    programme = Programme(admins=frozenset({"cora"}), channel_id="C1", themes=("sustainability",))
    return Chat(Core(SqlUnitOfWorkFactory(session_factory(engine)), programme, Clock()))


async def test_suggest_pick_draft_post_and_the_mix_on_sql(chat: Chat) -> None:
    await chat.say("cora", "/chorus help")
    assert "Item #1" in answer(await chat.say("ann", f"/share {ARTICLE} #sustainability Read"))
    assert "as item #1" in answer(await chat.say("ben", f"/share {ARTICLE}/"))
    assert "marked as external" in answer(await chat.say("cora", "/share external 1"))
    assert "is pinned" in answer(await chat.say("cora", "/share pin 1"))
    assert "until Dec 31, 2026" in answer(await chat.say("cora", "/share expire 1 2026-12-31"))
    listed = answer(await chat.say("ben", "/share list #sustainability"))
    assert "📌 Item #1" in listed and "external" in listed
    assert "What surprised you?" in answer(await chat.say("ben", "/share pick 1"))
    assert "Draft #1 is started from item #1" in answer(await chat.say("ben", "/share draft 1 1"))
    posted = await chat.say("ben", "/posted https://www.linkedin.com/posts/ben-1 1")
    assert "linked to library item #1" in answer(posted)
    assert "content library (item #1)" in channel_posts(posted)[0].text
    stats = answer(await chat.say("cora", "/share stats"))
    assert "External content: 1" in stats and "0% company content" in stats


async def test_members_suggesting_one_link_at_once_get_one_item(chat: Chat) -> None:
    members = [f"m{index}" for index in range(8)]
    for member in members:
        await chat.say(member, "/chorus help")  # everyone is registered first

    answers = await asyncio.gather(*(chat.say(m, f"/share {ARTICLE}") for m in members))

    texts = [answer(a) for a in answers]
    assert all("item #1" in t.lower() for t in texts), texts
    assert sum("is in the library. Thank you!" in t for t in texts) == 1
    assert "2 items" not in answer(await chat.say("m0", "/share list"))
