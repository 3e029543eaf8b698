"""The store's tests on both engines: one local Neo4j for the whole session (besides the
embedded FalkorDB of tests/conftest.py), and a `driver` parametrised over the engines, so
every test here that takes `driver` or `repository` runs once on each (ids `falkordb`,
`neo4j`).

The local Neo4j needs java and the launcher jar (scripts/setup builds it). Without them the
Neo4j half is skipped with the reason, except in CI (CI set), where it fails: CI must run it.
The API tests (tests/api, ...) keep the FalkorDB-only `driver` of tests/conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from graph_api.store.driver import GraphDriver
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.neo4j_driver import Neo4jDriver
from graph_api.store.neo4j_local import LocalNeo4j, unavailable_reason
from tests.conftest import make_driver

ENGINES = ("falkordb", "neo4j")
#: Small enough for a 2-core CI machine next to the test process and FalkorDB.
NEO4J_HEAP = "384m"
NEO4J_PAGE_CACHE = "64m"


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """One local Neo4j for the whole test session, in a temporary folder."""
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the local Neo4j must run in CI: {reason}", pytrace=False)
        pytest.skip(f"local Neo4j unavailable: {reason}")
    server = LocalNeo4j(tmp_path_factory.mktemp("neo4j"), heap=NEO4J_HEAP, page_cache=NEO4J_PAGE_CACHE)
    server.start()
    yield server
    server.stop()


def make_neo4j_driver(server: LocalNeo4j) -> Neo4jDriver:
    return Neo4jDriver(server.url, user=server.user, password=server.password)


@pytest.fixture(scope="session")
async def _neo4j_schema_ready(neo4j_server: LocalNeo4j) -> None:
    driver = make_neo4j_driver(neo4j_server)
    try:
        await driver.setup_schema()
    finally:
        await driver.close()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Callable[[], GraphDriver]:
    """How to open a driver on the test graph of the engine of this run, its schema set up."""
    if request.param == "falkordb":
        falkordb: EmbeddedFalkorDB = request.getfixturevalue("falkordb_server")
        request.getfixturevalue("_schema_ready")
        falkordb.ensure_running()
        return lambda: make_driver(falkordb)
    neo4j: LocalNeo4j = request.getfixturevalue("neo4j_server")
    request.getfixturevalue("_neo4j_schema_ready")
    neo4j.ensure_running()
    return lambda: make_neo4j_driver(neo4j)


@pytest.fixture
async def driver(engine: Callable[[], GraphDriver]) -> AsyncIterator[GraphDriver]:
    """A driver on an emptied test graph (indexes and constraints kept), once per engine."""
    graph_driver = engine()
    await graph_driver.clear()
    yield graph_driver
    await graph_driver.close()
