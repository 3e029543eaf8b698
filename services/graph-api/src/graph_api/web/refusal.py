"""A request refused at the HTTP edge, answered as a GraphQL-shaped JSON error."""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

from graph_api.logs.request_id import current_request_id


class Refusal(Exception):
    """Raised (or answered directly) when a request is refused before any GraphQL runs."""

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def response(self) -> Response:
        extensions = {"code": self.code}
        if request_id := current_request_id():
            extensions["requestId"] = request_id
        body = orjson.dumps({"errors": [{"message": self.message, "extensions": extensions}]})
        return Response(body, status_code=self.status, media_type="application/json", headers=self.headers)


def payload_too_large(limit: int) -> Refusal:
    return Refusal(413, "PAYLOAD_TOO_LARGE", f"the request body is larger than the limit of {limit:,} bytes")


def database_unavailable() -> Refusal:
    return Refusal(
        503, "DATABASE_UNAVAILABLE", "the database is unavailable right now: try again shortly", {"retry-after": "5"}
    )


def internal_error(error_id: str) -> Refusal:
    return Refusal(500, "INTERNAL_SERVER_ERROR", f"internal error (id {error_id}); it has been logged: try again")


def batching_not_supported() -> Refusal:
    return Refusal(400, "BATCHING_NOT_SUPPORTED", "send one operation per request: batches are not supported")


def method_not_allowed() -> Refusal:
    message = "send GraphQL requests with POST (or queries with GET)"
    return Refusal(405, "METHOD_NOT_ALLOWED", message, {"allow": "GET, POST"})
