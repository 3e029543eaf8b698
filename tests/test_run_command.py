"""The product as the README's run command starts it: graph-api on the embedded database,
seeded with a demo community, GraphiQL at /graphql, stopped cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_api.store.embedded import EmbeddedFalkorDB


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Product:
    def __init__(self, data_dir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "KINDRED_DATA_DIR": str(data_dir), "KINDRED_SEED_MEMBERS": "300"}
        env.pop("GRAPH_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph_api", "serve", "--port", str(self.port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"graph-api exited early:\n{self.process.stdout.read() if self.process.stdout else ''}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("graph-api was not ready in time")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)
        return self.process.stdout.read() if self.process.stdout else ""


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Product]:
    running = Product(tmp_path_factory.mktemp("product-data"))
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


def test_health_and_readiness_endpoints_answer(product: Product) -> None:
    assert httpx.get(f"{product.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{product.url}/readyz").json() == {"status": "ready", "engine": "falkordb"}


def test_graphiql_is_served_at_graphql(product: Product) -> None:
    page = httpx.get(f"{product.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_the_demo_organiser_sees_the_seeded_members(product: Product) -> None:
    sign_in = 'mutation { signIn(handle: "organiser", password: "kindred-demo") { accessToken } }'
    token = httpx.post(f"{product.url}/graphql", json={"query": sign_in}).json()["data"]["signIn"]["accessToken"]
    query = "{ members(first: 5) { totalCount edges { node { name team { name } site { city } passions { passion { name } } } } } }"
    body = httpx.post(f"{product.url}/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}).json()
    members = body["data"]["members"]
    assert members["totalCount"] == 301  # 300 generated members and the demo organiser
    assert all(edge["node"]["team"] and edge["node"]["site"] for edge in members["edges"])


def test_stopping_prints_nothing_alarming_and_releases_the_database(tmp_path: Path) -> None:
    running = Product(tmp_path)
    running.wait_ready()
    output = running.stop()
    assert running.process.returncode == 0, output
    assert "Traceback" not in output
    assert "http://127.0.0.1:" in output and "/graphql" in output
    # The embedded server is gone: another process can take the data folder, and finds the data.
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    server.stop()
