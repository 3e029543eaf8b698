"""Logging set up once per process: structlog for our own lines, the standard logging module's
records (uvicorn, the database clients, our older `logging.getLogger` users) rendered by the same
processors, so every line is one JSON object (or, for development, one readable console line).

Never in a line: local variables of a traceback (they may hold a password), and the URLs httpx
logs at INFO (a webhook's address may carry its owner's secret), so httpx and httpcore log from
WARNING up only.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Literal, TextIO

import orjson
import structlog
from structlog.typing import EventDict, Processor

LogFormat = Literal["json", "console"]
#: Loggers that would write a URL (with its query string) on every request they make or serve.
_QUIET = ("httpx", "httpcore", "hpack")
_HANDLER_MARK = "_kindred_log_handler"


#: The fields every line starts with, in this order; the event's own fields follow.
FIRST_FIELDS = ("time", "level", "service", "logger", "event", "request_id")


def _fields_first(_: Any, __: str, event_dict: EventDict) -> EventDict:
    event_dict.pop("color_message", None)  # uvicorn's copy of the message with terminal colours
    first = {key: event_dict.pop(key) for key in FIRST_FIELDS if key in event_dict}
    return {**first, **event_dict}


def _serialize(data: Any, **_: Any) -> str:
    return orjson.dumps(data, default=str).decode()


def _add_service(service: str) -> Processor:
    def add(_: Any, __: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", service)
        return event_dict

    return add


def _shared(service: str) -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
        _add_service(service),
    ]


def log_formatter(fmt: LogFormat = "json", *, service: str = "graph-api") -> logging.Formatter:
    """The formatter of every handler: a standard record or a structlog event becomes one line."""
    renderer: Processor
    if fmt == "console":
        renderer = structlog.dev.ConsoleRenderer(
            colors=False, timestamp_key="time", exception_formatter=structlog.dev.plain_traceback  # never locals
        )
        final: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta, _fields_first, renderer]
    else:
        renderer = structlog.processors.JSONRenderer(serializer=_serialize)
        final = [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,  # a plain traceback: no local variables
            _fields_first,
            renderer,
        ]
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_shared(service), structlog.stdlib.ExtraAdder()],
        processors=final,
    )


def configure_logging(
    level: str = "info",
    fmt: LogFormat = "json",
    *,
    service: str = "graph-api",
    stream: TextIO | None = None,
    handler: logging.Handler | None = None,
) -> None:
    """Route every log line of this process to one handler (standard error unless given)."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared(service),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    chosen = handler or logging.StreamHandler(stream or sys.stderr)
    chosen.setFormatter(log_formatter(fmt, service=service))
    setattr(chosen, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(chosen)
    root.setLevel(level.upper() if level.lower() != "trace" else "DEBUG")
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # Our own access line replaces uvicorn's, which carries the query string.
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Strawberry logs every GraphQL error, the caller's mistakes too, with messages that may quote
    # a variable's value; the unexpected ones are logged by our error extension, with their id.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)


def uvicorn_log_options() -> dict[str, Any]:
    """uvicorn.run / uvicorn.Config options that leave logging to configure_logging."""
    return {"log_config": None, "access_log": False}
