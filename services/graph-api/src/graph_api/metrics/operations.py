"""Counts and times every GraphQL operation through Strawberry's public `on_operation` hook.

Operation names come from clients, so the label is bounded: a name must look like a GraphQL
name of at most 64 characters, and only the first `MAX_NAMES` distinct names (per process) get a
label of their own; later ones, and malformed ones, are "other". An operation without a name is
"anonymous".
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from graph_api.metrics.families import GRAPHQL_OPERATIONS, GRAPHQL_SECONDS

MAX_NAMES = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
#: GraphQL error codes are UPPER_SNAKE words; anything else (a code a client cannot set, but
#: still) is bounded the same way.
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")


class OperationNames:
    """The bounded set of operation labels of this process."""

    def __init__(self, limit: int = MAX_NAMES) -> None:
        self._limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if not _NAME.fullmatch(name):
            return "other"
        with self._lock:
            if name in self._seen:
                return name
            if len(self._seen) >= self._limit:
                return "other"
            self._seen.add(name)
            return name


NAMES = OperationNames()


def outcome_of(errors: list[object] | None) -> str:
    """"ok", or the first error's extensions.code (KindredErrors has given every error one)."""
    if not errors:
        return "ok"
    code = (getattr(errors[0], "extensions", None) or {}).get("code")
    return code if isinstance(code, str) and _CODE.fullmatch(code) else "other"


class OperationMetrics(SchemaExtension):
    """First in the schema's extensions, so it times the whole operation and sees the errors
    as KindredErrors (last) presents them."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        try:
            name = context.operation_name
        except Exception:  # noqa: BLE001 - a document that did not parse has no name to read
            name = None
        label = NAMES.label(name)
        result = context.result
        errors = list(result.errors or []) if result is not None else []
        if not errors and context.pre_execution_errors:
            errors = list(context.pre_execution_errors)
        GRAPHQL_OPERATIONS.labels(label, outcome_of(errors)).inc()
        GRAPHQL_SECONDS.labels(label).observe(time.perf_counter() - started)
