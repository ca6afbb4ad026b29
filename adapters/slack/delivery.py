"""Getting rendered messages to Slack: private answers (after the acknowledgement) and the
outbox's channel posts and notes (through :class:`SlackTransport`, run by the delivery
worker). Failures are logged with Slack's error code, never with a token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.delivery import Parcel, RetryAfter, Unreachable
from adapters.slack.render import SlackMessage, render_message
from bot.messages import Audience
from storage.outbox import Claimed, Gate
from storage.platform import MessageRef, PlatformStore

log = logging.getLogger(__name__)

# chat.update cannot reach the earlier post any more: post it again instead.
_REPOST_ERRORS = frozenset(
    {"message_not_found", "cant_update_message", "channel_not_found", "is_archived"}
)
# Places Chorus may never post to: the worker parks the message instead of retrying.
_UNREACHABLE = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
    }
)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")

PrivateSink = Callable[[SlackMessage], Awaitable[None]]


def slack_error(error: SlackApiError) -> str:
    """Slack's error code from a failed call (``not_in_channel``, ``ratelimited`` …)."""
    data = error.response.data if error.response is not None else None
    return str(data.get("error", "unknown")) if isinstance(data, dict) else "unknown"


def is_user_id(value: str | None) -> bool:
    """Whether ``value`` looks like a Slack user id (DM target, mention)."""
    return bool(value and _USER_ID.match(value))


class SlackTransport:
    """The outbox worker's way into Slack: channel posts (posted once, then updated in place
    through the stored message ref) and private notes to members (their chat with the app).

    The worker retries: Slack's 429 becomes :class:`RetryAfter` for the channel's gate, a
    place Chorus can never post to :class:`Unreachable`, anything else a transient failure.
    """

    CHANNEL_SPACING = 1.0  # chat.postMessage: about one message a second per channel
    CHANNEL_BURST = 3  # "short bursts are allowed"
    WORKSPACE_SPACING = 0.05  # and a budget for the whole workspace
    DEFAULT_RETRY_AFTER = 1.0

    def __init__(
        self,
        client: AsyncWebClient,
        platform: PlatformStore,
        *,
        channel_spacing: float = CHANNEL_SPACING,
        workspace_spacing: float = WORKSPACE_SPACING,
    ) -> None:
        self._client = client
        self._platform = platform
        self._channel_spacing = channel_spacing
        self._workspace_spacing = workspace_spacing

    @staticmethod
    def scope(item: Claimed) -> str:
        """The rate gate of the conversation an outbox item goes to."""
        return f"slack:{item.workspace_id}:{item.target}"

    def gates(self, item: Claimed) -> Sequence[Gate]:
        """One gate per channel (or DM), with Slack's short bursts, and one per workspace."""
        return (
            Gate(self.scope(item), self._channel_spacing, burst=self.CHANNEL_BURST),
            Gate(f"slack:{item.workspace_id}", self._workspace_spacing),
        )

    async def deliver(self, parcel: Parcel) -> str:
        """Post or update; returns the message ``ts``."""
        item, message = parcel.item, parcel.message
        try:
            if message.audience is Audience.CHANNEL:
                return await self._publish(item, render_message(message))
            if message.audience is Audience.MEMBER:
                if not is_user_id(item.target):
                    raise Unreachable(f"{item.target!r} is not a Slack member")
                return await self._post_all(item.target, render_message(message))
        except SlackApiError as error:
            raise self._translate(item, error) from error
        raise Unreachable(f"a {message.audience.value} message has no place in the outbox")

    async def _publish(self, item: Claimed, parts: list[SlackMessage]) -> str:
        key = item.key
        if key is not None:
            ref = await self._platform.message_ref(item.workspace_id, key)
            if ref is not None and ref.channel_id == item.target:
                try:
                    await self._client.chat_update(
                        channel=ref.channel_id, ts=ref.message_id, **parts[0].payload()
                    )
                    return ref.message_id
                except SlackApiError as error:
                    if slack_error(error) not in _REPOST_ERRORS:
                        raise
        ts = await self._post_all(item.target, parts)
        if key is not None:
            await self._platform.save_message_ref(
                item.workspace_id, key, MessageRef(item.target, ts)
            )
        return ts

    async def _post_all(self, channel: str, parts: list[SlackMessage]) -> str:
        first = await post(self._client, channel, parts[0])
        for part in parts[1:]:
            await post(self._client, channel, part)
        return first

    def _translate(self, item: Claimed, error: SlackApiError) -> Exception:
        code = slack_error(error)
        response = error.response
        if code == "ratelimited" or (response is not None and response.status_code == 429):
            asked = response.headers.get("Retry-After") if response is not None else None
            seconds = float(asked) if asked and str(asked).isdigit() else self.DEFAULT_RETRY_AFTER
            return RetryAfter(seconds, self.scope(item))
        if code in _UNREACHABLE:
            return Unreachable(code)
        return RuntimeError(f"Slack refused: {code}")


async def post(client: AsyncWebClient, channel: str, part: SlackMessage) -> str:
    """chat.postMessage; joins a public channel it is not in yet and tries once more.
    Returns the message ``ts``; raises SlackApiError if Slack refuses."""
    try:
        return await _post_once(client, channel, part)
    except SlackApiError as error:
        if slack_error(error) != "not_in_channel" or not await _join(client, channel):
            raise
    return await _post_once(client, channel, part)


async def _post_once(client: AsyncWebClient, channel: str, part: SlackMessage) -> str:
    response = await client.chat_postMessage(
        channel=channel, unfurl_links=False, unfurl_media=False, **part.payload()
    )
    return str(response.get("ts") or "")


async def _join(client: AsyncWebClient, channel: str) -> bool:
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
            await post(client, user_id, part)
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


def transport(bot_token: str, api_url: str, platform: PlatformStore) -> SlackTransport:
    """The delivery worker's Slack transport. Its client opens a connection per call
    (nothing to close at shutdown); the worker's pace makes that cheap enough."""
    return SlackTransport(AsyncWebClient(token=bot_token, base_url=api_url), platform)
