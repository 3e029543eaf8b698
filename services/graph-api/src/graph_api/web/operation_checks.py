"""What a GraphQL request must look like before it may run: one JSON object with a `query`
string, plain JSON nested at most MAX_JSON_DEPTH deep, and no NUL character in any string."""

from __future__ import annotations

from typing import Any

import orjson

from graph_api.web.refusal import Refusal, batching_not_supported

# Far deeper than any input of the schema needs; far shallower than any recursion limit.
MAX_JSON_DEPTH = 32
_NUL = "\x00"


def _nul() -> Refusal:
    return Refusal(400, "BAD_USER_INPUT", "text may not contain the NUL character (U+0000)")


def _too_deep() -> Refusal:
    return Refusal(400, "JSON_TOO_DEEP", f"the request's JSON is nested more than {MAX_JSON_DEPTH} levels deep")


def _bad(message: str) -> Refusal:
    return Refusal(400, "BAD_REQUEST", message)


def decode_body(body: bytes) -> Any:
    """The JSON value of a request body, or a Refusal saying why it has none."""
    if not body.strip():
        raise _bad("the request body is empty: send a JSON object with a `query` string")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "INVALID_ENCODING", "the request body is not valid UTF-8 text") from None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        if "depth limit" in str(error) or "recursion" in str(error).lower():
            raise _too_deep() from None
        raise Refusal(400, "INVALID_JSON", "the request body is not valid JSON") from None


def check_request(data: Any) -> None:
    """Refuse anything but a single operation object (a JSON array would be a batch)."""
    if isinstance(data, list):
        raise batching_not_supported()
    if not isinstance(data, dict):
        raise _bad("the request body must be a JSON object with a `query` string")
    check_operation(data.get("query"), data.get("variables"), data.get("operationName"), data.get("extensions"))


def check_operation(query: Any, variables: Any, operation_name: Any, extensions: Any) -> None:
    if not isinstance(query, str) or not query.strip():
        raise _bad("the request has no `query`: send the GraphQL document as a string")
    if variables is not None and not isinstance(variables, dict):
        raise _bad("`variables` must be a JSON object")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _bad("`operationName` must be a string")
    if extensions is not None and not isinstance(extensions, dict):
        raise _bad("`extensions` must be a JSON object")
    _check_values([query, variables, operation_name, extensions])


def _check_values(root: list[Any]) -> None:
    # Iterative, so no input can exhaust the interpreter's stack.
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _NUL in value:
                raise _nul()
        elif isinstance(value, dict):
            if depth > MAX_JSON_DEPTH:
                raise _too_deep()
            for key, item in value.items():
                if isinstance(key, str) and _NUL in key:
                    raise _nul()
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            if depth > MAX_JSON_DEPTH:
                raise _too_deep()
            stack.extend((item, depth + 1) for item in value)
