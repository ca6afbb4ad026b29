"""Delivery for every platform the settings configure. Apart from ``runtime.py`` because the
platform transports themselves depend on the runtime (no import circle)."""

from __future__ import annotations

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
    if slack.oauth:
        from adapters.slack.oauth import multi_workspace

        transports[Platform.SLACK] = multi_workspace(slack, runtime.engine, runtime.platform)
    elif slack.bot_token:
        from adapters.slack.transport import single_workspace

        transports[Platform.SLACK] = single_workspace(
            slack.bot_token, slack.api_url, runtime.platform
        )
    return transports
