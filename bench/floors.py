"""The floor of a bulk read: the same statements sent through the engine's own client in its
plainest way (no project code), side by side, rows kept as the client gives them.

* falkordb: ``AsyncGraph.ro_query`` of the ``falkordb`` asyncio client (its ``result_set``);
* neo4j: ``AsyncDriver.execute_query`` of the official driver (its records).
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


async def plain_reads(server: LocalServer, graph: str, statements: Sequence[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, rows) of reading every statement at once."""
    if isinstance(server, LocalNeo4j):
        driver = neo4j.AsyncGraphDatabase.driver(
            server.url,
            auth=(server.user, server.password),
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        )
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
