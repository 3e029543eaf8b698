"""Load benchmark: graph-api with its worker processes under 50 clients and a realistic mix.

One embedded FalkorDB holds ``generate_community(members, seed=1)`` (2,000 members by
default) and one account per client. graph-api runs as the product runs it
(``python -m graph_api serve``, one worker per core unless ``--workers``); this process
generates the load: ``--clients`` signed-in members, each on its own keep-alive connection,
sending for ``--seconds`` over a fixed mix in which every client starts at another point.
The clients are people using the app, not a saturating loop: together they offer ``--rate``
requests per second (220 by default: the target of 200 with a tenth to spare, since the
count includes the wind-down after the last request is sent), each client on its own schedule, and a
request's latency is counted from the moment its schedule says it is due, so a slow server
cannot hide its queue (no coordinated omission). ``--rate 0`` makes every client send its next
request as soon as the last is answered instead, which measures the most the server can do.
The mix:

* 40% a members page with each member's passions, team, site and bond count;
* 20% one member by handle, with passions, team, site and vision;
* 15% a search;
* 10% a member's neighbourhood (depth 1);
* 15% writes: the client's own headline, or its own passions.

Any HTTP status other than 200, or any ``errors`` in a body, counts as an error. Progress
goes to stderr; the last stdout line is one JSON object.

    .venv/bin/python bench/load.py [--members 2000] [--clients 50] [--rate 200] [--seconds 30] [--workers 0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
from graph_api.demo.generator import DemoCommunity, generate_community  # noqa: E402
from graph_api.store.embedded import EmbeddedFalkorDB  # noqa: E402

sys.path.append(str(_HERE))
from harness import PASSWORD, cpu_seconds, load, percentile, say, start_api, stop_api  # noqa: E402

TARGET_RPS = 200.0
TARGET_P99_MS = 250.0
OFFERED_RPS = 220.0
PAGE = 20

MEMBER_DETAILS = "name headline passions { intensity passion { name } } team { name } site { name } bondCount"
SIGN_IN = "mutation($h: String!, $p: String!) { signIn(handle: $h, password: $p) { accessToken } }"
QUERIES = {
    "members_page": f"{{ members(first: {PAGE}) {{ edges {{ node {{ {MEMBER_DETAILS} }} }} }} }}",
    "member_by_handle": f"query($h: String!) {{ member(handle: $h) {{ {MEMBER_DETAILS} vision }} }}",
    "search": "query($t: String!) { search(text: $t, first: 10) { score node { ... on Member { name } "
    "... on Passion { name } ... on Skill { name } } } }",
    "neighbourhood": "query($id: ID!) { neighborhood(memberId: $id) { nodes { id label } edges { source target } } }",
    "profile_write": "mutation($h: String!) { updateMyProfile(input: {headline: $h}) { headline } }",
    "passions_write": "mutation($p: [PassionInput!]!) { setMyPassions(passions: $p) { passions { intensity } } }",
}
#: The mix, as twenty slots: 8 pages, 4 by handle, 3 searches, 2 neighbourhoods, 3 writes.
MIX = (
    ["members_page"] * 8 + ["member_by_handle"] * 4 + ["search"] * 3 + ["neighbourhood"] * 2
    + ["profile_write", "passions_write", "profile_write"]
)
_WORD = re.compile(r"[a-z]{3,}")


@dataclass
class Workload:
    handles: list[str]
    member_ids: list[str]
    words: list[str]
    passion_slugs: list[str]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def error(self, operation: str, detail: str) -> None:
        self.errors[operation] += 1
        if len(self.samples) < 5:
            self.samples.append(f"{operation}: {detail[:300]}")


def workload_of(community: DemoCommunity) -> Workload:
    rng = random.Random(1)
    sample = rng.sample(community.members, min(500, len(community.members)))
    words = sorted({w for member in sample for w in _WORD.findall(member["name"].lower())})
    popularity = Counter(link["passion"] for link in community.passion_links)
    slug_of = {p["id"]: p["slug"] for p in community.passions}
    return Workload(
        handles=[m["handle"] for m in sample],
        member_ids=[m["id"] for m in sample],
        words=words[:100],
        passion_slugs=[slug_of[pid] for pid, _ in popularity.most_common(30)],
    )


def request_of(workload: Workload, operation: str, n: int) -> dict[str, Any]:
    w = workload
    variables: dict[str, Any] = {}
    if operation == "member_by_handle":
        variables = {"h": w.handles[n % len(w.handles)]}
    elif operation == "search":
        variables = {"t": w.words[n % len(w.words)]}
    elif operation == "neighbourhood":
        variables = {"id": w.member_ids[n % len(w.member_ids)]}
    elif operation == "profile_write":
        variables = {"h": f"Load benchmark edit {n}"}
    elif operation == "passions_write":
        slugs = w.passion_slugs
        variables = {"p": [{"passion": slugs[(n + k) % len(slugs)], "intensity": 1 + k} for k in range(3)]}
    return {"query": QUERIES[operation], "variables": variables}


async def run(
    url: str, workload: Workload, clients: int, seconds: float, handles: list[str], rate: float = 0.0
) -> tuple[Tally, float]:
    connections = [httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=1)) for _ in range(clients)]
    try:
        for client, handle in zip(connections, handles, strict=True):
            body = (await client.post("/graphql", json={"query": SIGN_IN, "variables": {"h": handle, "p": PASSWORD}})).json()
            client.headers["Authorization"] = f"Bearer {body['data']['signIn']['accessToken']}"
        tally = Tally()

        async def loop(index: int, until: float, record: bool) -> None:
            client, n = connections[index], index * 7
            interval = clients / rate if rate else 0.0
            due = time.perf_counter() + index * interval / clients  # the clients' schedules interleave
            while time.perf_counter() < until:
                operation = MIX[n % len(MIX)]
                if interval:
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    started, due = due, due + interval
                else:
                    started = time.perf_counter()
                try:
                    response = await client.post("/graphql", json=request_of(workload, operation, n))
                    body = response.json()
                    failed = response.status_code != 200 or bool(body.get("errors")) or not body.get("data")
                    detail = f"HTTP {response.status_code}: {json.dumps(body.get('errors'))}"
                except (httpx.HTTPError, ValueError) as error:
                    failed, detail = True, repr(error)
                if record:
                    tally.latencies[operation].append(time.perf_counter() - started)
                    if failed:
                        tally.error(operation, detail)
                n += 1

        warm_until = time.perf_counter() + 2.0
        await asyncio.gather(*(loop(i, warm_until, False) for i in range(clients)))
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(loop(i, until, True) for i in range(clients)))
        return tally, time.perf_counter() - started
    finally:
        await asyncio.gather(*(c.aclose() for c in connections))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=OFFERED_RPS, help="requests per second offered by all clients (0: as fast as answered)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=0, help="graph-api worker processes (0: one per core)")
    args = parser.parse_args(argv)

    community = generate_community(args.members, seed=1)
    workload = workload_of(community)
    with tempfile.TemporaryDirectory(prefix="kindred-bench-load-") as tmp:
        data_dir = Path(tmp)
        server = EmbeddedFalkorDB(data_dir / "falkordb")
        server.start()
        api_process = None
        try:
            accounts = asyncio.run(load(server, community, args.clients, data_dir))
            workers = args.workers or len(os.sched_getaffinity(0))
            api_process, url = start_api(server, data_dir, workers=workers)
            offered = f"{args.rate:g} requests/s offered" if args.rate else "as fast as answered"
            say(f"graph-api with {workers} workers at {url}; {args.clients} clients, {offered}, for {args.seconds:g}s")
            cpu_before = {
                "graph_api": cpu_seconds(api_process.pid, children=True),
                "falkordb": cpu_seconds(server.pid or 0),
                "bench": cpu_seconds(os.getpid()),
            }
            handles = [h for _, h in accounts]
            tally, wall = asyncio.run(run(url, workload, args.clients, args.seconds, handles, args.rate))
            cpu = {
                "graph_api": cpu_seconds(api_process.pid, children=True) - cpu_before["graph_api"],
                "falkordb": cpu_seconds(server.pid or 0) - cpu_before["falkordb"],
                "bench": cpu_seconds(os.getpid()) - cpu_before["bench"],
            }
        finally:
            if api_process is not None:
                stop_api(api_process)
            server.stop()
    every = [v for values in tally.latencies.values() for v in values]
    rps = len(every) / wall
    p99 = percentile(every, 0.99) * 1000
    errors = sum(tally.errors.values())
    for sample in tally.samples:
        say(f"  error sample: {sample}")
    result = {
        "benchmark": "load",
        "members": args.members,
        "clients": args.clients,
        "offered_rps": args.rate,
        "workers": workers,
        "seconds": round(wall, 1),
        "rps": round(rps, 1),
        "p50_ms": round(percentile(every, 0.5) * 1000, 1),
        "p95_ms": round(percentile(every, 0.95) * 1000, 1),
        "p99_ms": round(p99, 1),
        "errors": errors,
        "by_operation": {
            op: {
                "requests": len(tally.latencies[op]),
                "p50_ms": round(percentile(tally.latencies[op], 0.5) * 1000, 1),
                "p95_ms": round(percentile(tally.latencies[op], 0.95) * 1000, 1),
                "p99_ms": round(percentile(tally.latencies[op], 0.99) * 1000, 1),
                "errors": tally.errors[op],
            }
            for op in dict.fromkeys(MIX)
        },
        "cpu_seconds": {k: round(v, 1) for k, v in cpu.items()},
        "target_rps": TARGET_RPS,
        "target_p99_ms": TARGET_P99_MS,
        "meets_targets": rps >= TARGET_RPS and p99 < TARGET_P99_MS and errors == 0,
    }
    say(f"{result['rps']} requests/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, {errors} errors")
    print(json.dumps(result))
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
