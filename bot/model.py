"""Domain objects and the rules that need no database to decide."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from bot.messages import Message

IDEA_MAX_CHARS = 2000
THEME_MAX_CHARS = 40
RECOMMENDED_THEMES = (5, 10)


class Platform(Enum):
    """Where a workspace lives. Slack and Teams programmes are separate workspaces."""

    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


class Role(Enum):
    """What a member may do. Coordinators run the programme."""

    AMBASSADOR = "ambassador"
    COORDINATOR = "coordinator"


class IdeaStatus(Enum):
    """An idea's way from parked to published (later capabilities move it on)."""

    OPEN = "open"
    CLAIMED = "claimed"
    DRAFTED = "drafted"
    PUBLISHED = "published"
    ARCHIVED = "archived"


@dataclass
class Workspace:
    """One programme on one platform (a Slack workspace, a Teams tenant, the console)."""

    id: int
    platform: Platform
    external_id: str
    locale: str
    timezone: str
    channel_id: str | None = None


@dataclass
class Member:
    """A person in a workspace, registered on first contact.

    The display name lives here and only here, so one member's data can be found,
    exported and erased in one place.
    """

    id: int
    workspace_id: int
    external_id: str
    display_name: str
    role: Role = Role.AMBASSADOR
    locale: str | None = None
    timezone: str | None = None
    last_active_at: datetime | None = None
    away_until: date | None = None  # no nudges until then
    nudges_off: bool = False
    last_nudged_at: datetime | None = None

    @property
    def is_coordinator(self) -> bool:
        """Whether this member runs the programme."""
        return self.role is Role.COORDINATOR


@dataclass
class Theme:
    """Something the programme wants to be known for (5-10 recommended)."""

    id: int
    workspace_id: int
    name: str


@dataclass
class Idea:
    """A parked post idea. ``number`` is what members type; ids stay internal."""

    id: int
    workspace_id: int
    number: int
    author_id: int
    text: str
    status: IdeaStatus
    created_at: datetime
    themes: list[str] = field(default_factory=list)
    claimed_by_id: int | None = None
    vote_count: int = 0


@dataclass(frozen=True)
class NewIdea:
    """An idea about to be stored (it has no id or number yet)."""

    workspace_id: int
    author_id: int
    text: str
    theme_ids: tuple[int, ...]
    created_at: datetime


def char_count(text: str) -> int:
    """Length as the Contract counts it: code points after trimming white space."""
    return len(text.strip())


def theme_key(name: str) -> str:
    """The form two theme names are compared in: case- and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lstrip("#"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Cheer:
    """Recognition from one member to another (today: the cheer emoji on a channel post)."""

    id: int
    workspace_id: int
    giver_id: int
    receiver_id: int
    created_at: datetime
    reason: str | None = None
    source_ref: str | None = None  # the platform message a reaction cheer sits on


@dataclass(frozen=True)
class NewCheer:
    """A cheer about to be stored."""

    workspace_id: int
    giver_id: int
    receiver_id: int
    created_at: datetime
    reason: str | None = None
    source_ref: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """A channel post or private note waiting for delivery (written to the outbox in the
    same transaction as the change that caused it)."""

    workspace_id: int
    platform: Platform
    target: str  # channel id for channel posts, the member's platform id for notes
    message: Message
    dedupe_key: str  # unique: enqueueing the same key twice stores it once
    not_before: datetime | None = None


SLOT_MINUTES_DEFAULT = 15
SLOT_MINUTES_MAX = 240
CAFE_MINUTES_DEFAULT = 60
SERIES_WEEKS_DEFAULT = 8
SERIES_WEEKS_MAX = 52
SERIES_SLOTS_MAX = 200
CAFE_CAPACITY_MAX = 500
CAFE_TITLE_MAX_CHARS = 120
CAFE_TOPIC_MAX_CHARS = 500
PLACE_MAX_CHARS = 300
CANCEL_NOTE_MAX_CHARS = 500
BOOKING_DRAFT_MAX_CHARS = 10_000


class BookableKind(Enum):
    """What a member can book: a 1:1 drop-in feedback slot or a seat at a writing café."""

    SLOT = "slot"
    CAFE = "cafe"


class OfferStatus(Enum):
    """Whether a slot or café can still be booked."""

    OPEN = "open"
    CANCELLED = "cancelled"


class BookingStatus(Enum):
    """A booking holds its slot or café seat, waits for a café seat, or is gone."""

    ACTIVE = "active"
    WAITING = "waiting"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class SlotSeries:
    """Recurring drop-in slots published together, so they can be cancelled together."""

    id: int
    workspace_id: int
    number: int
    coordinator_id: int
    created_at: datetime


@dataclass(frozen=True)
class Slot:
    """A drop-in feedback slot: one coordinator, one booking at most."""

    id: int
    workspace_id: int
    number: int
    coordinator_id: int
    starts_at: datetime
    ends_at: datetime
    status: OfferStatus
    place: str | None = None  # a room, or an online meeting link
    series_id: int | None = None
    series_number: int | None = None
    cancel_note: str | None = None
    booked_by_id: int | None = None  # the member holding the active booking, if any


@dataclass(frozen=True)
class NewSlot:
    """A slot about to be stored."""

    workspace_id: int
    coordinator_id: int
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    series_id: int | None = None


@dataclass(frozen=True)
class Cafe:
    """A writing café: a hosted session with ``capacity`` seats and a waitlist."""

    id: int
    workspace_id: int
    number: int
    host_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    status: OfferStatus
    place: str | None = None
    topic: str | None = None
    seats_taken: int = 0
    waiting: int = 0
    cancel_note: str | None = None

    @property
    def seats_left(self) -> int:
        """Free seats right now."""
        return max(0, self.capacity - self.seats_taken)


@dataclass(frozen=True)
class NewCafe:
    """A café about to be stored."""

    workspace_id: int
    host_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    place: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Booking:
    """A member's booking of a slot or a café seat (or their place on its waitlist)."""

    id: int
    workspace_id: int
    member_id: int
    status: BookingStatus
    created_at: datetime
    slot_id: int | None = None
    cafe_id: int | None = None
    draft: str | None = None  # what the member wants feedback on, for the host to read first

    @property
    def kind(self) -> BookableKind:
        """Whether this is a slot booking or a café seat."""
        return BookableKind.SLOT if self.slot_id is not None else BookableKind.CAFE


@dataclass(frozen=True)
class BookingDetail:
    """A booking with the slot or café it is for."""

    booking: Booking
    slot: Slot | None = None
    cafe: Cafe | None = None

    @property
    def starts_at(self) -> datetime:
        """When the slot or café starts."""
        return self.slot.starts_at if self.slot else self._cafe.starts_at

    @property
    def ends_at(self) -> datetime:
        """When it ends."""
        return self.slot.ends_at if self.slot else self._cafe.ends_at

    @property
    def host_id(self) -> int:
        """The coordinator who gives the feedback or hosts the café."""
        return self.slot.coordinator_id if self.slot else self._cafe.host_id

    @property
    def number(self) -> int:
        """The slot's or café's number, as members type it."""
        return self.slot.number if self.slot else self._cafe.number

    @property
    def place(self) -> str | None:
        """Room or link."""
        return self.slot.place if self.slot else self._cafe.place

    @property
    def _cafe(self) -> Cafe:
        assert self.cafe is not None, "a booking is for a slot or a café"
        return self.cafe


@dataclass(frozen=True)
class CalendarToken:
    """A stored calendar token (only its SHA-256 is kept): a member's whole feed, or one
    booking's event."""

    member_id: int
    created_at: datetime
    booking_id: int | None = None


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Whether two half-open time ranges share a moment."""
    return start < other_end and other_start < end


DRAFT_MAX_CHARS = 10_000
FEEDBACK_MAX_CHARS = 3_000
CHEER_REASON_MAX_CHARS = 500
GUIDELINES_MAX_CHARS = 5_000
TERM_MAX_CHARS = 100
URL_MAX_CHARS = 2_000
DISCARD_KEEP_DAYS = 30


class DraftStatus(Enum):
    """A draft is being written, was set aside (recoverable for a while), or is out."""

    ACTIVE = "active"
    DISCARDED = "discarded"
    PUBLISHED = "published"


@dataclass(frozen=True)
class Draft:
    """A private draft; its text lives in versions, the newest being ``text``."""

    id: int
    workspace_id: int
    number: int
    author_id: int
    status: DraftStatus
    created_at: datetime
    text: str
    version: int  # the newest version's number (1, 2, ...)
    idea_id: int | None = None
    idea_number: int | None = None  # the idea it was started from, as members see it
    discarded_at: datetime | None = None
    feedback_requested_at: datetime | None = None
    first_feedback_at: datetime | None = None


@dataclass(frozen=True)
class DraftVersion:
    """One saved text of a draft: nothing is ever overwritten."""

    draft_id: int
    version: int
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Feedback:
    """What a reviewer wrote about one exact version of a draft."""

    id: int
    draft_id: int
    version: int
    reviewer_id: int
    text: str
    created_at: datetime


class Network(Enum):
    """Where a post was published, recognised from its URL."""

    LINKEDIN = "linkedin"
    X = "x"
    REDDIT = "reddit"
    MASTODON = "mastodon"
    YOUTUBE = "youtube"
    WEB = "web"


class Engagement(Enum):
    """What a member did for a colleague's post."""

    LIKED = "liked"
    COMMENTED = "commented"
    SHARED = "shared"


@dataclass(frozen=True)
class Post:
    """A published post announced with a like & comment call."""

    id: int
    workspace_id: int
    number: int
    author_id: int
    url: str
    network: Network
    created_at: datetime
    draft_id: int | None = None
    counts: dict[Engagement, int] = field(default_factory=dict)


@dataclass(frozen=True)
class NewPost:
    """A post about to be stored; ``url_key`` is the URL in the form duplicates share."""

    workspace_id: int
    author_id: int
    url: str
    url_key: str
    network: Network
    created_at: datetime
    draft_id: int | None = None


class TermKind(Enum):
    """Coordinator-kept guideline terms."""

    OFF_LIMITS = "offlimits"  # named customers, product code names
    PITCH = "pitch"  # sales-pitch phrases, beside the built-in per-locale list
