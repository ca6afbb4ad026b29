"""Segments and networks: what members and coordinators can ask for."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef


@dataclass(frozen=True)
class ListSegments(Command):
    """Coordinators: the segments and how many members are in each."""


@dataclass(frozen=True)
class AddSegment(Command):
    """Coordinators: add a segment."""

    name: str


@dataclass(frozen=True)
class RemoveSegment(Command):
    """Coordinators: retire a segment (past periods keep it)."""

    name: str


@dataclass(frozen=True)
class SetSegment(Command):
    """Coordinators: from now on, a member is in this segment (``none``: in none)."""

    member: MemberRef
    name: str


@dataclass(frozen=True)
class SetNetworks(Command):
    """The networks I post on; none given: show them."""

    networks: tuple[str, ...] = ()
    clear: bool = False
