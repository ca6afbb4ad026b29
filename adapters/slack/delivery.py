"""Private answers to Slack after the acknowledgement: ephemeral messages and the member's
chat with the app. (Channel posts and notes to others leave through the outbox, see
:mod:`adapters.slack.transport`.) Failures are logged with Slack's error code, never a token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import SlackMessage
from adapters.web.chat_charts import draw_png
from bot.messages import Attachment, Chart

log = logging.getLogger(__name__)

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")

PrivateSink = Callable[[SlackMessage], Awaitable[None]]


def slack_error(error: SlackApiError) -> str:
    """Slack's error code from a failed call (``not_in_channel``, ``ratelimited`` …)."""
    data = error.response.data if error.response is not None else None
    return str(data.get("error", "unknown")) if isinstance(data, dict) else "unknown"


def is_user_id(value: str | None) -> bool:
    """Whether ``value`` looks like a Slack user id (DM target, mention)."""
    return bool(value and _USER_ID.match(value))


async def join_channel(client: AsyncWebClient, channel: str) -> bool:
    """Join a public channel (to post in it); False if Slack refuses (a private channel
    needs an invitation)."""
    try:
        await client.conversations_join(channel=channel)
        return True
    except SlackApiError as error:
        log.warning("Slack conversations.join failed: %s", slack_error(error))
        return False


def direct_sink(client: AsyncWebClient, user_id: str) -> PrivateSink:
    """Private answers as messages in the member's chat with the app."""

    async def send(part: SlackMessage) -> None:
        try:
            await client.chat_postMessage(channel=user_id, **part.payload())
        except SlackApiError as error:
            log.warning("Slack chat.postMessage to a member failed: %s", slack_error(error))

    return send


def ephemeral_sink(client: AsyncWebClient, channel_id: str, user_id: str) -> PrivateSink:
    """Private answers shown only to the member in a channel (a DM if that fails)."""

    async def send(part: SlackMessage) -> None:
        try:
            await client.chat_postEphemeral(channel=channel_id, user=user_id, **part.payload())
        except SlackApiError as error:
            log.info("Slack chat.postEphemeral failed (%s); sending a DM", slack_error(error))
            await direct_sink(client, user_id)(part)

    return send


async def upload_to_member(
    client: AsyncWebClient,
    user_id: str,
    attachment: Attachment,
    *,
    title: str = "",
    alt_text: str = "",
) -> bool:
    """Put a file into the member's chat with the app (Slack's external upload: ask for an
    upload URL, send the bytes there, complete into the DM); a picture's ``alt_text`` is
    what screen readers say. False if Slack refused."""
    try:
        opened = await client.conversations_open(users=user_id)
        channel = opened["channel"]["id"]
        await client.files_upload_v2(
            channel=channel,
            content=attachment.data,
            filename=attachment.filename,
            title=title or attachment.filename,
            alt_txt=alt_text or None,
        )
        return True
    except SlackApiError as error:
        log.warning("Slack file upload to a member failed: %s", slack_error(error))
        return False
    except (KeyError, TypeError):
        log.warning("Slack conversations.open gave no channel for a file upload")
        return False
    except (aiohttp.ClientError, TimeoutError) as error:  # Slack or its upload URL unreachable
        log.warning("Slack file upload to a member failed: %s", type(error).__name__)
        return False


async def upload_chart(client: AsyncWebClient, user_id: str, chart: Chart) -> bool:
    """A chart of a private answer, drawn as a PNG and uploaded into the member's chat with
    the app, its numbers in the picture's alt text. False if it could not be drawn or sent."""
    try:
        png = await draw_png(chart)
    except (ValueError, RuntimeError, OSError):
        log.exception("a chart could not be drawn")
        return False
    picture = Attachment(f"{chart.name}.png", png, "image/png")
    return await upload_to_member(client, user_id, picture, title=chart.title, alt_text=chart.alt)
