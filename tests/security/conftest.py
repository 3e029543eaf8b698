"""Shared fixtures of the attack suite: a real graph-api on loopback, clients of each kind,
a fingerprint of the whole graph to prove an attack wrote nothing, and a timer that bounds
an attack's cost as a ratio against a trivial query sent in the same test."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from graph_api.store.driver import GraphDriver
from tests.api.conftest import GraphQLClient, People, anonymous, member, organiser, people  # noqa: F401

TRIVIAL_QUERY = "{ __typename }"


async def graph_fingerprint(driver: GraphDriver) -> str:
    """A digest of every node and relationship with its labels, type and properties. Sign-in
    throttling counters are left out: counting a refused attempt is their job."""
    nodes = await driver.read("MATCH (n) WHERE NOT n:SignInThrottle RETURN labels(n) AS labels, properties(n) AS props")
    edges = await driver.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, properties(a) AS a, properties(b) AS b"
    )
    canonical = sorted(json.dumps(row, sort_keys=True, default=str) for row in [*nodes, *edges])
    return hashlib.sha256("\n".join(canonical).encode()).hexdigest()


@pytest.fixture
def nothing_written(driver: GraphDriver) -> Callable[[], Awaitable[Any]]:
    """Call once before an attack; the returned coroutine function asserts the graph is unchanged."""

    class Guard:
        before: str | None = None

        async def __aenter__(self) -> "Guard":
            self.before = await graph_fingerprint(driver)
            return self

        async def __aexit__(self, *exc: object) -> None:
            if exc[0] is None:
                assert await graph_fingerprint(driver) == self.before, "the attack changed the graph"

    return Guard  # type: ignore[return-value]


async def seconds(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


async def trivial_seconds(http: httpx.AsyncClient, rounds: int = 5) -> float:
    """The median time of a trivial query: the unit an attack's time bound is measured in."""
    times = sorted([await seconds(lambda: http.post("/graphql", json={"query": TRIVIAL_QUERY})) for _ in range(rounds)])
    return times[len(times) // 2]


async def assert_cheap(
    http: httpx.AsyncClient, attack: Callable[[], Awaitable[Any]], *, ratio: float = 50.0, rounds: int = 3
) -> None:
    """The attack costs at most `ratio` trivial queries (measured in the same test, never in
    seconds). The attack's best of `rounds` counts: a refusal costs the same every time, so the
    best round is its cost, and the others carry whatever else the machine was doing."""
    unit = max(await trivial_seconds(http), 0.001)
    taken = min([await seconds(attack) for _ in range(rounds)])
    assert taken <= ratio * unit, f"the attack took {taken / unit:.0f} trivial queries' time (at most {ratio:.0f})"
