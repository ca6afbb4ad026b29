"""Queueing the messages a change causes, in the change's own transaction."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from bot.messages import Audience, Message
from bot.model import Outgoing, Workspace
from bot.ports import UnitOfWork

log = logging.getLogger(__name__)


async def enqueue(
    uow: UnitOfWork,
    workspace: Workspace,
    messages: Sequence[Message],
    *,
    dedupe_prefix: str | None = None,
    dedupe_keys: Sequence[str | None] = (),
) -> int:
    """Write the channel posts and private notes among ``messages`` to the outbox, in the
    caller's transaction. A message's dedupe key is ``dedupe_keys[i]`` where given (a key
    that outlives one request, such as a reminder's), else ``prefix:i``. Returns how many
    were newly queued."""
    prefix = dedupe_prefix or uuid.uuid4().hex
    queued = 0
    for index, message in enumerate(messages):
        if message.audience is Audience.CHANNEL:
            target = workspace.channel_id
        elif message.audience is Audience.MEMBER:
            target = message.recipient_id
        else:
            continue
        if not target:
            log.warning("dropped a %s message with nowhere to go", message.audience.value)
            continue
        key = dedupe_keys[index] if index < len(dedupe_keys) else None
        outgoing = Outgoing(
            workspace.id, workspace.platform, target, message, key or f"{prefix}:{index}"
        )
        if await uow.outbox.enqueue(outgoing):
            queued += 1
    return queued
