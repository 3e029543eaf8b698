"""The request id: taken from a sane `X-Request-ID` header, or generated; held in structlog's
context variables, so every log line written while a request is handled carries it."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator

import structlog

HEADER = "x-request-id"
#: What a caller's id may look like: short, and nothing a log reader or a header could trip on.
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str | None:
    """`value` if it may be used as the request id, else None (the caller generates one)."""
    if value is not None and _SANE.fullmatch(value):
        return value
    return None


def current_request_id() -> str | None:
    """The id of the request (or run) being handled in this context, if any."""
    value = structlog.contextvars.get_contextvars().get("request_id")
    return value if isinstance(value, str) else None


@contextlib.contextmanager
def bind_request_id(request_id: str) -> Iterator[str]:
    """Bind `request_id` for the block (every log line in it carries it), then restore what was bound."""
    tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
    try:
        yield request_id
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
