"""Private calendar feeds and the .ics links in booking confirmations."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from bot.bookings.commands import ResetCalendarFeed, ShowCalendarFeed
from bot.bookings.ports import (
    BookingDetail,
    BookingStatus,
    OfferStatus,
)
from bot.bookings.views import NameLookup, feed_blocks, is_link
from bot.context import Context
from bot.i18n import Translator
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Reply,
    Section,
)
from bot.ports import UnitOfWork
from bot.time.ics import CalendarEvent, calendar_file

FEED_HISTORY = timedelta(days=30)


_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def calendar_url(public_url: str, token: str) -> str:
    """The URL a calendar link token is served at."""
    return f"{public_url.rstrip('/')}/calendar/{token}.ics"


async def issue_link(ctx: Context, booking_id: int | None, member_id: int | None = None) -> str:
    """A new calendar link (a member's feed, or one booking's event); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    await ctx.uow.calendar_tokens.add(
        _hash(token), member_id or ctx.member.id, booking_id, ctx.clock.now()
    )
    return calendar_url(ctx.programme.public_url, token)


async def show_calendar_feed(ctx: Context, _: ShowCalendarFeed) -> Reply:
    """My private calendar feed: issued on first use, shown once (only its hash is kept)."""
    tr = ctx.tr
    issued = await ctx.uow.calendar_tokens.feed_issued_at(ctx.member.id)
    if issued is not None:
        return Reply.private(
            Section(
                tr._t(
                    "You already have a calendar feed (since {date}). I keep only a fingerprint of its link, so nobody, not even I, can show it again. Lost it? Get a new link; the old one stops working.",
                    date=tr.date(issued.astimezone(tr.timezone).date()),
                )
            ),
            Actions((Button(tr._("New link"), "chorus calendar reset", ButtonStyle.DANGER),)),
        )
    link = await issue_link(ctx, None)
    return Reply.private(*feed_blocks(tr, link))


async def reset_calendar_feed(ctx: Context, _: ResetCalendarFeed) -> Reply:
    """Revoke all my calendar links and issue a new feed."""
    revoked = await ctx.uow.calendar_tokens.revoke_all(ctx.member.id)
    link = await issue_link(ctx, None)
    tr = ctx.tr
    blocks: list[Block] = []
    if revoked:
        blocks.append(Section(tr._t("Your old calendar links no longer work.")))
    return Reply.private(*blocks, *feed_blocks(tr, link))


async def calendar_document(
    uow: UnitOfWork, token: str, *, now: datetime, public_url: str
) -> bytes | None:
    """The ``.ics`` behind a calendar link: a member's feed or one booking's event; None for
    a token that is malformed, unknown or revoked."""
    if not _TOKEN_SHAPE.fullmatch(token):
        return None
    found = await uow.calendar_tokens.find(_hash(token))
    if found is None:
        return None
    member = await uow.members.get(found.member_id)
    if member is None:
        return None
    workspace = await uow.workspaces.get(member.workspace_id)
    if workspace is None:
        return None
    tr = Translator(member.locale or workspace.locale, member.timezone or workspace.timezone)
    domain = urlsplit(public_url).hostname or "chorus"
    names: dict[int, str] = {}

    async def name(member_id: int) -> str:
        if member_id not in names:
            other = await uow.members.get(member_id)
            names[member_id] = other.display_name if other else "…"
        return names[member_id]

    events: list[CalendarEvent] = []
    if found.booking_id is not None:
        booking = await uow.bookings.get(found.booking_id)
        if booking is None or booking.member_id != member.id:
            return None
        slot = await uow.slots.get(booking.slot_id) if booking.slot_id is not None else None
        cafe = await uow.cafes.get(booking.cafe_id) if booking.cafe_id is not None else None
        detail = BookingDetail(booking, slot, cafe)
        events.append(await _event(tr, detail, domain, name, as_host=False))
    else:
        mine = await uow.bookings.of_member(
            member.id, ends_after=now - FEED_HISTORY, statuses=[BookingStatus.ACTIVE]
        )
        events.extend([await _event(tr, d, domain, name, as_host=False) for d in mine])
        if member.is_coordinator:
            hosted = await uow.bookings.hosted_by(member.id, ends_after=now - FEED_HISTORY)
            seen_cafes: set[int] = set()
            for detail in hosted:
                if detail.cafe is not None:
                    if detail.cafe.id in seen_cafes:
                        continue
                    seen_cafes.add(detail.cafe.id)
                events.append(await _event(tr, detail, domain, name, as_host=True))
    return calendar_file(events, name=tr._("Chorus bookings"), zone=tr.timezone, stamp=now)


async def _event(
    tr: Translator,
    detail: BookingDetail,
    domain: str,
    name: NameLookup,
    *,
    as_host: bool,
) -> CalendarEvent:
    booking = detail.booking
    place = detail.place
    if detail.slot is not None:
        slot = detail.slot
        summary = (
            tr._(
                "Feedback slot #{number} with {name}",
                number=slot.number,
                name=await name(booking.member_id),
            )
            if as_host
            else tr._("Feedback with {name}", name=await name(slot.coordinator_id))
        )
        uid = f"chorus-slot-{slot.id}@{domain}"
        description = tr._("Booked with Chorus. /book mine shows your bookings.")
        if as_host and booking.draft:
            description = tr._("A draft is attached: /chorus bookings shows it.")
        cancelled = slot.status is OfferStatus.CANCELLED
    else:
        assert detail.cafe is not None
        cafe = detail.cafe
        summary = tr._("Writing café: {title}", title=cafe.title)
        uid = f"chorus-cafe-{cafe.id}@{domain}"
        description = cafe.topic or tr._("Booked with Chorus. /book mine shows your bookings.")
        cancelled = cafe.status is OfferStatus.CANCELLED
    return CalendarEvent(
        uid=uid,
        summary=summary,
        starts_at=detail.starts_at,
        ends_at=detail.ends_at,
        location=place,
        description=description,
        url=place if place and is_link(place) else None,
        cancelled=cancelled or booking.status is BookingStatus.CANCELLED,
    )
