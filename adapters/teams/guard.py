"""Whether ``chorus serve`` may start: kept free of the Agents SDK so the refusal comes
at once, before anything is imported, migrated or bound."""

from __future__ import annotations

import ipaddress
import socket

from adapters.settings import Settings

ROUTE = "/api/messages"


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


def serve_refusal(settings: Settings, host: str) -> str | None:
    """Why ``chorus serve`` must not start on ``host``, or None if it may."""
    if not settings.teams.enabled or settings.teams.authenticated or is_loopback_host(host):
        return None
    return (
        f"refusing to serve on {host}: the Teams endpoint {ROUTE} has no credentials, "
        "so set TEAMS_APP_ID and TEAMS_APP_PASSWORD, bind to 127.0.0.1 for local use, "
        "or set CHORUS_TEAMS=off for a server without Teams"
    )
