"""Rendering-neutral replies: what the core says, never how a platform draws it.

Every piece of text is a sequence of spans. Catalogue text is trusted; anything a
member typed is a ``USER`` span that renderers escape; mentions exist only as
``MENTION`` spans carrying a member's platform id.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

# Bidi embeddings, overrides and isolates: in a member's text they would reorder a line.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def inert(text: str) -> str:
    """Text as characters only: no escape sequences or other control characters (line
    breaks and tabs stay) and no bidi overrides, whatever platform draws it."""
    if text.isprintable():
        return text
    return "".join(
        ch for ch in text if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
    )


class SpanKind(Enum):
    """What a piece of text is, which decides how a renderer treats it."""

    TRUSTED = "trusted"  # from our catalogue; may carry the tiny markup subset (none today)
    USER = "user"  # typed by a member: always escaped, never interpreted
    MENTION = "mention"  # an explicit mention of a member
    LINK = "link"  # a URL the core validated; label is user text


@dataclass(frozen=True)
class Span:
    """One run of text inside a :class:`Text`."""

    text: str
    kind: SpanKind = SpanKind.TRUSTED
    bold: bool = False
    user_id: str | None = None  # MENTION: platform user id
    url: str | None = None  # LINK: target

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", inert(self.text))


@dataclass(frozen=True)
class Text:
    """A line or paragraph made of spans."""

    spans: tuple[Span, ...]

    @classmethod
    def plain(cls, text: str) -> Text:
        """Trusted catalogue text."""
        return cls((Span(text),))

    @classmethod
    def user(cls, text: str) -> Text:
        """Text a member typed."""
        return cls((Span(text, SpanKind.USER),))

    def __add__(self, other: Text) -> Text:
        return Text(self.spans + other.spans)

    @property
    def raw(self) -> str:
        """The text as a reader sees it, without any markup (for fallbacks and tests)."""
        return "".join(f"@{s.text}" if s.kind is SpanKind.MENTION else s.text for s in self.spans)


def mention(user_id: str, display_name: str) -> Span:
    """A mention of a member by platform id; the display name is a fallback label."""
    return Span(display_name, SpanKind.MENTION, user_id=user_id)


class ButtonStyle(Enum):
    """Visual weight of a button."""

    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    """A button that, when pressed, runs ``command`` as if the presser had typed it.

    Buttons carry a command line (``"idea vote 12"``) so every platform's presses go through
    the same parser as typed commands, and a button from before a restart still works or
    gets the same friendly answer as a typed command would.
    """

    label: str
    command: str
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True)
class Header:
    """A short heading (plain text)."""

    text: str


@dataclass(frozen=True)
class Section:
    """A paragraph of text."""

    text: Text


@dataclass(frozen=True)
class Quote:
    """A member's own words shown as a quotation (an idea, a draft excerpt)."""

    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", inert(self.text))


@dataclass(frozen=True)
class Fields:
    """Label/value pairs shown side by side where the platform can."""

    items: tuple[tuple[str, Text], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple((inert(k), v) for k, v in self.items))


@dataclass(frozen=True)
class Note:
    """Small, secondary text (hints, timestamps, counts)."""

    text: Text


@dataclass(frozen=True)
class Actions:
    """A row of buttons."""

    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Divider:
    """A horizontal rule."""


@dataclass(frozen=True)
class Input:
    """One field of a form."""

    name: str
    label: str
    multiline: bool = False
    initial: str = ""
    placeholder: str = ""
    max_length: int | None = None
    optional: bool = False
    hint: str = ""


@dataclass(frozen=True)
class Form:
    """A multi-field input (a Slack modal, a Teams card form, console prompts).

    On submit the adapter runs ``command`` with the field values attached.
    """

    title: str
    submit_label: str
    command: str
    inputs: tuple[Input, ...]
    errors: tuple[tuple[str, str], ...] = ()  # (input name, message) shown inline


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a private answer (a data export). Adapters hand it over the
    way their platform can: an upload, or a file saved where the reader is."""

    filename: str
    data: bytes
    media_type: str = "application/zip"
    # The command that makes the file again, offered when the platform would not take it.
    retry: str | None = None


@dataclass(frozen=True)
class Bar:
    """One bar of a :class:`Chart`: its label, its value and the value as the reader
    reads it (``1,234``), formatted by the core in the reader's locale."""

    label: str
    value: float
    shown: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", inert(self.label))
        object.__setattr__(self, "shown", inert(self.shown))


@dataclass(frozen=True)
class Chart:
    """A small bar chart, described, not drawn: adapters draw it as a picture (or as bars
    of text), so the core needs no plotting library. ``alt`` says the same in words, with
    the numbers, for screen readers and wherever no picture can be shown; ``name`` is a
    file name without extension. All text is plain and drawn as it is, never as markup."""

    title: str
    bars: tuple[Bar, ...]
    alt: str
    axis: str = ""  # what the values count
    name: str = "chorus-chart"

    def __post_init__(self) -> None:
        for name in ("title", "alt", "axis", "name"):
            object.__setattr__(self, name, inert(getattr(self, name)))


Block = Header | Section | Quote | Fields | Note | Actions | Divider | Form | Chart


class Audience(Enum):
    """Who sees a message."""

    PRIVATE = "private"  # only the member who acted
    CHANNEL = "channel"  # the programme's shared ambassador channel
    MEMBER = "member"  # a private note to another member


@dataclass(frozen=True)
class Message:
    """One message for one audience.

    ``key`` names the thing the message shows (``"idea:12"``) so adapters can update an
    earlier post in place instead of posting again; ``first`` says no message was ever
    queued under that key before (a new idea's card), so the outbox has no older version
    to supersede and nothing gathered to look for. ``shareable`` says a private answer
    holds nothing private: a platform that answers in the shared thread where a command
    was typed (Teams channels and group chats) may answer there.
    """

    blocks: tuple[Block, ...]
    audience: Audience = Audience.PRIVATE
    key: str | None = None
    recipient_id: str | None = None  # MEMBER: platform user id of the recipient
    summary: str = ""  # plain-text fallback (notifications, screen readers)
    attachment: Attachment | None = None  # private answers only; never queued
    shareable: bool = False
    first: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", inert(self.summary))

    @property
    def text(self) -> str:
        """All visible text, flattened (for fallbacks, logs and tests)."""
        return "\n".join(_flatten(self.blocks))


def _flatten(blocks: Iterable[Block]) -> Iterable[str]:
    for block in blocks:
        match block:
            case Header(text=t) | Quote(text=t):
                yield t
            case Section(text=t) | Note(text=t):
                yield t.raw
            case Fields(items=items):
                yield from (f"{label}: {value.raw}" for label, value in items)
            case Actions(buttons=buttons):
                yield " ".join(f"[{b.label}]" for b in buttons)
            case Form(title=title, inputs=inputs):
                yield title
                yield from (i.label for i in inputs)
            case Chart(alt=alt):
                yield alt
            case Divider():
                pass


@dataclass(frozen=True)
class Reply:
    """Everything one command produced: usually one private answer, maybe channel posts
    and private notes to other members."""

    messages: tuple[Message, ...] = field(default_factory=tuple)

    @classmethod
    def private(cls, *blocks: Block, summary: str = "", shareable: bool = False) -> Reply:
        """A reply only the actor sees (``shareable``: one that may be seen by the others
        in the thread where the command was typed)."""
        return cls(
            (Message(tuple(blocks), Audience.PRIVATE, summary=summary, shareable=shareable),)
        )

    def with_messages(self, messages: Sequence[Message]) -> Reply:
        """This reply with more messages appended."""
        return Reply(self.messages + tuple(messages))

    @property
    def answer(self) -> Message | None:
        """The private answer to the actor, if any."""
        return next((m for m in self.messages if m.audience is Audience.PRIVATE), None)

    def for_audience(self, audience: Audience) -> tuple[Message, ...]:
        """Messages for one audience, in order."""
        return tuple(m for m in self.messages if m.audience is audience)
