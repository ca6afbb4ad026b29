"""Joining and leaving the programme, and its waiting list."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef


@dataclass(frozen=True)
class Join(Command):
    """Join the programme, or its waiting list when every seat is taken."""


@dataclass(frozen=True)
class Leave(Command):
    """Leave the programme (or its waiting list), freeing the seat."""


@dataclass(frozen=True)
class AcceptSeat(Command):
    """Take the seat I was offered."""


@dataclass(frozen=True)
class DeclineSeat(Command):
    """Let the seat I was offered go to the next in line."""


@dataclass(frozen=True)
class ShowWaitlist(Command):
    """Coordinators: the waiting list."""


@dataclass(frozen=True)
class MoveOnWaitlist(Command):
    """Coordinators: move a member to place N of the waiting list."""

    member: MemberRef
    position: int


@dataclass(frozen=True)
class Admit(Command):
    """Coordinators: give a member on the waiting list a seat (past capacity once
    ``confirmed``)."""

    member: MemberRef
    confirmed: bool = False
