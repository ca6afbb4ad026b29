"""Queueing the messages a change causes, in the change's own transaction, with what the
delivery worker needs to order them: a priority, and for a time-bound reminder the moment
after which it is no use. And, for a channel with a long queue, gathering new-idea cards
into one card."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Protocol

from bot.i18n import Translator
from bot.messages import Audience, Block, Divider, Message, Note, Quote, Section, Text
from bot.model import Platform, Workspace

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Queue:
    """What waits for one channel, or (``channel`` None) for members' direct messages."""

    channel: str | None
    urgent: int
    bulk: int
    recipients: int  # members waiting for a DM (0 for a channel)
    oldest: datetime | None  # when the longest-waiting message was queued (None: nothing)
    next_send: datetime | None  # when the next may go (past: as soon as the worker can)
    limited: int  # 429s for it in the period asked about
    last_limited: datetime | None


@dataclass(frozen=True)
class DeliveryOverview:
    """The workspace's delivery backlog per channel (and DMs together), with the 429s of
    the period asked about; ``limited`` counts those that held the whole workspace."""

    queues: tuple[Queue, ...]
    limited: int
    last_limited: datetime | None


class Outbox(Protocol):
    """Messages that are not the direct answer to a request, delivered by a worker."""

    async def enqueue(self, outgoing: Outgoing) -> bool:
        """Queue a message; a keyed channel post replaces its older undelivered versions.
        False if a message with the same dedupe key was queued before."""
        ...

    async def undelivered(
        self, workspace_id: int, *, limit: int
    ) -> list[tuple[str, str, datetime]]:
        """Messages given up on, newest first: (target, last error, queued at)."""
        ...

    async def overview(self, workspace_id: int, *, limited_since: datetime) -> DeliveryOverview:
        """What waits per channel (DMs together), busiest first, and the 429s since
        ``limited_since``."""
        ...


# ``run_fire`` prefixes every dedupe key of a scheduled job's output with this.
SCHEDULED_PREFIX = "job:"
# A new idea's channel card (``idea_post``): the cards that may be gathered.
GATHERABLE_PREFIX = "idea:"
GATHER_MOST = 10  # ideas in one gathered card
GATHER_BLOCKS = 48  # Slack shows at most 50 blocks in one message
GATHER_QUOTE_CHARS = 600


class Priority(IntEnum):
    """Which messages go first when a platform's budget is the bottleneck (lower first)."""

    URGENT = 0  # private answers and confirmations, time-bound reminders
    BULK = 1  # channel cards, digests, nudge waves, weekly prompts


@dataclass(frozen=True)
class Queued(Outgoing):
    """An outgoing message with its delivery terms."""

    priority: Priority = Priority.BULK
    expires_at: datetime | None = None  # after this it is dropped, not delivered late


def terms_of(outgoing: Outgoing) -> tuple[Priority, datetime | None]:
    """A message's priority and deadline. Queued through :func:`enqueue` it carries them;
    otherwise a private note is urgent and a channel post bulk."""
    if isinstance(outgoing, Queued):
        return outgoing.priority, outgoing.expires_at
    if outgoing.message.audience is Audience.MEMBER:
        return Priority.URGENT, None
    return Priority.BULK, None


async def enqueue(
    outbox: Outbox,
    workspace: Workspace,
    messages: Sequence[Message],
    *,
    dedupe_prefix: str | None = None,
    dedupe_keys: Sequence[str | None] = (),
    deadlines: Sequence[datetime | None] = (),
) -> int:
    """Write the channel posts and private notes among ``messages`` to the outbox, in the
    caller's transaction. A message's dedupe key is ``dedupe_keys[i]`` where given (a key
    that outlives one request, such as a reminder's), else ``prefix:i``. Returns how many
    were newly queued.

    Priorities: what a member's own command causes for a member (answers, confirmations,
    "your idea was claimed") is urgent, and so is anything with a deadline (``deadlines[i]``:
    a booking reminder is no use once its slot or café starts); channel posts and whatever a
    scheduled job sends otherwise go in bulk (digests, nudges, prompts)."""
    prefix = dedupe_prefix or uuid.uuid4().hex
    scheduled = prefix.startswith(SCHEDULED_PREFIX)
    queued = 0
    for index, message in enumerate(messages):
        if message.audience is Audience.CHANNEL:
            target = workspace.channel_id
        elif message.audience is Audience.MEMBER:
            target = message.recipient_id
        else:
            continue
        if not target:
            log.warning("dropped a %s message with nowhere to go", message.audience.value)
            continue
        key = dedupe_keys[index] if index < len(dedupe_keys) else None
        expires_at = deadlines[index] if index < len(deadlines) else None
        urgent = message.audience is Audience.MEMBER and not scheduled
        outgoing = Queued(
            workspace.id,
            workspace.platform,
            target,
            message,
            key or f"{prefix}:{index}",
            priority=Priority.URGENT if urgent or expires_at else Priority.BULK,
            expires_at=expires_at,
        )
        if await outbox.enqueue(outgoing):
            queued += 1
    return queued


def gather_cards(cards: Sequence[Message], tr: Translator) -> list[tuple[int, Message]]:
    """New-idea cards for a busy channel, gathered: consecutive runs of ``cards`` become
    one "N new ideas" card each, listing every idea with its own buttons (its small print
    left out: counts in a gathered card are not kept up to date). Returns (how many cards,
    the card to post) in order; a run of one is the card itself."""
    gathered: list[tuple[int, Message]] = []
    run: list[Message] = []
    size = 2  # the heading and its note

    def close() -> None:
        if len(run) == 1:
            gathered.append((1, run[0]))
        elif run:
            gathered.append((len(run), _gathered(run, tr)))
        run.clear()

    for card in cards:
        blocks = len(_listed(card)) + 1  # and a divider
        if run and (len(run) == GATHER_MOST or size + blocks > GATHER_BLOCKS):
            close()
            size = 2
        run.append(card)
        size += blocks
    close()
    return gathered


def _gathered(cards: Sequence[Message], tr: Translator) -> Message:
    heading = tr._n("💡 {n} new idea", "💡 {n} new ideas", len(cards))
    blocks: list[Block] = [
        Section(Text.plain(heading)),
        Note(
            tr._t(
                "Lots going on in the channel, so new ideas arrive together here. Vote and claim as usual."
            )
        ),
    ]
    for card in cards:
        blocks.append(Divider())
        blocks.extend(_listed(card))
    return Message(tuple(blocks), Audience.CHANNEL, summary=heading)


def _listed(card: Message) -> list[Block]:
    """A card's blocks as a gathered card lists them."""
    listed: list[Block] = []
    for block in card.blocks:
        if isinstance(block, Note):
            continue
        if isinstance(block, Quote) and len(block.text) > GATHER_QUOTE_CHARS:
            block = Quote(block.text[: GATHER_QUOTE_CHARS - 1].rstrip() + "…")
        listed.append(block)
    return listed
