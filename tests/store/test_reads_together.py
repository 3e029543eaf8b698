"""Small bulk reads side by side (`read_columns_together`), as a graph view sends them: the same
columns as each read alone, in the order asked, and on Neo4j, where a round trip costs more than
a small view's reads, one statement for all of them."""

from __future__ import annotations

from graph_api.store.driver import ColumnRead, GraphDriver

READS: list[ColumnRead] = [
    ("UNWIND $names AS name RETURN name AS id, size(name) AS letters", {"id": str, "letters": int}),
    ("UNWIND range(1, $count) AS i RETURN i * 0.5 AS id, CASE WHEN i % 2 = 0 THEN null ELSE i END AS odd", {"id": float, "odd": int}),
    ("UNWIND $names AS name WITH name WHERE name STARTS WITH 'z' RETURN name AS id", {"id": str}),
]
PARAMS = {"names": ["ada", "grace", "linus"], "count": 4}


async def test_reads_together_answer_as_each_read_alone_in_the_order_asked(driver: GraphDriver) -> None:
    alone = [await driver.read_columns(query, columns, PARAMS) for query, columns in READS]
    assert await driver.read_columns_together(READS, PARAMS) == alone


async def test_reads_together_keep_nulls_and_empty_answers(driver: GraphDriver) -> None:
    _, odd, empty = await driver.read_columns_together(READS, PARAMS)
    assert odd == {"id": [0.5, 1.0, 1.5, 2.0], "odd": [1, None, 3, None]}
    assert empty == {"id": []}


async def test_reads_together_cost_one_round_trip_on_neo4j_and_one_per_read_on_falkordb(driver: GraphDriver) -> None:
    # FalkorDB's round trip costs a tenth of a millisecond: it sends each read on a connection of its own.
    before = driver.round_trips
    await driver.read_columns_together(READS, PARAMS)
    assert driver.round_trips - before == (1 if driver.engine == "neo4j" else len(READS))
