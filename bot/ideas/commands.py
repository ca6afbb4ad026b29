"""What members ask of the idea bank."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.commands import Command


class IdeaFilter(Enum):
    """Which ideas ``/idea list`` shows."""

    ACTIVE = "active"  # open and claimed
    OPEN = "open"
    MINE = "mine"
    THEME = "theme"


@dataclass(frozen=True)
class SubmitIdea(Command):
    """Park a post idea."""

    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenIdeaForm(Command):
    """Show the idea form (a modal or card where the platform has one)."""


@dataclass(frozen=True)
class ListIdeas(Command):
    """List ideas, newest and most wanted first."""

    filter: IdeaFilter = IdeaFilter.ACTIVE
    theme: str | None = None
    page: int = 1


@dataclass(frozen=True)
class ShowIdea(Command):
    """Show one idea with its buttons."""

    number: int


@dataclass(frozen=True)
class VoteIdea(Command):
    """Vote for an idea; voting again takes the vote back."""

    number: int


@dataclass(frozen=True)
class ClaimIdea(Command):
    """Say "I will write this one"."""

    number: int


@dataclass(frozen=True)
class UnclaimIdea(Command):
    """Give a claimed idea back to the bank."""

    number: int


@dataclass(frozen=True)
class ArchiveIdea(Command):
    """Take an idea out of the bank (its author or a coordinator)."""

    number: int


@dataclass(frozen=True)
class RestoreIdea(Command):
    """Undo an archive."""

    number: int


@dataclass(frozen=True)
class DraftFromIdea(Command):
    """Start a draft from an idea I claimed; the idea's text seeds it."""

    number: int


@dataclass(frozen=True)
class TagIdea(Command):
    """Tag an idea with programme themes (after a "did you mean #theme?")."""

    number: int
    tags: tuple[str, ...]
