"""Attaching the draft a member wants feedback on to their slot."""

from __future__ import annotations

from bot.bookings.commands import AttachDraft, OpenDraftForm
from bot.bookings.lookup import my_booking
from bot.bookings.ports import (
    BOOKING_DRAFT_MAX_CHARS,
    BookableKind,
)
from bot.bookings.views import DRAFT_EXCERPT_CHARS
from bot.context import Context
from bot.errors import UsageError
from bot.i18n import N_, Count
from bot.messages import (
    Actions,
    Button,
    Form,
    Input,
    Quote,
    Reply,
    Section,
)
from bot.model import char_count


async def open_draft_form(ctx: Context, cmd: OpenDraftForm) -> Reply:
    """The form for attaching a draft to my booking."""
    booking = await my_booking(ctx, cmd.kind, cmd.number)
    tr = ctx.tr
    return Reply.private(
        Form(
            title=tr._("Attach a draft"),
            submit_label=tr._("Attach"),
            command=f"book attach {cmd.kind.value} {cmd.number}",
            inputs=(
                Input(
                    "draft",
                    tr._("Your draft, or a link to it"),
                    multiline=True,
                    initial=booking.draft or "",
                    max_length=BOOKING_DRAFT_MAX_CHARS,
                    placeholder=tr._(
                        "Paste the post you are working on, and what you'd like feedback on."
                    ),
                ),
            ),
        )
    )


async def attach_draft(ctx: Context, cmd: AttachDraft) -> Reply:
    """Attach what I want feedback on to my booking, for the host to read first."""
    text = cmd.text.strip()
    if not text:
        raise UsageError(
            N_(
                "Paste your draft after the command, for example: /book attach slot 12 My post about…"
            ),
            field="draft",
        )
    if char_count(text) > BOOKING_DRAFT_MAX_CHARS:
        raise UsageError(
            N_(
                "A draft can be at most {limit} characters; yours has {count}. A link to it works too."
            ),
            limit=Count(BOOKING_DRAFT_MAX_CHARS),
            count=Count(char_count(text)),
            field="draft",
        )
    booking = await my_booking(ctx, cmd.kind, cmd.number)
    await ctx.uow.bookings.set_draft(booking.id, text)
    tr = ctx.tr
    if cmd.kind is BookableKind.SLOT:
        answer = tr._t(
            "Your draft is attached to slot #{number}. The coordinator can read it before you meet.",
            number=cmd.number,
        )
    else:
        answer = tr._t(
            "Your draft is attached to your seat at writing café #{number}. The host can read it before the café.",
            number=cmd.number,
        )
    excerpt = text if len(text) <= DRAFT_EXCERPT_CHARS else text[: DRAFT_EXCERPT_CHARS - 1] + "…"
    return Reply.private(
        Section(answer),
        Quote(excerpt),
        Actions((Button(tr._("Replace the draft"), f"book attach {cmd.kind.value} {cmd.number}"),)),
    )
