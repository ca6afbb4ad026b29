"""``chorus socket``: Chorus in Slack over Socket Mode (no public Request URL needed)."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.runtime import Runtime
from adapters.slack.app import SlackAdapter

log = logging.getLogger(__name__)


async def run_socket_mode(runtime: Runtime, stop: asyncio.Event | None = None) -> None:
    """Connect with the app-level token and serve until ``stop`` is set (or forever)."""
    adapter = SlackAdapter(runtime, socket_mode=True)
    await adapter.start()
    handler = AsyncSocketModeHandler(adapter.bolt, app_token=runtime.settings.slack.app_token)
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("Chorus connected to Slack over Socket Mode")
        await (stop or asyncio.Event()).wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await adapter.close()
