"""The workspaces Chorus acts for, known before anybody typed a command.

In single-workspace Slack mode the bot token belongs to one workspace (``auth.test`` says
which) and ``CHORUS_CHANNEL`` is its ambassador channel, so the scheduler and ``chorus jobs
run`` serve it from the first start. Teams tenants are known once the app is installed
(the install's conversationUpdate registers them). Only when no platform is configured
does an empty programme fall back to the console's workspace.
"""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runtime import Runtime
from bot.model import Platform, Workspace

log = logging.getLogger(__name__)

CONSOLE_WORKSPACE = "console"
CONSOLE_CHANNEL = "#ambassadors"


async def slack_team(bot_token: str, api_url: str) -> str | None:
    """The team the bot token belongs to, as ``auth.test`` reports it."""
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(token=bot_token, base_url=api_url, session=session)
        try:
            answer = await client.auth_test()
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("Slack's auth.test failed (%s): the workspace is met on first use", error)
            return None
    team = answer.get("team_id")
    return str(team) if team else None


async def configured_workspaces(runtime: Runtime, *, console: bool = True) -> list[Workspace]:
    """Register the workspace the configuration names (single-workspace Slack), then
    every workspace Chorus acts for; the console's when there is nothing else (and
    ``console`` allows making it)."""
    slack = runtime.settings.slack
    if slack.bot_token and not slack.oauth:
        team = await slack_team(slack.bot_token, slack.api_url)
        if team is not None:
            await runtime.core.workspace(Platform.SLACK, team)
            # The token works: if the workspace had taken Chorus away, it is back.
            if await runtime.platform.unpark(Platform.SLACK.value, team):
                log.info("Slack team %s has Chorus again: its waiting messages go out", team)
    async with runtime.uow() as uow:
        workspaces = await uow.workspaces.all()
    if workspaces or not console:
        return workspaces
    return [
        await runtime.core.workspace(
            Platform.CONSOLE, CONSOLE_WORKSPACE, channel_id=CONSOLE_CHANNEL
        )
    ]


def describe(workspace: Workspace) -> str:
    """``slack workspace T0123 (channel C0456)``, for the command line."""
    channel = workspace.channel_id or "no ambassador channel yet"
    return f"{workspace.platform.value} workspace {workspace.external_id} ({channel})"
