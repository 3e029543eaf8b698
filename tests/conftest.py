"""Shared fixtures: the real databases of both engines (one embedded FalkorDB and one local
Neo4j 5.26 per test session), a fresh graph per test, and graph-api served by a real uvicorn
on loopback.

Every test that touches the database (through `database`, `driver`, `repository`, `http` or
`live_server`) runs once per engine, with ids `falkordb` and `neo4j`: `database` is a
session-scoped fixture parametrised over ENGINES, so pytest runs all the FalkorDB tests, then
all the Neo4j ones, each engine's served graph-api started once. A folder narrows it with its
own `database` fixture (tests/frontend runs its main flow on both engines, the rest on FalkorDB).

The local Neo4j needs java and the launcher jar (scripts/setup builds it). Without them the
Neo4j half is skipped with the reason, except in CI (CI set), where it fails: CI must run it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Self

import httpx
import pytest
import uvicorn

from graph_api.app import create_app
from graph_api.logs import uvicorn_log_options
from graph_api.settings import Settings
from graph_api.store.driver import GraphDriver
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.neo4j_driver import Neo4jDriver
from graph_api.store.neo4j_local import LocalNeo4j, unavailable_reason
from tests import log_capture
from tests.log_capture import pytest_configure, pytest_sessionfinish  # noqa: F401 (its hooks: logs kept and checked)
from tests.seeding import SeedingRepository

TEST_GRAPH = "kindred_test"
ENGINES = ("falkordb", "neo4j")
JWT_SECRET = "test-secret-that-is-long-enough-for-hs256"
log_capture.remember("signing key", JWT_SECRET)
#: graph-api's password cost by default (Settings), for the tests where the cost matters.
DEFAULT_PASSWORD_COST: dict[str, Any] = {
    str(spec.alias): spec.default for name, spec in Settings.model_fields.items() if name.startswith("password_hash_")
}
#: argon2 at its lowest cost in every Settings the tests make, here and in the processes they
#: start: the suite signs in thousands of times (at the default cost, about 0.2 s each), and no
#: behaviour it checks depends on the cost except where a test hashes at DEFAULT_PASSWORD_COST.
os.environ.update(
    {"KINDRED_PASSWORD_HASH_MEMORY_KIB": "8", "KINDRED_PASSWORD_HASH_PASSES": "1", "KINDRED_PASSWORD_HASH_LANES": "1"}
)
#: Small enough for a 2-core CI machine next to the test process and FalkorDB.
NEO4J_HEAP = "512m"
NEO4J_PAGE_CACHE = "128m"


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    server = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb"))
    server.start()
    log_capture.remember("database password", server.password)
    yield server
    server.stop()


def make_driver(server: EmbeddedFalkorDB, graph: str = TEST_GRAPH) -> FalkorDBDriver:
    return FalkorDBDriver(server.host, server.port, password=server.password, graph_name=graph)


@pytest.fixture(scope="session")
async def _schema_ready(falkordb_server: EmbeddedFalkorDB) -> None:
    driver = make_driver(falkordb_server)
    await driver.setup_schema()
    await driver.close()


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
    log_capture.remember("database password", server.password)
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


@dataclass(frozen=True)
class TestDatabase:
    """One engine's test database: a driver on it, graph-api's settings and a command's
    environment for it, and how to bring it back if a test killed it."""

    __test__ = False  # not a test class, despite its name

    engine: str
    graph_url: str
    password: str
    open_driver: Callable[[], GraphDriver] = field(repr=False)
    ensure_running: Callable[[], None] = field(repr=False)

    def driver(self) -> GraphDriver:
        return self.open_driver()

    def environment(self) -> dict[str, str]:
        """GRAPH_* variables that point a graph-api command at this database."""
        return {"GRAPH_URL": self.graph_url, "GRAPH_PASSWORD": self.password, "GRAPH_NAME": TEST_GRAPH}

    def settings(self, **extra: Any) -> Settings:
        """graph-api's settings for serving the test graph (no demo data, a fixed signing key)."""
        return Settings(
            GRAPH_URL=self.graph_url,
            GRAPH_PASSWORD=self.password,
            GRAPH_NAME=TEST_GRAPH,
            KINDRED_SEED_MEMBERS=0,
            KINDRED_JWT_SECRET=JWT_SECRET,
            **extra,
        )


@pytest.fixture(scope="session")
def falkordb_database(falkordb_server: EmbeddedFalkorDB, _schema_ready: None) -> TestDatabase:
    return TestDatabase(
        engine="falkordb",
        graph_url=f"falkordb://{falkordb_server.host}:{falkordb_server.port}",
        password=falkordb_server.password,
        open_driver=lambda: make_driver(falkordb_server),
        ensure_running=falkordb_server.ensure_running,
    )


@pytest.fixture(scope="session")
def neo4j_database(neo4j_server: LocalNeo4j, _neo4j_schema_ready: None) -> TestDatabase:
    return TestDatabase(
        engine="neo4j",
        graph_url=neo4j_server.url,
        password=neo4j_server.password,
        open_driver=lambda: make_neo4j_driver(neo4j_server),
        ensure_running=neo4j_server.ensure_running,
    )


@pytest.fixture(scope="session", params=ENGINES)
def database(request: pytest.FixtureRequest) -> TestDatabase:
    """The test database of this run's engine, its schema set up."""
    return request.getfixturevalue(f"{request.param}_database")


@pytest.fixture
async def driver(database: TestDatabase) -> AsyncIterator[GraphDriver]:
    """A driver on an emptied test graph (indexes and constraints kept), once per engine."""
    database.ensure_running()
    graph_driver = database.driver()
    await graph_driver.clear()
    yield graph_driver
    await graph_driver.close()


@pytest.fixture
def repository(driver: GraphDriver) -> SeedingRepository:
    """The store over the test graph, with the test-only seeding writes (tests/seeding.py)."""
    return SeedingRepository(driver)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServedApp:
    """An ASGI app under a real uvicorn, in a thread of the test process, on loopback; what it
    logs goes to its own file, `log_file` (tests/log_capture.py)."""

    def __init__(self, app: Any, name: str = "the app", port: int | None = None) -> None:
        self.app = app
        self.name = name
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", **uvicorn_log_options()
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self.log_file, self._log_handler = log_capture.server_log(f"{name}-{self.port}", self._thread)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"{self.name} did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        logging.getLogger().removeHandler(self._log_handler)
        self._log_handler.close()

    def log_lines(self) -> list[str]:
        """What the server has logged so far, line by line."""
        self._log_handler.flush()
        return self.log_file.read_text(encoding="utf-8").splitlines()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class LiveServer(ServedApp):
    """graph-api served by a real uvicorn on loopback."""

    def __init__(self, settings: Settings, port: int | None = None) -> None:
        super().__init__(create_app(settings), "graph-api", port)

    @property
    def round_trips(self) -> int:
        """Statements the server has sent to the database so far."""
        return int(self.app.state.store.driver.round_trips)

    async def quiet(self, for_seconds: float = 0.2) -> None:
        """Wait until the server has sent no statement for `for_seconds` (e.g. once the sample
        a members page asked for in the background is taken: store/member_windows.py)."""
        last, since = self.round_trips, time.monotonic()
        while time.monotonic() - since < for_seconds:
            await asyncio.sleep(0.02)
            if self.round_trips != last:
                last, since = self.round_trips, time.monotonic()


@pytest.fixture(scope="session")
def live_server(database: TestDatabase) -> Iterator[LiveServer]:
    """graph-api over this run's engine, started once per engine."""
    with LiveServer(database.settings()) as server:
        yield server


@pytest.fixture
async def http(live_server: LiveServer, driver: GraphDriver) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the live server; the graph behind it is fresh for each test."""
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as client:
        yield client

