"""Delivery for every platform the settings configure. Apart from ``runtime.py`` because the
platform transports themselves depend on the runtime (no import circle)."""

from __future__ import annotations

from dataclasses import replace

from adapters.delivery import Transport
from adapters.runtime import Runtime
from adapters.teams.hosting import transport as teams_transport
from bot.model import Platform


def platform_transports(runtime: Runtime) -> dict[Platform, Transport]:
    """Delivery for every platform the settings configure (the console prints its own)."""
    transports: dict[Platform, Transport] = {}
    # Always: conversations Chorus remembers from Teams are reached through it (the sender
    # refuses any whose service URL the current settings do not allow).
    transports[Platform.TEAMS] = teams_transport(runtime)
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
