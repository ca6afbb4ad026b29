"""``POST /api/messages`` on our aiohttp app, and who may call it.

With ``TEAMS_APP_ID``/``TEAMS_APP_PASSWORD`` the Agents SDK validates the Bot Framework
JWT on every request (401 otherwise; the bot never runs) and signs what it sends. Without
them the endpoint is for local tools only (Agents Playground, the Emulator): it answers
loopback callers alone, and ``chorus serve`` refuses to bind anything but a loopback
address (see :mod:`adapters.teams.guard`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

from aiohttp import web
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
from adapters.teams.guard import ROUTE, is_loopback_ip

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TEAMS = web.AppKey("teams", TeamsBot)
# Multi-tenant bot registrations get their tokens from the Bot Framework tenant.
MULTI_TENANT = "botframework.com"
SDK_AUTH_KEY = "agent_configuration"  # the plain key the SDK's JWT check reads


@dataclass(frozen=True)
class TeamsLink:
    """The SDK's adapter, the auth settings its JWT check reads, and who we are when we
    start a turn ourselves (proactive sends)."""

    adapter: CloudAdapter
    auth: AgentAuthConfiguration
    identity: Callable[[], ClaimsIdentity]


def connect(teams: TeamsSettings) -> TeamsLink:
    """The SDK wired for our credentials, or for anonymous local use without them."""
    manager: ConnectionManager
    if teams.authenticated:
        auth = AgentAuthConfiguration(
            client_id=teams.app_id,
            client_secret=teams.app_password,
            tenant_id=teams.tenant_id or MULTI_TENANT,
        )
        manager = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": auth})
    else:
        auth = AgentAuthConfiguration(anonymous_allowed=True)
        manager = ConnectionManager(
            provider_factory=lambda _config: AnonymousTokenProvider(),
            connections_configurations={"SERVICE_CONNECTION": auth},
        )
    adapter = CloudAdapter(connection_manager=manager)
    adapter.on_turn_error = _log_turn_error

    def identity() -> ClaimsIdentity:
        if teams.authenticated:
            return adapter.create_claims_identity(teams.app_id)
        return ClaimsIdentity()  # empty claims: anonymous, no token

    return TeamsLink(adapter, auth, identity)


def transport(runtime: Runtime) -> TeamsTransport:
    """The outbox worker's Teams transport (channel posts and notes, proactively)."""
    link = connect(runtime.settings.teams)
    # One attempt per claim: the worker retries, with its own backoff and rate gates.
    sender = TeamsSender(link.adapter, link.identity, runtime.platform, policy=RetryPolicy(1))
    return TeamsTransport(sender)


async def _log_turn_error(context: TurnContext, error: Exception) -> None:
    # Replaces the SDK default, which sends the exception text to the member.
    log.error("a Teams turn failed", exc_info=error)


def _loopback_only(handler: Handler) -> Handler:
    async def guarded(request: web.Request) -> web.StreamResponse:
        if not is_loopback_ip(request.remote or ""):
            return web.json_response(
                {"error": "Teams credentials are not configured; only local callers are served"},
                status=401,
            )
        return await handler(request)

    return guarded


def mount(app: web.Application, runtime: Runtime) -> TeamsBot:
    """Add ``POST /api/messages`` to ``app``; returns the bot."""
    teams = runtime.settings.teams
    link = connect(teams)
    bot = TeamsBot(
        runtime.core, runtime.platform, TeamsSender(link.adapter, link.identity, runtime.platform)
    )

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await link.adapter.process(request, bot)
        return response if response is not None else web.Response(status=202)

    authorize = cast("Callable[[Handler], Handler]", jwt_authorization_decorator)
    handler = authorize(messages)
    if not teams.authenticated:
        log.warning("Teams credentials are not set: %s serves loopback callers only", ROUTE)
        handler = _loopback_only(handler)
    app[SDK_AUTH_KEY] = link.auth
    app[TEAMS] = bot
    app.router.add_post(ROUTE, handler)
    return bot
