"""Relay cursor connections: edges, node, cursor, pageInfo, totalCount."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.relay import PageInfo

from graph_api.errors import BadInputError

PAGE_MAX = 100
PAGE_DEFAULT = 20
NodeType = TypeVar("NodeType")


@strawberry.type(description="One node of a connection with its cursor.")
class Edge(Generic[NodeType]):
    node: NodeType
    cursor: str


@strawberry.type(description="A page of a list, with cursors to walk the rest.")
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]]
    page_info: PageInfo
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many nodes the whole list holds (all pages).")
    async def total_count(self) -> int:
        return await self.count_total()


def check_first(first: int, maximum: int = PAGE_MAX) -> int:
    if not 1 <= first <= maximum:
        raise BadInputError(f"first must be from 1 to {maximum}, not {first}", field="first")
    return first


def encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadInputError("that cursor is not one this API gave out", field="after") from None


def decode_key_cursor(after: str | None) -> tuple[str, str] | None:
    """The (sort key, id) pair of a list ordered by a text key then id; None on the first page."""
    if after is None:
        return None
    cursor = decode_cursor(after)
    if not (isinstance(cursor, list) and len(cursor) == 2 and all(isinstance(v, str) for v in cursor)):
        raise BadInputError("that cursor does not belong to this list", field="after")
    return cursor[0], cursor[1]
