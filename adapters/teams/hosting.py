"""``POST /api/messages`` on our aiohttp app, and who may call it.

With ``TEAMS_APP_ID``/``TEAMS_APP_PASSWORD`` the Agents SDK validates the Bot Framework
JWT on every request, issuer included (401 otherwise; the bot never runs), checks the
activity's ``serviceUrl`` against the Bot Framework hosts of ``TEAMS_SERVICE_HOSTS``, and
signs what it sends. Without them the endpoint refuses everything unless
``TEAMS_ALLOW_ANONYMOUS=loopback`` opts in to local tools (Agents Playground, the
Emulator): then it answers callers on this machine alone, over a loopback socket, with no
sign of a proxy in between and a loopback ``serviceUrl``; ``chorus serve`` refuses to bind
anything but a loopback address without credentials (see :mod:`adapters.teams.guard`).

Whatever the mode, a body that is not one activity is a 400 and a token the SDK could not
even look up a key for is a 401, before the SDK sees either.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import jwt
from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import (
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ClaimsIdentity,
    ConnectionManager,
    TurnContext,
)

from adapters.runtime import Runtime
from adapters.settings import TeamsSettings
from adapters.teams.bot import TeamsBot
from adapters.teams.delivery import RetryPolicy, TeamsSender, TeamsTransport
from adapters.teams.guard import ROUTE, is_loopback_host, is_loopback_ip, mount_closed
from adapters.teams.guard import refuse as _refuse
from adapters.teams.trust import ServiceUrls
from adapters.web.chat_charts import ChartLinks, link_key
from adapters.web.chat_charts import mount as mount_charts

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TEAMS = web.AppKey("teams", TeamsBot)
# Multi-tenant bot registrations get their tokens from the Bot Framework tenant.
MULTI_TENANT = "botframework.com"
SDK_AUTH_KEY = "agent_configuration"  # the plain key the SDK's JWT check reads


# Headers a proxy adds: a request carrying one did not come from a local tool directly.
FORWARDING_HEADERS = (
    "Forwarded",
    "X-Forwarded-For",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "X-Real-IP",
    "Via",
)


@dataclass(frozen=True)
class TeamsLink:
    """The SDK's adapter, the auth settings its JWT check reads, who we are when we start a
    turn ourselves (proactive sends), and the service URLs we talk to."""

    adapter: CloudAdapter
    auth: AgentAuthConfiguration
    identity: Callable[[], ClaimsIdentity]
    service_urls: ServiceUrls


def connect(teams: TeamsSettings) -> TeamsLink:
    """The SDK wired for our credentials (tokens' issuers and the activity's service URL
    checked), or for anonymous local use without them."""
    manager: ConnectionManager
    service_urls = ServiceUrls(teams)
    if teams.authenticated:
        auth = AgentAuthConfiguration(
            client_id=teams.app_id,
            client_secret=teams.app_password,
            tenant_id=teams.tenant_id or MULTI_TENANT,
            validate_issuer=True,
        )
        manager = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": auth})
    else:
        auth = AgentAuthConfiguration(anonymous_allowed=teams.anonymous)
        manager = ConnectionManager(
            provider_factory=lambda _config: AnonymousTokenProvider(),
            connections_configurations={"SERVICE_CONNECTION": auth},
        )
    # Without credentials there is no validator: the SDK's refuses loopback connectors,
    # and the local tool is one. ServiceUrls admits loopback URLs alone in that mode.
    adapter = CloudAdapter(connection_manager=manager, host_validator=service_urls.validator)
    adapter.on_turn_error = _log_turn_error

    def identity() -> ClaimsIdentity:
        if teams.authenticated:
            return adapter.create_claims_identity(teams.app_id)
        return ClaimsIdentity()  # empty claims: anonymous, no token

    return TeamsLink(adapter, auth, identity, service_urls)


def _sender(link: TeamsLink, runtime: Runtime, policy: RetryPolicy | None = None) -> TeamsSender:
    return TeamsSender(
        link.adapter, link.identity, runtime.platform, link.service_urls, policy=policy
    )


def transport(runtime: Runtime) -> TeamsTransport:
    """The outbox worker's Teams transport (channel posts and notes, proactively)."""
    link = connect(runtime.settings.teams)
    # One attempt per claim: the worker retries, with its own backoff and rate gates.
    return TeamsTransport(_sender(link, runtime, RetryPolicy(1)))


async def _log_turn_error(context: TurnContext, error: Exception) -> None:
    # Replaces the SDK default, which sends the exception text to the member.
    log.error("a Teams turn failed", exc_info=error)


def _on_loopback_socket(request: web.Request) -> bool:
    """Whether the connection arrived on a socket bound to a loopback address."""
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    return isinstance(sockname, tuple) and bool(sockname) and is_loopback_ip(sockname[0])


def _local_only(handler: Handler) -> Handler:
    """Anonymous mode: a caller on this machine, talking to a loopback socket directly."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        if not is_loopback_ip(request.remote or ""):
            return _refuse(401, "without Teams credentials only callers on this machine are served")
        if not _on_loopback_socket(request):
            return _refuse(
                401, "without Teams credentials the server must be bound to a loopback address"
            )
        relayed = next((name for name in FORWARDING_HEADERS if name in request.headers), None)
        if relayed is not None:
            return _refuse(403, f"a request relayed by a proxy ({relayed}) is not a local caller")
        if "Authorization" in request.headers:
            return _refuse(401, "without Teams credentials no token can be checked")
        return await handler(request)

    return guarded


def _names_a_key(token: str) -> bool:
    """Whether a JWT's header names the RS256 key it claims to be signed with (the SDK
    only accepts RS256 and looks the key up by ``kid``; without one it fails with a 500)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return False
    kid = header.get("kid")
    return header.get("alg") == "RS256" and isinstance(kid, str) and bool(kid)


def _key_named(handler: Handler) -> Handler:
    """With credentials: a bearer token that names no signing key is a 401 at once."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        parts = request.headers.get("Authorization", "").split(maxsplit=1)
        if len(parts) == 2 and parts[0].casefold() == "bearer" and not _names_a_key(parts[1]):
            return _refuse(401, "the token names no RS256 signing key", level=logging.INFO)
        return await handler(request)

    return guarded


def _one_activity(handler: Handler, loopback_service: ServiceUrls | None) -> Handler:
    """The body must be one Bot Framework activity (400 otherwise); in anonymous mode its
    ``serviceUrl`` must be on this machine (403 otherwise)."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            body = json.loads(await request.read())
            activity = Activity.model_validate(body) if isinstance(body, dict) else None
        except (ValueError, TypeError, RecursionError):  # ValidationError is a ValueError
            activity = None
        if activity is None:
            return _refuse(400, "the body is not one activity", level=logging.INFO)
        if loopback_service is not None and not loopback_service.allows(activity.service_url):
            return _refuse(403, "without Teams credentials the serviceUrl must be on this machine")
        return await handler(request)

    return guarded


def mount(app: web.Application, runtime: Runtime) -> TeamsBot:
    """Add ``POST /api/messages`` to ``app``; returns the bot."""
    teams = runtime.settings.teams
    link = connect(teams)
    charts = ChartLinks(link_key(teams.app_password), runtime.settings.programme.public_url)
    mount_charts(app, charts)
    bot = TeamsBot(
        runtime.core,
        runtime.platform,
        _sender(link, runtime),
        link.service_urls,
        charts,
        metrics=runtime.metrics,
    )

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await link.adapter.process(request, bot)
        return response if response is not None else web.Response(status=202)

    authorize = cast("Callable[[Handler], Handler]", jwt_authorization_decorator)
    handler: Handler
    if teams.authenticated:
        handler = _key_named(authorize(_one_activity(messages, None)))
    elif teams.anonymous and is_loopback_host(runtime.settings.host):
        log.warning(
            "Teams credentials are not set: %s serves unauthenticated callers on this machine "
            "only (TEAMS_ALLOW_ANONYMOUS=loopback)",
            ROUTE,
        )
        handler = _local_only(authorize(_one_activity(messages, link.service_urls)))
    else:  # adapters.http mounts this case without loading the SDK at all
        mount_closed(app)
        app[TEAMS] = bot
        return bot
    app[SDK_AUTH_KEY] = link.auth
    app[TEAMS] = bot
    app.router.add_post(ROUTE, handler)
    return bot
