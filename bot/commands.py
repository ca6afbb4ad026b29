"""Who acts (:class:`Actor`) and what they want (one dataclass per intent)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.model import Platform, Role


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


@dataclass(frozen=True)
class MemberRef:
    """A member named in a command: by platform id (a real mention) or by name."""

    user_id: str | None = None
    name: str | None = None


class IdeaFilter(Enum):
    """Which ideas ``/idea list`` shows."""

    ACTIVE = "active"  # open and claimed
    OPEN = "open"
    MINE = "mine"
    THEME = "theme"


@dataclass(frozen=True)
class SubmitIdea:
    """Park a post idea."""

    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenIdeaForm:
    """Show the idea form (a modal or card where the platform has one)."""


@dataclass(frozen=True)
class ListIdeas:
    """List ideas, newest and most wanted first."""

    filter: IdeaFilter = IdeaFilter.ACTIVE
    theme: str | None = None
    page: int = 1


@dataclass(frozen=True)
class ShowIdea:
    """Show one idea with its buttons."""

    number: int


@dataclass(frozen=True)
class VoteIdea:
    """Vote for an idea; voting again takes the vote back."""

    number: int


@dataclass(frozen=True)
class ClaimIdea:
    """Say "I will write this one"."""

    number: int


@dataclass(frozen=True)
class UnclaimIdea:
    """Give a claimed idea back to the bank."""

    number: int


@dataclass(frozen=True)
class ArchiveIdea:
    """Take an idea out of the bank (its author or a coordinator)."""

    number: int


@dataclass(frozen=True)
class RestoreIdea:
    """Undo an archive."""

    number: int


@dataclass(frozen=True)
class ShowHelp:
    """Help, optionally on one topic."""

    topic: str | None = None


@dataclass(frozen=True)
class AddTheme:
    """Coordinators: add a programme theme."""

    name: str


@dataclass(frozen=True)
class RemoveTheme:
    """Coordinators: remove a programme theme (ideas keep their text)."""

    name: str


@dataclass(frozen=True)
class ListThemes:
    """List the programme themes."""


@dataclass(frozen=True)
class SetChannel:
    """Coordinators: make this channel the ambassador channel."""

    channel_id: str | None = None


@dataclass(frozen=True)
class SetRole:
    """Coordinators: promote a member to coordinator or back to ambassador."""

    member: MemberRef
    role: Role


@dataclass(frozen=True)
class SetLanguage:
    """Choose my language (or, for coordinators, the workspace's)."""

    locale: str
    workspace: bool = False


@dataclass(frozen=True)
class SetTimezone:
    """Choose my time zone (or, for coordinators, the workspace's)."""

    timezone: str
    workspace: bool = False


@dataclass(frozen=True)
class ShowSettings:
    """Show the programme's settings and mine."""


Command = (
    SubmitIdea
    | OpenIdeaForm
    | ListIdeas
    | ShowIdea
    | VoteIdea
    | ClaimIdea
    | UnclaimIdea
    | ArchiveIdea
    | RestoreIdea
    | ShowHelp
    | AddTheme
    | RemoveTheme
    | ListThemes
    | SetChannel
    | SetRole
    | SetLanguage
    | SetTimezone
    | ShowSettings
)
