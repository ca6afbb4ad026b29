"""Coordinators run the programme: themes, channel, roles, language, time zone."""

from __future__ import annotations

from bot.model import Role
from tests.helpers import Chat, answer, button_commands
from tests.unit.fakes import FakeUnitOfWorkFactory


def roles(uow_factory: FakeUnitOfWorkFactory) -> dict[str, Role]:
    return {m.external_id: m.role for m in uow_factory.state.members.values()}


async def test_members_are_registered_on_first_contact_and_admins_are_coordinators(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/chorus help")
    await chat.say("cora", "/chorus help")
    assert roles(uow_factory) == {"ann": Role.AMBASSADOR, "cora": Role.COORDINATOR}


async def test_seed_themes_come_from_the_programme_settings(chat: Chat) -> None:
    text = answer(await chat.say("ann", "/chorus theme list"))
    assert "#culture, #engineering, #sustainability" in text


async def test_theme_commands_are_for_coordinators_only(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for line in ("/chorus theme add fintech", "/chorus theme remove culture"):
        assert "Only coordinators" in answer(await chat.say("ann", line))
    assert sorted(t.name for t in uow_factory.state.themes.values()) == [
        "culture",
        "engineering",
        "sustainability",
    ]


async def test_a_coordinator_adds_and_removes_themes_with_undo(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    added = await chat.say("cora", "/chorus theme add Open-Banking")
    assert "Added the theme #Open-Banking" in answer(added)
    assert button_commands(added.reply.messages[0]) == ["chorus theme remove Open-Banking"]
    assert "Programmes work best with 5 to 10 themes" in added.reply.messages[1].text

    duplicate = await chat.say("cora", "/chorus theme add open-banking")
    assert "already exists" in answer(duplicate)

    removed = await chat.say("cora", "/chorus theme remove OPEN-banking")
    assert "Removed the theme #Open-Banking" in answer(removed)
    assert "Open-Banking" not in {t.name for t in uow_factory.state.themes.values()}

    missing = await chat.say("cora", "/chorus theme remove nothing")
    assert "There is no theme #nothing" in answer(missing)


async def test_themes_match_without_case_or_accents(chat: Chat) -> None:
    await chat.say("cora", "/chorus theme add Skrivecafé")
    outcome = await chat.say("ann", "/idea Grøn IT #SKRIVECAFE")
    assert "Grøn IT\n#Skrivecafé" in outcome.reply.messages[-1].text


async def test_removing_a_theme_untags_ideas_but_keeps_their_text(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Grøn IT #sustainability")
    await chat.say("cora", "/chorus theme remove sustainability")
    [idea] = uow_factory.state.ideas.values()
    assert idea.text == "Grøn IT"
    assert uow_factory.state.idea_themes == set()


async def test_setting_the_channel_needs_a_coordinator_in_a_channel(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus channel"))
    chat.channel = "C777"
    assert "now the ambassador channel" in answer(await chat.say("cora", "/chorus channel"))
    [workspace] = uow_factory.state.workspaces.values()
    assert workspace.channel_id == "C777"


async def test_coordinators_promote_and_demote_with_undo(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("bente", "/chorus help")

    refused = await chat.say("ann", "/chorus promote <@bente>")
    assert "Only coordinators" in answer(refused)

    promoted = await chat.say("cora", "/chorus promote <@bente|Bente>")
    assert "@Bente is now a coordinator" in answer(promoted)
    assert button_commands(promoted.reply.messages[0]) == ["chorus demote <@bente>"]
    assert roles(uow_factory)["bente"] is Role.COORDINATOR

    again = await chat.say("cora", "/chorus promote @bente")
    assert "already a coordinator" in answer(again)

    demoted = await chat.say("bente", "/chorus demote @Bente")
    assert "now an ambassador" in answer(demoted)


async def test_an_admin_from_settings_cannot_be_demoted_in_chat(chat: Chat) -> None:
    await chat.say("cora", "/chorus help")
    outcome = await chat.say("cora", "/chorus demote @cora")
    assert "CHORUS_ADMINS" in answer(outcome)


async def test_the_last_coordinator_cannot_demote_themselves(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/chorus help")
    await chat.say("cora", "/chorus promote @ann")
    # cora leaves the workspace, so ann is the only coordinator left
    uow_factory.state.members = {
        k: v for k, v in uow_factory.state.members.items() if v.external_id != "cora"
    }
    outcome = await chat.say("ann", "/chorus demote @ann")
    assert "only coordinator" in answer(outcome)


async def test_naming_an_unknown_member_explains_how_members_join(chat: Chat) -> None:
    outcome = await chat.say("cora", "/chorus promote @nobody")
    assert "I don't know nobody yet" in answer(outcome)


async def test_time_zone_choice_is_validated_and_shown_in_local_time(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    bad = await chat.say("ann", "/chorus timezone Mars/Olympus")
    assert "Europe/Copenhagen" in answer(bad)

    good = await chat.say("ann", "/chorus timezone europe/amsterdam")
    assert (
        "Time zone set to Europe/Amsterdam. It is Nov 24, 2026, 10:00\u202fAM there now."
        in answer(good)
    )
    assert {m.timezone for m in uow_factory.state.members.values()} == {"Europe/Amsterdam"}


async def test_settings_show_the_programme_and_my_choices(chat: Chat) -> None:
    await chat.say("cora", "/chorus help")
    text = answer(await chat.say("ann", "/chorus settings"))
    assert "Coordinators: @Cora" in text
    assert "Your role: ambassador" in text
    assert "Programme time zone: Europe/Copenhagen" in text


async def test_help_lists_coordinator_commands_only_for_coordinators(chat: Chat) -> None:
    assert "/chorus theme add NAME" not in answer(await chat.say("ann", "/chorus help"))
    assert "/chorus theme add NAME" in answer(await chat.say("cora", "/chorus help"))
    assert "/chorus theme add NAME" in answer(await chat.say("ann", "/chorus help coordinators"))
