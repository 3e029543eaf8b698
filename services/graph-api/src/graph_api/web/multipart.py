"""The GraphQL operation of a multipart upload (the GraphQL multipart request spec): its
`operations` and `map` fields checked for shape, then the files put in place of their variables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from strawberry.file_uploads.utils import replace_placeholders_with_files

from graph_api.web.refusal import Refusal, batching_not_supported

JsonDecoder = Callable[[str | bytes], object]


def _bad(message: str) -> Refusal:
    return Refusal(400, "BAD_REQUEST", message)


def _json_field(fields: Mapping[str, Any], name: str, decode: JsonDecoder) -> object:
    value = fields.get(name)
    if not isinstance(value, (str, bytes)):
        raise _bad(f"the multipart body needs a `{name}` text field holding JSON")
    return decode(value)


def operation_of(fields: Mapping[str, Any], files: Mapping[str, Any], decode: JsonDecoder) -> dict[str, Any]:
    operations = _json_field(fields, "operations", decode)
    files_map = _json_field(fields, "map", decode)
    if isinstance(operations, list):
        raise batching_not_supported()
    if not isinstance(operations, dict):
        raise _bad("the `operations` field must be a JSON object with a `query` string")
    if not isinstance(files_map, dict) or not all(
        isinstance(paths, list) and all(isinstance(path, str) for path in paths) for paths in files_map.values()
    ):
        raise _bad("the `map` field must name, for each file, a list of variable paths")
    try:
        return replace_placeholders_with_files(operations, files_map, files)
    except (KeyError, IndexError, TypeError, ValueError):
        raise _bad("the `map` field names a file or a variable that the request does not have") from None
