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
class AnswerAward(Command):
    """The winner's answer, when they keep cheers private, to whether it may be announced."""

    announce: bool
