"""Outbox delivery to Slack: channel posts (updated in place by key) and DMs, within
Slack's limits (about one message a second per channel, plus a workspace budget), with
429 Retry-After honoured and a dedupe key in message metadata so a post whose success we
never recorded is found again instead of posted twice."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.delivery import Parcel, RetryAfter, Unreachable
from adapters.pacing import AdaptiveRate, PacePolicy
from adapters.slack.delivery import is_user_id, join_channel, slack_error
from adapters.slack.render import SlackMessage, render_message
from storage.outbox import Claimed, Gate
from storage.platform import MessageRef, PlatformStore

log = logging.getLogger(__name__)

METADATA_EVENT = "chorus_outbox"
# Seconds between posts to one channel or DM. Slack allows about one a second; the margin
# keeps network jitter and a replica's late wake-up from making two posts look closer.
CHANNEL_SPACING = 1.1
WORKSPACE_BURST = 5  # how far a late worker may catch up on the workspace budget
# conversations.history and conversations.open (looking for an earlier attempt's post) are
# Tier 3 methods: about 50 calls a minute per workspace.
TIER3_SPACING = 1.2
# Slack will never take these messages; retrying would only repeat the refusal.
_UNREACHABLE = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "not_allowed_token_type",
        "invalid_auth",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "messages_tab_disabled",
        "not_in_channel",  # only after joining failed: a private channel needs an invitation
    }
)
_REPOST = frozenset({"message_not_found", "cant_update_message"})

ClientFor = Callable[[int], Awaitable[AsyncWebClient]]


class SlackTransport:
    """Implements :class:`adapters.delivery.Transport` for Slack.

    Each workspace's budget is learned (:class:`adapters.pacing.AdaptiveRate`, shared
    through the database) unless ``workspace_per_minute`` fixes it."""

    def __init__(
        self,
        client_for: ClientFor,
        platform: PlatformStore,
        *,
        workspace_per_minute: int | None = None,
        pace: PacePolicy | None = None,
    ) -> None:
        self._client_for = client_for
        self._platform = platform
        self._fixed_spacing = 60.0 / workspace_per_minute if workspace_per_minute else None
        self.rates = AdaptiveRate(platform, pace)
        self._last_post: dict[str, float] = {}  # channel scope → when this process posted

    @staticmethod
    def workspace_scope(workspace_id: int) -> str:
        """The rate scope of a workspace's budget."""
        return f"slack:{workspace_id}"

    def gates(self, item: Claimed) -> Sequence[Gate]:
        """One post a second per channel (or DM), the workspace's budget (which Slack lets
        run a few messages ahead), and for a retry that may look for its earlier post the
        Tier 3 methods it calls."""
        workspace = self.workspace_scope(item.workspace_id)
        spacing = self._fixed_spacing or self.rates.gap(workspace)
        dm = is_user_id(item.target)
        gates = [
            Gate(f"{workspace}:{item.target}", CHANNEL_SPACING, kind="dm" if dm else "channel"),
            Gate(workspace, spacing, burst=WORKSPACE_BURST, kind="workspace"),
        ]
        if item.attempts > 1:
            for method in ("conversations.history", "conversations.open")[: 2 if dm else 1]:
                gates.append(Gate(f"{workspace}:{method}", TIER3_SPACING, burst=3, kind="method"))
        return gates

    async def deliver(self, parcel: Parcel) -> str:
        """Post, or update the earlier post for the same key; returns the message ts. A
        429 becomes :class:`RetryAfter` and, unless it plainly concerns the channel (this
        process posted there less than a second ago), lowers the workspace's rate."""
        item = parcel.item
        workspace = self.workspace_scope(item.workspace_id)
        client = await self._client_for(item.workspace_id)
        parts = render_message(parcel.message)
        try:
            ts = await self._deliver(client, item, parts, parcel.maybe_sent_before)
        except SlackApiError as error:
            translated = _translate(error)
            if isinstance(translated, RetryAfter):
                translated = self._blame(item, translated.seconds)
            raise translated from error
        if self._fixed_spacing is None:
            self.rates.accepted(workspace)
            # After the send, never between the worker's last check and it; a cut from a
            # 429 is shared with the next send that goes through.
            await self.rates.share(workspace)
        return ts

    def _blame(self, item: Claimed, seconds: float) -> RetryAfter:
        """Which scope a chat.postMessage 429 is about. Slack does not say; a post to the
        same channel under a second ago explains it, else the workspace budget ran out
        (the channel is held too, in case)."""
        channel = f"{self.workspace_scope(item.workspace_id)}:{item.target}"
        last = self._last_post.get(channel)
        if last is not None and time.monotonic() - last < 1.0:
            return RetryAfter(seconds, channel)
        if self._fixed_spacing is None:
            self.rates.limited(self.workspace_scope(item.workspace_id), seconds)
        return RetryAfter(seconds)

    async def _deliver(
        self,
        client: AsyncWebClient,
        item: Claimed,
        parts: Sequence[SlackMessage],
        maybe_sent_before: bool,
    ) -> str:
        if item.key is not None:
            ref = await self._platform.message_ref(item.workspace_id, item.key)
            if ref is not None and ref.channel_id == item.target:
                try:
                    await client.chat_update(
                        channel=ref.channel_id, ts=ref.message_id, **parts[0].payload()
                    )
                    return ref.message_id
                except SlackApiError as error:
                    if slack_error(error) not in _REPOST:
                        raise
        ts = None
        if maybe_sent_before:
            ts = await self._find_earlier(client, item)
        if ts is None:
            ts = await self._post(client, item, parts[0], part=0)
            for number, part in enumerate(parts[1:], start=1):
                await self._post(client, item, part, part=number)
        if item.key is not None:
            await self._platform.save_message_ref(
                item.workspace_id, item.key, MessageRef(item.target, ts)
            )
        return ts

    async def _post(
        self, client: AsyncWebClient, item: Claimed, message: SlackMessage, *, part: int
    ) -> str:
        try:
            return await self._post_once(client, item, message, part=part)
        except SlackApiError as error:
            # Not a member of a public channel yet (a coordinator just chose it): join it.
            if slack_error(error) != "not_in_channel" or not await join_channel(
                client, item.target
            ):
                raise
        return await self._post_once(client, item, message, part=part)

    async def _post_once(
        self, client: AsyncWebClient, item: Claimed, message: SlackMessage, *, part: int
    ) -> str:
        response = await client.chat_postMessage(
            channel=item.target,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": METADATA_EVENT,
                "event_payload": {"dedupe_key": item.dedupe_key, "part": part},
            },
            **message.payload(),
        )
        self._last_post[f"{self.workspace_scope(item.workspace_id)}:{item.target}"] = (
            time.monotonic()
        )
        if len(self._last_post) > 10_000:  # forget DMs long done
            horizon = time.monotonic() - 60
            self._last_post = {k: v for k, v in self._last_post.items() if v > horizon}
        ts = response.get("ts")
        if not isinstance(ts, str):
            raise RuntimeError("Slack answered chat.postMessage without a ts")
        return ts

    async def _find_earlier(self, client: AsyncWebClient, item: Claimed) -> str | None:
        """An earlier attempt may have been posted: look for our dedupe key in the recent
        history of the channel (or the DM) before posting again."""
        channel = item.target
        workspace = self.workspace_scope(item.workspace_id)
        if is_user_id(channel):
            async with _method_limit(f"{workspace}:conversations.open"):
                opened = await client.conversations_open(users=channel)
            channel_info: Any = opened.get("channel") or {}
            channel = str(channel_info.get("id", channel))
        async with _method_limit(f"{workspace}:conversations.history"):
            history = await client.conversations_history(
                channel=channel, limit=100, include_all_metadata=True
            )
        for message in history.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT
                and payload.get("dedupe_key") == item.dedupe_key
            ):
                log.info("outbox %s was already posted; reconciled", item.id)
                return str(message.get("ts"))
        return None


@contextlib.asynccontextmanager
async def _method_limit(scope: str) -> AsyncIterator[None]:
    """A 429 from this call is about the method's own limit (``scope``), not the
    workspace's message budget."""
    try:
        yield
    except SlackApiError as error:
        translated = _translate(error)
        if isinstance(translated, RetryAfter):
            raise RetryAfter(translated.seconds, scope) from error
        raise


def _translate(error: SlackApiError) -> Exception:
    response = error.response
    status = getattr(response, "status_code", None)
    code = slack_error(error)
    if status == 429 or code == "ratelimited":
        headers = getattr(response, "headers", {}) or {}
        retry_after = headers.get("Retry-After") or headers.get("retry-after") or "1"
        try:
            seconds = float(retry_after)
        except ValueError:
            seconds = 1.0
        return RetryAfter(max(seconds, 0.0))
    if code in _UNREACHABLE:
        return Unreachable(code)
    return RuntimeError(f"Slack refused: {code}")


def single_workspace(bot_token: str, api_url: str, platform: PlatformStore) -> SlackTransport:
    """The transport for single-workspace mode: one bot token for every workspace id. Its
    client opens a connection per call (nothing to close at shutdown); the worker's pace
    keeps that cheap."""
    client = AsyncWebClient(token=bot_token, base_url=api_url)

    async def client_for(_: int) -> AsyncWebClient:
        return client

    return SlackTransport(client_for, platform)
