"""Reminders before a booked slot or café, each delivered once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_timedelta

from bot.bookings.ports import (
    BookingDetail,
    BookingStatus,
)
from bot.bookings.views import when_text, where_blocks
from bot.context import mention_of
from bot.i18n import Translator
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Message,
    Note,
    Section,
)
from bot.model import Member, Platform
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class Reminder:
    """A reminder due now for one booking. ``key`` is stable, so enqueueing it into the
    outbox on every scheduler run still delivers it once."""

    key: str
    workspace_id: int
    platform: Platform
    booking_id: int
    minutes_before: int
    message: Message  # Audience.MEMBER, to the booker
    starts_at: datetime  # after this the reminder is no use


async def due_reminders(
    uow: UnitOfWork,
    now: datetime,
    offsets: Sequence[int],
    *,
    workspace_id: int | None = None,
) -> list[Reminder]:
    """Reminders due at ``now`` for bookings of slots and café seats that have not started.

    ``offsets`` are minutes before the start (e.g. ``(1440, 15)``). For each booking only the
    nearest offset already reached counts (a late run sends one reminder, not two), and an
    offset that had passed when the member booked is skipped: the confirmation said it all.
    """
    wanted = sorted({o for o in offsets if o > 0})
    if not wanted:
        return []
    details = await uow.bookings.starting_between(
        now,
        now + timedelta(minutes=wanted[-1]),
        statuses=[BookingStatus.ACTIVE],
        workspace_id=workspace_id,
    )
    reminders: list[Reminder] = []
    workspaces: dict[int, tuple[str, str, Platform] | None] = {}
    for detail in details:
        if detail.starts_at <= now:
            continue
        booking = detail.booking
        due = [
            o
            for o in wanted
            if detail.starts_at - timedelta(minutes=o) <= now
            and booking.created_at <= detail.starts_at - timedelta(minutes=o)
        ]
        if not due:
            continue
        member = await uow.members.get(booking.member_id)
        if member is None:
            continue
        if booking.workspace_id not in workspaces:
            workspace = await uow.workspaces.get(booking.workspace_id)
            workspaces[booking.workspace_id] = (
                (workspace.locale, workspace.timezone, workspace.platform) if workspace else None
            )
        found = workspaces[booking.workspace_id]
        if found is None:
            continue
        locale, zone, platform = found
        tr = Translator(member.locale or locale, member.timezone or zone)
        minutes = due[0]
        reminders.append(
            Reminder(
                key=f"booking:{booking.id}:reminder:{minutes}",
                workspace_id=booking.workspace_id,
                platform=platform,
                booking_id=booking.id,
                minutes_before=minutes,
                message=await _reminder_message(uow, tr, detail, member, now),
                starts_at=detail.starts_at,
            )
        )
    return reminders


async def _reminder_message(
    uow: UnitOfWork, tr: Translator, detail: BookingDetail, member: Member, now: datetime
) -> Message:
    host = await uow.members.get(detail.host_id)
    host_span = mention_of(host)
    relative = str(format_timedelta(detail.starts_at - now, add_direction=True, locale=tr.locale))
    when = when_text(tr, detail.starts_at, detail.ends_at, now)
    kind = detail.booking.kind.value
    blocks: list[Block]
    if detail.slot is not None:
        blocks = [
            Section(
                tr._t(
                    "⏰ Your feedback slot #{number} with {host} starts {relative}: {when}.",
                    number=detail.slot.number,
                    host=host_span,
                    relative=relative,
                    when=when,
                )
            )
        ]
    else:
        assert detail.cafe is not None
        blocks = [
            Section(
                tr._t(
                    "⏰ Writing café #{number} ({title}) starts {relative}: {when}.",
                    number=detail.cafe.number,
                    title=detail.cafe.title,
                    relative=relative,
                    when=when,
                )
            )
        ]
    blocks.extend(where_blocks(tr, detail.place))
    buttons = [Button(tr._("Cancel"), f"book cancel {kind} {detail.number}", ButtonStyle.DANGER)]
    if detail.slot is not None and not detail.booking.draft:
        blocks.append(Note(tr._t("Attach your draft so {host} can read it first.", host=host_span)))
        buttons.insert(
            0,
            Button(
                tr._("Attach a draft"), f"book attach {kind} {detail.number}", ButtonStyle.PRIMARY
            ),
        )
    blocks.append(Actions(tuple(buttons)))
    return Message(
        tuple(blocks),
        Audience.MEMBER,
        recipient_id=member.external_id,
        summary=tr._("Reminder: {when}", when=when),
    )
