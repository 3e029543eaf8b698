"""Who may call what, checked before a field resolves.

List `IsSignedIn` first wherever another check follows: Strawberry stops at the first
refusal, so an anonymous caller hears UNAUTHENTICATED rather than FORBIDDEN.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from graph_api.api.context import Info


class IsSignedIn(BasePermission):
    message = "sign in first: this needs a member session or an API token"
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.viewer is None and info.context.auth_error is not None:
            raise info.context.auth_error  # say why the token was refused (expired, signed out, ...)
        return info.context.viewer is not None


class IsMember(BasePermission):
    """A signed-in member acting for themselves (not an API token)."""

    message = "only a signed-in member can do this, not an API token"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and viewer.member_id is not None


class IsOrganiser(BasePermission):
    message = "only an organiser can do this"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and viewer.is_organiser


class CanRead(BasePermission):
    message = "this API token lacks the read scope"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and viewer.can("read")


class CanWrite(BasePermission):
    message = "this API token lacks the write scope"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and viewer.can("write")


class IsOrganiserOrReader(BasePermission):
    """Organisers, or integrators (such as the recommender) whose token has the read scope."""

    message = "only organisers and API tokens with the read scope can do this"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and (viewer.is_organiser or (viewer.is_integrator and viewer.can("read")))


class IsOrganiserOrWriter(BasePermission):
    """Organisers, or integrators (such as the recommender) whose token has the write scope."""

    message = "only organisers and API tokens with the write scope can do this"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and (viewer.is_organiser or (viewer.is_integrator and viewer.can("write")))


SIGNED_IN = [IsSignedIn, CanRead]
MEMBER = [IsSignedIn, IsMember]
ORGANISER = [IsSignedIn, IsOrganiser]
WRITER = [IsSignedIn, CanWrite]
ORGANISER_OR_READER = [IsSignedIn, IsOrganiserOrReader]
ORGANISER_OR_WRITER = [IsSignedIn, IsOrganiserOrWriter]
