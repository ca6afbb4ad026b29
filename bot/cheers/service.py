"""Cheers: by command, by reaction and from a like & comment call."""

from __future__ import annotations

from datetime import datetime, time

from bot.access import find_member
from bot.cheers.commands import (
    CheerByReaction,
    CheerPost,
    GiveCheer,
    SetCheerVisibility,
    WithdrawReactionCheer,
)
from bot.cheers.ports import CHEER_REASON_MAX_CHARS, NewCheer
from bot.cheers.views import cheer_announcement
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound, UsageError
from bot.i18n import N_
from bot.messages import Audience, Block, Message, Note, Quote, Reply, Section, Text
from bot.model import Member, Role, char_count
from bot.notes import on_behalf


def _in_ambassador_channel(ctx: Context, channel_id: str) -> bool:
    return bool(ctx.workspace.channel_id) and channel_id == ctx.workspace.channel_id


def _source(channel_id: str, message_id: str) -> str:
    return f"{channel_id}/{message_id}"


async def _author(ctx: Context, external_id: str) -> Member:
    """The cheered member, registered now if they have not used Chorus yet (their name
    arrives with their first command)."""
    member = await ctx.uow.members.by_external_id(ctx.workspace.id, external_id)
    if member is not None:
        return member
    role = Role.COORDINATOR if external_id in ctx.programme.admins else Role.AMBASSADOR
    return await ctx.uow.members.add(ctx.workspace.id, external_id, "", role)


async def cheer_by_reaction(ctx: Context, cmd: CheerByReaction) -> Reply:
    """Record a cheer for the author of a channel message; silent, like the reaction itself.

    Reactions outside the ambassador channel and on one's own messages are not cheers.
    """
    if not _in_ambassador_channel(ctx, cmd.channel_id) or cmd.author_id == ctx.member.external_id:
        return Reply()
    if await _allowance_left(ctx) <= 0:
        return Reply.private(Section(_allowance_text(ctx)))
    author = await _author(ctx, cmd.author_id)
    await ctx.uow.cheers.add(
        NewCheer(
            workspace_id=ctx.workspace.id,
            giver_id=ctx.member.id,
            receiver_id=author.id,
            created_at=ctx.clock.now(),
            source_ref=_source(cmd.channel_id, cmd.message_id),
        )
    )
    return Reply()


async def withdraw_reaction_cheer(ctx: Context, cmd: WithdrawReactionCheer) -> Reply:
    """Taking the cheer emoji off a message takes that cheer back."""
    if not _in_ambassador_channel(ctx, cmd.channel_id):
        return Reply()
    await ctx.uow.cheers.remove_by_source(
        ctx.workspace.id, ctx.member.id, _source(cmd.channel_id, cmd.message_id)
    )
    return Reply()


def _start_of_day(ctx: Context) -> datetime:
    """Midnight today in the giver's time zone: the allowance is per calendar day."""
    local = ctx.clock.now().astimezone(ctx.tr.timezone)
    return datetime.combine(local.date(), time(), tzinfo=ctx.tr.timezone)


async def _allowance_left(ctx: Context) -> int:
    given = await ctx.uow.cheers.given_since(ctx.workspace.id, ctx.member.id, _start_of_day(ctx))
    return ctx.programme.cheer_allowance - given


def _allowance_text(ctx: Context) -> Text:
    return ctx.tr._t(
        "You have given all {n} cheers for today — thank you for noticing so much! Your cheers are back tomorrow; a few well-chosen ones mean more than many.",
        n=ctx.programme.cheer_allowance,
    )


async def _require_allowance(ctx: Context) -> None:
    if await _allowance_left(ctx) <= 0:
        raise Conflict(
            N_(
                "You have given all {n} cheers for today — thank you for noticing so much! Your cheers are back tomorrow; a few well-chosen ones mean more than many."
            ),
            n=ctx.programme.cheer_allowance,
        )


async def give_cheer(ctx: Context, cmd: GiveCheer) -> Reply:
    """``/cheer @someone REASON``: the receiver gets a private note with the reason, and the
    channel an announcement unless the receiver opted out of those."""
    reason = cmd.reason.strip()
    if not reason:
        raise UsageError(
            N_(
                "Say why you cheer them, for example: /cheer @bente for explaining our backup tests so clearly"
            )
        )
    if char_count(reason) > CHEER_REASON_MAX_CHARS:
        raise UsageError(
            N_("A cheer's reason can be at most {limit} characters; yours has {count}."),
            limit=CHEER_REASON_MAX_CHARS,
            count=char_count(reason),
        )
    receiver = await find_member(ctx, cmd.member, meet=True)
    if receiver.id == ctx.member.id:
        raise NotAllowed(N_("Cheers are for colleagues. Who helped you lately?"))
    await _require_allowance(ctx)
    cheer_id = await ctx.uow.cheers.add(
        NewCheer(
            workspace_id=ctx.workspace.id,
            giver_id=ctx.member.id,
            receiver_id=receiver.id,
            created_at=ctx.clock.now(),
            reason=reason,
        )
    )
    cheer = await ctx.uow.cheers.get(cheer_id) if cheer_id is not None else None
    if cheer is None:  # a cheer without a source is never a repeat
        raise RuntimeError("a new cheer was not stored")
    tr = ctx.tr
    public = await ctx.uow.cheers.is_public(receiver.id) and bool(ctx.workspace.channel_id)
    who = await ctx.mention(receiver.id)
    # The cheer stands even when the note must wait: the channel shows it, and the
    # receiver finds it on their home page.
    messages, held = await on_behalf(ctx, [await _cheer_note(ctx, receiver, reason)])
    if public and not held:
        answer = tr._t("Your cheer for {member} is in the channel and with them.", member=who)
    elif public:
        answer = tr._t("Your cheer for {member} is in the channel.", member=who)
    elif not held:
        answer = tr._t("Your cheer went to {member} privately.", member=who)
    else:
        answer = tr._t(
            "Your cheer for {member} is kept: they will see it under Your Chorus.",
            member=who,
        )
    if public:
        # Keyed, so erasing the giver or the receiver can update the post in place.
        messages.insert(0, await cheer_announcement(ctx, cheer))
    # A cheer announced in the channel is no secret; a private one stays private, and so
    # does the news that the giver's notes for this hour are used up.
    return Reply.private(Section(answer), *held, shareable=public and not held).with_messages(
        messages
    )


async def cheer_post(ctx: Context, cmd: CheerPost) -> Reply:
    """The Cheer button on a like & comment call: cheer the post's author, once per post."""
    post = await ctx.uow.posts.by_number(ctx.workspace.id, cmd.number)
    if post is None:
        raise NotFound(
            N_("There is no post #{number} any more. Announce yours with /posted URL."),
            number=cmd.number,
        )
    if post.author_id == ctx.member.id:
        raise NotAllowed(N_("Cheers are for colleagues. Who helped you lately?"))
    await _require_allowance(ctx)
    added = await ctx.uow.cheers.add(
        NewCheer(
            workspace_id=ctx.workspace.id,
            giver_id=ctx.member.id,
            receiver_id=post.author_id,
            created_at=ctx.clock.now(),
            source_ref=f"post:{post.number}",
        )
    )
    who = await ctx.mention(post.author_id)
    if not added:
        return Reply.private(
            Section(ctx.tr._t("You have cheered {member} for this post already.", member=who))
        )
    answer = Section(ctx.tr._t("Your cheer went to {member}.", member=who))
    author = await ctx.uow.members.get(post.author_id)
    if author is None:
        return Reply.private(answer)
    author_tr = ctx.translator_for(author)
    note = Message(
        (
            Section(
                author_tr._t(
                    "🎉 {giver} cheered you for your post #{number}.",
                    giver=await ctx.mention(ctx.member.id),
                    number=post.number,
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=author.external_id,
        summary=author_tr._("You got a cheer"),
    )
    notes, held = await on_behalf(ctx, [note])
    return Reply.private(answer, *held).with_messages(notes)


async def _cheer_note(ctx: Context, receiver: Member, reason: str) -> Message:
    rtr = ctx.translator_for(receiver)
    blocks: list[Block] = [
        Section(rtr._t("🎉 {giver} cheered you:", giver=await ctx.mention(ctx.member.id))),
        Quote(reason),
    ]
    if receiver.last_active_at is None:
        # Their first word from Chorus: say what it is, and how to stay out of the channel.
        blocks.append(
            Note(
                rtr._t(
                    "Chorus is where our ambassador programme collects post ideas, drafts and cheers. Rather not have cheers for you announced in the channel? Type /chorus cheers private."
                )
            )
        )
    return Message(
        tuple(blocks),
        Audience.MEMBER,
        recipient_id=receiver.external_id,
        summary=rtr._("You got a cheer"),
    )


async def set_cheer_visibility(ctx: Context, cmd: SetCheerVisibility) -> Reply:
    """Opt in or out of public cheer announcements (cheers still arrive privately)."""
    await ctx.uow.cheers.set_public(ctx.member.id, cmd.public)
    if cmd.public:
        answer = ctx.tr._t("Cheers for you will be announced in the ambassador channel again.")
    else:
        answer = ctx.tr._t(
            "Cheers for you will no longer be announced in the channel. You still receive every cheer privately."
        )
    return Reply.private(Section(answer))
