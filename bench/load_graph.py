"""Benchmark: load the generated demo community into the database (``--engine``).

Compares, side by side on the same engine:

* project: the adapter's ``setup_schema()`` then ``load_community(driver, community)``;
* raw:     the plainest batched ``UNWIND $rows AS row CREATE ...`` through the engine's own
           client (the ``falkordb`` asyncio client; the official ``neo4j`` driver, one
           auto-commit transaction per batch), after plain range indexes on the same keys (no
           constraints, no full-text indexes), of the same rows (``load_plan(community)``).

FalkorDB: one embedded server (appendfsync always, as the product runs), a freshly created
graph per load. Neo4j (Community holds one user database): a fresh local Neo4j per load,
its start not timed. Several rounds in alternating order; the best time of each is
reported. Every load must end with the same node and relationship counts (per label and
per type). Progress goes to stderr; the last stdout line is one JSON object.

    .venv/bin/python bench/load_graph.py [--engine falkordb|neo4j] [--members 100000] [--seed 1]
        [--batch-size N] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import redis.asyncio as aioredis
from falkordb.asyncio.graph import AsyncGraph

# bench/ holds a script named graph_api.py: keep this folder off the import path, so that
# `import graph_api` finds the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from graph_api.demo.generator import DemoCommunity, generate_community  # noqa: E402
from graph_api.demo.loader import BATCH_SIZE, load_community, load_plan  # noqa: E402
from graph_api.store import dialect  # noqa: E402
from graph_api.store.driver import GraphDriver  # noqa: E402
from graph_api.store.embedded import EmbeddedFalkorDB  # noqa: E402
from graph_api.store.falkordb_driver import FalkorDBDriver  # noqa: E402
from graph_api.store.local_server import LocalServer  # noqa: E402
from graph_api.store.neo4j_driver import Neo4jDriver  # noqa: E402
from graph_api.store.neo4j_local import LocalNeo4j  # noqa: E402

sys.path.append(str(_HERE))  # after the package: helpers from this folder
from engines import add_engine_argument, describe, new_server  # noqa: E402

TARGET_RATIO = 1.25
#: 100,000 members with about 1,000,000 bonds, by engine.
TARGET_SECONDS = {"falkordb": 60.0, "neo4j": 120.0}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The raw load: deliberately written here, not taken from the project's queries module.
RAW_STATEMENTS: dict[str, str] = {
    "sites": "UNWIND $rows AS row CREATE (:Site {id: row.id, name: row.name, city: row.city})",
    "teams": "UNWIND $rows AS row CREATE (:Team {id: row.id, name: row.name})",
    "team units": (
        "UNWIND $rows AS row MATCH (t:Team {id: row.team}), (p:Team {id: row.parent}) CREATE (t)-[:PART_OF]->(p)"
    ),
    "passions": (
        "UNWIND $rows AS row CREATE (:Passion {id: row.id, slug: row.slug, name: row.name, description: row.description})"
    ),
    "skills": "UNWIND $rows AS row CREATE (:Skill {id: row.id, slug: row.slug, name: row.name})",
    "members": (
        "UNWIND $rows AS row CREATE (:Member {id: row.id, handle: row.handle, name: row.name, email: row.email, "
        "headline: row.headline, vision: row.vision, joinedAt: row.joinedAt, optOut: false})"
    ),
    "team links": (
        "UNWIND $rows AS row MATCH (m:Member {id: row.member}), (t:Team {id: row.team}) CREATE (m)-[:MEMBER_OF]->(t)"
    ),
    "site links": (
        "UNWIND $rows AS row MATCH (m:Member {id: row.member}), (s:Site {id: row.site}) CREATE (m)-[:BASED_AT]->(s)"
    ),
    "passion links": (
        "UNWIND $rows AS row MATCH (m:Member {id: row.member}), (p:Passion {id: row.passion}) "
        "CREATE (m)-[:PASSIONATE_ABOUT {intensity: row.intensity, since: row.since}]->(p)"
    ),
    "bonds": (
        "UNWIND $rows AS row MATCH (a:Member {id: row.a}), (b:Member {id: row.b}) "
        "CREATE (a)-[:BOND {kind: row.kind, strength: row.strength, since: row.since, source: row.source}]->(b)"
    ),
    "needs": "UNWIND $rows AS row MATCH (m:Member {id: row.member}), (s:Skill {id: row.skill}) CREATE (m)-[:SEEKS]->(s)",
    "offers": (
        "UNWIND $rows AS row MATCH (m:Member {id: row.member}), (s:Skill {id: row.skill}) CREATE (m)-[:OFFERS]->(s)"
    ),
}


@dataclass(frozen=True)
class Target:
    """Where one load goes: a server, and a graph name (FalkorDB's only)."""

    server: LocalServer
    graph: str


def raw_client(server: EmbeddedFalkorDB) -> aioredis.Redis:
    return aioredis.Redis(
        host=server.host, port=server.port, password=server.password, decode_responses=True, socket_timeout=300
    )


def raw_neo4j(server: LocalNeo4j) -> neo4j.AsyncDriver:
    return neo4j.AsyncGraphDatabase.driver(
        server.url, auth=(server.user, server.password), notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF
    )


class Progress:
    def __init__(self, total: int, started: float) -> None:
        self.total, self.started, self.done, self.next_report = total, started, 0, 250_000

    def __call__(self, count: int) -> None:
        self.done += count
        if self.done >= self.next_report or self.done == self.total:
            say(f"    project: {self.done:>9,}/{self.total:,} rows  {time.perf_counter() - self.started:7.2f}s")
            self.next_report += 250_000


async def _load_project(driver: GraphDriver, community: DemoCommunity, batch_size: int) -> float:
    total = sum(len(rows) for _, rows in load_plan(community))
    try:
        started = time.perf_counter()
        await driver.setup_schema()
        schema_at = time.perf_counter()
        written = await load_community(
            driver, community, batch_size=batch_size, progress=False, on_batch=Progress(total, started)
        )
        elapsed = time.perf_counter() - started
    finally:
        await driver.close()
    say(f"    project: setup_schema {schema_at - started:.2f}s, {written:,} rows, total {elapsed:.2f}s")
    return elapsed


async def load_project(target: Target, community: DemoCommunity, batch_size: int) -> float:
    server = target.server
    assert isinstance(server, EmbeddedFalkorDB)
    driver = FalkorDBDriver(server.host, server.port, password=server.password, graph_name=target.graph, timeout=300)
    return await _load_project(driver, community, batch_size)


async def neo4j_load_project(target: Target, community: DemoCommunity, batch_size: int) -> float:
    server = target.server
    assert isinstance(server, LocalNeo4j)
    driver = Neo4jDriver(server.url, user=server.user, password=server.password, timeout=600)
    return await _load_project(driver, community, batch_size)


async def load_raw(target: Target, community: DemoCommunity, batch_size: int) -> float:
    assert isinstance(target.server, EmbeddedFalkorDB)
    client = raw_client(target.server)
    g = AsyncGraph(client, target.graph)
    try:
        started = time.perf_counter()
        for key in dialect.UNIQUE_KEYS:
            await g.query(f"CREATE INDEX FOR (n:{key.label}) ON (n.{key.property})")
        for label, rows in load_plan(community):
            statement = RAW_STATEMENTS[label]
            kind_started = time.perf_counter()
            for start in range(0, len(rows), batch_size):
                await g.query(statement, {"rows": list(rows[start : start + batch_size])})
            if len(rows) >= 50_000:
                say(f"    raw: {label:<14} {len(rows):>9,} rows  {time.perf_counter() - kind_started:6.2f}s")
        elapsed = time.perf_counter() - started
    finally:
        await client.aclose()
    say(f"    raw: total {elapsed:.2f}s")
    return elapsed


async def neo4j_load_raw(target: Target, community: DemoCommunity, batch_size: int) -> float:
    """The plainest load through the official driver: range indexes, then one auto-commit
    `UNWIND ... CREATE` per batch, one after the other."""
    assert isinstance(target.server, LocalNeo4j)
    driver = raw_neo4j(target.server)
    try:
        started = time.perf_counter()
        async with driver.session() as session:
            for key in dialect.UNIQUE_KEYS:
                await (await session.run(f"CREATE INDEX FOR (n:{key.label}) ON (n.{key.property})")).consume()
            await (await session.run("CALL db.awaitIndexes(300)")).consume()
            for label, rows in load_plan(community):
                statement = RAW_STATEMENTS[label]
                kind_started = time.perf_counter()
                for start in range(0, len(rows), batch_size):
                    await (await session.run(statement, {"rows": list(rows[start : start + batch_size])})).consume()
                if len(rows) >= 50_000:
                    say(f"    raw: {label:<14} {len(rows):>9,} rows  {time.perf_counter() - kind_started:6.2f}s")
        elapsed = time.perf_counter() - started
    finally:
        await driver.close()
    say(f"    raw: total {elapsed:.2f}s")
    return elapsed


async def graph_counts(target: Target) -> dict[str, int]:
    assert isinstance(target.server, EmbeddedFalkorDB)
    client = raw_client(target.server)
    g = AsyncGraph(client, target.graph)
    try:
        counts: dict[str, int] = {}
        for label, count in (await g.ro_query("MATCH (n) RETURN labels(n)[0], count(n)")).result_set:
            counts[f"node:{label}"] = count
        for rel, count in (await g.ro_query("MATCH ()-[r]->() RETURN type(r), count(r)")).result_set:
            counts[f"rel:{rel}"] = count
        return counts
    finally:
        await client.aclose()


async def neo4j_counts(target: Target) -> dict[str, int]:
    assert isinstance(target.server, LocalNeo4j)
    driver = raw_neo4j(target.server)
    try:
        counts: dict[str, int] = {}
        nodes, _, _ = await driver.execute_query("MATCH (n) RETURN labels(n)[0] AS k, count(n) AS c")
        rels, _, _ = await driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS k, count(r) AS c")
        counts.update({f"node:{r['k']}": r["c"] for r in nodes})
        counts.update({f"rel:{r['k']}": r["c"] for r in rels})
        return counts
    finally:
        await driver.close()


async def drop_graph(server: EmbeddedFalkorDB, graph: str) -> None:
    client = raw_client(server)
    try:
        await client.execute_command("GRAPH.DELETE", graph)
        await client.ping()
    finally:
        await client.aclose()


async def aof_rewrites(target: Target) -> int:
    if not isinstance(target.server, EmbeddedFalkorDB):
        return 0
    client = raw_client(target.server)
    try:
        info = await client.info("stats")
        return int(info.get("aof_rewrites", 0))
    finally:
        await client.aclose()


def server_peak_rss_mb(server: LocalServer) -> float | None:
    try:
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def server_cpu_seconds(server: LocalServer) -> float:
    try:
        fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def summarise(counts: dict[str, int]) -> tuple[int, int]:
    nodes = sum(v for k, v in counts.items() if k.startswith("node:"))
    rels = sum(v for k, v in counts.items() if k.startswith("rel:"))
    return nodes, rels


@contextlib.asynccontextmanager
async def falkordb_graphs(data_dir: Path) -> AsyncIterator[Callable[[str], contextlib.AbstractAsyncContextManager[Target]]]:
    """One embedded FalkorDB for every load; each load gets a fresh graph, deleted once checked."""
    server = EmbeddedFalkorDB(data_dir)
    server.start()
    say(describe(server))

    @contextlib.asynccontextmanager
    async def fresh(graph: str) -> AsyncIterator[Target]:
        try:
            yield Target(server, graph)
        finally:
            await drop_graph(server, graph)

    try:
        yield fresh
        peak = server_peak_rss_mb(server)
        if peak is not None:
            say(f"server peak RSS {peak:.0f} MB")
    finally:
        server.stop()


@contextlib.asynccontextmanager
async def neo4j_graphs(data_dir: Path) -> AsyncIterator[Callable[[str], contextlib.AbstractAsyncContextManager[Target]]]:
    """Neo4j Community holds one user database: each load gets a fresh local Neo4j (its start
    not timed), stopped and deleted once checked."""

    @contextlib.asynccontextmanager
    async def fresh(graph: str) -> AsyncIterator[Target]:
        folder = data_dir / graph
        server = new_server("neo4j", folder)
        await asyncio.to_thread(server.start)
        say(f"  {describe(server)}")
        try:
            yield Target(server, graph)
            peak = server_peak_rss_mb(server)
            if peak is not None:
                say(f"  server peak RSS {peak:.0f} MB")
        finally:
            await asyncio.to_thread(server.stop)
            shutil.rmtree(folder, ignore_errors=True)

    yield fresh


async def run(args: argparse.Namespace, community: DemoCommunity, data_dir: Path) -> dict[str, Any]:
    loaders: dict[str, Callable[[Target, DemoCommunity, int], Awaitable[float]]] = (
        {"project": neo4j_load_project, "raw": neo4j_load_raw}
        if args.engine == "neo4j"
        else {"project": load_project, "raw": load_raw}
    )
    counter = neo4j_counts if args.engine == "neo4j" else graph_counts
    graphs = neo4j_graphs if args.engine == "neo4j" else falkordb_graphs
    times: dict[str, list[float]] = {"project": [], "raw": []}
    cpu: dict[str, list[tuple[float, float]]] = {"project": [], "raw": []}
    expected: dict[str, int] | None = None
    async with graphs(data_dir) as fresh:
        for round_no in range(args.rounds):
            order = ["project", "raw"] if round_no % 2 == 0 else ["raw", "project"]
            for name in order:
                graph = f"bench_{name}_{round_no + 1}"
                say(f"round {round_no + 1}/{args.rounds}: {name} -> graph {graph!r}")
                async with fresh(graph) as target:
                    rewrites_before = await aof_rewrites(target)
                    client_cpu, server_cpu = time.process_time(), server_cpu_seconds(target.server)
                    seconds = await loaders[name](target, community, args.batch_size)
                    client_cpu = time.process_time() - client_cpu
                    server_cpu = server_cpu_seconds(target.server) - server_cpu
                    rewrites = await aof_rewrites(target) - rewrites_before
                    times[name].append(seconds)
                    cpu[name].append((client_cpu, server_cpu))
                    counts = await counter(target)
                nodes, rels = summarise(counts)
                say(
                    f"  {name}: {seconds:.2f}s  ({nodes:,} nodes, {rels:,} relationships; "
                    f"CPU: client {client_cpu:.1f}s, server {server_cpu:.1f}s; "
                    f"load average {os.getloadavg()[0]:.2f}"
                    f"{f'; {rewrites} AOF rewrite(s) during the load' if rewrites else ''})"
                )
                if expected is None:
                    expected = counts
                elif counts != expected:
                    diff = {k: (expected.get(k), counts.get(k)) for k in set(expected) | set(counts)
                            if expected.get(k) != counts.get(k)}
                    raise SystemExit(f"graph {graph!r} differs from the first load: {diff}")
    assert expected is not None
    nodes, rels = summarise(expected)
    say(f"counts agree across every load: {nodes:,} nodes, {rels:,} relationships")
    return {"times": times, "cpu": cpu, "nodes": nodes, "rels": rels}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--rounds", type=int, default=2, help="loads of each kind, alternating order (default 2)")
    add_engine_argument(parser)
    args = parser.parse_args(argv)

    say(f"generating {args.members:,} members (seed {args.seed}) ...")
    started = time.perf_counter()
    community = generate_community(args.members, args.seed)
    generate_seconds = time.perf_counter() - started
    rows = sum(len(r) for _, r in load_plan(community))
    say(f"generated in {generate_seconds:.2f}s: {len(community.bonds):,} bonds, {rows:,} rows; batch size {args.batch_size}")

    with tempfile.TemporaryDirectory(prefix="kindred-bench-") as tmp:
        outcome = asyncio.run(run(args, community, Path(tmp)))

    times = outcome["times"]
    project = min(times["project"])
    raw = min(times["raw"])
    for name in ("project", "raw"):
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        say(f"{name}: best {min(times[name]):.2f}s, median {statistics.median(times[name]):.2f}s  [{runs}]")
    ratio = project / raw
    target_seconds = TARGET_SECONDS[args.engine]
    best = {name: times[name].index(min(times[name])) for name in times}
    result = {
        "benchmark": "load_graph",
        "engine": args.engine,
        "members": len(community.members),
        "bonds": len(community.bonds),
        "rows": rows,
        "generate_seconds": round(generate_seconds, 2),
        "project_seconds": round(project, 2),
        "raw_seconds": round(raw, 2),
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "target_seconds": target_seconds,
        "meets_targets": ratio <= TARGET_RATIO and project < target_seconds,
        # CPU seconds (client, server) of the best load of each
        "project_cpu_seconds": [round(t, 1) for t in outcome["cpu"]["project"][best["project"]]],
        "raw_cpu_seconds": [round(t, 1) for t in outcome["cpu"]["raw"][best["raw"]]],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
