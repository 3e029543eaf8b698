"""Every GraphQL error leaves with an `extensions.code`; unexpected ones are masked.

A masked error says only "internal error" and an error id; the log line with the
full traceback carries the same id, so an operator can find it. In production mode no
message keeps graphql-core's "Did you mean ...?" hints, which would spell out the schema
to a caller who may not introspect it.
"""

from __future__ import annotations

import logging
import re
import uuid

from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension

from graph_api.errors import KindredError
from graph_api.logs.request_id import current_request_id

log = logging.getLogger("graph_api.errors")

# Messages graphql-core and Strawberry's limiters give to queries refused before execution.
_LIMIT_MARKERS = (
    "exceeds maximum operation depth",
    "exceeds maximum introspection depth",
    "Maximum introspection depth exceeded",
    "aliases found",
    "tokens. Parsing aborted",
    "nested too deeply",
    "levels deep",
    "exceeds the cost limit",
    "Validation aborted",
)
# graphql-core's terse refusals, said in plain words.
_PLAIN_MESSAGES = {
    "Validation aborted.": "this query is too complex to check: it repeats or merges too many fields (validation aborted)",
}
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def without_suggestions(message: str) -> str:
    return _SUGGESTION.sub("", message)


def _code_for_unwrapped(error: GraphQLError) -> str:
    message = error.message
    if any(marker in message for marker in _LIMIT_MARKERS):
        return "QUERY_TOO_LARGE"
    if error.path is None:
        return "GRAPHQL_VALIDATION_FAILED"
    return "BAD_USER_INPUT"


class KindredErrors(SchemaExtension):
    """Rewrites the errors of every result through Strawberry's public `on_operation` hook.

    Usage: ``strawberry.Schema(..., extensions=[KindredErrors])`` (last, so it sees every error).
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [self._present(error) for error in result.errors]

    def _present(self, error: GraphQLError) -> GraphQLError:
        presented = self._present_with_hints(error)
        if not self._production():
            return presented
        return self._with(presented, without_suggestions(presented.message), dict(presented.extensions or {}))

    def _production(self) -> bool:
        context = getattr(getattr(self, "execution_context", None), "context", None)
        return bool(getattr(getattr(context, "settings", None), "production", False))

    def _present_with_hints(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        extensions = dict(error.extensions or {})
        if isinstance(original, KindredError) and original.code != "INTERNAL_SERVER_ERROR":
            extensions["code"] = original.code
            if original.field:
                extensions["field"] = original.field
            return self._with(error, original.message, extensions)
        if original is None:
            extensions.setdefault("code", _code_for_unwrapped(error))
            return self._with(error, _PLAIN_MESSAGES.get(error.message, error.message), extensions)
        if isinstance(original, GraphQLError) and original.original_error is None:
            # Coercion errors (a bad enum or scalar value) arrive wrapped once.
            extensions.setdefault("code", "BAD_USER_INPUT")
            return self._with(error, error.message, extensions)
        error_id = uuid.uuid4().hex[:16]
        log.error("internal error %s at %s", error_id, error.path, exc_info=original)
        return self._with(
            error,
            f"internal error (id {error_id}); it has been logged",
            {"code": "INTERNAL_SERVER_ERROR", "errorId": error_id},
        )

    @staticmethod
    def _with(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
        if request_id := current_request_id():
            extensions = {**extensions, "requestId": request_id}  # the log lines of the request carry it too
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )
