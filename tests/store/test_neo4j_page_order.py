"""On Neo4j a page of every member is read from the range index of its order (name, or join
date newest first) and stops at the page's end: no sort of all the members. The bonds of
everyone come grouped by member in the order of the id index, with no sort either. (FalkorDB
sorts its members faster than it reads a long range of an index, so it has no such index: see
dialect.ORDERED_KEYS.)"""

from __future__ import annotations

import pytest

from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.store.driver import GraphDriver
from graph_api.store import dialect
from graph_api.store.queries import views
from graph_api.store.queries.member_search import MemberQuery, page_statement, walk_statement
from tests.conftest import TestDatabase

PAGE = {"limit": 20, "afterKey": "M", "afterId": "member-0001"}


@pytest.fixture
async def neo4j(neo4j_database: TestDatabase) -> GraphDriver:
    driver = neo4j_database.driver()
    await driver.clear()
    await load_community(driver, generate_community(300, seed=5), progress=False)
    await driver.write("CALL db.prepareForReplanning(30)")  # no plan kept from an emptier graph (see test_query_plans)
    yield driver  # type: ignore[misc]
    await driver.close()


@pytest.mark.parametrize("after", [False, True])
@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
async def test_a_page_of_everyone_is_read_in_the_order_of_an_index(neo4j: GraphDriver, order: str, after: bool) -> None:
    statement = page_statement(
        MemberQuery(), order, after=after, fulltext_call="", everyone=neo4j.members_in_order(order, after=after)  # type: ignore[arg-type]
    )
    plan = await neo4j.plan(statement, PAGE)
    operators = [step.detail.split(" ", 1)[0] for step in plan]
    assert {"index seek", "index scan"} & {step.kind for step in plan}, " > ".join(map(str, plan))
    assert "Sort" not in operators and "Top" not in operators, " > ".join(map(str, plan))


@pytest.mark.parametrize("after", [False, True])
@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
async def test_a_page_by_passion_walks_members_in_the_order_of_an_index(neo4j: GraphDriver, order: str, after: bool) -> None:
    walk = neo4j.members_walk(order, after=after)
    assert walk is not None
    statement = walk_statement(MemberQuery(passions=True), order, after=after, walk=walk)  # type: ignore[arg-type]
    plan = await neo4j.plan(statement, {**PAGE, "passion": "jazz", "walk": 2000})
    operators = [step.detail.split(" ", 1)[0] for step in plan]
    assert {"index seek", "index scan"} & {step.kind for step in plan}, " > ".join(map(str, plan))
    assert "Sort" not in operators and "Top" not in operators, " > ".join(map(str, plan))


async def test_every_bond_is_read_grouped_by_member_in_the_order_of_an_index(neo4j: GraphDriver) -> None:
    plan = await neo4j.plan(views.ALL_BONDS)
    operators = [step.detail.split(" ", 1)[0] for step in plan]
    assert {"index seek", "index scan"} & {step.kind for step in plan}, " > ".join(map(str, plan))
    assert "Sort" not in operators and "Top" not in operators, " > ".join(map(str, plan))


async def test_every_bond_in_an_id_range_is_read_from_the_index_in_order(neo4j: GraphDriver) -> None:
    plan = await neo4j.plan(dialect.neo4j_in_id_range(views.ALL_BONDS), {"from": "member-0100", "to": "member-0200"})
    operators = [step.detail.split(" ", 1)[0] for step in plan]
    assert "index seek" in {step.kind for step in plan}, " > ".join(map(str, plan))
    assert "Sort" not in operators and "Top" not in operators, " > ".join(map(str, plan))
