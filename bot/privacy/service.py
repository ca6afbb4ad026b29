"""Privacy: the page, the export and erasure."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.access import find_member, require_coordinator
from bot.award.ports import RunnerUpStatus
from bot.award.views import AWARD_KEY_PREFIX, announcement
from bot.bookings.cafes import cafe_post
from bot.bookings.leaving import give_back_bookings
from bot.cheers.views import CHEER_KEY_PREFIX, cheer_announcement
from bot.context import Context
from bot.errors import Conflict, NotAllowed
from bot.i18n import N_, Translator
from bot.ideas.views import idea_post
from bot.messages import (
    Actions,
    Attachment,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Message,
    Reply,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.model import Member, Platform, Role
from bot.ports import UnitOfWork
from bot.privacy.commands import EraseMember, ExportMyData, ShowPrivacy
from bot.privacy.export import build_zip
from bot.privacy.ports import Erasure
from bot.privacy.views import privacy_blocks

EXPORT_PAUSE = timedelta(minutes=1)
EXPORT_AGAIN = "chorus privacy export"  # the command line of a fresh export
ERASED = "erase"


def token_hash(token: str) -> str:
    """What is kept of a download link: the SHA-256 of its token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def download_url(public_url: str, token: str) -> str:
    """Where a download link's token is served."""
    return f"{public_url.rstrip('/')}/export/{token}.zip"


def export_filename(member: Member, now: datetime) -> str:
    """The ZIP's name: the programme's and the day's, never the member's name."""
    return f"chorus-export-{now.date().isoformat()}.zip"


async def export_zip(uow: UnitOfWork, member: Member, tr: Translator, now: datetime) -> bytes:
    """Everything about ``member`` as a ZIP (also what ``chorus member export`` writes)."""
    return build_zip(tr, await uow.privacy.collect(member.id), now)


async def erase(
    ctx: Context, member: Member, *, by: Member | None, label: str
) -> tuple[Erasure, list[Message]]:
    """Erase ``member`` and write the audit line (who did it, never whom). Their café seats
    go to the waitlists first; returns the notes for those who got one."""
    notes = await give_back_bookings(ctx, member, erased=True)
    erasure = await ctx.uow.privacy.erase(member.id, now=ctx.now)
    await ctx.uow.privacy.audit(member.workspace_id, ERASED, by.id if by else None, label, ctx.now)
    return erasure, notes + await _channel_updates(ctx, erasure)


async def _channel_updates(ctx: Context, erasure: Erasure) -> list[Message]:
    """Channel posts that showed the member, updated in place: what was deleted says so,
    ideas that stay show "a former member" (and a released claim)."""
    if not ctx.workspace.channel_id:
        return []
    tr = ctx.channel_tr
    updates = [
        Message(
            (
                Section(
                    tr._t("Removed, with the data of the member this cheer was for.")
                    if key.startswith(CHEER_KEY_PREFIX)
                    else tr._t("Removed, with the data of the member it was about.")
                    if key.startswith(AWARD_KEY_PREFIX)
                    else tr._t("Removed at the request of the member who shared it.")
                ),
            ),
            Audience.CHANNEL,
            key=key,
            summary=tr._("Removed"),
        )
        for key in erasure.withdrawn
    ]
    for cheer_id in erasure.renamed_cheers:
        cheer = await ctx.uow.cheers.get(cheer_id)
        if cheer is not None:
            updates.append(await cheer_announcement(ctx, cheer))
    for number in erasure.renamed_ideas:
        idea = await ctx.uow.ideas.by_number(ctx.workspace.id, number)
        if idea is not None:
            updates.append(await idea_post(ctx, idea))
    for quarter in erasure.renamed_awards:
        award = await ctx.uow.awards.get(ctx.workspace.id, quarter)
        winner = await ctx.uow.members.get(award.winner_id) if award and award.winner_id else None
        if award is not None and winner is not None:
            runners = await ctx.uow.awards.runners_up(ctx.workspace.id, quarter)
            named = [r for r in runners if r.status is RunnerUpStatus.NAMED]
            updates.append(await announcement(ctx, quarter, winner, award.citation or "", named))
    for number in erasure.renamed_cafes:
        cafe = await ctx.uow.cafes.by_number(ctx.workspace.id, number)
        if cafe is not None:
            updates.append(await cafe_post(ctx, cafe))
    return updates


async def leave(ctx: Context, member: Member) -> list[Message]:
    """``member`` left the workspace: upcoming bookings given back (seats to the waitlists),
    no more notes. Returns the notes for those who got a seat."""
    notes = await give_back_bookings(ctx, member, erased=False)
    await ctx.uow.privacy.mark_left(member.id, now=ctx.now)
    return notes


async def show_privacy(ctx: Context, _: ShowPrivacy) -> Reply:
    """What Chorus keeps about me, why, how long and who sees it, in my language."""
    return Reply.private(
        *privacy_blocks(
            ctx.tr,
            ctx.programme.retention,
            coordinator=ctx.member.is_coordinator,
            notes_per_hour=ctx.programme.notes_per_hour,
        )
    )


async def export_my_data(ctx: Context, _: ExportMyData) -> Reply:
    """My data as a ZIP: attached where the platform takes files, else a one-time link."""
    tr, now, member = ctx.tr, ctx.now, ctx.member
    last = await ctx.uow.privacy.last_export(member.id)
    if last is not None and now - last < EXPORT_PAUSE:
        wait = int((last + EXPORT_PAUSE - now).total_seconds()) + 1
        raise Conflict(
            N_(
                "I made you an export a moment ago. Ask again in {seconds} seconds if you need a fresh one."
            ),
            seconds=wait,
        )
    data = await export_zip(ctx.uow, member, tr, now)
    if ctx.workspace.platform is Platform.TEAMS:
        # Teams takes no files from a bot in a plain message: a link, good once, for a day.
        token = secrets.token_urlsafe(32)
        hours = ctx.programme.retention.export_link_hours
        await ctx.uow.privacy.record_export(
            ctx.workspace.id,
            member.id,
            now,
            token_hash=token_hash(token),
            content=data,
            expires_at=now + timedelta(hours=hours),
        )
        url = download_url(ctx.programme.public_url, token)
        return Reply.private(
            Section(
                tr._t("Your data is ready. The link works once, for {hours} hours:", hours=hours)
                + Text((Span(" "), Span(url, SpanKind.LINK, url=url)))
            )
        )
    await ctx.uow.privacy.record_export(ctx.workspace.id, member.id, now)
    message = Message(
        (
            Section(
                tr._t(
                    "Here is everything Chorus keeps about you, as a ZIP. Its README explains every file and field."
                )
            ),
        ),
        Audience.PRIVATE,
        attachment=Attachment(export_filename(member, now), data, retry=EXPORT_AGAIN),
    )
    return Reply((message,))


async def upload_failed(ctx: Context, attachment: Attachment) -> Reply:
    """The platform would not take a file meant for the acting member: tell them, in their
    language, and offer to make it again. A failed export does not count as one, so asking
    again does not wait."""
    tr = ctx.tr
    if attachment.retry == EXPORT_AGAIN:
        await ctx.uow.privacy.forget_last_export(ctx.member.id)
    blocks: list[Block] = [
        Section(
            tr._t(
                "I could not hand you {filename}: the upload into our chat failed. Nothing was lost; please try again.",
                filename=attachment.filename,
            )
        )
    ]
    if attachment.retry:
        blocks.append(Actions((Button(tr._("Try again"), attachment.retry, ButtonStyle.PRIMARY),)))
    return Reply.private(*blocks)


async def erase_member(ctx: Context, cmd: EraseMember) -> Reply:
    """Coordinators erase a member, after confirming; never the last coordinator."""
    require_coordinator(ctx)
    tr = ctx.tr
    target = await find_member(ctx, cmd.member)
    if target.is_coordinator:
        coordinators = await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR)
        if all(c.id == target.id for c in coordinators):
            raise NotAllowed(
                N_(
                    "{name} is the programme's last coordinator. Promote someone else first (/chorus promote @name), so the programme is not left without anyone to run it."
                ),
                name=target.display_name,
            )
    if not cmd.confirmed:
        return Reply.private(
            Section(
                tr._t(
                    "Erase {name}? Their ideas nobody else took on, drafts, posts, cheers received, bookings and calendar links are deleted; what they gave others (feedback, cheers, votes, likes) stays as from a former member. This cannot be undone.",
                    name=target.display_name,
                )
            ),
            Actions(
                (
                    Button(
                        tr._("Erase for good"),
                        f"chorus member erase <@{target.external_id}> confirm",
                        ButtonStyle.DANGER,
                    ),
                )
            ),
        )
    erasure, notes = await erase(ctx, target, by=ctx.member, label="coordinator")
    return Reply.private(
        Section(
            tr._t(
                "Erased. {deleted} things were deleted, {kept} stay as from a former member, and {stopped} messages not yet sent will not be.",
                deleted=erasure.deleted,
                kept=erasure.anonymised,
                stopped=erasure.superseded,
            )
        )
    ).with_messages(notes)
