"""The nightly housekeeping: what is past its retention time goes."""

from __future__ import annotations

import logging

from bot.context import Context
from bot.messages import Message

log = logging.getLogger(__name__)


async def housekeeping(ctx: Context) -> list[Message]:
    """Remove delivered messages, discarded drafts, export records, event ids and install
    links older than the programme's ``[retention]``; nobody is told."""
    removed = await ctx.uow.privacy.forget_expired(
        ctx.workspace.id, ctx.programme.retention, ctx.now
    )
    log.info("housekeeping removed %d rows past their retention time", removed)
    return []
