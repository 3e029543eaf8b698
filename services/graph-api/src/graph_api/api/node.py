"""Relay's `node(id)`: any node by its global id."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graph_api.api.context import Info
from graph_api.api.permissions import SIGNED_IN
from graph_api.errors import BadInputError


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any node by its global id.", permission_classes=SIGNED_IN)
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        try:
            id.resolve_type(info)
        except Exception:  # noqa: BLE001 - an unknown type name in the id
            raise BadInputError(f"no node type is called {id.type_name!r}", field="id") from None
        return await id.resolve_node(info, required=False)
