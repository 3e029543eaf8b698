"""Passwords (argon2id) and opaque tokens (refresh, invitation, API): only hashes are stored."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph_api.errors import BadInputError

if TYPE_CHECKING:
    from graph_api.settings import Settings

PASSWORD_MIN = 10
PASSWORD_MAX = 200


def check_password_rules(password: str, *, field: str = "password") -> str:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise BadInputError(f"a password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long", field=field)
    return password


@cache
def _hashing_threads(count: int) -> ThreadPoolExecutor:
    """The worker threads that hash, one pool of each size a process: every `Passwords` of
    that size shares it, so the memory argon2 holds at once stays `count` times its cost."""
    return ThreadPoolExecutor(max_workers=count, thread_name_prefix="kindred-argon2")


class Passwords:
    """argon2id at the operator's cost (Settings: memory, passes, lanes), at most `concurrency`
    hashes at once in this process.

    A hash carries the cost it was made with, and is verified at that cost; `outdated` says
    when a hash was made at another cost than the configured one, so sign-in can remake it.
    """

    def __init__(self, *, memory_kib: int, passes: int, lanes: int, concurrency: int) -> None:
        self._hasher = PasswordHasher(time_cost=passes, memory_cost=memory_kib, parallelism=lanes)
        self._threads = _hashing_threads(concurrency)

    @classmethod
    def from_settings(cls, settings: Settings) -> Passwords:
        return cls(
            memory_kib=settings.password_hash_memory_kib,
            passes=settings.password_hash_passes,
            lanes=settings.password_hash_lanes,
            concurrency=settings.password_hash_concurrency,
        )

    @cached_property
    def _dummy_hash(self) -> str:
        # Verifying against this keeps sign-in time the same whether or not the handle exists.
        return self._hasher.hash("kindred-timing-equaliser")

    def hash(self, password: str) -> str:
        return self._hasher.hash(check_password_rules(password))

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def outdated(self, password_hash: str) -> bool:
        """Whether `password_hash`, one `verify` accepted, was made at another cost (or argon2
        variant) than this one's."""
        return self._hasher.check_needs_rehash(password_hash)

    async def hash_off_loop(self, password: str, *, field: str = "password") -> str:
        """argon2 takes tens of milliseconds of CPU: a worker thread keeps the event loop serving."""
        check_password_rules(password, field=field)
        return await asyncio.get_running_loop().run_in_executor(self._threads, self.hash, password)

    async def verify_off_loop(self, password_hash: str | None, password: str) -> bool:
        return await asyncio.get_running_loop().run_in_executor(self._threads, self.verify, password_hash, password)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(secret: str, stored_hash: str | None) -> bool:
    return stored_hash is not None and hmac.compare_digest(hash_secret(secret), stored_hash)


def join_token(prefix: str, token_id: str, secret: str) -> str:
    """The token handed out for a stored id and its secret: `<prefix>.<id>.<secret>`."""
    return f"{prefix}.{token_id}.{secret}"


def split_token(token: str, prefix: str) -> tuple[str, str] | None:
    """`<prefix>.<id>.<secret>` -> (id, secret), or None when the shape is wrong."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != prefix or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]
