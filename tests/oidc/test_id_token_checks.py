"""The ID token checks Kindred asks of Authlib, on tokens signed here with a key of a provider's
JWKS: the signature, issuer, audience, nonce and expiry must all hold, or the token is refused.
(The browser tests show the same against a real provider: tests/frontend/test_identity_providers.py.)"""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from graph_api.accounts.oidc.routes import LEEWAY_SECONDS, client_for, id_token_checks
from graph_api.domain.identity_providers import IdentityProvider
from graph_api.settings import Settings

ISSUER = "https://login.example.org"
NONCE = "the-nonce-of-this-sign-in"
KEY = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
STRANGER = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
PROVIDER = IdentityProvider(
    id="idp-test", name="Example", issuer=ISSUER, client_id="kindred", allowed_domains=("example.org",),
    teams_claim=None, password_sign_in=True, created_at="2026-12-07T00:00:00Z",
)
METADATA = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/auth",
    "token_endpoint": f"{ISSUER}/token",
    "jwks_uri": f"{ISSUER}/jwks",
    "id_token_signing_alg_values_supported": ["RS256"],
    "jwks": {"keys": [KEY.as_dict(private=False)]},
}


def id_token(key: RSAKey = KEY, **changes: Any) -> dict[str, str]:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "subject-1", "aud": "kindred", "nonce": NONCE, "iat": now, "exp": now + 300, **changes}
    signed = jwt.encode({"alg": "RS256", "kid": "provider-key"}, claims, key)
    return {"id_token": signed, "access_token": "opaque"}


async def verify(token: dict[str, str]) -> dict[str, Any]:
    client = client_for(Settings(KINDRED_JWT_SECRET="x" * 40), PROVIDER, "secret", METADATA)
    return dict(await client.parse_id_token(token, nonce=NONCE, claims_options=id_token_checks(PROVIDER), leeway=LEEWAY_SECONDS))


async def test_a_token_from_the_provider_for_kindred_passes() -> None:
    assert (await verify(id_token()))["sub"] == "subject-1"


async def test_a_token_for_kindred_among_other_audiences_passes() -> None:
    assert (await verify(id_token(aud=["kindred", "another-app"], azp="kindred")))["sub"] == "subject-1"


@pytest.mark.parametrize(
    ("case", "token"),
    [
        ("another issuer", lambda: id_token(iss="https://elsewhere.example.org")),
        ("another audience", lambda: id_token(aud="another-app")),
        ("another sign-in's nonce", lambda: id_token(nonce="a-replayed-nonce")),
        ("no nonce", lambda: id_token(nonce=None)),
        ("expired", lambda: id_token(exp=int(time.time()) - LEEWAY_SECONDS - 5)),
        ("signed with a key not in the JWKS", lambda: id_token(STRANGER)),
    ],
)
async def test_a_token_that_fails_a_check_is_refused(case: str, token: Any) -> None:
    with pytest.raises(JoseError):
        await verify(token())
