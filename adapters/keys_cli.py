"""``chorus keys rotate``: re-encrypt every stored Slack token with the first key of
``CHORUS_TOKEN_KEY``, so that the keys after it can be retired."""

from __future__ import annotations

import sys

from cryptography.fernet import InvalidToken

from adapters.settings import Settings, SettingsError, token_cipher
from storage.database import create_engine, session_factory
from storage.platform import PlatformStore


async def rotate_keys(settings: Settings) -> int:
    """Re-encrypt; print how many tokens were, and name any no key can read (exit 1)."""
    try:
        cipher = token_cipher(settings.slack.token_key)
    except SettingsError as error:
        print(f"chorus keys rotate: {error}", file=sys.stderr)
        return 2

    def reseal(token: str) -> str | None:
        try:
            return cipher.rotate(token.encode()).decode()
        except InvalidToken:
            return None

    engine = create_engine(settings.database_url)
    try:
        resealed, unread = await PlatformStore(session_factory(engine)).reseal_slack_tokens(reseal)
    finally:
        await engine.dispose()
    print(f"{resealed} tokens re-encrypted with the first key of CHORUS_TOKEN_KEY.")
    if unread:
        print(
            f"chorus keys rotate: {unread} tokens could not be read by any key of "
            "CHORUS_TOKEN_KEY and were left as they are; their workspaces must install "
            "Chorus again",
            file=sys.stderr,
        )
        return 1
    return 0
