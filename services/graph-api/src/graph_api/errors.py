"""Error types shared by the store, the domain rules and the GraphQL layer.

Each carries the GraphQL ``extensions.code`` it maps to, so the API never has to
guess how to present a failure.
"""

from __future__ import annotations


class KindredError(Exception):
    """Base class of every error the product raises on purpose."""

    code: str = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadInputError(KindredError):
    """The caller sent something invalid; nothing was written."""

    code = "BAD_USER_INPUT"


class NotFoundError(KindredError):
    """A referenced id, handle or slug does not exist; nothing was written."""

    code = "NOT_FOUND"


class ConflictError(KindredError):
    """The write would break a uniqueness rule; nothing was written."""

    code = "CONFLICT"


class UnauthenticatedError(KindredError):
    code = "UNAUTHENTICATED"


class ForbiddenError(KindredError):
    code = "FORBIDDEN"


class LimitReachedError(KindredError):
    """A list the caller keeps is already as long as it may be; nothing was written."""

    code = "LIMIT_REACHED"


class TooFewMembersError(KindredError):
    """Figures about so few members would point at people: shown to organisers only."""

    code = "TOO_FEW_MEMBERS"


class DatabaseUnavailableError(KindredError):
    """The graph database cannot be reached right now; retry later."""

    code = "DATABASE_UNAVAILABLE"

    def __init__(self, message: str = "database unavailable") -> None:
        super().__init__(message)


class StoreQueryError(KindredError):
    """The database refused a statement for a reason other than a constraint: a fault of ours,
    masked as an internal error (its message holds the database's text)."""


class ManagedByProviderError(KindredError):
    """The organisation's identity provider manages this member's name, e-mail and team."""

    code = "MANAGED_BY_PROVIDER"
