"""Delivery to the terminal: the console's "channel" and private notes are printed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from adapters.delivery import Parcel
from bot.messages import Message
from storage.outbox import Claimed, Gate
from storage.platform import MessageRef, PlatformStore

Printer = Callable[[Message, bool], None]  # (message, is an update of an earlier post)


class ConsoleTransport:
    """Prints outbox messages through the chat's renderer; no rate limits apply."""

    def __init__(self, platform: PlatformStore, printer: Printer) -> None:
        self._platform = platform
        self._print = printer

    def gates(self, item: Claimed) -> Sequence[Gate]:
        """The terminal takes any pace."""
        return ()

    async def deliver(self, parcel: Parcel) -> str:
        """Print the message; a keyed post seen before is shown as an update."""
        item = parcel.item
        key = item.key
        updated = False
        if key is not None:
            updated = await self._platform.message_ref(item.workspace_id, key) is not None
            await self._platform.save_message_ref(
                item.workspace_id, key, MessageRef(item.target, key)
            )
        self._print(parcel.message, updated)
        return key or item.dedupe_key
