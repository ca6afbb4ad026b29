"""Sending to Teams: in a turn or proactively, paced, retried, and never a retry storm.

Every post and update goes through :class:`TeamsSender`. It reaches a conversation through
its stored conversation reference (saved whenever the bot sees the conversation) and marks
the conversation unreachable when Teams answers 403 (the bot was removed or blocked), so
nothing is sent there again until the conversation speaks.

Private answers in a turn keep to 7 messages a second per conversation and retry
412/429/502/504 and lost connections a bounded number of times with exponential backoff and
jitter, honouring ``Retry-After``. Channel posts and notes go through the outbox:
:class:`TeamsTransport` tries once and leaves pacing (a gate per conversation) and retries
to the delivery worker, turning a 429 into :class:`RetryAfter` for it.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import aiohttp
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from microsoft_agents.hosting.core import ClaimsIdentity, ConnectorClientBase, TurnContext
from microsoft_agents.hosting.core.connector.client.connector_client import (
    ConversationsOperations,
)

from adapters.delivery import Parcel, RetryAfter, Unreachable
from adapters.teams.inbound import (
    FALLBACK_WORKSPACE,
    PERSONAL,
    dump_reference,
    load_reference,
)
from adapters.teams.inbound import (
    workspace_id as workspace_of,
)
from adapters.teams.render import CARD_CONTENT_TYPE, render_card, summary
from adapters.teams.trust import ServiceUrls
from bot.messages import Audience, Message
from storage.outbox import Claimed, Gate
from storage.platform import MessageRef, PlatformStore

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRYABLE = frozenset({412, 429, 502, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a refused send is tried again."""

    attempts: int = 4
    base_delay: float = 0.5  # seconds; doubled each attempt, with full jitter
    max_delay: float = 30.0  # a longer Retry-After gives up instead of holding the turn


class ConversationPacer:
    """At most ``rate`` sends per ``per`` seconds into any one conversation (this process)."""

    def __init__(
        self,
        rate: int = 7,
        per: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._rate = rate
        self._per = per
        self._clock = clock
        self._sleep = sleep
        self._sent: dict[str, deque[float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, conversation_id: str) -> None:
        """Return when one more send into ``conversation_id`` keeps within the limit."""
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        async with lock:
            sent = self._sent.setdefault(conversation_id, deque())
            while True:
                now = self._clock()
                while sent and now - sent[0] >= self._per:
                    sent.popleft()
                if len(sent) < self._rate:
                    sent.append(now)
                    break
                await self._sleep(self._per - (now - sent[0]))
        self._forget_idle()

    def _forget_idle(self) -> None:
        if len(self._sent) < 1024:
            return
        now = self._clock()
        for key in [k for k, v in self._sent.items() if not v or now - v[-1] >= self._per]:
            lock = self._locks.get(key)
            if lock is None or not lock.locked():
                self._sent.pop(key, None)
                self._locks.pop(key, None)


def retry_after(headers: Mapping[str, str] | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (seconds or an HTTP date), if any."""
    value = (headers or {}).get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def card_activity(card: dict[str, Any], preview: str) -> Activity:
    """A message activity carrying one Adaptive Card."""
    activity = Activity(
        type=ActivityTypes.message,
        attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=card)],
    )
    if preview:
        activity.summary = preview
    return activity


def connector_of(context: TurnContext) -> ConnectorClientBase | None:
    """The connector client the SDK opened for this turn."""
    return context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]


async def create_conversation(
    connector: ConnectorClientBase, parameters: ConversationParameters
) -> str:
    """Open a conversation; returns its id.

    The connector answers ``"activityId": null`` when no first activity was sent (the
    Bot Framework schema allows it), which the SDK's response model refuses; so the answer
    is read here, needing only the conversation's id.
    """
    operations = connector.conversations
    if not isinstance(operations, ConversationsOperations):
        created = await operations.create_conversation(parameters)
        return str(created.id)
    body = parameters.model_dump(by_alias=True, exclude_unset=True, mode="json")
    async with operations.client.post("v3/conversations", json=body) as response:
        if response.status not in (200, 201, 202):
            response.raise_for_status()
            raise aiohttp.ClientResponseError(
                response.request_info,
                response.history,
                status=response.status,
                headers=response.headers,
            )
        answer = await response.json(content_type=None)
    conversation = answer.get("id") if isinstance(answer, dict) else None
    if not isinstance(conversation, str) or not conversation:
        raise aiohttp.ClientPayloadError("Teams opened a conversation without giving its id")
    return conversation


def workspace_tenant(activity: Activity) -> str | None:
    """The activity's tenant id, if Teams sent one."""
    tenant = workspace_of(activity)
    return None if tenant == FALLBACK_WORKSPACE else tenant


def _addressed(activity: Activity, reference: ConversationReference) -> Activity:
    """A copy of ``activity`` addressed into the referenced conversation."""
    fields: dict[str, Any] = {"conversation": reference.conversation}
    if reference.agent is not None:
        fields["from_property"] = reference.agent
    if reference.user is not None and reference.conversation.conversation_type == PERSONAL:
        fields["recipient"] = reference.user
    if reference.channel_id:
        fields["channel_id"] = reference.channel_id
    if reference.service_url:
        fields["service_url"] = reference.service_url
    return activity.model_copy(update=fields)


class TeamsSender:
    """Posts and updates cards in Teams conversations, in a turn or proactively."""

    def __init__(
        self,
        adapter: Any,  # CloudAdapter; typed loosely so tests can count proactive turns
        identity: Callable[[], ClaimsIdentity],
        platform: PlatformStore,
        service_urls: ServiceUrls,
        *,
        policy: RetryPolicy | None = None,
        pacer: ConversationPacer | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._adapter = adapter
        self._identity = identity
        self._platform = platform
        self._service_urls = service_urls
        self._policy = policy or RetryPolicy()
        self._pacer = pacer or ConversationPacer()
        self.sleep = sleep  # replaceable, like jitter: tests wait for nothing
        self.jitter = jitter

    # --- channel posts and notes (the outbox worker calls these through the transport) --

    async def publish(self, workspace_id: int, channel_id: str, message: Message) -> str:
        """Post a shared card in the channel, or update its earlier post in place (by
        ``message.key``). Returns the message id."""
        stored = await self._platform.conversation(workspace_id, channel_id)
        if stored is None:
            raise Unreachable("the bot has not seen the ambassador channel in Teams yet")
        if stored.unreachable:
            raise Unreachable("Teams refused the bot in the ambassador channel")
        reference = load_reference(stored.reference)
        activity = card_activity(render_card(message, shared=True), summary(message))
        if message.key:
            earlier = await self._platform.message_ref(workspace_id, message.key)
            if earlier is not None and earlier.channel_id == channel_id:
                try:
                    await self.update(workspace_id, reference, earlier.message_id, activity)
                    return earlier.message_id
                except aiohttp.ClientResponseError as error:
                    if error.status != 404:  # a deleted post is posted again
                        raise
        posted = await self.post(workspace_id, reference, activity)
        if not posted:
            raise RuntimeError("Teams accepted a channel post without giving its id")
        if message.key:
            await self._platform.save_message_ref(
                workspace_id, message.key, MessageRef(channel_id, posted)
            )
        return posted

    async def note(self, workspace_id: int, recipient_id: str, message: Message) -> str:
        """A private card in a member's personal chat with the bot. Returns its id."""
        stored = await self._platform.personal_conversation_of(workspace_id, recipient_id)
        if stored is None:
            if not await self._platform.is_member(workspace_id, recipient_id):
                raise Unreachable("the bot never met this person")
            # Not yet rather than never: a colleague met in a turn (cheered before they
            # ever wrote) gets their chat opened just after the note was queued.
            raise LookupError("the member has no personal chat with the bot yet")
        if stored.unreachable:
            raise Unreachable("Teams refused the bot in the member's personal chat")
        reference = load_reference(stored.reference)
        activity = card_activity(render_card(message, shared=False), summary(message))
        return await self.post(workspace_id, reference, activity) or ""

    async def open_personal(
        self,
        workspace_id: int,
        member_id: int,
        user: ChannelAccount,
        turn: TurnContext,
    ) -> ConversationReference:
        """Start (or find again) the personal chat with ``user`` and remember it."""
        incoming = turn.activity
        self._trusted(incoming.service_url)
        client = connector_of(turn)
        if client is None:
            raise Unreachable("no connector client in this turn")
        tenant = workspace_tenant(incoming)
        parameters = ConversationParameters.model_validate(
            {
                "isGroup": False,
                "bot": incoming.recipient,
                "members": [ChannelAccount(id=user.id)],
                **(
                    {"tenantId": tenant, "channelData": {"tenant": {"id": tenant}}}
                    if tenant
                    else {}
                ),
            }
        )

        async def create(connector: ConnectorClientBase) -> str:
            return await create_conversation(connector, parameters)

        conversation = await self._retrying(workspace_id, f"new:{user.id}", client, create)
        reference = ConversationReference.model_validate(
            {
                "user": user,
                "bot": incoming.recipient,
                "conversation": ConversationAccount.model_validate(
                    {"id": conversation, "conversationType": PERSONAL, "tenantId": tenant}
                ),
                "channelId": incoming.channel_id,
                "serviceUrl": incoming.service_url,
            }
        )
        await self._platform.save_conversation(
            workspace_id, conversation, PERSONAL, dump_reference(reference), member_id
        )
        return reference

    async def post(
        self,
        workspace_id: int,
        reference: ConversationReference,
        activity: Activity,
        turn: TurnContext | None = None,
    ) -> str | None:
        """Post a new message; returns its id."""
        outgoing = _addressed(activity, reference)
        conversation = str(reference.conversation.id)

        async def send(client: ConnectorClientBase) -> str | None:
            response = await client.conversations.send_to_conversation(conversation, outgoing)
            return response.id if response is not None else None

        return await self._with_client(
            reference, turn, lambda client: self._retrying(workspace_id, conversation, client, send)
        )

    async def update(
        self,
        workspace_id: int,
        reference: ConversationReference,
        message_id: str,
        activity: Activity,
        turn: TurnContext | None = None,
    ) -> None:
        """Replace an earlier message with ``activity``."""
        outgoing = _addressed(activity, reference).model_copy(update={"id": message_id})
        conversation = str(reference.conversation.id)

        async def replace(client: ConnectorClientBase) -> None:
            await client.conversations.update_activity(conversation, message_id, outgoing)

        await self._with_client(
            reference,
            turn,
            lambda client: self._retrying(workspace_id, conversation, client, replace),
        )

    # --- plumbing -----------------------------------------------------------------------

    def _trusted(self, service_url: str | None) -> None:
        """Refuse to talk to a connector that is not an allowed Bot Framework host (a
        reference stored before the check existed, or by another configuration)."""
        if not self._service_urls.allows(service_url):
            log.warning("a Teams conversation's service URL is not an allowed host; not sending")
            raise Unreachable("the conversation's service URL is not an allowed host")

    async def _retrying(
        self,
        workspace_id: int,
        conversation: str,
        client: ConnectorClientBase,
        call: Callable[[ConnectorClientBase], Awaitable[T]],
    ) -> T:
        attempts = max(1, self._policy.attempts)
        for attempt in range(1, attempts + 1):
            await self._pacer.wait(conversation)
            try:
                return await call(client)
            except aiohttp.ClientResponseError as error:
                if error.status == 403:
                    await self._platform.mark_unreachable(workspace_id, conversation)
                    raise Unreachable(conversation) from error
                if error.status not in RETRYABLE or attempt == attempts:
                    raise
                delay = self._delay(attempt, retry_after(error.headers))
                if delay is None:
                    raise
                log.info("Teams answered %s; trying again in %.1f s", error.status, delay)
            except (aiohttp.ClientConnectionError, TimeoutError):
                if attempt == attempts:
                    raise
                delay = self._delay(attempt, None)
                assert delay is not None
            await self.sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _delay(self, attempt: int, asked: float | None) -> float | None:
        if asked is not None:
            if asked > self._policy.max_delay:
                return None
            return asked + self.jitter() * self._policy.base_delay
        ceiling = min(self._policy.max_delay, self._policy.base_delay * 2.0 ** (attempt - 1))
        return self.jitter() * ceiling

    async def _with_client(
        self,
        reference: ConversationReference,
        turn: TurnContext | None,
        work: Callable[[ConnectorClientBase], Awaitable[T]],
    ) -> T:
        """Run ``work`` with a connector client for the reference's service URL: the
        turn's own when there is one, else in a proactive turn."""
        self._trusted(reference.service_url)
        if turn is not None and turn.activity.service_url == reference.service_url:
            client = connector_of(turn)
            if client is not None:
                return await work(client)
        results: list[T] = []
        failures: list[Exception] = []

        async def callback(context: TurnContext) -> None:
            client = connector_of(context)
            try:
                if client is None:
                    raise RuntimeError("the Teams adapter gave no connector client")
                results.append(await work(client))
            except Exception as error:  # handed back to the caller below
                failures.append(error)

        continuation = reference.get_continuation_activity()
        continuation.id = None  # a new message, not a reply to a random id
        await self._adapter.continue_conversation_with_claims(
            self._identity(), continuation, callback
        )
        if failures:
            raise failures[0]
        if not results:
            raise RuntimeError("the Teams adapter did not run the proactive turn")
        return results[0]


class TeamsTransport:
    """The outbox worker's way into Teams: channel posts (updated in place by key) and
    private notes, each paced per conversation. The worker does the retrying: a 429
    becomes :class:`RetryAfter` (which closes the conversation's gate), a 403
    :class:`Unreachable`, anything else a transient failure it backs off from."""

    # Teams allows a bot 7 messages a second into one conversation, 8 in 2 seconds, 60 in
    # 30 and 1800 an hour: bursts of up to 7, then one every 2 seconds, keep within all.
    BURST = 7
    GAP = 2.0
    DEFAULT_RETRY_AFTER = 2.0

    def __init__(self, sender: TeamsSender) -> None:
        self._sender = sender

    @staticmethod
    def scope(item: Claimed) -> str:
        """The rate gate of the conversation an outbox item goes to."""
        return f"teams:{item.workspace_id}:{item.target}"

    def gates(self, item: Claimed) -> Sequence[Gate]:
        """One gate per conversation."""
        return (Gate(self.scope(item), self.GAP, self.BURST),)

    async def deliver(self, parcel: Parcel) -> str:
        """Post or update; returns the Teams message id."""
        item, message = parcel.item, parcel.message
        try:
            if message.audience is Audience.CHANNEL:
                return await self._sender.publish(item.workspace_id, item.target, message)
            if message.audience is Audience.MEMBER:
                return await self._sender.note(item.workspace_id, item.target, message)
        except aiohttp.ClientResponseError as error:
            if error.status == 429:
                asked = retry_after(error.headers)
                raise RetryAfter(
                    asked if asked is not None else self.DEFAULT_RETRY_AFTER, self.scope(item)
                ) from error
            raise
        raise Unreachable(f"a {message.audience.value} message has no place in the outbox")
