"""The database's floors, through the engine's own client in its plainest way (no project code):

* a bulk read: the same statements side by side, rows kept as the client gives them, through
  ``AsyncGraph.ro_query`` of the ``falkordb`` asyncio client (its ``result_set``) or
  ``AsyncDriver.execute_query`` of the official Neo4j driver (its records);
* a point read (``plain_point_reads``): one member by id with its passions, one at a time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import neo4j
import redis.asyncio as aioredis
from falkordb.asyncio.graph import AsyncGraph

from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.local_server import LocalServer
from graph_api.store.neo4j_local import LocalNeo4j


def _plain_neo4j(server: LocalNeo4j) -> neo4j.AsyncDriver:
    """The official driver on the local Neo4j, as a plain client opens it (notifications off)."""
    return neo4j.AsyncGraphDatabase.driver(
        server.url,
        auth=(server.user, server.password),
        notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
    )


async def plain_reads(server: LocalServer, graph: str, statements: Sequence[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, rows) of reading every statement at once."""
    if isinstance(server, LocalNeo4j):
        driver = _plain_neo4j(server)
        try:
            started, cpu = time.perf_counter(), time.process_time()
            results = await asyncio.gather(*(driver.execute_query(s, routing_=neo4j.RoutingControl.READ) for s in statements))
            took = time.perf_counter() - started, time.process_time() - cpu
            return *took, sum(len(r.records) for r in results)
        finally:
            await driver.close()
    assert isinstance(server, EmbeddedFalkorDB)
    client = aioredis.Redis(
        host=server.host, port=server.port, password=server.password, decode_responses=True, socket_timeout=600
    )
    try:
        g = AsyncGraph(client, graph)
        started, cpu = time.perf_counter(), time.process_time()
        replies = await asyncio.gather(*(g.ro_query(s) for s in statements))
        took = time.perf_counter() - started, time.process_time() - cpu
        return *took, sum(len(r.result_set) for r in replies)
    finally:
        await client.aclose()


#: The floor of a point read: one member by id with its passions.
POINT_READ = (
    "MATCH (m:Member {id: $id}) OPTIONAL MATCH (m)-[:PASSIONATE_ABOUT]->(p:Passion) "
    "RETURN m.name AS name, collect(p.name) AS passions"
)


async def plain_point_reads(server: LocalServer, graph: str, ids: Sequence[str], rounds: int) -> list[float]:
    """Wall seconds of each of `rounds` point reads (POINT_READ, ids in turn), one at a time,
    through the engine's plainest and fastest client call: an auto-commit ``session.run`` on
    Neo4j (a managed transaction costs two more round trips), ``ro_query`` on FalkorDB."""
    seconds: list[float] = []
    if isinstance(server, LocalNeo4j):
        driver = _plain_neo4j(server)
        try:
            async with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
                for n in range(-20, rounds):  # the first 20 warm up
                    started = time.perf_counter()
                    result = await session.run(POINT_READ, {"id": ids[n % len(ids)]})
                    await result.single(strict=True)
                    if n >= 0:
                        seconds.append(time.perf_counter() - started)
        finally:
            await driver.close()
        return seconds
    assert isinstance(server, EmbeddedFalkorDB)
    client = aioredis.Redis(host=server.host, port=server.port, password=server.password, decode_responses=True)
    try:
        g = AsyncGraph(client, graph)
        for n in range(-20, rounds):
            started = time.perf_counter()
            reply = await g.ro_query(POINT_READ, {"id": ids[n % len(ids)]})
            assert len(reply.result_set) == 1
            if n >= 0:
                seconds.append(time.perf_counter() - started)
    finally:
        await client.aclose()
    return seconds
