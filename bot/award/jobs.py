"""The award reminder: it opens the quarter's nominations window, tells the channel, and
reminds the coordinators to choose."""

from __future__ import annotations

from bot.award import quarters
from bot.context import Context
from bot.jobs.runner import channel_post
from bot.messages import Audience, Block, Header, Message, Note, Section
from bot.model import Role


async def award_reminder(ctx: Context) -> list[Message]:
    """Opens nominations for the quarter of the fire (until it ends or a winner is chosen)
    and reminds coordinators to choose for the quality of posts, not for clicks."""
    quarter = quarters.label(quarters.today_in(ctx.now, ctx.workspace.timezone))
    messages: list[Message] = []
    opened = await ctx.uow.awards.open_window(ctx.workspace.id, quarter, ctx.now)
    if opened:
        ctr = ctx.channel_tr
        messages.append(
            channel_post(
                [
                    Header(
                        ctr._("🏆 Ambassador of {quarter}: nominations are open", quarter=quarter)
                    ),
                    Section(
                        ctr._t(
                            "Whose posts felt most like them this quarter? Who helped a colleague write theirs? Until {day}, nominate them: /chorus nominate @name REASON. Only the coordinators read nominations.",
                            day=ctr.date(quarters.period(quarter).last),
                        )
                    ),
                ],
                ctr._("Nominations for ambassador of {quarter} are open", quarter=quarter),
            )
        )
    for coordinator in await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR):
        tr = ctx.translator_for(coordinator)
        blocks: list[Block] = [
            Header(tr._("🏆 Ambassador of the quarter")),
            Section(
                tr._t(
                    "The quarter is nearly over. Time to choose the ambassador of the quarter: for the quality of their posts and how they helped others, not for clicks."
                )
            ),
            Note(
                tr._t(
                    "/chorus award shows the nominations with each candidate's posts, feedback and cheers; /chorus award pick @name CITATION announces your choice."
                )
            ),
        ]
        messages.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=coordinator.external_id,
                summary=tr._("Ambassador of the quarter"),
            )
        )
    return messages
