"""The outermost ASGI middleware of both services' request handling: a request id for every HTTP
request, bound for the whole request, echoed in the `X-Request-ID` response header (refusals and
errors too), and one access line when the answer has been sent."""

from __future__ import annotations

import time

import orjson
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.logs.paths import loggable_path
from graph_api.logs.request_id import HEADER, bind_request_id, new_request_id, sane_request_id

access_log = structlog.stdlib.get_logger("graph_api.access")
error_log = structlog.stdlib.get_logger("graph_api.errors")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = sane_request_id(_header(scope, HEADER.encode())) or new_request_id()
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [(k, v) for k, v in message.get("headers", ()) if bytes(k).lower() != HEADER.encode()]
                headers.append((HEADER.encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        with bind_request_id(request_id):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                if status:  # the answer has begun: the server closes the connection
                    raise
                error_log.exception("internal error", error_id=request_id)
                await _internal_error(request_id, send_with_id)
            finally:
                access_log.info(
                    "request",
                    method=scope.get("method", ""),
                    path=loggable_path(scope.get("path", "")),
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )


async def _internal_error(request_id: str, send: Send) -> None:
    body = orjson.dumps(
        {
            "errors": [
                {
                    "message": f"internal error (id {request_id}); it has been logged: try again",
                    "extensions": {"code": "INTERNAL_SERVER_ERROR", "errorId": request_id, "requestId": request_id},
                }
            ]
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
