"""Fixtures for webhooks: a real receiver on loopback that checks each delivery's signature and
can fail a counted number of times, the worker pointed at it, and a small community.

Time never passes by sleeping: the worker takes `now`, and "later" is a later moment passed in.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from graph_api.webhooks import signing
from graph_api.webhooks.worker import WebhookWorker
from tests import log_capture
from tests.conftest import JWT_SECRET
from tests.notifications.conftest import Community


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    path: str
    verified: bool
    answered: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the receiver saw, and how it answers: `fail_next` requests get `fail_status` (with
    `retry_after` as Retry-After when set), the others 204. Only requests signed with `secret`
    are accepted (401 otherwise)."""

    url: str
    secret: str = ""
    fail_next: int = 0
    fail_status: int = 503
    retry_after: str | None = None
    seen: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.secret, self.fail_next, self.fail_status, self.retry_after = "", 0, 503, None
            self.seen.clear()

    def answer(self, headers: dict[str, str], body: bytes, path: str) -> tuple[int, dict[str, str]]:
        with self.lock:
            log_capture.remember("webhook secret", self.secret)  # no log may hold it
            verified = bool(self.secret) and signing.verify(
                self.secret,
                headers.get(signing.TIMESTAMP_HEADER.lower(), ""),
                body,
                headers.get(signing.SIGNATURE_HEADER.lower(), ""),
            )
            extra: dict[str, str] = {}
            if not verified:
                status = 401
            elif self.fail_next > 0:
                self.fail_next -= 1
                status = self.fail_status
                if self.retry_after is not None:
                    extra["Retry-After"] = self.retry_after
            else:
                status = 204
            self.seen.append(Received(headers, body, path, verified, status))
            return status, extra

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.seen if r.answered == 204]


@pytest.fixture(scope="module")
def receiver_server() -> Iterator[Receiver]:
    """One receiver per test module, on loopback."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra = receiver.answer(headers, body, self.path)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def receiver(receiver_server: Receiver) -> Receiver:
    receiver_server.reset()
    return receiver_server


def hook_settings(**extra: Any) -> Settings:
    values: dict[str, Any] = {
        "KINDRED_JWT_SECRET": JWT_SECRET,
        "KINDRED_WEBHOOK_ALLOW_HTTP_LOOPBACK": True,
        "KINDRED_WEBHOOK_MAX_ATTEMPTS": 4,
        "KINDRED_WEBHOOK_TIMEOUT_SECONDS": 5,
    }
    values.update(extra)
    return Settings(**values)


@pytest.fixture
def worker(repository: GraphRepository) -> WebhookWorker:
    return WebhookWorker(repository.webhooks, hook_settings())


@pytest.fixture
async def community(repository: GraphRepository) -> AsyncIterator[Community]:
    yield Community(repository)


def first_proposal(set_id: str) -> str:
    """The id of a set's first grouping, as tests.notifications.conftest.Community.draft names them."""
    return set_id.replace("proposalset-", "proposal-") + "-00000"


async def deliveries(repository: GraphRepository) -> list[dict[str, Any]]:
    """Every delivery, oldest first."""
    rows = await repository.driver.read(
        "MATCH (d:WebhookDelivery) RETURN properties(d) AS node ORDER BY d.createdAt, d.endpointId, d.id"
    )
    return [row["node"] for row in rows]
