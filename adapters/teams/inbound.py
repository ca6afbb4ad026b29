"""Teams activities → what the core needs: who acts, where, and the command line.

Pure functions over the SDK's Activity model; no I/O except through the ``resolve``
callback the caller passes for mentions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from microsoft_agents.activity import Activity, ChannelAccount, ConversationReference

from adapters.teams.render import CARD_KEY, COMMAND_KEY, FORM_DEF_KEY, FORM_KEY
from bot.commands import Actor
from bot.model import Platform

FALLBACK_WORKSPACE = "teams"  # Agents Playground and the Emulator send no tenant
PERSONAL = "personal"
CHANNEL = "channel"
_MENTION_NAME_UNSAFE = re.compile(r"[<>|]")


@dataclass(frozen=True)
class Press:
    """A card button was pressed: run ``command``; ``key`` names the shared card it was on."""

    command: str
    key: str | None = None


@dataclass(frozen=True)
class FormSubmission:
    """A card form was submitted."""

    command: str
    definition: object  # what the card said about itself (see render.form_definition)
    values: dict[str, Any]


def workspace_id(activity: Activity) -> str:
    """The tenant id, the programme's workspace in Teams."""
    if activity.conversation is not None and activity.conversation.tenant_id:
        return str(activity.conversation.tenant_id)
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str) and tenant["id"]:
        return str(tenant["id"])
    return FALLBACK_WORKSPACE


def conversation_kind(activity: Activity) -> str:
    """``personal``, ``channel`` or ``groupChat``."""
    kind = activity.conversation.conversation_type if activity.conversation else None
    return str(kind) if kind else PERSONAL


def conversation_id(activity: Activity) -> str:
    """The conversation's id; for a channel, the channel itself rather than one thread."""
    raw = str(activity.conversation.id) if activity.conversation else ""
    if conversation_kind(activity) == CHANNEL:
        return raw.split(";", 1)[0]
    return raw


def team_id(activity: Activity) -> str | None:
    """The Teams team a channel activity belongs to, if it says."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team")
    if isinstance(team, dict) and isinstance(team.get("id"), str) and team["id"]:
        return str(team["id"])
    return None


def member_ids(account: ChannelAccount) -> tuple[str, tuple[str, ...]]:
    """A person's member id (the AAD object id when Teams sends one) and their other ids."""
    teams_id = str(account.id or "")
    if account.aad_object_id:
        return str(account.aad_object_id), ((teams_id,) if teams_id else ())
    return teams_id, ()


def actor_of(activity: Activity) -> Actor | None:
    """Who acts, as the core knows them; None when the activity names nobody."""
    sender = activity.from_property
    if sender is None or not sender.id:
        return None
    user_id, aliases = member_ids(sender)
    return Actor(
        Platform.TEAMS,
        workspace_id(activity),
        user_id,
        sender.name or "",  # some events carry no name: the next message brings it
        channel_id=None if conversation_kind(activity) == PERSONAL else conversation_id(activity),
        locale=activity.locale or None,
        timezone=_zone(activity.local_timezone),
        aliases=aliases,
    )


def _zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def reference_of(activity: Activity) -> ConversationReference:
    """Where to post in this conversation later: no thread, no message to reply to."""
    reference = activity.get_conversation_reference()
    reference.activity_id = None
    reference.request_id = None
    if reference.conversation is not None:
        reference.conversation = reference.conversation.model_copy(
            update={"id": conversation_id(activity)}
        )
    return reference


def dump_reference(reference: ConversationReference) -> str:
    """A conversation reference as stored JSON."""
    return reference.model_dump_json(by_alias=True, exclude_none=True)


def load_reference(stored: str) -> ConversationReference:
    """A stored conversation reference."""
    return ConversationReference.model_validate_json(stored)


def event_id(activity: Activity) -> str | None:
    """A key for de-duplicating redelivered activities (ids are unique per conversation)."""
    if not activity.id:
        return None
    raw = f"{activity.conversation.id if activity.conversation else ''}\n{activity.id}"
    return hashlib.sha256(raw.encode()).hexdigest()


async def command_text(activity: Activity, resolve: Callable[[str], Awaitable[str | None]]) -> str:
    """The typed line as the parser reads it: the bot's own mention removed, every other
    ``<at>Name</at>`` turned into ``<@ID|Name>``. ``resolve`` maps a Teams ``29:`` id to
    the member's AAD object id when the mention entity does not carry it."""
    text = (activity.text or "").replace("&nbsp;", " ").replace("\u00a0", " ")
    bot_id = activity.recipient.id if activity.recipient else None
    for mention in activity.get_mentions():
        person = mention.mentioned
        if person is None or not person.id:
            continue
        tag = mention.text or f"<at>{person.name}</at>"
        if person.id == bot_id:
            text = text.replace(tag, " ")
            continue
        member_id, _ = member_ids(person)
        if not person.aad_object_id:
            member_id = await resolve(str(person.id)) or member_id
        name = _MENTION_NAME_UNSAFE.sub("", person.name or "").strip()
        text = text.replace(tag, f"<@{member_id}|{name}>" if name else f"<@{member_id}>")
    return text.strip()


def read_value(value: object) -> Press | FormSubmission | None:
    """A card's submitted data (``Action.Submit`` value or ``Action.Execute`` data)."""
    if not isinstance(value, dict):
        return None
    form = value.get(FORM_KEY)
    if isinstance(form, str):
        values = {k: v for k, v in value.items() if k not in (FORM_KEY, FORM_DEF_KEY)}
        return FormSubmission(form, value.get(FORM_DEF_KEY), values)
    command = value.get(COMMAND_KEY)
    if isinstance(command, str):
        key = value.get(CARD_KEY)
        return Press(command, key if isinstance(key, str) else None)
    return None
