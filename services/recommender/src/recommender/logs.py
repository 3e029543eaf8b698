"""Structured logs, as graph-api writes them (graph_api/logs: the same fields, the same request id
rule, kept in step by tests/test_structured_logs.py): one JSON object per line through structlog,
bridged to the standard logging module; a request id per HTTP request or batch run, bound in a
context variable, echoed in `X-Request-ID` and forwarded to graph-api with every call it makes,
so one id follows a run across both services; one access line per request, without its query."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal, TextIO

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.typing import EventDict, Processor

LogFormat = Literal["json", "console"]
HEADER = "x-request-id"
SERVICE = "recommender"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_QUIET = ("httpx", "httpcore", "hpack")
_LONG_SEGMENT = re.compile(r"[^/]{40,}")
_HANDLER_MARK = "_kindred_log_handler"

access_log = structlog.stdlib.get_logger("recommender.access")
error_log = structlog.stdlib.get_logger("recommender.errors")


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str | None:
    """`value` if it may be used as the request id, else None (the caller generates one)."""
    if value is not None and _SANE.fullmatch(value):
        return value
    return None


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return value if isinstance(value, str) else None


@contextlib.contextmanager
def bind_request_id(request_id: str) -> Iterator[str]:
    tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
    try:
        yield request_id
    finally:
        structlog.contextvars.reset_contextvars(**tokens)


def loggable_path(path: str) -> str:
    shown = _LONG_SEGMENT.sub("…", path)
    return shown if len(shown) <= 200 else shown[:200] + "…"


#: The fields every line starts with, in this order; the event's own fields follow.
FIRST_FIELDS = ("time", "level", "service", "logger", "event", "request_id")


def _fields_first(_: Any, __: str, event_dict: EventDict) -> EventDict:
    event_dict.pop("color_message", None)  # uvicorn's copy of the message with terminal colours
    first = {key: event_dict.pop(key) for key in FIRST_FIELDS if key in event_dict}
    return {**first, **event_dict}


def _serialize(data: Any, **_: Any) -> str:
    return json.dumps(data, default=str, separators=(",", ":"))


def _add_service(_: Any, __: str, event_dict: EventDict) -> EventDict:
    event_dict.setdefault("service", SERVICE)
    return event_dict


_SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
    _add_service,
]


def log_formatter(fmt: LogFormat = "json") -> logging.Formatter:
    final: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if fmt == "console":
        console = structlog.dev.ConsoleRenderer(
            colors=False, timestamp_key="time", exception_formatter=structlog.dev.plain_traceback  # never locals
        )
        final += [_fields_first, console]
    else:
        final += [structlog.processors.format_exc_info, _fields_first, structlog.processors.JSONRenderer(serializer=_serialize)]
    return structlog.stdlib.ProcessorFormatter(foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder()], processors=final)


def configure_logging(
    level: str = "info", fmt: LogFormat = "json", *, stream: TextIO | None = None, handler: logging.Handler | None = None
) -> None:
    """Route every log line of this process to one handler (standard error unless given)."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    chosen = handler or logging.StreamHandler(stream or sys.stderr)
    chosen.setFormatter(log_formatter(fmt))
    setattr(chosen, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(chosen)
    root.setLevel(level.upper() if level.lower() != "trace" else "DEBUG")
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Strawberry logs every GraphQL error, the caller's mistakes too, with messages that may quote
    # a variable's value; the unexpected ones are logged by our error extension, with their id.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)


def uvicorn_log_options() -> dict[str, Any]:
    return {"log_config": None, "access_log": False}


class RequestLog:
    """ASGI middleware: the request id (bound, echoed) and one access line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers", ())).get(HEADER.encode())
        request_id = sane_request_id(sent.decode("latin-1") if sent else None) or new_request_id()
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
                if status:
                    raise
                error_log.exception("internal error", error_id=request_id, service=SERVICE)
                await _internal_error(request_id, send_with_id)
            finally:
                access_log.info(
                    "request",
                    service=SERVICE,  # where one process runs both services' apps (the tests)
                    method=scope.get("method", ""),
                    path=loggable_path(scope.get("path", "")),
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )


async def _internal_error(request_id: str, send: Send) -> None:
    extensions = {"code": "INTERNAL_SERVER_ERROR", "errorId": request_id, "requestId": request_id}
    message = f"internal error (id {request_id}); it has been logged"
    body = json.dumps({"errors": [{"message": message, "extensions": extensions}]}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})
