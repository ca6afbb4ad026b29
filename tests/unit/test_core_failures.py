"""A store that fails (a locked database, a lost connection) never leaves a member without
an answer: they hear, privately and in their language, that nothing was saved."""

from __future__ import annotations

from typing import Self

from bot.config import Programme
from bot.core import Core
from bot.messages import Audience
from tests.helpers import Chat, answer
from tests.unit.fakes import FakeClock, FakeUnitOfWork, FakeUnitOfWorkFactory


class LockedDatabase(Exception):
    """What a store raises while another writer holds the lock."""


class LockedUnitOfWork(FakeUnitOfWork):
    """Fails as soon as it is opened, like SQLite while another writer holds the lock."""

    async def __aenter__(self) -> Self:
        raise LockedDatabase("database is locked")


class LockedUnitOfWorkFactory(FakeUnitOfWorkFactory):
    """Hands out units of work that cannot be opened."""

    def __call__(self) -> FakeUnitOfWork:
        return LockedUnitOfWork(self.state)


async def test_a_failure_while_registering_the_member_still_gets_a_private_answer() -> None:
    core = Core(LockedUnitOfWorkFactory(), Programme(locale="da"), FakeClock())
    outcome = await Chat(core).say("ann", "/idea Why we test our backups")
    assert "intet blev gemt" in answer(outcome)  # the programme's language: Danish
    assert [m.audience for m in outcome.reply.messages] == [Audience.PRIVATE]
    assert outcome.workspace_id is None
