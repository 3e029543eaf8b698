"""Seed the demo community into an empty graph (the embedded run does it at start)."""

from __future__ import annotations

import logging

from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.store import queries
from graph_api.store.driver import GraphDriver

log = logging.getLogger(__name__)


async def seed_if_empty(driver: GraphDriver, *, members: int, seed: int, progress: bool = False) -> bool:
    """Load a generated community of `members` people unless the graph already holds data."""
    if (await driver.read(queries.COUNT_NODES))[0]["count"]:
        return False
    log.info("the graph is empty: seeding a demo community of %d members (seed %d)", members, seed)
    await load_community(driver, generate_community(members, seed), progress=progress)
    return True
