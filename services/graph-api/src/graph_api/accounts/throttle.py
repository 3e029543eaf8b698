"""Sign-in throttling per handle and per client address, kept in the database so every
graph-api replica sees the same counts.

An attempt is counted before the password is checked (so a burst of parallel guesses cannot
slip past the limit) and given back when it succeeds: only failures stay counted.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from graph_api.errors import KindredError
from graph_api.settings import Settings
from graph_api.store.accounts import AccountStore


class RateLimitedError(KindredError):
    """Too many failed sign-ins; `retry_after` says in how many seconds to try again."""

    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        # graphql-core copies an error's `extensions` into the answer, beside `code`.
        self.extensions = {"retryAfter": retry_after}


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: list[str]) -> str:
    """The caller's address: the direct peer, or the first X-Forwarded-For entry when the peer is a trusted proxy."""
    address = peer or "unknown"
    if forwarded_for and _trusted(address, trusted_proxies):
        first = forwarded_for.split(",", 1)[0].strip()
        try:
            return str(ipaddress.ip_address(first))
        except ValueError:
            return address
    return address


def _trusted(peer: str, trusted_proxies: list[str]) -> bool:
    """Whether the peer is a trusted proxy: one of the addresses, or in one of the networks
    (`10.0.0.0/8`: proxies whose addresses change, as pods' do in Kubernetes)."""
    if peer in trusted_proxies:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    for entry in trusted_proxies:
        if "/" in entry:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue
    return False


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def in_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Attempt:
    handle_key: str
    address_key: str


class SignInThrottle:
    def __init__(self, store: AccountStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    async def admit(self, handle: str, address: str) -> Attempt:
        """Count an attempt; raise RateLimitedError when the handle or the address is past its limit."""
        attempt = Attempt(_key("handle", handle), _key("address", address))
        now, window = int(time.time()), self.settings.sign_in_window_seconds
        counts = await self.store.record_sign_in_attempt(
            keys=[attempt.handle_key, attempt.address_key], now=now, window=window
        )
        limits = {
            attempt.handle_key: (self.settings.sign_in_failures_per_handle, "for this handle"),
            attempt.address_key: (self.settings.sign_in_failures_per_address, "from your address"),
        }
        refusals = []
        for count in counts:
            limit, where = limits[count.key]
            if count.failures > limit:
                refusals.append((max(1, count.window_start + window - now), where))
        if refusals:
            retry_after, where = max(refusals)
            raise RateLimitedError(
                f"too many failed sign-ins {where}: try again in {in_words(retry_after)}", retry_after=retry_after
            )
        return attempt

    async def succeeded(self, attempt: Attempt) -> None:
        await self.store.forgive_sign_in_attempt(handle_key=attempt.handle_key, address_key=attempt.address_key)
        stale_before = int(time.time()) - self.settings.sign_in_window_seconds
        await self.store.purge_stale_sign_in_counts(stale_before=stale_before)
