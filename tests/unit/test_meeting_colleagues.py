"""Cheering a colleague Chorus has not met yet: the platform's directory vouches for them."""

from __future__ import annotations

from bot.core import Core
from bot.ports import Person
from tests.helpers import Chat, answer, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


class FakeDirectory:
    """A platform's people, counting the questions asked."""

    def __init__(self, *people: Person, names_are_people: bool = False) -> None:
        self.people = {p.user_id: p for p in people}
        self.names_are_people = names_are_people
        self.asked: list[str] = []

    async def person(self, user_id: str) -> Person | None:
        self.asked.append(user_id)
        return self.people.get(user_id)

    async def named(self, name: str) -> Person | None:
        return Person(name.casefold(), name) if self.names_are_people else None


BENTE = Person("U0BENTE", "Bente Hansen", "nl-NL")


async def _cheer(core: Core, chat: Chat, line: str, directory: FakeDirectory) -> str:
    outcome = await core.handle_text(chat.actor("ann"), line, directory=directory)
    return answer(outcome)


async def test_a_colleague_the_platform_knows_becomes_a_member_with_name_and_language(
    core: Core, chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    directory = FakeDirectory(BENTE)
    outcome = await core.handle_text(
        chat.actor("ann"), "/cheer <@U0BENTE|bente> thanks for the review", directory=directory
    )
    assert "Your cheer for" in answer(outcome) and "Bente Hansen" in answer(outcome)
    [note] = notes(outcome)
    assert note.recipient_id == "U0BENTE"
    # Her first note from Chorus, in her language: what Chorus is, and how to opt out.
    assert "/chorus cheers private" in note.text and "ambassadeursprogramma" in note.text
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        member = await uow.members.by_external_id(workspace.id, "U0BENTE")
    assert member is not None
    assert (member.display_name, member.locale, member.last_active_at) == (
        "Bente Hansen",
        "nl",
        None,
    )


async def test_a_member_who_used_chorus_gets_the_cheer_without_the_introduction(
    core: Core, chat: Chat
) -> None:
    await chat.say("bente", "/chorus help")
    outcome = await core.handle_text(
        chat.actor("ann"), "/cheer <@bente|bente> thanks", directory=FakeDirectory()
    )
    [note] = notes(outcome)
    assert "/chorus cheers private" not in note.text


async def test_someone_the_platform_does_not_know_is_an_unknown_member(
    core: Core, chat: Chat
) -> None:
    directory = FakeDirectory()
    text = await _cheer(core, chat, "/cheer <@U0GHOST|ghost> thanks", directory)
    assert "I don't know ghost yet" in text
    assert directory.asked.count("U0GHOST") == 1


async def test_without_a_directory_an_unmet_colleague_stays_unknown(chat: Chat) -> None:
    assert "I don't know bente yet" in answer(await chat.say("ann", "/cheer <@U0BENTE|bente> x"))


async def test_a_refused_cheer_leaves_no_member_behind(
    core: Core, chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("bob", "/chorus help")
    for n in range(5):  # the day's allowance
        await chat.say("ann", f"/cheer <@bob|bob> thanks {n}")
    text = await _cheer(core, chat, "/cheer <@U0BENTE|bente> thanks", FakeDirectory(BENTE))
    assert "all 5 cheers for today" in text
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        assert await uow.members.by_external_id(workspace.id, "U0BENTE") is None


async def test_in_the_console_a_name_is_enough(core: Core, chat: Chat) -> None:
    directory = FakeDirectory(names_are_people=True)
    text = await _cheer(core, chat, "/cheer @bente thanks for the review", directory)
    assert "Your cheer for" in text
    again = await _cheer(core, chat, "/cheer @bente and the slides", directory)
    assert "Your cheer for" in again
    assert "bente" not in directory.asked  # a console name is enough


async def test_a_members_name_comes_from_the_platform_once_a_day(
    core: Core, chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    directory = FakeDirectory(Person("ann", "Ann Andersen"))
    actor = chat.actor("ann")  # the command says "Ann", the account's username

    async def name() -> str:
        async with uow_factory() as uow:
            [workspace] = await uow.workspaces.all()
            member = await uow.members.by_external_id(workspace.id, "ann")
            assert member is not None
            return member.display_name

    await core.handle_text(actor, "/chorus help", directory=directory)
    assert await name() == "Ann Andersen"
    await core.handle_text(actor, "/chorus help", directory=directory)
    assert directory.asked == ["ann"]  # asked once that day
    assert await name() == "Ann Andersen"  # the username does not undo it

    directory.people["ann"] = Person("ann", "Ann Bech")  # she married
    clock.advance(hours=23)
    outcome = await core.handle_text(actor, "/chorus help", directory=directory)
    assert not outcome.name_due and await name() == "Ann Andersen"
    clock.advance(hours=2)
    outcome = await core.handle_text(actor, "/chorus help", directory=directory)
    # A day on, the command is answered without asking the platform: the adapter asks
    # after the answer, so a slow directory never delays it.
    assert directory.asked == ["ann"] and outcome.name_due
    assert outcome.workspace_id is not None
    await core.refresh_name(outcome.workspace_id, "ann", directory)
    assert directory.asked == ["ann", "ann"]
    assert await name() == "Ann Bech"
    outcome = await core.handle_text(actor, "/chorus help", directory=directory)
    assert not outcome.name_due and directory.asked == ["ann", "ann"]


async def test_a_name_refresh_that_fails_is_asked_again_next_time(
    core: Core, chat: Chat, clock: FakeClock
) -> None:
    directory = FakeDirectory(Person("ann", "Ann Andersen"))
    actor = chat.actor("ann")
    await core.handle_text(actor, "/chorus help", directory=directory)
    clock.advance(days=2)
    outcome = await core.handle_text(actor, "/chorus help", directory=directory)
    assert outcome.workspace_id is not None and outcome.name_due
    del directory.people["ann"]  # the platform no longer answers for her
    await core.refresh_name(outcome.workspace_id, "ann", directory)
    again = await core.handle_text(actor, "/chorus help", directory=directory)
    assert again.name_due  # not marked as checked: asked again after this answer


async def test_a_failing_directory_does_not_stop_a_command(core: Core, chat: Chat) -> None:
    class Broken(FakeDirectory):
        async def person(self, user_id: str) -> Person | None:
            raise TimeoutError

    outcome = await core.handle_text(chat.actor("ann"), "/idea Backups", directory=Broken())
    assert "Idea #1" in answer(outcome)
