"""Private notes Chorus sends to colleagues on a member's behalf (feedback requests, "your
idea was claimed", cheers, booking notes to a host): at most ``notes_per_hour`` an hour per
member, so no command repeated in a loop can flood colleagues' chats; and news that would
only repeat itself is told once.

Each action decides what happens once the hour's notes are used up: where the note is
the whole point (asking for feedback) the action is refused and nothing is saved
(:func:`require_room`); where the action stands on its own (a claim, a cheer, a booking)
it is kept and its notes are held back, and the member is told so (:func:`on_behalf`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.context import Context
from bot.errors import Conflict
from bot.i18n import N_, Count
from bot.messages import Audience, Block, Message, Note

NOTE_WINDOW = timedelta(hours=1)
# The longest any rule here looks back: the housekeeping forgets older records.
NOTES_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Allowance:
    """The acting member's notes to colleagues in the past hour, against the limit."""

    sent: int
    limit: int
    reopens_at: datetime | None = None  # when the limit is reached: when notes may go again

    @property
    def reached(self) -> bool:
        """Whether no more notes may go on the member's behalf just now."""
        return self.reopens_at is not None


async def allowance(ctx: Context) -> Allowance:
    """How many notes went out for the acting member in the past hour, and, when that is
    the limit, the moment the oldest of them stops counting enough to send again."""
    limit = ctx.programme.notes_per_hour
    sent_log = await ctx.uow.notes.sent_since(ctx.member.id, ctx.now - NOTE_WINDOW)
    sent = sum(count for _, count in sent_log)
    if sent < limit:
        return Allowance(sent, limit)
    left = sent
    for at, count in sent_log:
        left -= count
        if left < limit:
            return Allowance(sent, limit, at + NOTE_WINDOW)
    return Allowance(sent, limit, ctx.now + NOTE_WINDOW)  # a limit of 0: none ever go


def _to_colleagues(ctx: Context, messages: Sequence[Message]) -> list[Message]:
    return [
        m
        for m in messages
        if m.audience is Audience.MEMBER and m.recipient_id != ctx.member.external_id
    ]


async def require_room(ctx: Context) -> None:
    """Refuse the action (nothing is saved) when the member's notes for this hour are used up."""
    room = await allowance(ctx)
    if room.reopens_at is not None:
        raise Conflict(
            N_(
                "Notes to colleagues on one member's behalf are limited to {limit} an hour, and yours for this hour are used up. Nothing was sent or saved; try again from {time}."
            ),
            limit=Count(room.limit),
            time=ctx.tr.time(room.reopens_at),
        )


async def on_behalf(
    ctx: Context, messages: Sequence[Message], *, about: str | None = None
) -> tuple[list[Message], list[Block]]:
    """The messages that may go, and what to tell the acting member. Notes to colleagues
    all go (and are counted) while the member has room this hour; once it is used up they
    are held back, and the returned blocks say so. Channel posts and notes to the member
    themselves always go. ``about`` names the news, for :func:`told_recently`."""
    notes = _to_colleagues(ctx, messages)
    if not notes:
        return list(messages), []
    room = await allowance(ctx)
    if room.reopens_at is None:
        await ctx.uow.notes.record(
            ctx.workspace.id, ctx.member.id, len(notes), ctx.now, about=about
        )
        return list(messages), []
    held = {id(m) for m in notes}
    said = ctx.tr._nt(
        "Your colleague was not notified: notes to colleagues on one member's behalf are limited to {limit} an hour, and yours for this hour are used up (again from {time}).",
        "{n} colleagues were not notified: notes to colleagues on one member's behalf are limited to {limit} an hour, and yours for this hour are used up (again from {time}).",
        len(notes),
        limit=Count(room.limit),
        time=ctx.tr.time(room.reopens_at),
    )
    return [m for m in messages if id(m) not in held], [Note(said)]


async def told_recently(ctx: Context, about: str, within: timedelta) -> bool:
    """Whether a note about ``about`` went out for the acting member within ``within``."""
    return await ctx.uow.notes.told_since(ctx.member.id, about, ctx.now - within)
