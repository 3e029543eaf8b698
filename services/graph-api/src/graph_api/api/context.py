"""What every resolver receives: the repository and the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from graph_api.store.repository import GraphRepository


@dataclass
class Context:
    request: Request
    response: Any
    repository: GraphRepository


Info = StrawberryInfo[Context, None]
