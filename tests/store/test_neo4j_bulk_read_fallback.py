"""A bulk read that Neo4j cannot collect into lists within its transaction memory is streamed
row by row instead, with the same columns: a server with little transaction memory (a small
heap, or db.memory.transaction.max) still answers the KPI report and the graph views.

The server here is a second local Neo4j, its transaction memory capped at 4 MB.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from graph_api.store.neo4j_driver import Neo4jDriver
from graph_api.store.neo4j_local import LocalNeo4j
from tests.local_neo4j_marks import MARKS

pytestmark = MARKS

ROWS = 60_000
COLUMNS = {"id": str, "rank": int, "score": float, "note": str}
READ = "MATCH (n:Row) RETURN n.id AS id, n.rank AS rank, n.score AS score, n.note AS note"


@pytest.fixture(scope="module")
async def small_memory_driver(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Neo4jDriver]:
    server = LocalNeo4j(tmp_path_factory.mktemp("neo4j-small"), settings={"db.memory.transaction.max": "4m"})
    server.start()
    driver = Neo4jDriver(server.url, user=server.user, password=server.password)
    try:
        for start in range(0, ROWS, 250):
            # Every third note is missing: nulls must come back as None on either path.
            await driver.write(
                "UNWIND range($start, $start + 249) AS i "
                "CREATE (:Row {id: 'row-' + toString(i), rank: i, score: i / 4.0, "
                "note: CASE WHEN i % 3 = 0 THEN null ELSE 'note ' + toString(i) END})",
                {"start": start},
            )
        yield driver
    finally:
        await driver.close()
        server.stop()


def _expected() -> dict[str, list[object]]:
    return {
        "id": [f"row-{i}" for i in range(ROWS)],
        "rank": list(range(ROWS)),
        "score": [i / 4.0 for i in range(ROWS)],
        "note": [None if i % 3 == 0 else f"note {i}" for i in range(ROWS)],
    }


def _by_rank(columns: dict[str, list[object]]) -> dict[str, list[object]]:
    """The columns' rows in rank order (a label scan streams them in no promised order)."""
    rows = sorted(zip(*columns.values(), strict=True), key=lambda row: row[1])  # type: ignore[arg-type, return-value]
    return {name: [row[i] for row in rows] for i, name in enumerate(columns)}


async def test_a_bulk_read_too_big_to_collect_is_streamed_with_the_same_columns(
    small_memory_driver: Neo4jDriver, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="graph_api.store.neo4j_driver"):
        columns = await small_memory_driver.read_columns(READ, COLUMNS)
    assert "bulk read streamed" in caplog.text
    assert _by_rank(columns) == _expected()


async def test_a_small_bulk_read_on_the_same_server_is_collected(
    small_memory_driver: Neo4jDriver, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="graph_api.store.neo4j_driver"):
        columns = await small_memory_driver.read_columns(READ + " ORDER BY rank LIMIT 10", COLUMNS)
    assert "bulk read streamed" not in caplog.text
    assert columns == {name: values[:10] for name, values in _expected().items()}



async def test_reads_together_too_big_to_collect_are_read_one_by_one(
    small_memory_driver: Neo4jDriver, caplog: pytest.LogCaptureFixture
) -> None:
    small = READ + " ORDER BY rank LIMIT 10"
    with caplog.at_level(logging.INFO, logger="graph_api.store.neo4j_driver"):
        together = await small_memory_driver.read_columns_together([(small, COLUMNS), (READ, COLUMNS)])
    assert "too big to collect together" in caplog.text
    assert together[0] == {name: values[:10] for name, values in _expected().items()}
    assert _by_rank(together[1]) == _expected()
