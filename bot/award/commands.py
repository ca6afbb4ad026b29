"""Nominating a colleague and choosing the ambassador of the quarter."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef


@dataclass(frozen=True)
class Nominate(Command):
    """``/chorus nominate @x REASON``."""

    member: MemberRef
    reason: str


@dataclass(frozen=True)
class ShowCandidates(Command):
    """``/chorus award [clicks]``: the candidates with their evidence (coordinators)."""

    clicks: bool = False


@dataclass(frozen=True)
class ShowAwardHistory(Command):
    """``/chorus award history``."""


@dataclass(frozen=True)
class PickWinner(Command):
    """``/chorus award pick @x CITATION``."""

    member: MemberRef
    citation: str


@dataclass(frozen=True)
class AddRunnerUp(Command):
    """``/chorus award runner-up @x [NOTE]``: mention a runner-up with the winner."""

    member: MemberRef
    note: str = ""


@dataclass(frozen=True)
class RemoveRunnerUp(Command):
    """``/chorus award runner-up remove @x``."""

    member: MemberRef


@dataclass(frozen=True)
class AnswerAward(Command):
    """The answer of a winner or runner-up who keeps cheers private to whether their name
    may go to the channel; ``quarter`` names which mention (a winner's button has none)."""

    announce: bool
    quarter: str | None = None
