"""Log configuration for the ``chorus`` command.

``CHORUS_LOG_LEVEL=DEBUG`` is for Chorus's own debug lines. Some libraries log secrets or
members' words at their debug level: slack_sdk prints every Web API response (the bot
token ``oauth.v2.access`` hands out included), bolt the bodies it answers with, aiosqlite
and SQLAlchemy the parameters of every statement (private drafts). Their loggers are held
at the levels below whatever the root level is.
"""

from __future__ import annotations

import logging

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

QUIET_LOGGERS = {
    "slack_sdk": logging.INFO,
    "slack_bolt": logging.INFO,
    "adapters.slack.bolt": logging.INFO,  # bolt's logger in Chorus
    "microsoft_agents": logging.INFO,
    # Warns "App ID is not provided" twice per activity without credentials (the Agents
    # Playground); Chorus uses no user tokens (no SSO), and this is the logger's only line.
    "microsoft_agents.hosting.core.connector.client.user_token_client": logging.ERROR,
    "msal": logging.INFO,
    "aiosqlite": logging.INFO,
    "asyncpg": logging.INFO,
    "sqlalchemy": logging.WARNING,  # INFO already prints statements and their parameters
    "alembic": logging.WARNING,
}


def configure_logging(level: str) -> None:
    """Log at ``level`` (one of :data:`LEVELS`, any case); the loggers of
    :data:`QUIET_LOGGERS` never below their floor. ValueError for an unknown level."""
    name = level.strip().upper()
    if name not in LEVELS:
        raise ValueError(f"use {', '.join(LEVELS[:-1])} or {LEVELS[-1]}, not {level!r}")
    root_level = logging.getLevelName(name)
    logging.basicConfig(level=root_level, format=FORMAT)
    logging.getLogger().setLevel(root_level)
    for logger, floor in QUIET_LOGGERS.items():
        logging.getLogger(logger).setLevel(max(floor, root_level))
