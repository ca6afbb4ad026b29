"""How a cheer looks in the channel."""

from __future__ import annotations

from bot.cheers.ports import Cheer
from bot.context import Context, mention_of
from bot.messages import Audience, Block, Message, Quote, Section

CHEER_KEY_PREFIX = "cheer:"


def cheer_key(cheer_id: int) -> str:
    """The key of a cheer's channel post, so it can be updated later (on erasure)."""
    return f"{CHEER_KEY_PREFIX}{cheer_id}"


async def cheer_announcement(ctx: Context, cheer: Cheer) -> Message:
    """A cheer announced in the channel, in the channel's language (a giver or receiver
    who was erased shows as "a former member")."""
    ctr = ctx.channel_tr
    former = ctr._("a former member")
    giver = await ctx.uow.members.get(cheer.giver_id)
    receiver = await ctx.uow.members.get(cheer.receiver_id)
    blocks: list[Block] = [
        Section(
            ctr._t(
                "🎉 {giver} cheers {member}:",
                giver=mention_of(giver, former=former),
                member=mention_of(receiver, former=former),
            )
        )
    ]
    if cheer.reason:
        blocks.append(Quote(cheer.reason))
    return Message(
        tuple(blocks),
        Audience.CHANNEL,
        key=cheer_key(cheer.id),
        summary=ctr._("A cheer for a colleague"),
    )
