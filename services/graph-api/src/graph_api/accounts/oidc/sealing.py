"""Client secrets are stored sealed (Fernet: AES-CBC with HMAC) under a key derived from the
server's signing secret, so a copy of the graph alone does not give them away."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from graph_api.settings import Settings


def _fernet(settings: Settings) -> Fernet:
    digest = hashlib.sha256(b"kindred identity provider secrets\0" + settings.signing_secret().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(settings: Settings, secret: str) -> str:
    return _fernet(settings).encrypt(secret.encode()).decode()


def unseal(settings: Settings, sealed: str) -> str | None:
    """The secret, or None when it was sealed under another signing secret."""
    try:
        return _fernet(settings).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
