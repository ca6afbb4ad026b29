"""Teams activities → actor, place and command line."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity

from adapters.teams.inbound import (
    FALLBACK_WORKSPACE,
    FormSubmission,
    Press,
    actor_of,
    command_text,
    conversation_id,
    read_value,
    reference_of,
    workspace_id,
)
from bot.commands import MemberRef
from bot.ideas.commands import SubmitIdea
from bot.model import Platform, Role
from bot.programme.commands import SetRole
from bot.registry import parse

BOT = {"id": "28:bot", "name": "Chorus"}


def activity(**fields: Any) -> Activity:
    base: dict[str, Any] = {
        "type": "message",
        "id": "1",
        "channelId": "msteams",
        "serviceUrl": "http://127.0.0.1:9/",
        "from": {"id": "29:alice", "name": "Alice", "aadObjectId": "aad-alice"},
        "recipient": BOT,
        "conversation": {"id": "a:personal", "conversationType": "personal", "tenantId": "t-1"},
    }
    base.update(fields)
    return Activity.model_validate(base)


async def no_lookup(teams_id: str) -> str | None:
    return None


async def test_the_bots_own_mention_is_stripped_and_both_spellings_parse() -> None:
    for typed in (
        "idea Mentoring new colleagues #culture",
        "/idea Mentoring new colleagues #culture",
    ):
        incoming = activity(
            text=f"<at>Chorus</at>&nbsp;{typed}\n",
            entities=[{"type": "mention", "text": "<at>Chorus</at>", "mentioned": BOT}],
        )
        line = await command_text(incoming, no_lookup)
        assert line == typed
        assert parse(line) == SubmitIdea("Mentoring new colleagues", ("culture",))


async def test_other_mentions_become_member_mentions_the_parser_understands() -> None:
    incoming = activity(
        text="<at>Chorus</at> chorus promote <at>Bente Hansen</at>",
        entities=[
            {"type": "mention", "text": "<at>Chorus</at>", "mentioned": BOT},
            {
                "type": "mention",
                "text": "<at>Bente Hansen</at>",
                "mentioned": {"id": "29:bente", "name": "Bente Hansen"},
            },
        ],
    )
    looked_up: list[str] = []

    async def lookup(teams_id: str) -> str | None:
        looked_up.append(teams_id)
        return "aad-bente"

    line = await command_text(incoming, lookup)
    assert line == "chorus promote <@aad-bente|Bente Hansen>"
    assert looked_up == ["29:bente"]
    assert parse(line) == SetRole(MemberRef("aad-bente", "Bente Hansen"), Role.COORDINATOR)


async def test_a_mention_without_a_known_aad_id_keeps_the_teams_id() -> None:
    incoming = activity(
        text="chorus demote <at>Bo</at>",
        entities=[
            {"type": "mention", "text": "<at>Bo</at>", "mentioned": {"id": "29:bo", "name": "Bo"}}
        ],
    )
    assert await command_text(incoming, no_lookup) == "chorus demote <@29:bo|Bo>"


def test_the_actor_is_the_aad_object_id_with_the_teams_id_as_alias() -> None:
    actor = actor_of(activity(locale="da-DK", localTimezone="Europe/Copenhagen"))
    assert actor is not None
    assert (actor.platform, actor.workspace_id, actor.user_id, actor.aliases) == (
        Platform.TEAMS,
        "t-1",
        "aad-alice",
        ("29:alice",),
    )
    assert (actor.display_name, actor.channel_id, actor.locale, actor.timezone) == (
        "Alice",
        None,
        "da-DK",
        "Europe/Copenhagen",
    )
    playground = actor_of(
        activity(
            **{"from": {"id": "user-1", "name": "User"}},
            conversation={"id": "c1"},
            localTimezone="Mars/Base",
        )
    )
    assert playground is not None
    assert (
        playground.workspace_id,
        playground.user_id,
        playground.aliases,
        playground.timezone,
    ) == (
        FALLBACK_WORKSPACE,
        "user-1",
        (),
        None,
    )


def test_the_tenant_comes_from_channel_data_when_the_conversation_lacks_it() -> None:
    incoming = activity(conversation={"id": "c1"}, channelData={"tenant": {"id": "t-9"}})
    assert workspace_id(incoming) == "t-9"


def test_a_channel_thread_belongs_to_its_channel() -> None:
    incoming = activity(
        conversation={
            "id": "19:amb@thread.tacv2;messageid=17",
            "conversationType": "channel",
            "tenantId": "t-1",
        }
    )
    assert conversation_id(incoming) == "19:amb@thread.tacv2"
    actor = actor_of(incoming)
    assert actor is not None and actor.channel_id == "19:amb@thread.tacv2"
    reference = reference_of(incoming)
    assert reference.conversation.id == "19:amb@thread.tacv2" and reference.activity_id is None


def test_card_data_is_read_as_a_press_or_a_form() -> None:
    assert read_value({"chorus": "idea vote 2", "chorus_key": "idea:2"}) == Press(
        "idea vote 2", "idea:2"
    )
    assert read_value({"chorus": "help"}) == Press("help")
    submitted = read_value({"chorus_form": "idea", "chorus_form_def": {"title": "T"}, "text": "Hi"})
    assert submitted == FormSubmission("idea", {"title": "T"}, {"text": "Hi"})
    assert read_value({"something": "else"}) is None
    assert read_value("text") is None


def test_an_event_without_a_name_does_not_name_the_member_after_their_id() -> None:
    actor = actor_of(activity(**{"from": {"id": "29:x", "aadObjectId": "aad-x"}}))
    assert actor is not None and actor.display_name == ""
    assert reference_of(activity(requestId="r-1")).request_id is None
