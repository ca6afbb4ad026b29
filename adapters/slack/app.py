"""Chorus in Slack: a slack-bolt ``AsyncApp`` whose listeners only translate.

Every request takes the same path: bolt verifies the signature; the gate acknowledges and
drops what Chorus does not use; a listener turns the payload into a core call and
acknowledges — with the private answer when the core is quick, without it otherwise. Slow
work happens after the acknowledgement, in tasks this adapter tracks: answers through the
response_url, modals, the App Home, and events (once per ``event_id``). Channel posts and
notes to other members leave through the outbox (:class:`~adapters.slack.delivery.SlackTransport`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    async_default_handlers as default_retry_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.ratelimit import TokenBuckets
from adapters.runtime import Runtime
from adapters.slack.delivery import (
    PrivateSink,
    direct_sink,
    ephemeral_sink,
    is_user_id,
    slack_error,
    upload_chart,
    upload_to_member,
)
from adapters.slack.directory import SlackDirectory, SlackPeople, slack_person
from adapters.slack.payloads import (
    COMMANDS,
    REVOCATIONS,
    command_actor,
    command_line,
    event_actor,
    form_metadata,
    form_values,
    interaction_actor,
    kind_of,
    reaction_name,
    team_of,
)
from adapters.slack.render import (
    ACTION_PREFIX,
    FORM_CALLBACK,
    SlackMessage,
    form_error,
    forms_of,
    home_view,
    modal,
    render_message,
)
from bot.cheers.commands import CheerByReaction, WithdrawReactionCheer
from bot.commands import Actor, Command
from bot.core import Outcome
from bot.help.commands import ShowHelp
from bot.home.commands import ShowHome
from bot.messages import Attachment, Audience, Chart
from bot.model import Platform
from bot.programme.commands import WelcomeMember

log = logging.getLogger(__name__)

# How long a slash command or form submission waits for the core before it is acknowledged
# without the answer (which then follows through the response_url or as an ephemeral
# message). Slack allows 3 s. When every core slot is busy (a burst) there is no wait at
# all: the acknowledgement goes out at once and the answer follows it.
ANSWER_BUDGET = 0.5
# Core calls running at once. SQLite serialises transactions (every unit of work takes its
# write lock), so more than one there only adds lock polling; PostgreSQL runs them in
# parallel. Waiting for a slot is fair and costs nothing.
CORE_CONCURRENCY = {"sqlite": 1}
DEFAULT_CORE_CONCURRENCY = 8
DRAIN_SECONDS = 10.0


class _Quiet(logging.Filter):
    """bolt warns that SLACK_BOT_TOKEN from the environment is unused when a client is
    given, which is exactly how Chorus configures it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client` as well")


# Where request signatures are remembered, beside the event ids (``processed_events``): the
# same table, purged by the same housekeeping, with no migration of its own.
SIGNATURES = "slack-signature"

# The answer to a slash command from a team this single-workspace Chorus does not serve.
FOREIGN_TEAM = "This Chorus serves another Slack workspace, so nothing was done here."

_bolt_log = logging.getLogger("adapters.slack.bolt")
_bolt_log.addFilter(_Quiet())

_OAUTH_ENVIRONMENT = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


@contextmanager
def _without_oauth_environment() -> Iterator[None]:
    """bolt turns itself into an OAuth app whenever SLACK_CLIENT_ID and SLACK_CLIENT_SECRET
    are in the environment and no OAuth settings are given. In single-workspace mode Chorus's
    settings decide, so bolt must not see them while the app is built (synchronously, at
    start, before any request)."""
    hidden = {name: os.environ.pop(name) for name in _OAUTH_ENVIRONMENT if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(hidden)


# Seconds since 1970 need 10 digits until the year 2286. slack_sdk's verifier turns the
# timestamp into a float, which overflows on hundreds of digits.
_MAX_TIMESTAMP_DIGITS = 12


def _signature_headers_readable(request: web.Request) -> bool:
    """Whether the signature headers are something slack_sdk's verifier can judge: an ASCII
    timestamp of a sane length and an ASCII signature (``hmac.compare_digest`` raises on
    anything else). Other requests are refused like a bad signature, never a 500."""
    stamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    return (
        stamp.isascii()
        and stamp.isdigit()
        and len(stamp) <= _MAX_TIMESTAMP_DIGITS
        and bool(signature)
        and signature.isascii()
    )


# The types bolt's built-in middleware and matchers take for granted, for the fields Slack
# payloads may carry; anything else would fail inside bolt with a 500.
_SHAPES: dict[str, tuple[type, ...]] = {
    "event": (dict,),
    "view": (dict,),
    "container": (dict,),
    "message": (dict,),
    "actions": (list,),
    "authorizations": (list,),
    "team": (dict, str, type(None)),
    "enterprise": (dict, str, type(None)),
    "user": (dict, str),
    "channel": (dict, str),
}


def _shaped_like_slack(body: object) -> bool:
    """Whether a parsed body has the shape of a Slack payload, as far as bolt relies on it."""
    if not isinstance(body, dict):
        return False
    for name, types in _SHAPES.items():
        if name in body and not isinstance(body[name], types):
            return False
    return all(
        isinstance(item, dict)
        for name in ("actions", "authorizations")
        for item in body.get(name) or ()
    )


def _dict_of(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _header(request: AsyncBoltRequest, name: str) -> str:
    """One header of a request as bolt holds them (lower-case names, lists of values)."""
    values = request.headers.get(name) or []
    return str(values[0]) if values else ""


def _bolt_request(request: web.Request, body: str = "") -> AsyncBoltRequest:
    """bolt's view of a request (the install pages are GETs: their body is ignored)."""
    headers: dict[str, str | Sequence[str]] = {
        name: request.headers.getall(name) for name in request.headers
    }
    return AsyncBoltRequest(body=body, query=request.query_string, headers=headers)


_ACTIONS = re.compile(rf"^{re.escape(ACTION_PREFIX)}\d+$")
_COMMANDS = re.compile("^(" + "|".join(re.escape(name) for name in sorted(COMMANDS)) + ")$")


class SlackAdapter:
    """Builds the bolt app on start, serves ``POST /slack/events`` (or Socket Mode) and owns
    the tasks that do the slow work after each acknowledgement."""

    def __init__(self, runtime: Runtime, *, socket_mode: bool = False) -> None:
        self._chorus = runtime.core
        self._platform = runtime.platform
        self._settings = runtime.settings.slack
        self._cheer_emoji = runtime.settings.programme.cheer_emoji
        self._socket_mode = socket_mode
        self._engine = runtime.engine
        self._tasks: set[asyncio.Task[Any]] = set()
        self._session: aiohttp.ClientSession | None = None
        self._bolt: AsyncApp | None = None
        dialect = runtime.engine.dialect.name
        self._slots = asyncio.Semaphore(CORE_CONCURRENCY.get(dialect, DEFAULT_CORE_CONCURRENCY))
        self._install_links: TokenBuckets | None = None  # OAuth mode: per client address
        self._people = SlackPeople()  # users.info, cached for every request
        self._metrics = runtime.metrics

    @property
    def bolt(self) -> AsyncApp:
        """The bolt app (after :meth:`start`)."""
        if self._bolt is None:
            raise RuntimeError("the Slack adapter has not been started")
        return self._bolt

    async def start(self) -> None:
        """Create the Web API client and the bolt app with its listeners."""
        self._session = aiohttp.ClientSession()
        client = AsyncWebClient(
            token=self._settings.bot_token or None,
            base_url=self._settings.api_url,
            session=self._session,
            retry_handlers=[
                *default_retry_handlers(),
                AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            ],
        )
        options: dict[str, Any] = {
            "name": "chorus",
            "logger": _bolt_log,
            "client": client,
            "signing_secret": self._settings.signing_secret,
            "request_verification_enabled": not self._socket_mode,
            # Listeners finish in milliseconds: they hand slow work to tasks, so the reply
            # can go out as soon as they return instead of after bolt's 10 ms ack polling.
            "process_before_response": True,
        }
        if self._settings.oauth:
            from adapters.slack.oauth import (
                INSTALL_BURST,
                INSTALL_PER_SECOND,
                NOT_INSTALLED,
                oauth_settings,
            )

            self._install_links = TokenBuckets(INSTALL_BURST, INSTALL_PER_SECOND)

            # Several workspaces: each request is authorized with its team's stored bot.
            app = AsyncApp(
                **options,
                oauth_settings=oauth_settings(self._settings, self._engine, self._platform),
                user_facing_authorize_error_message=NOT_INSTALLED,
            )
        else:
            with _without_oauth_environment():
                app = AsyncApp(**options)
        app.middleware(self._gate)
        app.command(_COMMANDS)(self._on_command)
        app.action(_ACTIONS)(self._on_button)
        app.view(FORM_CALLBACK)(self._on_submit)
        app.event("reaction_added")(self._on_reaction_added)
        app.event("reaction_removed")(self._on_reaction_removed)
        app.event("app_home_opened")(self._on_home_opened)
        app.event("member_joined_channel")(self._on_member_joined)
        app.event("app_mention")(self._on_mention)
        app.event("user_change")(self._on_user_change)
        app.event("app_uninstalled")(self._on_uninstalled)
        app.event("tokens_revoked")(self._on_tokens_revoked)
        self._bolt = app

    async def drain(self, within: float = DRAIN_SECONDS) -> None:
        """Wait (up to ``within`` seconds) until the work after every acknowledgement so far
        is done."""
        deadline = asyncio.get_running_loop().time() + within
        while self._tasks:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            await asyncio.wait(set(self._tasks), timeout=remaining)

    async def close(self) -> None:
        """Finish the work in flight, then close the Web API session."""
        await self.drain()
        for task in self._tasks:
            task.cancel()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def handle(self, request: web.Request) -> web.Response:
        """``POST /slack/events``: one Request URL for events, commands and interactivity."""
        if self._bolt is None:
            return web.Response(status=503)
        if not _signature_headers_readable(request):
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            body = (await request.read()).decode("utf-8")  # Slack always sends UTF-8
        except UnicodeDecodeError:
            return web.json_response({"error": "the body is not UTF-8"}, status=400)
        try:
            # bolt parses the body as it builds its request (before it checks the
            # signature): JSON that does not parse, nests too deep or is not an object
            # is a bad request, not a 500.
            bolt_request = _bolt_request(request, body)
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
            bolt_request = None
        if bolt_request is None or not _shaped_like_slack(bolt_request.body):
            return web.json_response({"error": "the body is not a Slack payload"}, status=400)
        response = await self._bolt.async_dispatch(bolt_request)
        return await to_aiohttp_response(response)

    async def install(self, request: web.Request) -> web.Response:
        """``GET /slack/install`` (OAuth mode): off to Slack's authorize page with a state."""
        flow = self._bolt.oauth_flow if self._bolt is not None else None
        if flow is None or self._install_links is None:
            return web.Response(status=503)
        # Anyone may ask, and each link is a row until used or expired: a few per client.
        wait = self._install_links.take(request.remote or "")
        if wait > 0:
            log.warning("refused an install link to %s: too many asked for", request.remote)
            return web.Response(
                status=429,
                text="Too many install links asked for; try again in a minute.\n",
                headers={"Retry-After": str(math.ceil(wait))},
            )
        response = await flow.handle_installation(_bolt_request(request))
        return await to_aiohttp_response(response)

    async def oauth_redirect(self, request: web.Request) -> web.Response:
        """``GET /slack/oauth_redirect`` (OAuth mode): Slack sends the browser back here;
        exchange the code, store the installation, and say how it went."""
        flow = self._bolt.oauth_flow if self._bolt is not None else None
        if flow is None:
            return web.Response(status=503)
        response = await flow.handle_callback(_bolt_request(request))
        return await to_aiohttp_response(response)

    # -- plumbing ---------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            log.error("Slack background work failed: %s", type(error).__name__, exc_info=error)

    def _once(self, body: dict[str, Any], work: Coroutine[Any, Any, None]) -> None:
        """Run an event's work after the acknowledgement, unless its ``event_id`` was seen
        before: Slack's retries and replays never repeat a side effect."""

        async def first_time_only() -> None:
            try:
                if await self._platform.first_sighting("slack", str(body["event_id"])):
                    await work
            finally:
                work.close()

        self._spawn(first_time_only())

    async def _core(self, work: Coroutine[Any, Any, Outcome]) -> Outcome:
        """One core call, with at most CORE_CONCURRENCY of them at a time."""
        try:
            async with self._slots:
                return await work
        finally:
            work.close()  # only does something if cancelled while queueing: no warning

    async def _within_budget(
        self,
        work: Coroutine[Any, Any, Outcome],
        *,
        refresh: tuple[str, SlackDirectory] | None = None,
    ) -> tuple[Outcome | None, asyncio.Task[Any]]:
        """Run the core; give up waiting (not the work) when the ack budget is spent, or at
        once when every core slot is busy with earlier requests. With ``refresh`` (the
        actor and their workspace's directory), a name the core says is due is asked of
        Slack once the answer is ready, beside the ack rather than before it."""
        busy = self._slots.locked()
        task = self._spawn(self._core(work))
        if refresh is not None:
            user_id, directory = refresh

            def then(done: asyncio.Task[Any]) -> None:
                if done.cancelled() or done.exception() is not None:
                    return
                outcome: Outcome = done.result()
                if outcome.name_due and outcome.workspace_id is not None:
                    self._spawn(self._chorus.refresh_name(outcome.workspace_id, user_id, directory))

            task.add_done_callback(then)
        done, _ = await asyncio.wait({task}, timeout=0 if busy else ANSWER_BUDGET)
        return (task.result() if done else None), task

    async def _gate(
        self,
        body: dict[str, Any],
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
        next_: Callable[[], Awaitable[None]],
    ) -> BoltResponse | None:
        """Acknowledge and ignore what Chorus does not use; in single-workspace mode, refuse
        requests from any team but the bot token's own; refuse a replayed request."""
        kind = kind_of(body)
        if kind is None:
            return BoltResponse(status=200, body="")
        revoked = kind == "event" and _dict_of(body.get("event")).get("type") in REVOCATIONS
        if not self._settings.oauth and not revoked:
            # bolt authorized the request with auth.test on our one bot token (once, then
            # cached): that team is the programme; a signed request from another team, say
            # through a Slack Connect channel, must not start a second one.
            result = context.authorize_result
            home = result.team_id if result is not None else None
            team = team_of(body)
            if not home or team != home:
                log.warning(
                    "refused a Slack %s from team %s: single-workspace mode serves team %s only",
                    kind,
                    team or "(none)",
                    home or "(unknown)",
                )
                if kind == "command":
                    return BoltResponse(
                        status=200,
                        body=json.dumps({"response_type": "ephemeral", "text": FOREIGN_TEAM}),
                        headers={"content-type": "application/json"},
                    )
                return BoltResponse(status=200, body="")
        # Slack's signature is valid for five minutes: a captured request could run again
        # within them. Its signature is remembered (in the database, so every replica knows
        # it) and a second sighting refused. Slack's own retries of events say so in
        # X-Slack-Retry-Num and are de-duplicated by event_id instead.
        signature = _header(request, "x-slack-signature")
        retry = _header(request, "x-slack-retry-num")
        if (
            signature
            and not retry
            and not await self._platform.first_sighting(SIGNATURES, signature)
        ):
            log.warning("refused a replayed Slack request (its signature was used before)")
            return BoltResponse(status=401, body='{"error": "replayed request"}')
        await next_()
        return None

    async def _deliver(
        self,
        outcome: Outcome,
        private: PrivateSink,
        *,
        client: AsyncWebClient,
        channel_id: str | None = None,
        trigger_id: str | None = None,
        answered: bool = False,
        user_id: str | None = None,
    ) -> None:
        """The private answers of an outcome (channel posts and notes to others went to the
        outbox with the change); ``answered`` if the first part of the first answer already
        went out in the acknowledgement."""
        first = True
        for message in outcome.reply.for_audience(Audience.PRIVATE):
            try:
                for form in forms_of(message)[:1]:
                    if trigger_id:
                        await client.views_open(
                            trigger_id=trigger_id, view=modal(form, channel_id=channel_id)
                        )
            except SlackApiError as error:
                log.warning("Slack views.open failed: %s", slack_error(error))
            parts = [p for p in render_message(message) if p.blocks]
            if first and answered:
                parts = parts[1:]
            first = False
            for part in parts:
                await private(part)
            attachment = message.attachment
            if (
                attachment is not None
                and user_id
                and not await upload_to_member(client, user_id, attachment)
            ):
                await self._upload_failed(outcome, user_id, attachment, private)
            for chart in (b for b in message.blocks if isinstance(b, Chart)):
                if user_id:
                    await upload_chart(client, user_id, chart)

    async def _upload_failed(
        self, outcome: Outcome, user_id: str, attachment: Attachment, private: PrivateSink
    ) -> None:
        """Slack would not take a file for the member: the core says so, in their language."""
        if outcome.workspace_id is None:
            return
        reply = await self._chorus.upload_failed(outcome.workspace_id, user_id, attachment)
        for message in reply.for_audience(Audience.PRIVATE) if reply else ():
            for part in render_message(message):
                if part.blocks:
                    await private(part)

    async def _late(
        self, task: asyncio.Task[Any], client: AsyncWebClient, private: PrivateSink, **where: Any
    ) -> None:
        outcome: Outcome = await task
        await self._deliver(outcome, private, client=client, **where)

    def _response_url_sink(
        self, response_url: str, user_id: str, client: AsyncWebClient
    ) -> PrivateSink:
        """Private answers through the request's ``response_url`` (ephemeral, never
        replacing the message a button sat on), on the adapter's pooled connections.
        Without a response_url (App Home buttons) they go to the member's chat with the app."""
        if not response_url.startswith("https://") and not response_url.startswith("http://"):
            return direct_sink(client, user_id)

        async def send(part: SlackMessage) -> None:
            body = {"response_type": "ephemeral", "replace_original": False, **part.payload()}
            if self._session is None:  # closed: the process is stopping
                return
            try:
                async with self._session.post(response_url, json=body) as response:
                    if response.status >= 400:
                        log.warning("Slack response_url refused: HTTP %d", response.status)
            except (aiohttp.ClientError, TimeoutError) as error:
                log.warning("Slack response_url failed: %s", type(error).__name__)

        return send

    # -- slash commands ---------------------------------------------------------------------

    async def _on_command(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        started = time.monotonic()
        actor = command_actor(body)
        if actor is None:
            await ack()
            return
        line = command_line(body)

        def answered(*_: object) -> None:
            self._metrics.observe_command("slack", line, time.monotonic() - started)

        private = self._response_url_sink(
            str(body.get("response_url") or ""), actor.user_id, client
        )
        trigger_id = body.get("trigger_id") or None
        where: dict[str, Any] = {
            "channel_id": actor.channel_id,
            "trigger_id": trigger_id,
            "user_id": actor.user_id,
        }
        directory = self._people.directory(client, actor.workspace_id)
        outcome, task = await self._within_budget(
            self._chorus.handle_text(actor, line, directory=directory),
            refresh=(actor.user_id, directory),
        )
        if outcome is None:
            await ack()
            task.add_done_callback(answered)  # the answer follows by response_url
            self._spawn(self._late(task, client, private, **where))
            return
        answer = outcome.reply.answer
        parts = [p for p in render_message(answer) if p.blocks] if answer else []
        if answer is None or not parts or (forms_of(answer) and trigger_id):
            await ack()
            answered()
            self._spawn(self._deliver(outcome, private, client=client, **where))
            return
        await ack(response_type="ephemeral", **parts[0].payload())
        answered()
        self._spawn(self._deliver(outcome, private, client=client, answered=True, **where))

    # -- buttons and forms ------------------------------------------------------------------

    async def _on_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        await ack()
        actor = interaction_actor(body)
        if actor is None:
            return
        command = str(body["actions"][0]["value"])
        view = body.get("view") or {}
        on_home = isinstance(view, dict) and view.get("type") == "home"
        private = self._response_url_sink(
            str(body.get("response_url") or ""), actor.user_id, client
        )
        self._spawn(
            self._press(
                client,
                actor,
                command,
                private,
                trigger_id=body.get("trigger_id") or None,
                refresh_home=on_home,
            )
        )

    async def _press(
        self,
        client: AsyncWebClient,
        actor: Actor,
        command: str,
        private: PrivateSink,
        *,
        trigger_id: str | None,
        refresh_home: bool,
    ) -> None:
        outcome = await self._core(self._chorus.handle_text(actor, command))
        await self._deliver(
            outcome,
            private,
            client=client,
            channel_id=actor.channel_id,
            trigger_id=trigger_id,
            user_id=actor.user_id,
        )
        if refresh_home:
            await self._publish_home(client, actor)

    async def _on_submit(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, view: dict[str, Any]
    ) -> None:
        actor = interaction_actor(body)
        metadata = form_metadata(view)
        if actor is None or metadata is None:
            await ack()
            return
        actor = replace(actor, channel_id=metadata.channel_id)
        private: PrivateSink = (
            ephemeral_sink(client, metadata.channel_id, actor.user_id)
            if metadata.channel_id
            else direct_sink(client, actor.user_id)
        )
        values = form_values(view)
        directory = self._people.directory(client, actor.workspace_id)
        outcome, task = await self._within_budget(
            self._chorus.handle_form(actor, metadata.command, values, directory=directory),
            refresh=(actor.user_id, directory),
        )
        if outcome is None:
            await ack()
            self._spawn(self._late(task, client, private, channel_id=metadata.channel_id))
            return
        if outcome.error_field and outcome.error_field in values:
            # Shown under the input; the modal stays open with what the member typed.
            await ack(
                response_action="errors",
                errors={outcome.error_field: form_error(outcome.reply.answer)},
            )
            return
        await ack()
        self._spawn(self._deliver(outcome, private, client=client, channel_id=metadata.channel_id))

    # -- events -----------------------------------------------------------------------------

    async def _on_reaction_added(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        self._once(body, self._reaction(body, event, client, context.bot_user_id, added=True))

    async def _on_reaction_removed(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        self._once(body, self._reaction(body, event, client, context.bot_user_id, added=False))

    async def _reaction(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        bot_user_id: str | None,
        *,
        added: bool,
    ) -> None:
        item = event.get("item") or {}
        author = str(event.get("item_user") or "")
        channel = str(item.get("channel") or "")
        ts = str(item.get("ts") or "")
        if (
            item.get("type") != "message"
            or reaction_name(str(event.get("reaction") or "")) != self._cheer_emoji
            or not author
            or not channel
            or not ts
            or author == bot_user_id
        ):
            return
        actor = event_actor(body, str(event.get("user") or ""), channel)
        if actor is None:
            return
        command: Command = (
            CheerByReaction(author, channel, ts) if added else WithdrawReactionCheer(channel, ts)
        )
        outcome = await self._core(self._chorus.handle(actor, command))
        await self._deliver(outcome, ephemeral_sink(client, channel, actor.user_id), client=client)

    async def _on_home_opened(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab") != "home":
            return
        actor = event_actor(body, str(event.get("user") or ""), None)
        if actor is not None:
            self._once(body, self._publish_home(client, actor))

    async def _publish_home(self, client: AsyncWebClient, actor: Actor) -> None:
        outcome = await self._core(self._chorus.handle(replace(actor, channel_id=None), ShowHome()))
        answer = outcome.reply.answer
        if answer is None or not is_user_id(actor.user_id):
            return
        try:
            await client.views_publish(user_id=actor.user_id, view=home_view(answer))
        except SlackApiError as error:
            log.warning("Slack views.publish failed: %s", slack_error(error))

    async def _on_member_joined(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        user = str(event.get("user") or "")
        channel = str(event.get("channel") or "")
        if not channel or user == context.bot_user_id:
            return
        actor = event_actor(body, user, channel)
        if actor is not None:
            self._once(body, self._answer_in_channel(client, actor, WelcomeMember(channel)))

    async def _on_user_change(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """A member deactivated (``deleted``) leaves the programme; one Slack was asked to
        forget (``is_forgotten``) is erased; anyone else may have a new name, which the
        ``users.info`` cache and their member record take at once."""
        user = event.get("user")
        if not isinstance(user, dict):
            return
        team = str(body.get("team_id") or user.get("team_id") or "")
        user_id = str(user.get("id") or "")
        if not team or not user_id:
            return
        person = slack_person(user)
        known, before = self._people.cached((team, user_id))
        self._people.remember((team, user_id), person)
        forgotten = user.get("is_forgotten") is True
        if user.get("deleted") is True or forgotten:
            self._once(body, self._member_left(team, user_id, forgotten=forgotten))
        elif (
            person is not None
            and person.display_name != user_id  # a name, not only an id
            # Most profile changes are a status or a photo: no database work for those.
            and not (known and before is not None and before.display_name == person.display_name)
        ):
            self._once(body, self._renamed(team, user_id, person.display_name))

    async def _renamed(self, team: str, user_id: str, name: str) -> None:
        async with self._slots:
            await self._chorus.member_renamed(Platform.SLACK, team, user_id, name)

    async def _on_uninstalled(self, body: dict[str, Any]) -> None:
        """The workspace removed Chorus: park it (its data stays until erased)."""
        team = team_of(body)
        if team:
            self._once(body, self._park(team))

    async def _on_tokens_revoked(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """The bot's token was revoked (user tokens Chorus does not use): park the workspace."""
        bots = _dict_of(event.get("tokens")).get("bot")
        team = team_of(body)
        if team and isinstance(bots, list) and bots:
            self._once(body, self._park(team))

    async def _park(self, team: str) -> None:
        if await self._platform.park(Platform.SLACK.value, team):
            log.warning(
                "Slack team %s took Chorus away (uninstalled, or its token revoked): its "
                "messages wait until Chorus is installed again",
                team,
            )

    async def _member_left(self, team: str, user_id: str, *, forgotten: bool) -> None:
        async with self._slots:
            await self._chorus.member_left(Platform.SLACK, team, [user_id], forgotten=forgotten)

    async def _on_mention(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        channel = str(event.get("channel") or "")
        actor = event_actor(body, str(event.get("user") or ""), channel)
        if actor is not None and channel:
            self._once(body, self._answer_in_channel(client, actor, ShowHelp()))

    async def _answer_in_channel(
        self, client: AsyncWebClient, actor: Actor, command: Command
    ) -> None:
        outcome = await self._core(self._chorus.handle(actor, command))
        channel = actor.channel_id or ""
        await self._deliver(outcome, ephemeral_sink(client, channel, actor.user_id), client=client)


SLACK = web.AppKey("slack", SlackAdapter)


def mount(app: web.Application, runtime: Runtime) -> SlackAdapter:
    """Serve Slack at ``POST /slack/events`` in ``app``; started and closed with it."""
    adapter = SlackAdapter(runtime)

    async def start(_: web.Application) -> None:
        await adapter.start()

    async def close(_: web.Application) -> None:
        await adapter.close()

    app[SLACK] = adapter
    app.on_startup.append(start)
    app.on_cleanup.append(close)
    app.router.add_post("/slack/events", adapter.handle)
    if runtime.settings.slack.oauth:
        from adapters.slack.oauth import INSTALL_PATH, REDIRECT_PATH

        app.router.add_get(INSTALL_PATH, adapter.install)
        app.router.add_get(REDIRECT_PATH, adapter.oauth_redirect)
    return adapter
