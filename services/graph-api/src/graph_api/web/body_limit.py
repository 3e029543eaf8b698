"""Request bodies larger than the configured limit are refused with 413 before they are read in
full: at once from Content-Length, or as soon as a streamed (chunked) body passes the limit."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.settings import Settings
from graph_api.web.refusal import payload_too_large
from graph_api.web.scope import header, is_multipart

# Room for the multipart envelope around an upload: the operations and map fields, part headers.
MULTIPART_ALLOWANCE = 64 * 1024


class BodyTooLarge(Exception):
    """Raised from `receive` once the body passes the limit; the middleware answers 413."""


class BodyLimit:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.json_limit = settings.max_body_bytes
        self.upload_limit = settings.max_upload_bytes + MULTIPART_ALLOWANCE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The upload gate, further out, lets multipart through only with a valid credential.
        limit = self.upload_limit if is_multipart(scope) else self.json_limit
        declared = header(scope, "content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await payload_too_large(limit).response()(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await payload_too_large(limit).response()(scope, receive, send)
