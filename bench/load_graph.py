"""Benchmark: load the generated demo community into the embedded FalkorDB.

Compares, side by side on ONE embedded server (appendfsync always, as the product runs):

* project: ``FalkorDBDriver.setup_schema()`` then ``load_community(driver, community)``;
* raw:     the plainest batched ``UNWIND $rows AS row CREATE ...`` through the ``falkordb``
           asyncio client, after plain range indexes on the same keys (no constraints, no
           full-text indexes), of the same rows (``load_plan(community)``).

Each is loaded into its own freshly created graph, several rounds in alternating order;
the best time of each is reported. Both graphs must end with the same node and
relationship counts (per label and per type). Progress goes to stderr; the last stdout line
is one JSON object.

    .venv/bin/python bench/load_graph.py [--members 100000] [--seed 1] [--batch-size N] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
from falkordb.asyncio.graph import AsyncGraph

# bench/ holds a script named graph_api.py: keep this folder off the import path, so that
# `import graph_api` finds the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from graph_api.demo.generator import DemoCommunity, generate_community  # noqa: E402
from graph_api.demo.loader import BATCH_SIZE, load_community, load_plan  # noqa: E402
from graph_api.store import dialect  # noqa: E402
from graph_api.store.embedded import EmbeddedFalkorDB  # noqa: E402
from graph_api.store.falkordb_driver import FalkorDBDriver  # noqa: E402

TARGET_RATIO = 1.25
TARGET_SECONDS = 60.0


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


def raw_client(server: EmbeddedFalkorDB) -> aioredis.Redis:
    return aioredis.Redis(
        host=server.host, port=server.port, password=server.password, decode_responses=True, socket_timeout=300
    )


async def load_project(server: EmbeddedFalkorDB, graph: str, community: DemoCommunity, batch_size: int) -> float:
    driver = FalkorDBDriver(server.host, server.port, password=server.password, graph_name=graph, timeout=300)
    total = sum(len(rows) for _, rows in load_plan(community))
    done = 0
    next_report = 250_000
    try:
        started = time.perf_counter()
        await driver.setup_schema()
        schema_at = time.perf_counter()

        def on_batch(count: int) -> None:
            nonlocal done, next_report
            done += count
            if done >= next_report or done == total:
                say(f"    project: {done:>9,}/{total:,} rows  {time.perf_counter() - started:7.2f}s")
                next_report += 250_000

        written = await load_community(driver, community, batch_size=batch_size, progress=False, on_batch=on_batch)
        elapsed = time.perf_counter() - started
    finally:
        await driver.close()
    say(f"    project: setup_schema {schema_at - started:.2f}s, {written:,} rows, total {elapsed:.2f}s")
    return elapsed


async def load_raw(server: EmbeddedFalkorDB, graph: str, community: DemoCommunity, batch_size: int) -> float:
    client = raw_client(server)
    g = AsyncGraph(client, graph)
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


async def graph_counts(server: EmbeddedFalkorDB, graph: str) -> dict[str, int]:
    client = raw_client(server)
    g = AsyncGraph(client, graph)
    try:
        counts: dict[str, int] = {}
        for label, count in (await g.ro_query("MATCH (n) RETURN labels(n)[0], count(n)")).result_set:
            counts[f"node:{label}"] = count
        for rel, count in (await g.ro_query("MATCH ()-[r]->() RETURN type(r), count(r)")).result_set:
            counts[f"rel:{rel}"] = count
        return counts
    finally:
        await client.aclose()


async def drop_graph(server: EmbeddedFalkorDB, graph: str) -> None:
    client = raw_client(server)
    try:
        await client.execute_command("GRAPH.DELETE", graph)
        await client.ping()
    finally:
        await client.aclose()


async def aof_rewrites(server: EmbeddedFalkorDB) -> int:
    client = raw_client(server)
    try:
        info = await client.info("stats")
        return int(info.get("aof_rewrites", 0))
    finally:
        await client.aclose()


def server_peak_rss_mb(server: EmbeddedFalkorDB) -> float | None:
    try:
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def server_cpu_seconds(server: EmbeddedFalkorDB) -> float:
    try:
        fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def summarise(counts: dict[str, int]) -> tuple[int, int]:
    nodes = sum(v for k, v in counts.items() if k.startswith("node:"))
    rels = sum(v for k, v in counts.items() if k.startswith("rel:"))
    return nodes, rels


async def run(args: argparse.Namespace, community: DemoCommunity, data_dir: Path) -> dict[str, Any]:
    server = EmbeddedFalkorDB(data_dir)
    server.start()
    say(f"embedded FalkorDB on 127.0.0.1:{server.port}, data in {data_dir} (appendfsync always)")
    loaders: dict[str, Callable[[EmbeddedFalkorDB, str, DemoCommunity, int], Awaitable[float]]] = {
        "project": load_project,
        "raw": load_raw,
    }
    times: dict[str, list[float]] = {"project": [], "raw": []}
    expected: dict[str, int] | None = None
    try:
        for round_no in range(args.rounds):
            order = ["project", "raw"] if round_no % 2 == 0 else ["raw", "project"]
            for name in order:
                graph = f"bench_{name}_{round_no + 1}"
                say(f"round {round_no + 1}/{args.rounds}: {name} -> graph {graph!r}")
                rewrites_before = await aof_rewrites(server)
                client_cpu, server_cpu = time.process_time(), server_cpu_seconds(server)
                seconds = await loaders[name](server, graph, community, args.batch_size)
                client_cpu = time.process_time() - client_cpu
                server_cpu = server_cpu_seconds(server) - server_cpu
                rewrites = await aof_rewrites(server) - rewrites_before
                times[name].append(seconds)
                counts = await graph_counts(server, graph)
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
                await drop_graph(server, graph)
        peak_server = server_peak_rss_mb(server)
    finally:
        server.stop()
    assert expected is not None
    nodes, rels = summarise(expected)
    say(f"counts agree across every load: {nodes:,} nodes, {rels:,} relationships")
    if peak_server is not None:
        say(f"server peak RSS {peak_server:.0f} MB")
    return {"times": times, "nodes": nodes, "rels": rels}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--rounds", type=int, default=2, help="loads of each kind, alternating order (default 2)")
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
    result = {
        "benchmark": "load_graph",
        "members": len(community.members),
        "bonds": len(community.bonds),
        "rows": rows,
        "generate_seconds": round(generate_seconds, 2),
        "project_seconds": round(project, 2),
        "raw_seconds": round(raw, 2),
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "target_seconds": TARGET_SECONDS,
        "meets_targets": ratio <= TARGET_RATIO and project < TARGET_SECONDS,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
