"""GraphQL requests checked at the door: the method, the content type, and (for JSON) a body that
is UTF-8, valid JSON, one operation, not too deep and free of NUL characters. Anything else is
refused with a specific code before Strawberry parses or runs it. Uploads and GET requests are
checked by the GraphQL view, which parses them."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.web.operation_checks import check_request, decode_body
from graph_api.web.refusal import Refusal, method_not_allowed
from graph_api.web.scope import is_multipart, media_type

GRAPHQL_PATH = "/graphql"


class RequestChecks:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != GRAPHQL_PATH:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET" or (scope["method"] == "POST" and is_multipart(scope)):
            await self.app(scope, receive, send)
            return
        try:
            _check_head(scope)
            body = await _read_body(receive)
            if body is None:
                return  # the client went away
            check_request(decode_body(body))
        except Refusal as refusal:
            await refusal.response()(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _check_head(scope: Scope) -> None:
    if scope["method"] != "POST":
        raise method_not_allowed()
    if media_type(scope) != "application/json":
        raise Refusal(
            415, "UNSUPPORTED_MEDIA_TYPE", "send the request as application/json (or multipart/form-data for an upload)"
        )


async def _read_body(receive: Receive) -> bytes | None:
    # Bounded: the body limit, further out, stops the stream past max_body_bytes.
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
