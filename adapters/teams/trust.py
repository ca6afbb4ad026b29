"""Which Bot Framework service URLs Chorus accepts, stores and sends to.

An activity's ``serviceUrl`` is where the bot answers, then and later (proactive posts go
through the stored conversation reference). With credentials it must be a Bot Framework
host of ``TEAMS_SERVICE_HOSTS`` over HTTPS, judged by the Agents SDK's
``OutboundHostValidator``, which also refuses IP literals of private and loopback networks.
In anonymous local mode only loopback URLs are accepted: the local tool is the connector.
Without either, nothing is.
"""

from __future__ import annotations

from microsoft_agents.hosting.core import OutboundHostValidator
from yarl import URL

from adapters.settings import TeamsSettings
from adapters.teams.guard import is_loopback_ip


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL on this machine, without credentials in it."""
    try:
        parsed = URL(url)
    except (TypeError, ValueError):
        return False
    if parsed.scheme not in ("http", "https") or parsed.user or parsed.password:
        return False
    host = (parsed.host or "").casefold()
    return host == "localhost" or is_loopback_ip(host)


class ServiceUrls:
    """The service URLs the Teams endpoint may answer, remember and post to."""

    def __init__(self, teams: TeamsSettings) -> None:
        self._loopback = teams.anonymous
        self.validator: OutboundHostValidator | None = None
        if teams.authenticated:
            self.validator = OutboundHostValidator(
                list(teams.service_hosts), enabled=True, include_default_microsoft_hosts=False
            )

    def allows(self, url: str | None) -> bool:
        """Whether Chorus may talk to the connector at ``url``."""
        if not url:
            return False
        if self.validator is not None:
            return self.validator.is_allowed(url)
        return self._loopback and is_loopback_url(url)
