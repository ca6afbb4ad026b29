"""The words of `/chorus theme|channel|promote|demote|language|timezone|settings`."""

from __future__ import annotations

import re

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import SLACK_CHANNEL, WordParser, parse_member, unescape_channels
from bot.i18n import N_
from bot.model import Role
from bot.programme.commands import (
    AddTheme,
    ListThemes,
    RemoveTheme,
    SetChannel,
    SetLanguage,
    SetRole,
    SetTimezone,
    ShowSettings,
)


def _parse_theme(_: str, args: str) -> Command:
    word, _, name = args.partition(" ")
    action = word.casefold()
    name = unescape_channels(name.strip(), hash_sign=False).lstrip("#")
    if action in ("", "list") and not name:
        return ListThemes()
    if action in ("add", "remove") and name:
        if not re.fullmatch(r"[\w][\w-]*", name):
            raise UsageError(
                N_(
                    "A theme is one word (letters, digits and dashes), for example: /chorus theme add open-banking"
                )
            )
        return AddTheme(name) if action == "add" else RemoveTheme(name)
    raise UsageError(
        N_("Use /chorus theme add NAME, /chorus theme remove NAME or /chorus theme list.")
    )


def _parse_channel(_: str, args: str) -> Command:
    match = SLACK_CHANNEL.fullmatch(args)
    if args and not match:
        raise UsageError(N_("Type /chorus channel in the ambassador channel itself."))
    return SetChannel(match.group(1) if match else None)


def _parse_role(word: str, args: str) -> Command:
    role = Role.COORDINATOR if word == "promote" else Role.AMBASSADOR
    return SetRole(parse_member(args, example=f"/chorus {word} @bente"), role)


def _parse_locale(word: str, args: str) -> Command:
    """``/chorus language|timezone [workspace] VALUE``."""
    scope, _, value = args.partition(" ")
    workspace = scope.casefold() == "workspace"
    value = value.strip() if workspace else args
    if not value or " " in value:
        if word == "language":
            raise UsageError(
                N_(
                    "Choose a language: /chorus language en, da or nl (add 'workspace' before the code to set it for everyone)."
                )
            )
        raise UsageError(N_("Name a time zone, for example: /chorus timezone Europe/Copenhagen"))
    if word == "language":
        return SetLanguage(value, workspace)
    return SetTimezone(value, workspace)


def _parse_settings(word: str, args: str) -> Command:
    if args:
        raise UsageError(
            N_("I don't know /chorus {sub}. Type /chorus help to see the commands."),
            sub=word,
        )
    return ShowSettings()


CHORUS_WORDS: dict[str, WordParser] = {
    "theme": _parse_theme,
    "themes": _parse_theme,
    "channel": _parse_channel,
    "promote": _parse_role,
    "demote": _parse_role,
    "language": _parse_locale,
    "timezone": _parse_locale,
    "settings": _parse_settings,
}
