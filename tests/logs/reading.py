"""Reading what a served app logged for one request."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.conftest import ServedApp


def lines_of(server: ServedApp, request_id: str, timeout: float = 5.0) -> list[dict[str, Any]]:
    """The server's lines for the request `request_id` (each must be JSON), once its access line,
    written after the answer has left, is there too."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in map(json.loads, server.log_lines()) if line.get("request_id") == request_id]
        if any(line["event"] == "request" for line in lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.01)


def access_line(server: ServedApp, request_id: str) -> dict[str, Any]:
    [line] = [line for line in lines_of(server, request_id) if line["event"] == "request"]
    return line
