"""GRAPH_URL chooses the adapter; an unreachable database is a clear error."""

from __future__ import annotations

import socket

import pytest

from graph_api.errors import DatabaseUnavailableError
from graph_api.settings import Settings
from graph_api.store import open_store
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.neo4j_driver import Neo4jDriver


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (None, "embedded"),
        ("falkordb://127.0.0.1:6379", "falkordb"),
        ("neo4j://db.example:7687", "neo4j"),
        ("bolt://db.example:7687", "neo4j"),
        ("neo4j+s://db.example:7687", "neo4j"),
    ],
)
def test_graph_url_chooses_the_adapter(url: str | None, kind: str) -> None:
    assert Settings(GRAPH_URL=url).store_kind == kind


def test_an_unknown_graph_url_scheme_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="neo4j://, bolt:// or falkordb://"):
        Settings(GRAPH_URL="postgres://localhost/db").store_kind


async def test_an_unreachable_neo4j_is_database_unavailable() -> None:
    settings = Settings(GRAPH_URL=f"bolt://127.0.0.1:{_closed_port()}", GRAPH_PASSWORD="x", GRAPH_TIMEOUT_SECONDS=2)
    with pytest.raises(DatabaseUnavailableError, match="database unavailable"):
        await open_store(settings)


async def test_an_unreachable_falkordb_is_database_unavailable() -> None:
    settings = Settings(GRAPH_URL=f"falkordb://127.0.0.1:{_closed_port()}", GRAPH_TIMEOUT_SECONDS=2)
    with pytest.raises(DatabaseUnavailableError, match="database unavailable"):
        await open_store(settings)


async def test_the_url_builds_the_matching_driver() -> None:
    neo4j = Neo4jDriver("bolt://127.0.0.1:7687", user="neo4j", password="x")
    falkor = FalkorDBDriver("127.0.0.1", 6379, password=None, graph_name="g")
    assert (neo4j.engine, falkor.engine) == ("neo4j", "falkordb")
    await neo4j.close()
    await falkor.close()
