"""Who acts (:class:`Actor`) and what they want (one dataclass per intent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.model import (
    SERIES_WEEKS_DEFAULT,
    SLOT_MINUTES_DEFAULT,
    BookableKind,
    Engagement,
    Platform,
    Role,
    TermKind,
)
from bot.timeparse import TimeOfDay, When


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


@dataclass(frozen=True)
class CheerByReaction:
    """The cheer emoji was put on a message: cheer its author (in the ambassador channel)."""

    author_id: str  # platform id of the message's author
    channel_id: str
    message_id: str  # the platform's id of the message (Slack ``ts``)


@dataclass(frozen=True)
class WithdrawReactionCheer:
    """The cheer emoji was taken off a message again: the cheer it made goes too."""

    channel_id: str
    message_id: str


@dataclass(frozen=True)
class ShowHome:
    """My own page: my ideas and the cheers I received."""


@dataclass(frozen=True)
class WelcomeMember:
    """Someone joined a channel; if it is the ambassador channel, greet them privately."""

    channel_id: str


@dataclass(frozen=True)
class ListBookables:
    """``/book``: free drop-in slots and writing cafés, soonest first, with Book buttons."""

    page: int = 1


@dataclass(frozen=True)
class ListMyBookings:
    """My upcoming bookings and waitlist places."""


@dataclass(frozen=True)
class BookSlot:
    """Book a drop-in feedback slot."""

    number: int


@dataclass(frozen=True)
class BookCafeSeat:
    """Take a seat at a writing café, or a place on its waitlist when it is full."""

    number: int


@dataclass(frozen=True)
class CancelBooking:
    """Give back my slot or café seat (or leave the waitlist)."""

    kind: BookableKind
    number: int


@dataclass(frozen=True)
class AttachDraft:
    """Attach what I want feedback on to my booking, for the host to read first."""

    kind: BookableKind
    number: int
    text: str


@dataclass(frozen=True)
class OpenDraftForm:
    """Show the form for attaching a draft to my booking."""

    kind: BookableKind
    number: int


@dataclass(frozen=True)
class AddSlot:
    """Coordinators: publish one drop-in slot (in the workspace's time zone)."""

    when: When
    minutes: int | None = None  # None: the default length, or the end given in ``when``
    place: str | None = None


@dataclass(frozen=True)
class AddSlotSeries:
    """Coordinators: publish weekly slots, e.g. Tuesdays 14:00-15:00 in 15-minute slots."""

    weekday: int  # Monday is 0
    start: TimeOfDay
    end: TimeOfDay
    minutes: int = SLOT_MINUTES_DEFAULT
    weeks: int = SERIES_WEEKS_DEFAULT
    place: str | None = None


@dataclass(frozen=True)
class ListSlots:
    """Coordinators: the upcoming slots, booked or free, with Cancel buttons."""

    page: int = 1


@dataclass(frozen=True)
class CancelSlot:
    """Coordinators: cancel a slot; its booker is told, with the note as an apology."""

    number: int
    note: str | None = None


@dataclass(frozen=True)
class CancelSeries:
    """Coordinators: cancel every slot still to come in a series."""

    number: int
    note: str | None = None


@dataclass(frozen=True)
class AddCafe:
    """Coordinators: publish a writing café."""

    when: When
    capacity: int
    title: str
    minutes: int | None = None
    place: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class OpenCafeForm:
    """Coordinators: show the writing-café form."""


@dataclass(frozen=True)
class CancelCafe:
    """Coordinators: cancel a café; everyone with a seat or on the waitlist is told."""

    number: int
    note: str | None = None


@dataclass(frozen=True)
class ShowBookings:
    """Coordinators: upcoming bookings per day, with the drafts attached."""

    day: When | None = None


@dataclass(frozen=True)
class ShowCalendarFeed:
    """My private calendar feed URL (issued on first use)."""


@dataclass(frozen=True)
class ResetCalendarFeed:
    """Revoke my calendar links and issue a new feed URL."""


@dataclass(frozen=True)
class ListSchedules:
    """The scheduled jobs with their next fire, pauses and missed fires."""


@dataclass(frozen=True)
class SetSchedule:
    """Coordinators: when a job runs in this workspace (a cron line)."""

    job: str
    cron: str


@dataclass(frozen=True)
class PauseJob:
    """Coordinators: pause or resume a job."""

    job: str
    paused: bool


@dataclass(frozen=True)
class SkipNextFire:
    """Coordinators: skip the job's next fire only."""

    job: str


@dataclass(frozen=True)
class ListTips:
    """The tips the weekly digest rotates through."""


@dataclass(frozen=True)
class AddTip:
    """Coordinators: add a digest tip."""

    text: str


@dataclass(frozen=True)
class RemoveTip:
    """Coordinators: remove a digest tip."""

    number: int


@dataclass(frozen=True)
class SetAway:
    """No nudges until a date (or from now on again, with None)."""

    until: date | None


@dataclass(frozen=True)
class SetNudges:
    """Turn my nudges on or off."""

    on: bool


@dataclass(frozen=True)
class ListUndelivered:
    """Coordinators: messages Chorus gave up delivering."""


@dataclass(frozen=True)
class SaveDraft:
    """Save a draft's text: a new draft, or a new version of draft ``number``."""

    text: str
    number: int | None = None


@dataclass(frozen=True)
class OpenDraftEditor:
    """Show the draft editor (a modal, a card, console lines): empty, or with a draft."""

    number: int | None = None


@dataclass(frozen=True)
class ListDrafts:
    """My drafts (coordinators: add ``all`` for everyone's)."""

    everyone: bool = False


@dataclass(frozen=True)
class ShowDraft:
    """One draft, its newest version unless another is asked for, with hints and feedback."""

    number: int
    version: int | None = None


@dataclass(frozen=True)
class DiscardDraft:
    """Set a draft aside (recoverable for 30 days)."""

    number: int


@dataclass(frozen=True)
class RestoreDraft:
    """Bring a discarded draft back."""

    number: int


@dataclass(frozen=True)
class DraftFromIdea:
    """Start a draft from an idea I claimed; the idea's text seeds it."""

    number: int


@dataclass(frozen=True)
class AskFeedback:
    """Send my draft to the coordinators, and optionally to a colleague, for feedback."""

    number: int
    colleague: MemberRef | None = None


@dataclass(frozen=True)
class OpenFeedbackForm:
    """The form for feedback on one version of a draft."""

    number: int
    version: int | None = None


@dataclass(frozen=True)
class GiveFeedback:
    """Feedback on a draft, stored against the version it was written for."""

    number: int
    version: int | None
    text: str


@dataclass(frozen=True)
class AnnouncePost:
    """``/posted URL [N]``: announce a published post; the channel gets a like & comment call."""

    url: str
    draft_number: int | None = None


@dataclass(frozen=True)
class ShowPost:
    """One announced post's call, privately."""

    number: int


@dataclass(frozen=True)
class EngagePost:
    """I liked, commented on or shared a colleague's post (or take it back)."""

    number: int
    kind: Engagement
    undo: bool = False


@dataclass(frozen=True)
class CheerPost:
    """The Cheer button on a call: cheer the post's author."""

    number: int


@dataclass(frozen=True)
class GiveCheer:
    """``/cheer @someone REASON``."""

    member: MemberRef
    reason: str


@dataclass(frozen=True)
class SetCheerVisibility:
    """Whether cheers I receive are announced in the channel (I always get them privately)."""

    public: bool


@dataclass(frozen=True)
class OpenGuidelinesForm:
    """Coordinators: edit the guidelines text members see."""


@dataclass(frozen=True)
class SetGuidelines:
    """Coordinators: replace the guidelines text."""

    text: str


@dataclass(frozen=True)
class ListTerms:
    """Coordinators: off-limits terms or sales-pitch phrases."""

    kind: TermKind


@dataclass(frozen=True)
class EditTerm:
    """Coordinators: add or remove an off-limits term or a sales-pitch phrase."""

    kind: TermKind
    term: str
    add: bool


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
    | CheerByReaction
    | WithdrawReactionCheer
    | ShowHome
    | WelcomeMember
    | ListBookables
    | ListMyBookings
    | BookSlot
    | BookCafeSeat
    | CancelBooking
    | AttachDraft
    | OpenDraftForm
    | AddSlot
    | AddSlotSeries
    | ListSlots
    | CancelSlot
    | CancelSeries
    | AddCafe
    | OpenCafeForm
    | CancelCafe
    | ShowBookings
    | ShowCalendarFeed
    | ResetCalendarFeed
    | ListSchedules
    | SetSchedule
    | PauseJob
    | SkipNextFire
    | ListTips
    | AddTip
    | RemoveTip
    | SetAway
    | SetNudges
    | ListUndelivered
    | SaveDraft
    | OpenDraftEditor
    | ListDrafts
    | ShowDraft
    | DiscardDraft
    | RestoreDraft
    | DraftFromIdea
    | AskFeedback
    | OpenFeedbackForm
    | GiveFeedback
    | AnnouncePost
    | ShowPost
    | EngagePost
    | CheerPost
    | GiveCheer
    | SetCheerVisibility
    | OpenGuidelinesForm
    | SetGuidelines
    | ListTerms
    | EditTerm
)
