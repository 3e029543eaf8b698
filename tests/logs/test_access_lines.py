"""One access line per request: method, path, status, duration and request id; never the query
string, never a path segment that is a secret."""

from __future__ import annotations

import uuid
import httpx
import pytest

from graph_api.logs.paths import loggable_path
from tests.conftest import LiveServer
from tests.logs.reading import access_line

SECRET = "s3cr3t-t0ken-that-must-never-be-logged"


async def test_an_access_line_has_the_method_path_status_duration_and_request_id(
    http: httpx.AsyncClient, live_server: LiveServer
) -> None:
    await http.get("/readyz", headers={"X-Request-ID": "access-1"})
    line = access_line(live_server, "access-1")
    assert {key: line[key] for key in ("method", "path", "status", "logger", "level")} == {
        "method": "GET", "path": "/readyz", "status": 200, "logger": "graph_api.access", "level": "info",
    }
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (f"/mail/unsubscribe?token={SECRET}", "/mail/unsubscribe"),
        (f"/events/event-1.ics?token={SECRET}", "/events/event-1.ics"),
        (f"/calendar/{SECRET}.ics", "/calendar/…"),
        (f"/graphql?query=%7B__typename%7D&variables=%7B%22password%22%3A%22{SECRET}%22%7D", "/graphql"),
    ],
)
async def test_the_access_line_has_no_query_string_or_secret_path(
    http: httpx.AsyncClient, live_server: LiveServer, path: str, shown: str
) -> None:
    request_id = f"secret-path-{uuid.uuid4().hex}"
    await http.get(path, headers={"X-Request-ID": request_id})
    line = access_line(live_server, request_id)
    assert line["path"] == shown
    assert not [text for text in live_server.log_lines() if SECRET in text]


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/calendar/abc.ics", "/calendar/…"),
        ("/mail/unsubscribe/abc", "/mail/unsubscribe/…"),
        ("/mail/unsubscribe", "/mail/unsubscribe"),
        ("/assets/" + "a" * 40 + ".js", "/assets/…"),
        ("/" + "x" * 300, "/…"),
        ("/graphql", "/graphql"),
    ],
)
def test_the_loggable_path_leaves_out_every_secret_part(path: str, shown: str) -> None:
    assert loggable_path(path) == shown
