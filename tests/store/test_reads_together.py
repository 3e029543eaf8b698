"""Small reads side by side, as a graph view (`read_columns_together`) and a page's member
details (`read_together`) send them: the same columns or rows as each read alone, in the order
asked; rows in one statement for all on either engine, columns in one on Neo4j, where a round
trip costs more than such reads."""

from __future__ import annotations

from graph_api.store.driver import ColumnRead, GraphDriver, RowRead

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


ROW_READS: list[RowRead] = [
    ("UNWIND $names AS name RETURN name AS id, {letters: size(name), first: left(name, 1)} AS node ORDER BY id DESC", ("id", "node")),
    ("UNWIND $names AS name WITH name WHERE name STARTS WITH 'z' RETURN name AS id", ("id",)),
    ("UNWIND range(1, $count) AS i RETURN i AS id, CASE WHEN i % 2 = 0 THEN null ELSE [i, i] END AS odd", ("id", "odd")),
]


async def test_rows_read_together_are_the_rows_of_each_read_alone_in_order(driver: GraphDriver) -> None:
    alone = [await driver.read(query, PARAMS) for query, _ in ROW_READS]
    together = await driver.read_together(ROW_READS, PARAMS)
    assert together == alone
    assert together[1] == [] and together[2][1] == {"id": 2, "odd": None}


async def test_rows_read_together_cost_one_round_trip_on_either_engine(driver: GraphDriver) -> None:
    before = driver.round_trips
    await driver.read_together(ROW_READS, PARAMS)
    assert driver.round_trips - before == 1
