"""The path an access line may show: never a query string (an unsubscribe link's token, a calendar
download link's signature), never a path segment that is itself a secret."""

from __future__ import annotations

import re

ELLIPSIS = "…"
#: Prefixes whose rest is a secret (a calendar subscription's token) or may carry one.
SECRET_TAILS = ("/calendar/", "/mail/unsubscribe/")
#: A segment this long is more likely a token than a name: it is left out whatever the route.
_LONG_SEGMENT = re.compile(r"[^/]{40,}")
_MAX_PATH = 200


def loggable_path(path: str) -> str:
    """`path` (ASGI's, without the query string) with every secret part replaced by "…"."""
    for prefix in SECRET_TAILS:
        if path.startswith(prefix) and len(path) > len(prefix):
            return prefix + ELLIPSIS
    shown = _LONG_SEGMENT.sub(ELLIPSIS, path)
    return shown if len(shown) <= _MAX_PATH else shown[:_MAX_PATH] + ELLIPSIS
