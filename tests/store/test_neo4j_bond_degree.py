"""On Neo4j a graph view counts each member's bonds from the degree the database keeps with
the node, not by walking every bond (dialect.NEO4J_BOND_DEGREE)."""

from __future__ import annotations

import pytest

from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import views as view_queries
from tests.conftest import TestDatabase


@pytest.fixture
async def neo4j(neo4j_database: TestDatabase) -> GraphDriver:
    driver = neo4j_database.driver()
    await driver.clear()
    await load_community(driver, generate_community(60, seed=3), progress=False)
    yield driver  # type: ignore[misc]
    await driver.close()


STATEMENTS = {
    "view members": lambda driver: (view_queries.view_members(driver.bond_degree()), {"ids": ["member-0001"]}),
    "a team's members": lambda driver: (
        view_queries.community_members(passions=False, team=True, site=False, bond_degree=driver.bond_degree()),
        {"team": "team-0001", "limit": 10},
    ),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
async def test_a_view_counts_bonds_from_the_degree_neo4j_keeps(neo4j: GraphDriver, name: str) -> None:
    statement, params = STATEMENTS[name](neo4j)
    plan = await neo4j.plan(statement, params)
    shown = " > ".join(map(str, plan))
    assert any("getDegree" in step.detail for step in plan), shown
    assert not any(step.detail.startswith("OptionalExpand") and ":BOND" in step.detail for step in plan), shown
