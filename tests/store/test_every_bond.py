"""A view of everyone reads every bond once, grouped by member in id order, whether the engine
reads them in one statement (FalkorDB) or in id ranges side by side (Neo4j, on a large graph)."""

from __future__ import annotations

import pytest

from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.store import neo4j_driver
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import views
from graph_api.store.views import BOND_COLUMNS

MEMBERS = 300


@pytest.fixture
async def community(driver: GraphDriver) -> GraphDriver:
    await load_community(driver, generate_community(MEMBERS, seed=11), progress=False)
    return driver


@pytest.fixture
def parts_of_a_hundred(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neo4j splits a read of everyone into parts of 100 members (three here), as it would at 100,000."""
    monkeypatch.setattr(neo4j_driver, "_MEMBERS_PER_PART", 100)


def _rows(columns: dict[str, list[object]]) -> list[tuple[object, ...]]:
    return list(zip(*(columns[name] for name in BOND_COLUMNS), strict=True))


async def test_every_bond_is_read_once_grouped_by_member_in_id_order(community: GraphDriver, parts_of_a_hundred: None) -> None:
    everyone = _rows(await community.read_columns_of_everyone(views.ALL_BONDS, BOND_COLUMNS, members=MEMBERS))
    stored = await community.read("MATCH (a:Member)-[r:BOND]->(b:Member) RETURN count(r) AS bonds")
    assert len(everyone) == stored[0]["bonds"]
    assert len(set(everyone)) == len(everyone)
    sources = [row[0] for row in everyone]
    assert sources == sorted(sources)


async def test_a_read_in_parts_gives_what_one_statement_gives(community: GraphDriver, parts_of_a_hundred: None) -> None:
    whole = _rows(await community.read_columns(views.ALL_BONDS, BOND_COLUMNS))
    parts = _rows(await community.read_columns_of_everyone(views.ALL_BONDS, BOND_COLUMNS, members=MEMBERS))
    assert sorted(parts) == sorted(whole)
    assert [row[0] for row in parts] == [row[0] for row in whole]


async def test_more_members_than_counted_are_still_read(community: GraphDriver, parts_of_a_hundred: None) -> None:
    # someone joined between the count and the read: the first and last ranges are open-ended
    counted = MEMBERS - 120
    parts = _rows(await community.read_columns_of_everyone(views.ALL_BONDS, BOND_COLUMNS, members=counted))
    whole = _rows(await community.read_columns(views.ALL_BONDS, BOND_COLUMNS))
    assert sorted(parts) == sorted(whole)
