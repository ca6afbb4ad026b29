"""Queueing the messages a change causes, in the change's own transaction."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.messages import Audience, Message
from bot.model import Platform, Workspace


@dataclass(frozen=True)
class Outgoing:
    """A channel post or private note waiting for delivery (written to the outbox in the
    same transaction as the change that caused it)."""

    workspace_id: int
    platform: Platform
    target: str  # channel id for channel posts, the member's platform id for notes
    message: Message
    dedupe_key: str  # unique: enqueueing the same key twice stores it once
    not_before: datetime | None = None


class Outbox(Protocol):
    """Messages that are not the direct answer to a request, delivered by a worker."""

    async def enqueue(self, outgoing: Outgoing) -> bool:
        """Queue a message; a keyed channel post replaces its older undelivered versions.
        False if a message with the same dedupe key was queued before."""
        ...

    async def undelivered(
        self, workspace_id: int, *, limit: int
    ) -> list[tuple[str, str, datetime]]:
        """Messages given up on, newest first: (target, last error, queued at)."""
        ...


log = logging.getLogger(__name__)


async def enqueue(
    outbox: Outbox,
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
        if await outbox.enqueue(outgoing):
            queued += 1
    return queued
