"""Running the programme: themes, channel, roles, languages, time zones, welcomes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef
from bot.model import Role


@dataclass(frozen=True)
class AddTheme(Command):
    """Coordinators: add a programme theme."""

    name: str


@dataclass(frozen=True)
class RemoveTheme(Command):
    """Coordinators: remove a programme theme (ideas keep their text)."""

    name: str


@dataclass(frozen=True)
class ListThemes(Command):
    """List the programme themes."""


@dataclass(frozen=True)
class SetChannel(Command):
    """Coordinators: make this channel the ambassador channel."""

    channel_id: str | None = None


@dataclass(frozen=True)
class SetRole(Command):
    """Coordinators: promote a member to coordinator or back to ambassador."""

    member: MemberRef
    role: Role


@dataclass(frozen=True)
class SetLanguage(Command):
    """Choose my language (or, for coordinators, the workspace's)."""

    locale: str
    workspace: bool = False


@dataclass(frozen=True)
class SetTimezone(Command):
    """Choose my time zone (or, for coordinators, the workspace's)."""

    timezone: str
    workspace: bool = False


@dataclass(frozen=True)
class ShowSettings(Command):
    """Show the programme's settings and mine."""


@dataclass(frozen=True)
class WelcomeMember(Command):
    """Someone joined a channel; if it is the ambassador channel, greet them privately."""

    channel_id: str
