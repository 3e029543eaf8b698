"""How a delivery is signed, so its receiver can tell it comes from this community unchanged.

Every delivery carries these headers:

    Kindred-Webhook-Id:        the delivery's id, the same on every attempt (a receiver that has
                               seen it already can answer 2xx and ignore it)
    Kindred-Webhook-Event:     proposal_published, proposal_answered, event_plan_published or met_recorded
    Kindred-Webhook-Timestamp: when this attempt was signed, in seconds since 1970 (UTC)
    Kindred-Webhook-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the
                               endpoint's secret>

The timestamp is inside the signature: a receiver that refuses timestamps older than a few
minutes cannot be fooled by a recorded delivery played again.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

ID_HEADER: Final = "Kindred-Webhook-Id"
EVENT_HEADER: Final = "Kindred-Webhook-Event"
TIMESTAMP_HEADER: Final = "Kindred-Webhook-Timestamp"
SIGNATURE_HEADER: Final = "Kindred-Webhook-Signature"
SCHEME: Final = "sha256="


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>`."""
    signed = str(timestamp).encode() + b"." + body
    return SCHEME + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, given: str, *, now: float | None = None, tolerance: float = 300) -> bool:
    """What a receiver does (and the tests): the signature matches, and, when `now` is given,
    the timestamp is within `tolerance` seconds of it."""
    if not timestamp.isdigit():
        return False
    if now is not None and abs(now - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), given)


def headers(*, secret: str, delivery_id: str, event: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Kindred-Webhooks/1",
        ID_HEADER: delivery_id,
        EVENT_HEADER: event,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }
