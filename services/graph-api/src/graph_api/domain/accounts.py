"""What the account store returns: invitations, API tokens, and the stored facts the account
service checks (password and token hashes, sessions, sign-in counters).

The rules (hashing, JWTs, expiry, throttling) are in graph_api.accounts; the statements in
store/accounts.py (``repository.accounts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Invitation:
    id: str
    handle: str
    name: str
    email: str
    role: str
    createdAt: str
    expiresAt: str
    #: The organiser who invited (None once their account is deleted).
    createdBy: str | None


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: str
    name: str
    scopes: list[str]
    createdAt: str
    createdBy: str | None


@dataclass(frozen=True, slots=True)
class SignInAccount:
    """The member a handle names, as sign-in checks it."""

    id: str
    password_hash: str | None
    role: str


@dataclass(frozen=True, slots=True)
class StoredPassword:
    password_hash: str | None
    handle: str


@dataclass(frozen=True, slots=True)
class SessionOwner:
    """Whose session a refresh token rotated."""

    member_id: str
    role: str


@dataclass(frozen=True, slots=True)
class StoredSecret:
    """The hash of a one-time token (a reset link's) and when it expires."""

    token_hash: str | None
    expires_at: str


@dataclass(frozen=True, slots=True)
class StoredInvitation:
    invitation: Invitation
    token_hash: str | None


@dataclass(frozen=True, slots=True)
class StoredApiToken:
    token_hash: str | None
    scopes: list[str]


@dataclass(frozen=True, slots=True)
class IssuedResetLink:
    """A reset link just stored: the member's handle and when the link expires."""

    handle: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class HandleHolders:
    """Who holds a handle: members that have it, pending invitations that reserve it."""

    members: int
    invites: int


@dataclass(frozen=True, slots=True)
class SignInCount:
    """One sign-in counter (of a hashed handle or address) after an attempt was counted."""

    key: str
    failures: int
    window_start: int


@dataclass(frozen=True, slots=True)
class MemberRecords:
    """What a member's data export lists beyond the profile, as stored (no hashes)."""

    bonds: list[dict[str, Any]]
    #: Each with ``sent``: whether the member sent the request.
    bond_requests: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    invitations: list[dict[str, Any]]
    api_tokens: list[dict[str, Any]]
    #: Each with ``outgoing``: whether the member is the relationship's start node.
    relationships: list[dict[str, Any]]
