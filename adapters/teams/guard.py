"""Whether ``chorus serve`` may start, and the endpoint that serves nobody: kept free of
the Agents SDK so the refusal comes at once, before anything is imported, migrated or
bound, and a server without Teams credentials never loads the SDK at all."""

from __future__ import annotations

import ipaddress
import logging
import socket

from aiohttp import web

from adapters.settings import Settings

ROUTE = "/api/messages"

log = logging.getLogger("adapters.teams.hosting")  # one logger for the endpoint's words


def is_loopback_host(host: str) -> bool:
    """Whether binding ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(is_loopback_ip(a) for a in addresses)


def is_loopback_ip(address: object) -> bool:
    """Whether an IP address (as text) is this machine."""
    try:
        return ipaddress.ip_address(str(address).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def serves_nobody(settings: Settings) -> bool:
    """Whether the Teams endpoint refuses every request: neither credentials nor the
    anonymous opt-in on a loopback address."""
    teams = settings.teams
    return not teams.authenticated and not (teams.anonymous and is_loopback_host(settings.host))


def refuse(status: int, reason: str, *, level: int = logging.WARNING) -> web.Response:
    """A refusal, logged with its reason."""
    log.log(level, "refused a request to %s: %s", ROUTE, reason)
    return web.json_response({"error": reason}, status=status)


async def closed(request: web.Request) -> web.StreamResponse:
    """Neither credentials nor the anonymous opt-in: nobody is served."""
    return refuse(
        401,
        "Teams credentials are not set (TEAMS_APP_ID, TEAMS_APP_PASSWORD) and "
        "TEAMS_ALLOW_ANONYMOUS is not loopback",
    )


def mount_closed(app: web.Application) -> None:
    """``POST /api/messages`` that refuses every request, and a warning saying why."""
    log.warning(
        "Teams credentials are not set and TEAMS_ALLOW_ANONYMOUS is not loopback (on a "
        "loopback address): %s refuses every request (set TEAMS_APP_ID and "
        "TEAMS_APP_PASSWORD, TEAMS_ALLOW_ANONYMOUS=loopback for local tools on 127.0.0.1, "
        "or CHORUS_TEAMS=off)",
        ROUTE,
    )
    app.router.add_post(ROUTE, closed)


def serve_refusal(settings: Settings, host: str) -> str | None:
    """Why ``chorus serve`` must not start on ``host``, or None if it may."""
    if not settings.teams.enabled or settings.teams.authenticated or is_loopback_host(host):
        return None
    return (
        f"refusing to serve on {host}: the Teams endpoint {ROUTE} has no credentials, "
        "so set TEAMS_APP_ID and TEAMS_APP_PASSWORD, bind to 127.0.0.1 for local use, "
        "or set CHORUS_TEAMS=off for a server without Teams"
    )
