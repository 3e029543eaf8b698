"""A provider's metadata (OpenID Connect Discovery) and signing keys (its JWKS), read within a
timeout and a size limit (over `transport.ProviderTransport`), checked, and kept for a few minutes.

The metadata must name the configured issuer exactly, and every endpoint must pass the issuer's
address rules (https, or loopback when the server allows it).
"""

from __future__ import annotations

import time
from typing import Any, Final

import httpx
import orjson

from graph_api.accounts.oidc.refusals import SignInRefused
from graph_api.accounts.oidc.transport import ANSWER_MAX_BYTES, ProviderTransport
from graph_api.domain.identity_providers import check_issuer
from graph_api.errors import BadInputError
from graph_api.settings import Settings

DOCUMENT_MAX_BYTES: Final = ANSWER_MAX_BYTES
CACHE_SECONDS: Final = 300.0
#: A provider that failed is not asked again for this long: anyone can press a sign-in button,
#: and no one should make graph-api wait on a dead provider over and over.
FAILURE_SECONDS: Final = 15.0
_ENDPOINTS: Final = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")

SIGNING_ALGORITHMS: Final = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")

_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_failed: dict[str, tuple[float, SignInRefused]] = {}


async def fetch_json(client: httpx.AsyncClient, url: str) -> dict[str, Any]:
    """GET a JSON object of at most DOCUMENT_MAX_BYTES; SignInRefused(PROVIDER_UNREACHABLE) otherwise."""
    try:
        async with client.stream("GET", url, headers={"accept": "application/json"}) as answer:
            if answer.status_code != 200:
                raise SignInRefused("PROVIDER_UNREACHABLE", f"{url} answered {answer.status_code}")
            body = bytearray()
            async for chunk in answer.aiter_bytes():
                body += chunk
                if len(body) > DOCUMENT_MAX_BYTES:
                    raise SignInRefused("PROVIDER_UNREACHABLE", f"{url} answered more than {DOCUMENT_MAX_BYTES} bytes")
    except httpx.HTTPError as error:
        raise SignInRefused("PROVIDER_UNREACHABLE", f"{url}: {type(error).__name__}") from None
    try:
        document = orjson.loads(bytes(body))
    except orjson.JSONDecodeError:
        raise SignInRefused("PROVIDER_UNREACHABLE", f"{url} answered no JSON") from None
    if not isinstance(document, dict):
        raise SignInRefused("PROVIDER_UNREACHABLE", f"{url} answered no JSON object")
    return document


def client(settings: Settings) -> httpx.AsyncClient:
    transport = ProviderTransport(allow_loopback=settings.oidc_allow_http_loopback)
    return httpx.AsyncClient(timeout=settings.oidc_timeout_seconds, follow_redirects=False, transport=transport)


async def metadata(settings: Settings, issuer: str) -> dict[str, Any]:
    """The issuer's checked metadata, with its key set under "jwks"."""
    kept = _cache.get(issuer)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    failed = _failed.get(issuer)
    if failed is not None and failed[0] > time.monotonic():
        raise failed[1]
    try:
        found = await _read(settings, issuer)
    except SignInRefused as refusal:
        _failed[issuer] = (time.monotonic() + FAILURE_SECONDS, refusal)
        raise
    _failed.pop(issuer, None)
    _cache[issuer] = (time.monotonic() + CACHE_SECONDS, found)
    return found


async def _read(settings: Settings, issuer: str) -> dict[str, Any]:
    async with client(settings) as http:
        found = await fetch_json(http, f"{issuer}/.well-known/openid-configuration")
        if found.get("issuer") != issuer:
            raise SignInRefused("PROVIDER_UNREACHABLE", f"the metadata names the issuer {str(found.get('issuer'))[:200]!r}")
        for name in _ENDPOINTS:
            value = found.get(name)
            if value is None and name == "userinfo_endpoint":
                continue
            try:
                check_issuer(str(value), allow_http_loopback=settings.oidc_allow_http_loopback, field=name)
            except BadInputError as error:
                raise SignInRefused("PROVIDER_UNREACHABLE", f"{name}: {error.message}") from None
        methods = found.get("code_challenge_methods_supported")
        if isinstance(methods, list) and "S256" not in methods:
            raise SignInRefused("PROVIDER_UNREACHABLE", "the provider does not support PKCE with S256")
        offered = found.get("id_token_signing_alg_values_supported")
        offered = offered if isinstance(offered, list) else ["RS256"]
        # Keys from the JWKS only: never "none", never a shared secret (HS*).
        found["id_token_signing_alg_values_supported"] = [alg for alg in offered if alg in SIGNING_ALGORITHMS]
        if not found["id_token_signing_alg_values_supported"]:
            raise SignInRefused("PROVIDER_UNREACHABLE", "the provider signs ID tokens with no algorithm Kindred accepts")
        found["jwks"] = await fetch_json(http, found["jwks_uri"])
    return found


def forget(issuer: str) -> None:
    """Read the metadata and keys again next time (the keys may have rotated)."""
    _cache.pop(issuer, None)
    _failed.pop(issuer, None)
