"""The graph store: one repository over one of two adapters, chosen by GRAPH_URL.

- unset: the embedded FalkorDB server, started and stopped by this process;
- ``falkordb://host:port``: an existing FalkorDB server;
- ``neo4j://`` or ``bolt://``: Neo4j through the official async driver.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

from graph_api.settings import Settings
from graph_api.store.driver import GraphDriver
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.neo4j_driver import Neo4jDriver
from graph_api.store.repository import GraphRepository

__all__ = ["GraphStore", "open_store"]


@dataclass
class GraphStore:
    driver: GraphDriver
    repository: GraphRepository
    embedded: EmbeddedFalkorDB | None = None

    async def close(self) -> None:
        await self.driver.close()
        if self.embedded is not None:
            await asyncio.to_thread(self.embedded.stop)


def _secret(settings: Settings) -> str | None:
    return settings.graph_password.get_secret_value() if settings.graph_password else None


async def open_store(settings: Settings, *, setup_schema: bool = True) -> GraphStore:
    """Connect (starting the embedded server when GRAPH_URL is unset) and set up the schema."""
    embedded: EmbeddedFalkorDB | None = None
    driver: GraphDriver
    if settings.store_kind == "embedded":
        embedded = EmbeddedFalkorDB(settings.data_dir)
        await asyncio.to_thread(embedded.start)
        driver = FalkorDBDriver(
            embedded.host,
            embedded.port,
            password=embedded.password,
            graph_name=settings.graph_name,
            pool_size=settings.graph_pool_size,
            timeout=settings.graph_timeout_seconds,
            on_unavailable=embedded.ensure_running,
        )
    elif settings.store_kind == "falkordb":
        url = urlsplit(settings.graph_url or "")
        driver = FalkorDBDriver(
            url.hostname or "127.0.0.1",
            url.port or 6379,
            password=url.password or _secret(settings),
            graph_name=settings.graph_name,
            pool_size=settings.graph_pool_size,
            timeout=settings.graph_timeout_seconds,
        )
    else:
        driver = Neo4jDriver(
            settings.graph_url or "",
            user=settings.graph_user,
            password=_secret(settings),
            pool_size=settings.graph_pool_size,
            timeout=settings.graph_timeout_seconds,
        )
    store = GraphStore(driver=driver, repository=GraphRepository(driver), embedded=embedded)
    try:
        if setup_schema:
            await driver.setup_schema()
    except BaseException:
        await store.close()
        raise
    return store
