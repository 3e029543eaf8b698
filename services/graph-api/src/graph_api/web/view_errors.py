"""Strawberry's own HTTP refusals (a plain-text body) turned into GraphQL-shaped JSON errors."""

from __future__ import annotations

from cross_web import HTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from strawberry.schema.exceptions import InvalidOperationTypeError

from graph_api.web.refusal import Refusal, method_not_allowed


def refusal_for(error: HTTPException | StarletteHTTPException) -> Refusal:
    if isinstance(error, StarletteHTTPException):  # the multipart parser's limits and syntax errors
        return Refusal(400, "BAD_REQUEST", f"the multipart body could not be read: {error.detail}")
    if isinstance(error.__cause__, InvalidOperationTypeError):
        return Refusal(405, "METHOD_NOT_ALLOWED", f"{error.reason}: send it with POST", {"allow": "POST"})
    if error.status_code == 404:
        return Refusal(404, "NOT_FOUND", "there is no GraphQL IDE here: send queries to this address with POST")
    if error.status_code == 405:
        return method_not_allowed()
    return Refusal(400, "BAD_REQUEST", error.reason)
