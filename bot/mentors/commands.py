"""Mentors and pairings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef

DEFAULT_MENTOR_CAPACITY = 2


@dataclass(frozen=True)
class AddMentor(Command):
    """Coordinators: make a member a mentor for up to ``capacity`` newcomers at a time."""

    member: MemberRef
    capacity: int = DEFAULT_MENTOR_CAPACITY


@dataclass(frozen=True)
class RemoveMentor(Command):
    """Coordinators: a member stops taking new mentees (current pairings go on)."""

    member: MemberRef


@dataclass(frozen=True)
class ListMentors(Command):
    """Coordinators: mentors, their load and the pairings."""


@dataclass(frozen=True)
class SwapMentor(Command):
    """Coordinators: give a newcomer another mentor."""

    mentee: MemberRef
    mentor: MemberRef


@dataclass(frozen=True)
class EndPairing(Command):
    """Coordinators: end a newcomer's pairing."""

    mentee: MemberRef


@dataclass(frozen=True)
class AskAnotherMentor(Command):
    """A newcomer asks, privately, for another mentor."""


@dataclass(frozen=True)
class RecordMeeting(Command):
    """The answer to "did you meet?" for pairing ``pairing_id``."""

    pairing_id: int
    met: bool
