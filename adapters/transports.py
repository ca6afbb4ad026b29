"""Delivery for every platform the settings configure. Apart from ``runtime.py`` because the
platform transports themselves depend on the runtime (no import circle)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from adapters.delivery import Parcel, Transport
from adapters.runtime import Runtime
from bot.model import Platform
from storage.outbox import Claimed, Gate


class OnFirstUse:
    """A transport built when the first message for its platform is claimed: the Agents
    SDK costs tens of megabytes and most servers never hold a Teams message."""

    def __init__(self, build: Callable[[], Transport]) -> None:
        self._build = build
        self._transport: Transport | None = None

    def _built(self) -> Transport:
        if self._transport is None:
            self._transport = self._build()
        return self._transport

    def gates(self, item: Claimed) -> Sequence[Gate]:
        """The built transport's gates."""
        return self._built().gates(item)

    async def deliver(self, parcel: Parcel) -> str:
        """Delivered by the built transport."""
        return await self._built().deliver(parcel)


def _teams(runtime: Runtime) -> Transport:
    from adapters.teams.hosting import transport

    return transport(runtime)


def platform_transports(runtime: Runtime) -> dict[Platform, Transport]:
    """Delivery for every platform the settings configure (the console prints its own)."""
    transports: dict[Platform, Transport] = {}
    # Always: conversations Chorus remembers from Teams are reached through it (the sender
    # refuses any whose service URL the current settings do not allow).
    transports[Platform.TEAMS] = OnFirstUse(lambda: _teams(runtime))
    slack = runtime.settings.slack
    if slack.oauth or slack.bot_token:
        if slack.oauth:
            from adapters.slack.oauth import multi_workspace

            transport = multi_workspace(slack, runtime.engine, runtime.platform)
        else:
            from adapters.slack.transport import single_workspace

            transport = single_workspace(slack.bot_token, slack.api_url, runtime.platform)
        transport.rates.policy = replace(
            transport.rates.policy, ceiling_per_minute=float(slack.max_per_minute)
        )
        transports[Platform.SLACK] = transport
    return transports
