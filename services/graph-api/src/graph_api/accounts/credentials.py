"""Passwords (argon2) and opaque tokens (refresh, invitation, API): only hashes are stored."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph_api.errors import BadInputError

_hasher = PasswordHasher()
PASSWORD_MIN = 10
PASSWORD_MAX = 200
# Verifying against this keeps sign-in time the same whether or not the handle exists.
_DUMMY_HASH = _hasher.hash("kindred-timing-equaliser")


def check_password_rules(password: str, *, field: str = "password") -> str:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise BadInputError(f"a password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long", field=field)
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_password_rules(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def hash_password_off_loop(password: str, *, field: str = "password") -> str:
    """argon2 takes tens of milliseconds of CPU: a worker thread keeps the event loop serving."""
    check_password_rules(password, field=field)
    return await asyncio.to_thread(hash_password, password)


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(verify_password, password_hash, password)


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
