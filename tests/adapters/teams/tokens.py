"""Teams credentials for tests, and Bot Framework tokens signed with a local test key that
the Agents SDK's JWT check accepts once :func:`answer_bot_framework_locally` is applied."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import PyJWK
from jwt.utils import base64url_encode
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core import JwtTokenValidator

from adapters.settings import TeamsSettings

CREDENTIALS = TeamsSettings(
    app_id="11111111-2222-3333-4444-555555555555",
    app_password="s3cret",
    tenant_id="22222222-3333-4444-5555-666666666666",
)
PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEY_ID = "chorus-test-key"
BOT_FRAMEWORK = "https://api.botframework.com"


class _TestKeys:
    """The Bot Framework's key endpoint, answered locally with our test key."""

    async def get_signing_key(self, jwks_uri: str, header: dict[str, Any]) -> PyJWK:
        if header.get("kid") != KEY_ID:
            raise jwt.PyJWKClientError(f"no key {header.get('kid')!r} at {jwks_uri}")
        numbers = PRIVATE_KEY.public_key().public_numbers()
        return PyJWK.from_dict(
            {
                "kty": "RSA",
                "kid": KEY_ID,
                "use": "sig",
                "n": base64url_encode(numbers.n.to_bytes(256, "big")).decode(),
                "e": base64url_encode(numbers.e.to_bytes(3, "big")).decode(),
            }
        )


def answer_bot_framework_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key endpoint and the token service answer here, never over the network."""

    async def access_token(*_: Any, **__: Any) -> str:
        return "access-token-for-the-connector"

    monkeypatch.setattr(JwtTokenValidator, "_jwk_client_manager", _TestKeys())
    monkeypatch.setattr(MsalAuth, "get_access_token", access_token)


def bot_framework_token(issuer: str = BOT_FRAMEWORK, **claims: Any) -> str:
    """A token for our app id, signed with the test key."""
    now = int(time.time())
    payload = {"aud": CREDENTIALS.app_id, "iss": issuer, "nbf": now, "exp": now + 600, **claims}
    return jwt.encode(payload, PRIVATE_KEY, algorithm="RS256", headers={"kid": KEY_ID})
