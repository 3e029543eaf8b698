"""Structured logs: one JSON object per line (structlog, bridged to the standard logging module so
library loggers come out the same way), a request id per HTTP request (from a sane `X-Request-ID`
or generated) bound in a context variable and so in every line written while the request is
handled, and one access line per request that never carries a query string or a secret path."""

from graph_api.logs.access import RequestLog
from graph_api.logs.request_id import bind_request_id, current_request_id, new_request_id, sane_request_id
from graph_api.logs.setup import configure_logging, log_formatter, uvicorn_log_options

__all__ = [
    "RequestLog",
    "bind_request_id",
    "configure_logging",
    "current_request_id",
    "log_formatter",
    "new_request_id",
    "sane_request_id",
    "uvicorn_log_options",
]
