"""One-click unsubscribe links: a signed token naming a member and a kind of mail (RFC 8058).

The token is `<payload>.<signature>`: the payload (base64url of "member:kind") signed with an
HMAC-SHA256 of the server's signing key. It never expires (a link in an old mail still works)
and can only turn off the one kind of mail it names, for the one member.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote

from graph_api.domain.mail import CHOICE_KINDS

_CONTEXT = b"kindred-mail-unsubscribe:"
#: Longer tokens are refused before any work.
TOKEN_MAX = 400
PATH = "/mail/unsubscribe"


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    member_id: str
    kind: str


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _signature(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), _CONTEXT + payload.encode(), hashlib.sha256).digest()[:18])


def sign(secret: str, member_id: str, kind: str) -> str:
    payload = _b64(f"{member_id}:{kind}".encode())
    return f"{payload}.{_signature(secret, payload)}"


def verify(secret: str, token: str) -> Unsubscribe | None:
    """The member and kind a token names, or None when it is malformed or not ours."""
    if not token or len(token) > TOKEN_MAX or token.count(".") != 1:
        return None
    payload, signature = token.split(".")
    if not hmac.compare_digest(signature, _signature(secret, payload)):
        return None
    try:
        member_id, _, kind = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode().rpartition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return Unsubscribe(member_id, kind) if member_id and kind in CHOICE_KINDS else None


def link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{PATH}?token={quote(token, safe='')}"
