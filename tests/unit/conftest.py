from __future__ import annotations

import pytest

from bot.config import Programme
from bot.core import Core
from tests.helpers import Chat
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

THEMES = ("engineering", "culture", "sustainability")


@pytest.fixture
def uow_factory() -> FakeUnitOfWorkFactory:
    return FakeUnitOfWorkFactory()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def programme() -> Programme:
    return Programme(
        themes=THEMES,
        admins=frozenset({"cora"}),
        channel_id="C1",
        timezone="Europe/Copenhagen",
        page_size=3,
    )


@pytest.fixture
def core(uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock) -> Core:
    return Core(uow_factory, programme, clock)


@pytest.fixture
def chat(core: Core) -> Chat:
    return Chat(core)
