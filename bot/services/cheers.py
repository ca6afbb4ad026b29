"""Cheers: recognition between members. Today a cheer is the programme's cheer emoji put on
a colleague's message in the ambassador channel; taking the emoji off takes the cheer back."""

from __future__ import annotations

from bot import commands as c
from bot.context import Context
from bot.messages import Reply
from bot.model import Member, NewCheer, Role


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


async def cheer_by_reaction(ctx: Context, cmd: c.CheerByReaction) -> Reply:
    """Record a cheer for the author of a channel message; silent, like the reaction itself.

    Reactions outside the ambassador channel and on one's own messages are not cheers.
    """
    if not _in_ambassador_channel(ctx, cmd.channel_id) or cmd.author_id == ctx.member.external_id:
        return Reply()
    author = await _author(ctx, cmd.author_id)
    added = await ctx.uow.cheers.add(
        NewCheer(
            workspace_id=ctx.workspace.id,
            giver_id=ctx.member.id,
            receiver_id=author.id,
            created_at=ctx.clock.now(),
            source_ref=_source(cmd.channel_id, cmd.message_id),
        )
    )
    if added:
        await ctx.uow.commit()
    return Reply()


async def withdraw_reaction_cheer(ctx: Context, cmd: c.WithdrawReactionCheer) -> Reply:
    """Taking the cheer emoji off a message takes that cheer back."""
    if not _in_ambassador_channel(ctx, cmd.channel_id):
        return Reply()
    removed = await ctx.uow.cheers.remove_by_source(
        ctx.workspace.id, ctx.member.id, _source(cmd.channel_id, cmd.message_id)
    )
    if removed:
        await ctx.uow.commit()
    return Reply()
