"""The weekly status note: last week's figures for every coordinator, privately, with a
hint when the company/external mix of library shares drifts far from the target."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.library.balance import PERIOD_DAYS, drift_hint
from bot.library.commands import Period
from bot.messages import Audience, Message
from bot.model import Role
from bot.stats.periods import week_of
from bot.stats.service import compared_figures, record_headcounts, today_in
from bot.stats.views import status_note_blocks


async def status_note(ctx: Context) -> list[Message]:
    """Last complete week's key figures against the week before, to each coordinator."""
    coordinators = await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR)
    if not coordinators:
        return []
    await record_headcounts(ctx.uow, ctx.workspace, ctx.now)
    week = week_of(today_in(ctx.workspace, ctx.now)).previous()
    now, before = await compared_figures(ctx.uow, ctx.workspace, week)
    # The mix of library shares over the last month, like ``/share stats month``: a week
    # holds too few shares to say it drifted.
    shared = await ctx.uow.library.shared_between(
        ctx.workspace.id, ctx.now - timedelta(days=PERIOD_DAYS[Period.MONTH]), ctx.now
    )
    target = ctx.programme.company_share_percent
    notes = []
    for coordinator in coordinators:
        tr = ctx.translator_for(coordinator)
        notes.append(
            Message(
                tuple(status_note_blocks(tr, now, before, drift_hint(tr, target, shared))),
                Audience.MEMBER,
                recipient_id=coordinator.external_id,
                summary=tr._("Last week in the programme"),
            )
        )
    return notes
