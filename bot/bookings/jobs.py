"""Café announcements a day ahead and reminders before bookings."""

from __future__ import annotations

from datetime import timedelta

from bot.bookings.ports import Cafe, OfferStatus
from bot.bookings.reminders import due_reminders
from bot.bookings.views import seats_line
from bot.context import Context
from bot.i18n import Translator
from bot.jobs.runner import Keyed, channel_post
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Message,
    Note,
    Section,
    Text,
)


async def cafe_reminder(ctx: Context) -> list[Keyed]:
    """Announces tomorrow's writing cafés in the channel (once, a day ahead, with the RSVP
    button), and reminds members of their drop-in slots and café seats before they start
    (24 hours and 15 minutes by default); each message goes out once."""
    announcements = [
        Keyed(f"cafe:{cafe.id}:announce", _cafe_announcement(ctx.tr, cafe))
        for cafe in await ctx.uow.cafes.upcoming(ctx.workspace.id, after=ctx.now, limit=20)
        if cafe.status is OfferStatus.OPEN
        and ANNOUNCE_AHEAD - ANNOUNCE_WINDOW < cafe.starts_at - ctx.now <= ANNOUNCE_AHEAD
    ]
    reminders = await due_reminders(
        ctx.uow, ctx.now, ctx.programme.reminder_minutes, workspace_id=ctx.workspace.id
    )
    return announcements + [Keyed(r.key, r.message, r.starts_at) for r in reminders]


# A café is announced again a day before it starts; one created later than that was just
# announced when it was published, so the window keeps the channel from hearing it twice.
ANNOUNCE_AHEAD = timedelta(hours=24)


ANNOUNCE_WINDOW = timedelta(hours=1)


def _cafe_announcement(tr: Translator, cafe: Cafe) -> Message:
    blocks: list[Block] = [
        Section(
            tr._t(
                "☕ Tomorrow: writing café #{number}, {title} — {moment}.",
                number=cafe.number,
                title=cafe.title,
                moment=tr.datetime(cafe.starts_at),
            )
        ),
        Note(Text.plain(seats_line(tr, cafe))),
        Actions(
            (
                Button(
                    tr._("Take a seat") if cafe.seats_left else tr._("Join the waitlist"),
                    f"book cafe {cafe.number}",
                    ButtonStyle.PRIMARY,
                ),
            )
        ),
    ]
    return channel_post(blocks, tr._("Writing café #{number}", number=cafe.number))
