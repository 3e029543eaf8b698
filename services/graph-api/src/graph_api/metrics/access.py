"""Who may read /metrics: a loopback peer (a Prometheus beside graph-api, `curl` on the host), or
a request carrying `Authorization: Bearer <KINDRED_METRICS_TOKEN>`.

The peer is the socket's address as the server saw it. A request that carries any forwarding
header (X-Forwarded-For, Forwarded, X-Real-IP, ...) came through a proxy, so it is never taken for
a local one, whatever the proxy or the header says: uvicorn rewrites the peer from X-Forwarded-For
when the proxy is trusted (FORWARDED_ALLOW_IPS), and this check must not depend on that setting.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from pydantic import SecretStr
from starlette.types import Scope

from graph_api.web.bearer import bearer_token
from graph_api.web.refusal import Refusal

FORWARDING_HEADERS = frozenset(
    {
        b"forwarded",
        b"x-forwarded-for",
        b"x-forwarded-host",
        b"x-real-ip",
        b"x-client-ip",
        b"true-client-ip",
        b"cf-connecting-ip",
        b"x-original-forwarded-for",
    }
)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.removeprefix("::ffff:")).is_loopback
    except ValueError:
        return False


def _forwarded(scope: Scope) -> bool:
    return any(name.lower() in FORWARDING_HEADERS for name, _ in scope.get("headers", []))


def _authorization(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"authorization":
            return value.decode("latin-1")
    return None


def token_matches(offered: str, expected: SecretStr | None) -> bool:
    """Constant-time, and of equal-length digests, so neither the token nor its length leaks."""
    if expected is None:
        return False
    digest = hashlib.sha256(offered.encode("utf-8", "surrogateescape")).digest()
    wanted = hashlib.sha256(expected.get_secret_value().encode()).digest()
    return hmac.compare_digest(digest, wanted)


def refusal(scope: Scope, token: SecretStr | None) -> Refusal | None:
    """None when the request may read the metrics, else the answer to give it."""
    authorization = _authorization(scope)
    if authorization is not None:
        offered = bearer_token(authorization)
        if offered is not None and token_matches(offered, token):
            return None
        return Refusal(
            401, "METRICS_TOKEN_INVALID", "the metrics token is not valid", {"www-authenticate": 'Bearer realm="metrics"'}
        )
    client = scope.get("client")
    if is_loopback(client[0] if client else None) and not _forwarded(scope):
        return None
    return Refusal(403, "METRICS_FORBIDDEN", "metrics are answered on loopback, or with the metrics token")
