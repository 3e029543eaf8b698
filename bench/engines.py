"""The database a benchmark runs on (``--engine falkordb|neo4j``), each in a folder of its own:

* falkordb: the embedded FalkorDB (store/embedded.py), configured as the product runs it;
* neo4j: a local Neo4j 5.26 Community (store/neo4j_local.py, tools/neo4j-local), with the
  heap and page cache below: room for a 100,000-member community (about 1,000,000 bonds,
  some 1 GB of store files) on the 24 GiB development machine.

Neo4j Community holds one user database: a graph name means nothing there, and a fresh graph
is a fresh server (``fresh_neo4j``).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from graph_api.store.driver import GraphDriver
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.local_server import LocalServer
from graph_api.store.neo4j_driver import Neo4jDriver
from graph_api.store.neo4j_local import LocalNeo4j

Engine = Literal["falkordb", "neo4j"]
ENGINES: tuple[Engine, ...] = ("falkordb", "neo4j")
NEO4J_HEAP = "4g"
NEO4J_PAGE_CACHE = "2g"


def add_engine_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine", choices=ENGINES, default="falkordb", help="the database to run on (default falkordb)"
    )


def new_server(engine: Engine, folder: Path) -> LocalServer:
    """The engine's server over `folder` (not started)."""
    if engine == "neo4j":
        return LocalNeo4j(folder, heap=NEO4J_HEAP, page_cache=NEO4J_PAGE_CACHE)
    return EmbeddedFalkorDB(folder)


def make_driver(server: LocalServer, graph: str, *, pool_size: int = 16, timeout: float = 600) -> GraphDriver:
    """The project's driver on `graph` of `server` (the graph name is FalkorDB's only)."""
    if isinstance(server, LocalNeo4j):
        return Neo4jDriver(server.url, user=server.user, password=server.password, pool_size=pool_size, timeout=timeout)
    assert isinstance(server, EmbeddedFalkorDB)
    return FalkorDBDriver(
        server.host, server.port, password=server.password, graph_name=graph, pool_size=pool_size, timeout=timeout
    )


def api_environment(server: LocalServer, graph: str) -> dict[str, str]:
    """What `python -m graph_api serve` needs to reach the benchmark's graph."""
    if isinstance(server, LocalNeo4j):
        return {"GRAPH_URL": server.url, "GRAPH_USER": server.user, "GRAPH_PASSWORD": server.password}
    assert isinstance(server, EmbeddedFalkorDB)
    return {"GRAPH_URL": f"falkordb://{server.host}:{server.port}", "GRAPH_PASSWORD": server.password, "GRAPH_NAME": graph}


@contextlib.contextmanager
def running(engine: Engine, folder: Path) -> Iterator[LocalServer]:
    """The engine's server, started over `folder`, stopped on leaving."""
    server = new_server(engine, folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def describe(server: LocalServer) -> str:
    if isinstance(server, LocalNeo4j):
        return f"local Neo4j at {server.url} (heap {NEO4J_HEAP}, page cache {NEO4J_PAGE_CACHE}), data in {server.data_dir}"
    return f"embedded FalkorDB on {server.host}:{server.port}, data in {server.data_dir} (appendfsync always)"
