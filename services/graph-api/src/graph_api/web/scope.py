"""Reading a request's headers straight from its ASGI scope, before any body is read."""

from __future__ import annotations

from starlette.types import Scope


def header(scope: Scope, name: str) -> str | None:
    wanted = name.lower().encode("latin-1")
    for key, value in scope.get("headers", ()):
        if key.lower() == wanted:
            return bytes(value).decode("latin-1")
    return None


def media_type(scope: Scope) -> str:
    """The Content-Type without its parameters, lowercased ("" when absent)."""
    return (header(scope, "content-type") or "").split(";", 1)[0].strip().lower()


def is_multipart(scope: Scope) -> bool:
    return media_type(scope) == "multipart/form-data"
