"""Security headers on every response: the app's Content-Security-Policy (unless the response
carries its own, as GraphiQL's page does), nosniff, no referrer, no framing, no powerful browser
features, and HSTS when the public address is https."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.settings import Settings
from graph_api.web.content_policy import app_policy

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=63072000; includeSubDomains"


def security_headers(settings: Settings) -> dict[str, str]:
    headers = {
        "content-security-policy": app_policy(settings),
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "permissions-policy": PERMISSIONS_POLICY,
        "cross-origin-opener-policy": "same-origin",
    }
    if settings.public_url.lower().startswith("https://"):
        headers["strict-transport-security"] = HSTS
    return headers


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.headers = [(name.encode(), value.encode()) for name, value in security_headers(settings).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", ()))
                present = {bytes(name).lower() for name, _ in raw}
                raw.extend((name, value) for name, value in self.headers if name not in present)
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)
