"""Shared fixtures: one real embedded FalkorDB server per test session, a fresh graph per test,
and graph-api served by a real uvicorn on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from graph_api.app import create_app
from graph_api.settings import Settings
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.falkordb_driver import FalkorDBDriver
from tests.seeding import SeedingRepository

TEST_GRAPH = "kindred_test"


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    server = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb"))
    server.start()
    yield server
    server.stop()


def make_driver(server: EmbeddedFalkorDB, graph: str = TEST_GRAPH) -> FalkorDBDriver:
    return FalkorDBDriver(server.host, server.port, password=server.password, graph_name=graph)


@pytest.fixture(scope="session")
async def _schema_ready(falkordb_server: EmbeddedFalkorDB) -> None:
    driver = make_driver(falkordb_server)
    await driver.setup_schema()
    await driver.close()


@pytest.fixture
async def driver(falkordb_server: EmbeddedFalkorDB, _schema_ready: None) -> AsyncIterator[FalkorDBDriver]:
    """A driver on an emptied test graph (indexes and constraints kept)."""
    falkordb_server.ensure_running()
    graph_driver = make_driver(falkordb_server)
    await graph_driver.clear()
    yield graph_driver
    await graph_driver.close()


@pytest.fixture
def repository(driver: FalkorDBDriver) -> SeedingRepository:
    """The store over the test graph, with the test-only seeding writes (tests/seeding.py)."""
    return SeedingRepository(driver)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServedApp:
    """An ASGI app under a real uvicorn, in a thread of the test process, on loopback."""

    def __init__(self, app: Any, name: str = "the app", port: int | None = None) -> None:
        self.app = app
        self.name = name
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

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


class LiveServer(ServedApp):
    """graph-api served by a real uvicorn on loopback."""

    def __init__(self, settings: Settings, port: int | None = None) -> None:
        super().__init__(create_app(settings), "graph-api", port)

    @property
    def round_trips(self) -> int:
        """Statements the server has sent to the database so far."""
        return int(self.app.state.store.driver.round_trips)


JWT_SECRET = "test-secret-that-is-long-enough-for-hs256"


def served_settings(server: EmbeddedFalkorDB, **extra: Any) -> Settings:
    """graph-api's settings for serving the test graph (no demo data, a fixed signing key)."""
    return Settings(
        GRAPH_URL=f"falkordb://{server.host}:{server.port}",
        GRAPH_PASSWORD=server.password,
        GRAPH_NAME=TEST_GRAPH,
        KINDRED_SEED_MEMBERS=0,
        KINDRED_JWT_SECRET=JWT_SECRET,
        **extra,
    )


@pytest.fixture(scope="session")
def live_server(falkordb_server: EmbeddedFalkorDB, _schema_ready: None) -> Iterator[LiveServer]:
    server = LiveServer(served_settings(falkordb_server))
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def http(live_server: LiveServer, driver: FalkorDBDriver) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the live server; the graph behind it is fresh for each test."""
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as client:
        yield client

