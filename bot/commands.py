"""Who acts (:class:`Actor`), whom they name (:class:`MemberRef`), and the base of every command.

Each capability declares its own commands (``bot/<capability>/commands.py``) as frozen
dataclasses deriving from :class:`Command`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Platform


@dataclass(frozen=True)
class Actor:
    """The member behind a command, as the platform identified them."""

    platform: Platform
    workspace_id: str  # the platform's id of the workspace/tenant
    user_id: str  # the platform's id of the member
    display_name: str
    channel_id: str | None = None  # where the command was typed, if anywhere
    locale: str | None = None  # the platform's hint; a member's own choice wins
    timezone: str | None = None  # the platform's hint; a member's own choice wins
    # Other ids the platform knows the same member by (Teams: the ``29:`` id beside the
    # AAD object id in ``user_id``); CHORUS_ADMINS may list any of them.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class MemberRef:
    """A member named in a command: by platform id (a real mention) or by name."""

    user_id: str | None = None
    name: str | None = None


class Command:
    """What a member wants: parsed from a line, a button or a form, and run by one handler."""

    __slots__ = ()
