"""The graph store: one repository over one of two adapters, chosen by GRAPH_URL.

- unset: a server started, supervised and stopped by this process: the embedded FalkorDB
  (the default), or the local Neo4j with KINDRED_DATABASE=neo4j (data in KINDRED_DATA_DIR/neo4j);
- ``falkordb://host:port``: an existing FalkorDB server;
- ``neo4j://`` or ``bolt://``: Neo4j through the official async driver.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from graph_api.errors import DatabaseUnavailableError
from graph_api.settings import Settings
from graph_api.store.driver import GraphDriver
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.local_server import LocalServer
from graph_api.store.neo4j_driver import Neo4jDriver
from graph_api.store.neo4j_local import LocalNeo4j
from graph_api.store.repository import GraphRepository

__all__ = ["GraphStore", "open_store"]


@dataclass
class GraphStore:
    driver: GraphDriver
    repository: GraphRepository
    #: The database server this process runs itself (GRAPH_URL unset), if any.
    embedded: LocalServer | None = None
    #: The thread that restarts the local Neo4j when it dies, and how to end it.
    supervisor: threading.Thread | None = field(default=None, repr=False)
    stop_supervising: threading.Event = field(default_factory=threading.Event, repr=False)

    async def close(self) -> None:
        self.stop_supervising.set()
        await self.driver.close()
        if self.supervisor is not None:
            await asyncio.to_thread(self.supervisor.join)  # a restart under way ends first
        if self.embedded is not None:
            await asyncio.to_thread(self.embedded.stop)


def _secret(settings: Settings) -> str | None:
    return settings.graph_password.get_secret_value() if settings.graph_password else None


async def open_store(settings: Settings, *, setup_schema: bool = True) -> GraphStore:
    """Connect (starting the local server when GRAPH_URL is unset) and set up the schema."""
    embedded: LocalServer | None = None
    supervise = False
    driver: GraphDriver
    if settings.store_kind == "embedded":
        falkordb = EmbeddedFalkorDB(settings.data_dir)
        await asyncio.to_thread(falkordb.start)
        embedded = falkordb
        driver = FalkorDBDriver(
            falkordb.host,
            falkordb.port,
            password=falkordb.password,
            graph_name=settings.graph_name,
            pool_size=settings.graph_pool_size,
            timeout=settings.graph_timeout_seconds,
            on_unavailable=falkordb.ensure_running,
        )
    elif settings.store_kind == "local-neo4j":
        local = LocalNeo4j(settings.neo4j_data_dir, heap=settings.neo4j_heap, page_cache=settings.neo4j_page_cache)
        await asyncio.to_thread(local.start)
        embedded = local
        # Neo4j's driver reconnects by itself (its managed transactions retry while the server is
        # away); a thread restarts the server if it dies.
        supervise = True
        driver = Neo4jDriver(
            local.url,
            user=local.user,
            password=local.password,
            pool_size=settings.graph_pool_size,
            timeout=settings.graph_timeout_seconds,
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
    if supervise and embedded is not None:
        store.supervisor = threading.Thread(
            target=embedded.supervise, args=(store.stop_supervising,), name="kindred-database-supervisor", daemon=True
        )
        store.supervisor.start()
    try:
        if setup_schema:
            await _when_available(driver.setup_schema, within=settings.graph_timeout_seconds)
            await store.repository.scim.set_aside_passions_of_the_away()
    except BaseException:
        await store.close()
        raise
    return store


async def _when_available(step: Callable[[], Awaitable[None]], *, within: float) -> None:
    """Run `step`, retrying while the database is unavailable (restarting, or still starting up,
    as when a worker process starts while its database is being restarted) for `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        try:
            await step()
            return
        except DatabaseUnavailableError:
            if time.monotonic() >= deadline:
                raise
            await asyncio.sleep(0.5)
