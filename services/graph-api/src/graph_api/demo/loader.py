"""Writes a generated demo community into the graph with batched UNWIND statements."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from tqdm import tqdm

from graph_api.demo.generator import DemoCommunity
from graph_api.errors import ConflictError
from graph_api.store import queries
from graph_api.store.driver import GraphDriver
from graph_api.domain.rules import slugify

BATCH_SIZE = 5_000

IN_FLIGHT = 2
"""On FalkorDB, batches of one kind sent before the oldest is answered: the client turns the
next batch into query text (in Python, about a third of the database's time) while the
database writes the previous one, instead of each waiting for the other. FalkorDB runs the
writes to one graph one at a time, so they cannot conflict. On Neo4j, concurrent batches
would lock the same member nodes, deadlock and be retried: one batch at a time there. Kinds load strictly
one after the other, so a relationship batch never runs before the nodes it matches, and
each batch stays one atomic statement."""


def _in_flight(driver: GraphDriver) -> int:
    return IN_FLIGHT if driver.engine == "falkordb" else 1


Rows = Sequence[dict[str, Any]]


def _batches(rows: Rows, size: int) -> Iterator[Rows]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


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


def load_plan(community: DemoCommunity) -> list[tuple[str, str, Rows]]:
    """(label for the progress bar, statement, rows), nodes before the relationships between them."""
    units, unit_links = parent_units(community)
    teams = [{"id": t["id"], "name": t["name"]} for t in community.teams]
    return [
        ("sites", queries.LOAD_SITES, community.sites),
        ("teams", queries.LOAD_TEAMS, units + teams),
        ("team units", queries.LOAD_TEAM_PARENTS, unit_links),
        ("passions", queries.LOAD_PASSIONS, community.passions),
        ("skills", queries.LOAD_SKILLS, community.skills),
        ("members", queries.LOAD_MEMBERS, community.members),
        ("team links", queries.LOAD_MEMBER_TEAMS, community.member_teams),
        ("site links", queries.LOAD_MEMBER_SITES, community.member_sites),
        ("passion links", queries.LOAD_PASSION_LINKS, community.passion_links),
        ("bonds", queries.LOAD_BONDS, community.bonds),
        ("needs", queries.LOAD_SEEKS, community.seeks),
        ("offers", queries.LOAD_OFFERS, community.offers),
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
    if (await driver.read(queries.COUNT_NODES))[0]["count"]:
        raise ConflictError("the graph is not empty: the demo community loads only into an empty graph")
    plan = load_plan(community)
    total = sum(len(rows) for _, _, rows in plan)
    written = 0
    with tqdm(total=total, unit="row", desc="loading demo community", disable=not progress) as bar:

        def done(count: int) -> None:
            nonlocal written
            written += count
            bar.update(count)
            if on_batch is not None:
                on_batch(count)

        for label, statement, rows in plan:
            bar.set_postfix_str(label)
            await _write_batches(driver, statement, rows, batch_size, _in_flight(driver), done)
    return written


async def _write_batches(
    driver: GraphDriver, statement: str, rows: Rows, batch_size: int, in_flight: int, done: Callable[[int], None]
) -> None:
    """Every batch of one kind, up to `in_flight` at a time; returns once all are written."""
    pending: dict[asyncio.Task[Any], int] = {}
    try:
        for batch in _batches(rows, batch_size):
            if len(pending) >= in_flight:
                await _collect(pending, done, asyncio.FIRST_COMPLETED)
            pending[asyncio.ensure_future(driver.write(statement, {"rows": list(batch)}))] = len(batch)
        if pending:
            await _collect(pending, done, asyncio.ALL_COMPLETED)
    except asyncio.CancelledError:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        raise
    except BaseException:
        # A batch failed: let the ones already sent finish, so nothing of this load still
        # lands once the error reaches the caller.
        await asyncio.gather(*pending, return_exceptions=True)
        raise


async def _collect(pending: dict[asyncio.Task[Any], int], done: Callable[[int], None], when: str) -> None:
    finished, _ = await asyncio.wait(pending, return_when=when)
    for task in finished:
        count = pending.pop(task)
        task.result()  # raises the batch's error
        done(count)
