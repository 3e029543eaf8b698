"""Writes a generated demo community into the graph with batched UNWIND statements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from graph_api.demo.generator import DemoCommunity
from graph_api.domain.rules import slugify
from graph_api.errors import ConflictError
from graph_api.store.driver import GraphDriver
from graph_api.store.imports import ImportStore, LoadKind, Rows

BATCH_SIZE = 5_000

IN_FLIGHT = 2
"""Batches of one kind sent before the oldest is answered, where the engine allows it (FalkorDB:
see ``store.bulk.batches_in_flight``; one at a time on Neo4j): the client turns the next batch
into query text (in Python, about a third of the database's time) while the database writes
the previous one, instead of each waiting for the other. Kinds load strictly one after the
other, so a relationship batch never runs before the nodes it matches, and each batch stays
one atomic statement."""


def parent_units(community: DemoCommunity) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Teams name a parent unit ("Engineering"); units become teams that teams are PART_OF."""
    units: dict[str, dict[str, Any]] = {}
    links: list[dict[str, str]] = []
    for team in community.teams:
        parent = team.get("parent")
        if not parent:
            continue
        unit_id = f"unit-{slugify(parent)}"
        units.setdefault(unit_id, {"id": unit_id, "name": parent})
        links.append({"team": team["id"], "parent": unit_id})
    return list(units.values()), links


def load_plan(community: DemoCommunity) -> list[tuple[LoadKind, Rows]]:
    """(kind of rows, also the progress bar's label; rows), nodes before the relationships between them."""
    units, unit_links = parent_units(community)
    teams = [{"id": t["id"], "name": t["name"]} for t in community.teams]
    return [
        ("sites", community.sites),
        ("teams", units + teams),
        ("team units", unit_links),
        ("passions", community.passions),
        ("skills", community.skills),
        ("members", community.members),
        ("team links", community.member_teams),
        ("site links", community.member_sites),
        ("passion links", community.passion_links),
        ("bonds", community.bonds),
        ("needs", community.seeks),
        ("offers", community.offers),
    ]


async def load_community(
    driver: GraphDriver,
    community: DemoCommunity,
    *,
    batch_size: int = BATCH_SIZE,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Load into an empty graph; returns the number of rows written."""
    store = ImportStore(driver)
    if not await store.graph_is_empty():
        raise ConflictError("the graph is not empty: the demo community loads only into an empty graph")
    plan = load_plan(community)
    total = sum(len(rows) for _, rows in plan)
    written = 0
    with tqdm(total=total, unit="row", desc="loading demo community", disable=not progress) as bar:

        def done(count: int) -> None:
            nonlocal written
            written += count
            bar.update(count)
            if on_batch is not None:
                on_batch(count)

        for kind, rows in plan:
            bar.set_postfix_str(kind)
            await store.load_rows(kind=kind, rows=rows, batch_size=batch_size, in_flight=IN_FLIGHT, done=done)
    return written
