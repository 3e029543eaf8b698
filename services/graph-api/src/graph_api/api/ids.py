"""Ids in the API: Relay global ids, with the store's plain ids accepted too."""

from __future__ import annotations

from strawberry.relay import GlobalID

from graph_api.errors import BadInputError


def plain_id(value: str | GlobalID, type_name: str, *, field: str) -> str:
    """The store id behind a global id of `type_name`, or the value itself when it is a plain id."""
    if isinstance(value, GlobalID):
        global_id = value
    else:
        try:
            global_id = GlobalID.from_id(value)
        except Exception:  # noqa: BLE001 - not a global id: a plain store id
            return value
    if global_id.type_name != type_name:
        raise BadInputError(f"{field} is the id of a {global_id.type_name}, not of a {type_name}", field=field)
    return global_id.node_id
