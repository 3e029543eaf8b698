"""Access tokens whose signature and claims were already checked, so a client's next requests
with the same token skip the JWT decoding: each was checked once, byte for byte the same.

Only what never changes for a given token is skipped (signature, algorithm, audience, required
claims); expiry is checked on every use, and the session behind the token is still looked up
in the store on every request by the caller. Bounded: the least recently used token goes first.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

#: Tokens kept; each signed-in client holds one at a time (a new one every refresh).
VERIFIED_TOKENS = 4096


class TokenExpired(Exception):
    """The token verified once, but its `exp` has passed since."""


class VerifiedTokens:
    def __init__(self, size: int = VERIFIED_TOKENS) -> None:
        self._size = size
        self._claims: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def claims(self, token: str) -> dict[str, Any] | None:
        """The claims of a token verified before, None if it was not; TokenExpired once past `exp`."""
        claims = self._claims.get(token)
        if claims is None:
            return None
        if int(claims["exp"]) <= time.time():  # PyJWT's own test, without leeway
            del self._claims[token]
            raise TokenExpired()
        self._claims.move_to_end(token)
        return claims

    def remember(self, token: str, claims: dict[str, Any]) -> None:
        self._claims[token] = claims
        while len(self._claims) > self._size:
            self._claims.popitem(last=False)
