"""Several Slack workspaces (OAuth): the install flow, installations on our database with
the tokens encrypted at rest, and per-workspace clients for the outbox.

slack_sdk's ``AsyncSQLAlchemyInstallationStore`` and ``AsyncSQLAlchemyOAuthStateStore`` run
on Chorus's engine; their tables come from our migrations (``storage.models``), never from
their ``create_tables()``. :class:`EncryptedInstallationStore` wraps the installation store
so every token is Fernet ciphertext before it reaches the database and clear text only in
memory. Single-workspace mode (``SLACK_BOT_TOKEN``) uses none of this.
"""

from __future__ import annotations

import copy
import html
import logging
from logging import Logger
from typing import TypeVar
from urllib.parse import urljoin

from cryptography.fernet import InvalidToken, MultiFernet
from slack_bolt.error import BoltError
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.oauth.state_utils import OAuthStateUtils
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.delivery import Unreachable
from adapters.settings import SlackSettings, token_cipher
from adapters.slack.transport import SlackTransport
from storage.platform import PlatformStore

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # how long an install link stays valid
# Install links one client address may ask for at once, and then per second (10 a minute):
# each is a database row until it is used or expires.
INSTALL_BURST = 10
INSTALL_PER_SECOND = 10 / 60
# What a member sees when their workspace has no (readable) installation.
NOT_INSTALLED = (
    ":warning: Chorus is not installed in this workspace (any more). "
    "Ask a Slack admin to install it again."
)
_BOT_SECRETS = ("bot_token", "bot_refresh_token")
_INSTALLATION_SECRETS = (*_BOT_SECRETS, "user_token", "user_refresh_token")

_Record = TypeVar("_Record", Bot, Installation)


class EncryptedInstallationStore(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy installation store with every token Fernet-encrypted at rest."""

    def __init__(self, inner: AsyncSQLAlchemyInstallationStore, cipher: MultiFernet) -> None:
        self._inner = inner
        self._cipher = cipher

    @property
    def logger(self) -> Logger:
        return self._inner.logger

    def _sealed(self, record: _Record, fields: tuple[str, ...]) -> _Record:
        sealed = copy.copy(record)
        for name in fields:
            value = getattr(record, name, None)
            if value:
                setattr(sealed, name, self._cipher.encrypt(value.encode()).decode())
        return sealed

    def _opened(self, record: _Record | None, fields: tuple[str, ...]) -> _Record | None:
        if record is None:
            return None
        opened = copy.copy(record)
        try:
            for name in fields:
                value = getattr(record, name, None)
                if value:
                    setattr(opened, name, self._cipher.decrypt(value.encode()).decode())
        except InvalidToken:
            log.error(
                "CHORUS_TOKEN_KEY does not decrypt the stored Slack tokens of team %s "
                "(was the key replaced instead of rotated?); reinstall the app there",
                record.team_id,
            )
            return None
        return opened

    async def async_save(self, installation: Installation) -> None:
        try:
            await self._inner.async_save(self._sealed(installation, _INSTALLATION_SECRETS))
        except SQLAlchemyError as error:  # bolt shows its failure page for a BoltError
            raise BoltError(f"could not store the installation: {type(error).__name__}") from error

    async def async_save_bot(self, bot: Bot) -> None:
        await self._inner.async_save_bot(self._sealed(bot, _BOT_SECRETS))

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        bot = await self._inner.async_find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(bot, _BOT_SECRETS)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        installation = await self._inner.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(installation, _INSTALLATION_SECRETS)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._inner.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self._inner.async_delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


class PurgingOAuthStateStore(AsyncSQLAlchemyOAuthStateStore):
    """slack_sdk's state store, which deletes a state only when it is used: every new one
    first sweeps out those that expired unused (anyone may ask for install links)."""

    def __init__(self, engine: AsyncEngine, platform: PlatformStore) -> None:
        super().__init__(
            expiration_seconds=STATE_SECONDS, engine=engine, logger=logging.getLogger(__name__)
        )
        self._platform = platform

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        await self._platform.forget_expired_oauth_states()
        return await super().async_issue(*args, **kwargs)


def installation_store(settings: SlackSettings, engine: AsyncEngine) -> EncryptedInstallationStore:
    """The installations of ``settings.client_id`` on Chorus's database."""
    inner = AsyncSQLAlchemyInstallationStore(
        client_id=settings.client_id, engine=engine, logger=logging.getLogger(__name__)
    )
    return EncryptedInstallationStore(inner, token_cipher(settings.token_key))


def oauth_settings(
    settings: SlackSettings, engine: AsyncEngine, platform: PlatformStore
) -> AsyncOAuthSettings:
    """bolt's OAuth settings, every value explicit (bolt would otherwise read SLACK_* names
    from the environment for the ones left out)."""
    state_utils = OAuthStateUtils(expiration_seconds=STATE_SECONDS)
    return AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(settings.scopes),
        user_scopes=[],
        redirect_uri=settings.redirect_uri or None,
        install_path=INSTALL_PATH,
        install_page_rendering_enabled=False,  # /slack/install redirects straight to Slack
        redirect_uri_path=REDIRECT_PATH,
        callback_options=AsyncCallbackOptions(
            success=_Pages(state_utils, platform).success,
            failure=_Pages(state_utils, platform).failure,
        ),
        # GovSlack and test doubles: the authorize page lives next to the Web API.
        authorization_url=urljoin(settings.api_url, "/oauth/v2/authorize"),
        installation_store=installation_store(settings, engine),
        installation_store_bot_only=True,  # Chorus acts as its bot only
        state_store=PurgingOAuthStateStore(engine, platform),
        state_cookie_name=state_utils.cookie_name,
        state_expiration_seconds=STATE_SECONDS,
        logger=logging.getLogger(__name__),
    )


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Chorus</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;
line-height:1.5}}</style></head>
<body><h1>{title}</h1>{body}</body></html>
"""

_FAILURES = {
    "access_denied": "The installation was cancelled in Slack, so nothing was installed.",
    "invalid_browser": "This install link has expired or was opened in another browser.",
    "invalid_state": "This install link has expired or was already used.",
}


class _Pages:
    """The pages a browser sees at the end of the install flow."""

    def __init__(self, state_utils: OAuthStateUtils, platform: PlatformStore) -> None:
        self._state_utils = state_utils
        self._platform = platform

    def _page(self, status: int, title: str, body: str) -> BoltResponse:
        return BoltResponse(
            status=status,
            body=_PAGE.format(title=html.escape(title), body=body),
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Set-Cookie": self._state_utils.build_set_cookie_for_deletion(),
            },
        )

    async def success(self, args: AsyncSuccessArgs) -> BoltResponse:
        team = args.installation.team_name or args.installation.team_id or "your workspace"
        log.info("Chorus installed in Slack team %s", args.installation.team_id)
        if args.installation.team_id:
            # A reinstall: what waited while Chorus was away goes out now.
            await self._platform.unpark("slack", args.installation.team_id)
        return self._page(
            200,
            "Chorus is installed",
            f"<p>Chorus is now part of <strong>{html.escape(team)}</strong>.</p>"
            "<p>Back in Slack, type <code>/chorus help</code> to get started, and "
            "<code>/chorus channel</code> in your ambassador channel to choose it.</p>",
        )

    async def failure(self, args: AsyncFailureArgs) -> BoltResponse:
        log.warning("Slack install failed: %r", args.reason)  # the query says: quoted
        reason = _FAILURES.get(
            args.reason, "Slack did not confirm the installation, so nothing was installed."
        )
        return self._page(
            args.suggested_status_code,
            "Chorus was not installed",
            f"<p>{html.escape(reason)}</p>"
            f'<p><a href="{INSTALL_PATH}">Start the installation again</a>.</p>',
        )


def multi_workspace(
    settings: SlackSettings, engine: AsyncEngine, platform: PlatformStore
) -> SlackTransport:
    """The outbox transport for OAuth mode: each workspace's messages go out with the bot
    token its installation stored (our workspace id → its Slack team id → the bot)."""
    store = installation_store(settings, engine)

    async def client_for(workspace_id: int) -> AsyncWebClient:
        row = await platform.slack_installation_of(workspace_id, settings.client_id)
        bot = None
        if row is not None:
            enterprise_id, team_id = row
            bot = await store.async_find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise Unreachable("Chorus is not installed in this Slack workspace")
        return AsyncWebClient(token=bot.bot_token, base_url=settings.api_url)

    return SlackTransport(client_for, platform)
