"""Slack payloads → what the core understands: the actor, the command line, form values.

Nothing here talks to Slack or the database; every function is a pure translation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack.render import ACTION_PREFIX, FORM_CALLBACK
from bot.commands import Actor
from bot.model import Platform

COMMANDS = frozenset({"/idea", "/draft", "/posted", "/share", "/cheer", "/book", "/chorus"})
EVENTS = frozenset(
    {
        "reaction_added",
        "reaction_removed",
        "app_home_opened",
        "member_joined_channel",
        "app_mention",
        "user_change",
        "app_uninstalled",
        "tokens_revoked",
    }
)
# The app was taken away: Slack sends these without a usable token, so bolt skips auth.test.
REVOCATIONS = frozenset({"app_uninstalled", "tokens_revoked"})
ACTION_ID = re.compile(rf"^{re.escape(ACTION_PREFIX)}\d+$")

_TOKEN = re.compile(r"<([^<>]*)>")
_ENTITIES = re.compile(r"&(amp|lt|gt);")
_ENTITY_CHARS = {"amp": "&", "lt": "<", "gt": ">"}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def unescape_command_text(text: str) -> str:
    """Slash-command text as the member typed it.

    With ``should_escape`` Slack sends ``&amp; &lt; &gt;`` and wraps links, special
    mentions and dates in ``<…>``. Member mentions ``<@U1|name>`` and channel references
    ``<#C1|name>`` are kept for the parser; links become what was typed (the label, else the
    URL), ``<!here>`` becomes ``@here`` — plain text from here on, escaped again on output.
    """

    def token(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.startswith(("@", "#")):
            return match.group(0)
        target, _, label = inner.partition("|")
        if label:
            return label
        if target.startswith("!"):
            return "@" + target[1:].split("^")[0]
        return target

    replaced = _TOKEN.sub(token, text)
    return _ENTITIES.sub(lambda m: _ENTITY_CHARS[m.group(1)], replaced)


def command_line(body: Mapping[str, Any]) -> str:
    """``/idea`` + its text, ready for ``Core.handle_text``."""
    return f"{_str(body.get('command'))} {unescape_command_text(_str(body.get('text')))}".strip()


def command_actor(body: Mapping[str, Any]) -> Actor | None:
    """The member behind a slash command; None if the payload names nobody."""
    team, user = _str(body.get("team_id")), _str(body.get("user_id"))
    if not team or not user:
        return None
    return Actor(
        Platform.SLACK,
        team,
        user,
        _str(body.get("user_name")),
        channel_id=_str(body.get("channel_id")) or None,
    )


def interaction_actor(body: Mapping[str, Any]) -> Actor | None:
    """The member behind a button press or a form submission."""
    user = _dict(body.get("user"))
    team = _str(_dict(body.get("team")).get("id")) or _str(user.get("team_id"))
    user_id = _str(user.get("id"))
    if not team or not user_id:
        return None
    channel = _str(_dict(body.get("channel")).get("id")) or _str(
        _dict(body.get("container")).get("channel_id")
    )
    name = _str(user.get("username")) or _str(user.get("name"))
    return Actor(Platform.SLACK, team, user_id, name, channel_id=channel or None)


def event_actor(body: Mapping[str, Any], user_id: str, channel_id: str | None) -> Actor | None:
    """The member behind an event (events carry no display name: the member keeps theirs)."""
    team = _str(body.get("team_id"))
    if not team or not user_id:
        return None
    return Actor(Platform.SLACK, team, user_id, "", channel_id=channel_id or None)


@dataclass(frozen=True)
class FormMetadata:
    """What a modal carries from its opening to its submission."""

    command: str
    channel_id: str | None


def form_metadata(view: Mapping[str, Any]) -> FormMetadata | None:
    """The command and channel stored in a Chorus modal; None if it is not ours or broken."""
    try:
        data = json.loads(_str(view.get("private_metadata")))
    except ValueError:
        return None
    if not isinstance(data, dict) or not _str(data.get("command")):
        return None
    return FormMetadata(_str(data["command"]), _str(data.get("channel")) or None)


def form_values(view: Mapping[str, Any]) -> dict[str, str]:
    """Input name → typed text (blank for inputs left empty)."""
    values: dict[str, str] = {}
    state = _dict(_dict(view.get("state")).get("values"))
    for block_id, actions in state.items():
        for action in _dict(actions).values():
            values[block_id] = _str(_dict(action).get("value"))
    return values


def reaction_name(reaction: str) -> str:
    """``clap::skin-tone-3`` → ``clap``."""
    return reaction.split("::", 1)[0]


def kind_of(body: Mapping[str, Any]) -> str | None:
    """Which Chorus listener a request is for: ``command``, ``action``, ``view`` or
    ``event`` — or None for everything Chorus does not use (acknowledged and ignored)."""
    if "command" in body:
        if body.get("command") in COMMANDS and command_actor(body):
            return "command"
        return None
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions")
        if (
            isinstance(actions, list)
            and actions
            and ACTION_ID.match(_str(_dict(actions[0]).get("action_id")))
            and _str(_dict(actions[0]).get("value"))
            and interaction_actor(body)
        ):
            return "action"
        return None
    if kind == "view_submission":
        view = _dict(body.get("view"))
        if view.get("callback_id") == FORM_CALLBACK and interaction_actor(body):
            return "view"
        return None
    if kind == "event_callback":
        event = _dict(body.get("event"))
        if event.get("type") in EVENTS and _str(body.get("event_id")) and _str(body.get("team_id")):
            return "event"
    return None


def team_of(body: Mapping[str, Any]) -> str:
    """The Slack team a request Chorus uses acts in: the workspace its actor belongs to."""
    if body.get("type") in ("block_actions", "view_submission"):
        actor = interaction_actor(body)
        return actor.workspace_id if actor else ""
    return _str(body.get("team_id"))  # slash commands and events
