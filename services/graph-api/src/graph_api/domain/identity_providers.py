"""Identity providers (OpenID Connect) organisers configure for signing in: what one holds, its
limits, and the checks of what an organiser types.

An issuer is an https:// address on the public internet; plain http and loopback only when the
server allows them (KINDRED_OIDC_ALLOW_HTTP_LOOPBACK, for tests and a provider on the same
machine), with the address rules webhooks use (`domain.webhooks`).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from graph_api.domain.webhooks import address_is_public, is_loopback_host
from graph_api.errors import BadInputError, UnauthenticatedError

#: Providers a community may configure at once.
PROVIDERS_MAX: Final = 10
NAME_MAX: Final = 60
ISSUER_MAX: Final = 500
CLIENT_ID_MAX: Final = 300
CLIENT_SECRET_MAX: Final = 1000
DOMAINS_MAX: Final = 50
DOMAIN_MAX: Final = 253
CLAIM_MAX: Final = 100
_DOMAIN: Final = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_CLAIM: Final = re.compile(r"^[A-Za-z0-9_:/.\-]{1,100}$")


class PasswordSignInClosed(UnauthenticatedError):
    """Password sign-in is off (an identity provider says so): only organisers keep theirs."""

    code = "PASSWORD_SIGN_IN_CLOSED"


@dataclass(frozen=True, slots=True)
class IdentityProvider:
    id: str
    name: str
    issuer: str
    client_id: str
    allowed_domains: tuple[str, ...]
    teams_claim: str | None
    password_sign_in: bool
    created_at: str
    updated_at: str | None = None
    #: The client secret, sealed (accounts.oidc.sealing): read only by the sign-in flow.
    sealed_secret: str | None = None

    @classmethod
    def from_record(cls, node: dict[str, Any]) -> IdentityProvider:
        return cls(
            id=node["id"],
            name=node["name"],
            issuer=node["issuer"],
            client_id=node["clientId"],
            allowed_domains=tuple(node.get("allowedDomains") or ()),
            teams_claim=node.get("teamsClaim"),
            password_sign_in=bool(node.get("passwordSignIn", True)),
            created_at=node["createdAt"],
            updated_at=node.get("updatedAt"),
            sealed_secret=node.get("secret"),
        )

    def allows(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower()
        return domain in self.allowed_domains


def _plain(value: str, field: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise BadInputError(f"the {what} is longer than {limit} characters", field=field)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise BadInputError(f"the {what} contains control characters", field=field)
    value = value.strip()
    if not value:
        raise BadInputError(f"give the {what}", field=field)
    return value


def check_name(name: str) -> str:
    return " ".join(_plain(name, "name", NAME_MAX, "provider's name (as on its button)").split())


def check_client_id(client_id: str) -> str:
    return _plain(client_id, "clientId", CLIENT_ID_MAX, "client id")


def check_client_secret(secret: str) -> str:
    return _plain(secret, "clientSecret", CLIENT_SECRET_MAX, "client secret")


def check_issuer(url: str, *, allow_http_loopback: bool, field: str = "issuer") -> str:
    """The issuer (or an endpoint it announces), without a trailing slash; BadInputError saying what is wrong."""
    url = _plain(url, field, ISSUER_MAX, "issuer address")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise BadInputError("the issuer is not a web address", field=field) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not host:
        raise BadInputError("the issuer must be a web address starting with https://", field=field)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise BadInputError("the issuer must not hold a user name or password", field=field)
    if parts.query or parts.fragment:
        raise BadInputError("the issuer must not have a ?query or #fragment", field=field)
    loopback = is_loopback_host(host)
    if loopback and not allow_http_loopback:
        raise BadInputError("the issuer points at this server itself (loopback): give the provider's public address", field=field)
    if scheme == "http" and not (loopback and allow_http_loopback):
        raise BadInputError("the issuer must start with https:// (sign-in never travels unencrypted)", field=field)
    if not loopback:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:
            if not address_is_public(host):
                raise BadInputError("the issuer is a private or reserved network address", field=field)
    return url.rstrip("/") if field == "issuer" else url


def check_domains(domains: list[str]) -> list[str]:
    if len(domains) > DOMAINS_MAX:
        raise BadInputError(f"give at most {DOMAINS_MAX} e-mail domains", field="allowedDomains")
    cleaned: list[str] = []
    for domain in domains:
        value = domain.strip().lower().lstrip("@") if len(domain) <= DOMAIN_MAX + 1 else domain
        if not _DOMAIN.fullmatch(value):
            shown = domain if len(domain) <= 60 else domain[:60] + "…"
            raise BadInputError(f"{shown!r} is not an e-mail domain such as example.org", field="allowedDomains")
        if value not in cleaned:
            cleaned.append(value)
    if not cleaned:
        raise BadInputError("give at least one e-mail domain whose people may sign in, such as example.org", field="allowedDomains")
    return cleaned


def check_claim(claim: str | None) -> str | None:
    if claim is None or not claim.strip():
        return None
    claim = claim.strip()
    if not _CLAIM.fullmatch(claim):
        raise BadInputError(
            f"the teams claim is a claim's name such as groups: letters, digits and _ : / . - (at most {CLAIM_MAX})",
            field="teamsClaim",
        )
    return claim
