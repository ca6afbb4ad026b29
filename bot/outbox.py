"""Queueing the messages a change causes, in the change's own transaction, with what the
delivery worker needs to order them: a priority, and for a time-bound reminder the moment
after which it is no use. And, for a channel with a long queue, gathering new-idea cards
into one card."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from bot.i18n import Translator
from bot.messages import Audience, Block, Context, Divider, Message, Quote, Section, Text
from bot.model import Outgoing, Workspace
from bot.ports import UnitOfWork

log = logging.getLogger(__name__)

# ``run_fire`` prefixes every dedupe key of a scheduled job's output with this.
SCHEDULED_PREFIX = "job:"
# The stable key of a booking reminder (``due_reminders``): booking id, minutes before.
_REMINDER_KEY = re.compile(r"^booking:(\d+):reminder:\d+$")
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
    uow: UnitOfWork,
    workspace: Workspace,
    messages: Sequence[Message],
    *,
    dedupe_prefix: str | None = None,
    dedupe_keys: Sequence[str | None] = (),
) -> int:
    """Write the channel posts and private notes among ``messages`` to the outbox, in the
    caller's transaction. A message's dedupe key is ``dedupe_keys[i]`` where given (a key
    that outlives one request, such as a reminder's), else ``prefix:i``. Returns how many
    were newly queued.

    Priorities: what a member's own command causes for a member (answers, confirmations,
    "your idea was claimed") and booking reminders are urgent; channel posts and whatever a
    scheduled job sends in bulk (digests, nudges, prompts) are not. A reminder expires when
    its slot or café starts."""
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
        priority = Priority.URGENT if message.audience is Audience.MEMBER else Priority.BULK
        if scheduled:
            priority = Priority.BULK
        expires_at = await _reminder_deadline(uow, key) if key else None
        if expires_at is not None:
            priority = Priority.URGENT
        outgoing = Queued(
            workspace.id,
            workspace.platform,
            target,
            message,
            key or f"{prefix}:{index}",
            priority=priority,
            expires_at=expires_at,
        )
        if await uow.outbox.enqueue(outgoing):
            queued += 1
    return queued


async def _reminder_deadline(uow: UnitOfWork, key: str) -> datetime | None:
    """When the slot or café a booking reminder is about starts (None for other keys)."""
    match = _REMINDER_KEY.match(key)
    if match is None:
        return None
    booking = await uow.bookings.get(int(match.group(1)))
    if booking is None:
        return None
    if booking.slot_id is not None:
        slot = await uow.slots.get(booking.slot_id)
        return slot.starts_at if slot else None
    if booking.cafe_id is not None:
        cafe = await uow.cafes.get(booking.cafe_id)
        return cafe.starts_at if cafe else None
    return None


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
        Context(
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
        if isinstance(block, Context):
            continue
        if isinstance(block, Quote) and len(block.text) > GATHER_QUOTE_CHARS:
            block = Quote(block.text[: GATHER_QUOTE_CHARS - 1].rstrip() + "…")
        listed.append(block)
    return listed
