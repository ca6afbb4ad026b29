"""Erasure and export on SQL (SQLite, and PostgreSQL when CHORUS_TEST_DATABASE_URL is set):
after an erasure nothing in any table names the member or holds what they wrote, and no
table that holds a member id, a platform id or a name escapes export and erasure."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.commands import Actor
from bot.config import Programme
from bot.core import Core
from bot.model import Platform
from bot.privacy.export import KINDS
from storage.database import session_factory
from storage.models import Base, CafeRow, IdeaVoteRow, MemberRow, OutboxRow, PrivacyAuditRow
from storage.privacy import NOT_PERSONAL, PERSONAL
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ANN = Actor(Platform.SLACK, "T1", "U0ANNEZQ", "Annelise Zebrowski", channel_id="C1")
URL = "https://www.linkedin.com/posts/zqx-annelise-backups"
HER_WORDS = ("ZQX idea about backups", "ZQX draft on restores", "ZQX note for the slot", URL)


class Clock:
    def __init__(self) -> None:
        self.moment = NOW

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def core(uow_factory: SqlUnitOfWorkFactory, clock: Clock) -> Core:
    programme = Programme(admins=frozenset({"cora"}), channel_id="C1", timezone="UTC")
    return Core(uow_factory, programme, clock)


async def ann(core: Core, line: str) -> str:
    return answer(await core.handle_text(ANN, line))


async def _a_busy_member(core: Core) -> Chat:
    chat = Chat(core)
    await ann(core, "/chorus help")
    await chat.say("cora", "/chorus slot add 2026-12-01 14:00")
    await chat.say("cora", "/chorus cafe add 2026-12-03 15:00 90 8 Writing | Room 1 | Hooks")
    await chat.say("ben", "/idea Ben's idea about onboarding")
    await chat.say("ben", "/draft Ben's draft about onboarding")
    await chat.say("ben", "/draft feedback 1 <@U0ANNEZQ|annelise>")
    await ann(core, f"/idea {HER_WORDS[0]}")
    await ann(core, "/idea vote 1")
    await ann(core, "/idea claim 1")
    await ann(core, f"/draft {HER_WORDS[1]}")
    await ann(core, "/draft feedback 2 @ben")
    await ann(core, f"/posted {URL} 2")
    await ann(core, f"posted confirm {URL} 2")  # the open feedback request asks first
    await ann(core, "/book slot 1")
    await ann(core, f"/book attach slot 1 {HER_WORDS[2]}")
    await ann(core, "/book cafe 1")
    await ann(core, "/chorus calendar")
    await ann(core, "/chorus cheers private")
    await ann(core, "/cheer @ben thanks for the onboarding tips")
    await ann(core, "/draft review 1 A strong opening line.")
    await chat.say("ben", "/cheer <@U0ANNEZQ|annelise> thank you Annelise")
    await chat.say("ben", "/posted like 1")
    return chat


async def test_export_on_sql_has_every_kind_with_exactly_its_fields(
    core: Core, uow_factory: SqlUnitOfWorkFactory
) -> None:
    await _a_busy_member(core)
    async with uow_factory() as uow:
        _, member = await core.register(ANN)
        data = await uow.privacy.collect(member.id)
    assert set(data) == set(KINDS)
    for kind, rows in data.items():
        for row in rows:
            assert tuple(row) == KINDS[kind].fields, kind
    assert [i["text"] for i in data["ideas"]] == [HER_WORDS[0]]
    assert [v["text"] for v in data["draft_versions"]] == [HER_WORDS[1]]
    assert [p["url"] for p in data["posts"]] == [URL]
    assert [b["draft"] for b in data["bookings"] if b["kind"] == "slot"] == [HER_WORDS[2]]
    assert {b["kind"] for b in data["bookings"]} == {"slot", "cafe"}
    assert [c["reason"] for c in data["cheers_received"]] == ["thank you Annelise"]
    assert [c["reason"] for c in data["cheers_given"]] == ["thanks for the onboarding tips"]
    assert [f["text"] for f in data["feedback_given"]] == ["A strong opening line."]
    assert data["cheer_settings"] == [{"announced": False}]
    assert len(data["calendar_links"]) >= 1
    assert [i["number"] for i in data["ideas_claimed"]] == [1]  # Ben's
    assert [v["idea_number"] for v in data["votes"]] == [1]


async def test_after_erasure_no_table_names_the_member_or_holds_her_words(
    core: Core, engine: AsyncEngine, clock: Clock
) -> None:
    chat = await _a_busy_member(core)
    # A note for her still waiting in the outbox when she is erased.
    async with engine.connect() as connection:
        waiting = (
            await connection.execute(
                select(OutboxRow.id).where(
                    OutboxRow.target == ANN.user_id, OutboxRow.status == "pending"
                )
            )
        ).all()
    assert waiting
    await chat.say("cora", "/chorus member erase <@U0ANNEZQ>")
    assert "Erased" in answer(await chat.say("cora", "/chorus member erase <@U0ANNEZQ> confirm"))

    needles = (ANN.user_id, "Annelise", "Zebrowski", "zebrowski", *HER_WORDS)
    found = []
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in (await connection.execute(select(table))).mappings():
                for column, value in row.items():
                    if isinstance(value, str) and any(n in value for n in needles):
                        found.append(f"{table.name}.{column}: {value[:80]}")
        assert found == []
        states = (
            await connection.execute(
                select(OutboxRow.status).where(OutboxRow.id.in_([w[0] for w in waiting]))
            )
        ).scalars()
        assert set(states) == {"superseded"}
        # What she gave others stays, from a former member; her café seat is free.
        assert len((await connection.execute(select(IdeaVoteRow))).all()) == 1  # still counts
        cafe = (await connection.execute(select(CafeRow.seats_taken))).scalar_one()
        assert cafe == 0
        (audit,) = (await connection.execute(select(PrivacyAuditRow))).all()
        assert audit.by_label == "coordinator" and audit.action == "erase"
        erased = (
            await connection.execute(select(MemberRow).where(MemberRow.erased_at.is_not(None)))
        ).one()
        assert erased.display_name == "" and erased.external_id.startswith("former:")
    shown = answer(await chat.say("ben", "/draft show 1"))
    assert "a former member" in shown and "A strong opening line." in shown
    # Coming back later is a fresh start.
    clock.moment += timedelta(days=1)
    assert "Backups" not in await ann(core, "/idea list mine")


async def test_a_download_link_works_once_and_not_after_expiry_on_sql(
    core: Core, clock: Clock
) -> None:
    teams = Actor(Platform.TEAMS, "tenant", "aad-ann", "Ann", channel_id="19:c")
    outcome = await core.handle_text(teams, "/chorus privacy export")
    text = answer(outcome)
    token = re.search(r"/export/([A-Za-z0-9_-]+)\.zip", text)
    assert token is not None
    assert (await core.download(token.group(1))) is not None
    assert await core.download(token.group(1)) is None
    clock.moment += timedelta(minutes=5)
    second = re.search(
        r"/export/([A-Za-z0-9_-]+)\.zip",
        answer(await core.handle_text(teams, "/chorus privacy export")),
    )
    assert second is not None
    clock.moment += timedelta(hours=24, minutes=1)
    assert await core.download(second.group(1)) is None


_PERSONAL_NAME = re.compile(
    r"^(external_id|user_id|.*_user_id|display_name|name_key|.*_name|target|payload|"
    r"reference|conversation_id)$"
)


def _points_at_members(foreign_keys: set[ForeignKey]) -> bool:
    return any(fk.column.table.name == "members" for fk in foreign_keys)


def test_every_column_that_can_hold_a_person_is_covered_by_export_and_erasure() -> None:
    personal = set()
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            text_like = isinstance(column.type, (String, Text))
            if _points_at_members(set(column.foreign_keys)) or (
                text_like and _PERSONAL_NAME.match(column.name)
            ):
                personal.add(f"{table.name}.{column.name}")
    personal.add("members.id")
    assert personal - set(PERSONAL) - set(NOT_PERSONAL) == set(), "not covered"
    assert set(PERSONAL) - personal == set(), "covered, but not in the schema"
    assert set(NOT_PERSONAL) - personal == set(), "an exception for a column that is not there"
    assert set(PERSONAL).isdisjoint(NOT_PERSONAL)
