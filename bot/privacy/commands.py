"""Privacy commands: see what Chorus keeps, export it, erase a member."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef


@dataclass(frozen=True)
class ShowPrivacy(Command):
    """What Chorus keeps about me, why, how long and who sees it."""


@dataclass(frozen=True)
class ExportMyData(Command):
    """A ZIP of everything Chorus keeps about me."""


@dataclass(frozen=True)
class EraseMember(Command):
    """Coordinators: erase a member; without ``confirmed`` it only asks to confirm."""

    member: MemberRef
    confirmed: bool = False
