"""Reading a provider's metadata: what it must say, and a dead provider asked only now and then
(anyone can press a sign-in button)."""

from __future__ import annotations

from typing import Any

import pytest

from graph_api.accounts.oidc import discovery
from graph_api.accounts.oidc.refusals import SignInRefused
from graph_api.settings import Settings

SETTINGS = Settings(KINDRED_JWT_SECRET="x" * 40, KINDRED_OIDC_ALLOW_HTTP_LOOPBACK=True)


async def test_a_dead_provider_is_not_asked_again_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    async def dead(settings: Settings, issuer: str) -> dict[str, Any]:
        asked.append(issuer)
        raise SignInRefused("PROVIDER_UNREACHABLE", "no answer")

    monkeypatch.setattr(discovery, "_read", dead)
    issuer = "https://dead.example.org"
    for _ in range(3):
        with pytest.raises(SignInRefused):
            await discovery.metadata(SETTINGS, issuer)
    assert asked == [issuer]
    discovery.forget(issuer)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"issuer": "https://other.example.org"}, "names the issuer"),
        ({"token_endpoint": "http://login.example.org/token"}, "token_endpoint"),
        ({"token_endpoint": "https://10.1.2.3/token"}, "token_endpoint"),
        ({"code_challenge_methods_supported": ["plain"]}, "S256"),
        ({"id_token_signing_alg_values_supported": ["none", "HS256"]}, "algorithm"),
    ],
)
async def test_metadata_that_breaks_a_rule_is_refused(monkeypatch: pytest.MonkeyPatch, change: dict[str, Any], why: str) -> None:
    issuer = "https://login.example.org"
    document = {
        "issuer": issuer, "authorization_endpoint": f"{issuer}/auth", "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks", "code_challenge_methods_supported": ["S256"],
        "id_token_signing_alg_values_supported": ["RS256"], **change,
    }

    async def serve(http: Any, url: str) -> dict[str, Any]:
        return document if url.endswith("openid-configuration") else {"keys": []}

    monkeypatch.setattr(discovery, "fetch_json", serve)
    with pytest.raises(SignInRefused) as refused:
        await discovery.metadata(SETTINGS, issuer)
    assert why in str(refused.value)
    discovery.forget(issuer)
