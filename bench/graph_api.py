"""Benchmark: graph-api at scale, against the database's floor measured in the same run.

One database (``--engine``: the embedded FalkorDB, or a local Neo4j) holds a generated
community (``generate_community(members, seed=1)``). graph-api runs under uvicorn in its own
process on loopback (``--workers``, by default one per core as the product runs); this process
is the load generator. In order:

0. warm-up, unmeasured: ``--warmup`` seconds (60) of the mix below, half through the API and
   half straight to the store, then each single operation 20 times: a server runs for days,
   and a JVM's first minute of reads is mostly its JIT compiling (Neo4j).
1. floor: one member by id with its passions, read through the engine's plainest client
   (floors.py), one at a time: ``floor_ms`` is the median.
2. single client: each operation below sent alone, one after another, by one signed-in client
   over HTTP: its median (``single_p50_ms``) and its ratio to the floor. Point and filtered
   reads have a target of 10x the floor; a full members page (by name or join date) of 30 ms.
3. mix: ``--clients`` clients (16), each with its own HTTP/1.1 keep-alive connection and its own
   account, loop over a fixed mix (a members page, members with a popular passion, a passion
   page, a search, an edit of their own profile headline) for ``--seconds``: ``mix_rps``,
   ``p50_ms``, ``p99_ms``, ``errors`` (any ``errors`` in a body counts). Target: 150 requests/s
   (75 from 1,000,000 members), p99 under 250 ms, no errors.
4. secondary, the old figure: the same mix sent straight to the store by a hand-written client
   (the project's page and batched detail statements, chosen as the API chooses them, full-text
   queries and a ``SET``, through ``FalkorDBDriver`` or the official driver's
   ``execute_query``), in phases alternating with
   the API's, and the ratio of the two throughputs (``api_over_raw``). The raw side runs the
   project's statements, so this ratio says what the API layer costs, not how fast the reads are.
   The same statements sent alone give each operation's ``statements_p50_ms``.
5. the framework's floor (framework_floor.py): each read's answer from graph-api executed again
   by a Strawberry schema of the same shape over the answer in memory (``framework_floor_ms``),
   and the same schema served by Strawberry's ASGI app under uvicorn, asked over HTTP by the
   same client (``http_framework_floor_ms``). The second with ``statements_p50_ms`` bounds
   from below what graph-api can take (``lower_bound_ms``, ``out_of_reach`` when even that
   misses the target).

Progress goes to stderr; the last stdout line is one JSON object.

    .venv/bin/python bench/graph_api.py [--engine falkordb|neo4j] [--members 100000] [--seconds 20] [--clients 16] [--warmup 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import aiohttp
import neo4j
import redis.asyncio as aioredis

# This file is named like the package it measures: keep its own folder off the import path,
# so that `import graph_api` finds the package, not this script.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from graph_api.demo.generator import DemoCommunity, generate_community  # noqa: E402
from graph_api.store import dialect, queries  # noqa: E402
from graph_api.store.batch_reads import DETAILS, detail_reads  # noqa: E402
from graph_api.store.driver import GraphDriver  # noqa: E402
from graph_api.store.embedded import EmbeddedFalkorDB  # noqa: E402
from graph_api.store.falkordb_driver import FalkorDBDriver  # noqa: E402
from graph_api.store.local_server import LocalServer  # noqa: E402
from graph_api.store.member_windows import MemberWindows  # noqa: E402
from graph_api.store.members import WALK, WALK_COST_RATIO  # noqa: E402
from graph_api.store.neo4j_local import LocalNeo4j  # noqa: E402
from graph_api.store.queries import batch  # noqa: E402
from graph_api.store.queries.member_search import MemberQuery, page_statement, walk_statement  # noqa: E402
from graph_api.store.queries.search import hits_together_statement  # noqa: E402

sys.path.append(str(_HERE))  # after the package: `harness` from this folder
from engines import add_engine_argument, describe, new_server  # noqa: E402
from floors import plain_point_reads  # noqa: E402
from framework_floor import framework_floor_ms, http_framework_floor_ms, serving_floor  # noqa: E402
from harness import GRAPH, PASSWORD, cpu_seconds, load, percentile as _percentile, say, start_api, stop_api  # noqa: E402

FLOOR_TARGET_RATIO = 10.0  # a point or filtered read, single client, against the floor
FULL_PAGE_TARGET_MS = 30.0
MIX_TARGET_P99_MS = 250.0
MILLION = 1_000_000


def mix_target_rps(members: int) -> float:
    return 75.0 if members >= MILLION else 150.0


PAGE = 20
SINGLE_ROUNDS = 40
WARMUP_SINGLE_ROUNDS = 20
FLOOR_ROUNDS = 300
SEARCH_FIRST = 10
OPERATIONS = ("member_page", "members_by_passion", "passion_page", "search", "update_profile")
_WORD = re.compile(r"[a-z]{3,}")


# The GraphQL side -------------------------------------------------------------

MEMBER_FIELDS = "name headline passions { intensity passion { name } } team { name } site { name } bondCount"
GQL_SIGN_IN = "mutation($h: String!, $p: String!) { signIn(handle: $h, password: $p) { accessToken } }"
GQL_MEMBERS = f"query {{ members(first: {PAGE}) {{ edges {{ node {{ {MEMBER_FIELDS} }} }} }} }}"
GQL_BY_PASSION = (
    f"query($slug: String!) {{ members(first: {PAGE}, filter: {{passions: [$slug]}}) "
    f"{{ edges {{ node {{ {MEMBER_FIELDS} }} }} }} }}"
)
GQL_PASSION = (
    f"query($slug: String!) {{ passion(slug: $slug) {{ name memberCount members(first: {PAGE}) "
    "{ edges { node { name } } } } }"
)
GQL_SEARCH = (
    f"query($text: String!) {{ search(text: $text, first: {SEARCH_FIRST}) {{ score node {{ "
    "... on Member { name } ... on Passion { name } ... on Skill { name } } } }"
)
GQL_UPDATE = "mutation($h: String!) { updateMyProfile(input: {headline: $h}) { headline } }"
GQL_MEMBER = "query($id: ID!) { member(id: $id) { name headline passions { intensity passion { name } } } }"
GQL_MEMBERS_JOINED = (
    f"query {{ members(first: {PAGE}, orderBy: JOINED_AT) {{ edges {{ node {{ {MEMBER_FIELDS} }} }} }} }}"
)
GQL_BY_TEAM = (
    f"query($team: ID!) {{ members(first: {PAGE}, filter: {{team: $team}}) "
    f"{{ edges {{ node {{ {MEMBER_FIELDS} }} }} }} }}"
)

#: The operations sent alone, by kind: the kind says which target applies.
SINGLE_OPERATIONS: dict[str, str] = {
    "member": "point",
    "members_by_passion": "filtered",
    "members_by_team": "filtered",
    "passion_page": "filtered",
    "search": "filtered",
    "member_page": "full page",
    "member_page_by_join_date": "full page",
    "update_profile": "write",
}
#: What the raw side also sends alone, for `statements_p50_ms`: the mix's operations and the
#: pages only sent alone.
RAW_ALONE = (*OPERATIONS, "members_by_team", "member_page_by_join_date")

# The raw side: what a hand-written client runs for the same data. -------------

_FULLTEXT_CALL = {"falkordb": dialect.FALKORDB_FULLTEXT_CALL, "neo4j": dialect.NEO4J_FULLTEXT_CALL}
# The page of everyone as the API sends it: on Neo4j read from the name index in order.
_EVERYONE = {"falkordb": dialect.MEMBERS_BY_LABEL, "neo4j": dialect.NEO4J_MEMBERS_IN_ORDER[("NAME", False)]}
RAW_MEMBERS_PAGE = {
    engine: page_statement(MemberQuery(), "NAME", after=False, fulltext_call=call, everyone=_EVERYONE[engine])
    for engine, call in _FULLTEXT_CALL.items()
}
# FalkorDB's page of everyone as the API reads it: from a window of the name keys.
RAW_MEMBERS_WINDOW = page_statement(
    MemberQuery(), "NAME", after=False, fulltext_call="", everyone=dialect.FALKORDB_MEMBERS_IN_WINDOW["NAME"]
)
RAW_MEMBERS_BY_JOIN_DATE = {
    "falkordb": page_statement(MemberQuery(), "JOINED_AT", after=False, fulltext_call="", everyone=dialect.MEMBERS_BY_LABEL),
    "neo4j": page_statement(
        MemberQuery(), "JOINED_AT", after=False, fulltext_call="", everyone=dialect.NEO4J_MEMBERS_IN_ORDER[("JOINED_AT", False)]
    ),
}
RAW_MEMBERS_BY_JOIN_DATE_WINDOW = page_statement(
    MemberQuery(), "JOINED_AT", after=False, fulltext_call="", everyone=dialect.FALKORDB_MEMBERS_IN_WINDOW["JOINED_AT"]
)
RAW_TEAM_PAGE = {
    engine: page_statement(MemberQuery(team=True), "NAME", after=False, fulltext_call=call)
    for engine, call in _FULLTEXT_CALL.items()
}
RAW_PASSION_PAGE = {
    engine: page_statement(MemberQuery(passions=True), "NAME", after=False, fulltext_call=call)
    for engine, call in _FULLTEXT_CALL.items()
}
# A page by a passion many hold, as the API reads it: a walk of a window of the name keys on
# FalkorDB, of the name index in order on Neo4j (store/members.py says when each pays).
RAW_PASSION_WALK = {
    "falkordb": walk_statement(MemberQuery(passions=True), "NAME", after=False, walk=dialect.FALKORDB_MEMBERS_IN_WINDOW["NAME"]),
    "neo4j": walk_statement(MemberQuery(passions=True), "NAME", after=False, walk=dialect.NEO4J_MEMBERS_IN_ORDER[("NAME", False)]),
}
RAW_MEMBER_COUNTS_OF_PASSIONS = {
    "falkordb": dialect.FALKORDB_MEMBER_COUNTS_OF_PASSIONS, "neo4j": dialect.NEO4J_MEMBER_COUNTS_OF_PASSIONS
}
RAW_DETAILS_TOGETHER = {
    "falkordb": dialect.rows_together_statement(detail_reads(DETAILS), dialect.FALKORDB_SUBQUERY),
    "neo4j": dialect.rows_together_statement(detail_reads(DETAILS), dialect.NEO4J_SUBQUERY),
}
_SEARCHED = [dialect.fulltext_index(name) for name in ("member_text", "passion_text", "skill_text")]
RAW_HITS_TOGETHER = {
    "falkordb": hits_together_statement([dialect.falkordb_fulltext_call(index) for index in _SEARCHED]),
    "neo4j": hits_together_statement([dialect.neo4j_fulltext_call(index) for index in _SEARCHED]),
}


@dataclass
class Workload:
    """The inputs every worker draws from, the same for both sides."""

    passion_slugs: list[str]
    search_words: list[str]
    members: list[tuple[str, str]]  # (id, handle) of the accounts doing the profile edits
    member_ids: list[str]  # members read by id
    team_ids: list[str]  # the largest teams


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    samples: list[str] = field(default_factory=list)

    def error(self, operation: str, detail: str) -> None:
        self.errors[operation] += 1
        if len(self.samples) < 5:
            self.samples.append(f"{operation}: {detail[:300]}")


def summarise(tally: Tally) -> dict[str, Any]:
    every = [v for values in tally.latencies.values() for v in values]
    requests = len(every)
    return {
        "rps": round(requests / tally.seconds, 1) if tally.seconds else 0.0,
        "p50_ms": round(_percentile(every, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(every, 0.99) * 1000, 2),
        "requests": requests,
        "errors": sum(tally.errors.values()),
    }


def workload_of(community: DemoCommunity, accounts: list[tuple[str, str]]) -> Workload:
    popularity = Counter(link["passion"] for link in community.passion_links)
    slug_of = {p["id"]: p["slug"] for p in community.passions}
    slugs = [slug_of[pid] for pid, _ in popularity.most_common(20)]
    rng = random.Random(1)
    sample = rng.sample(community.members, min(200, len(community.members)))
    words = sorted({word for member in sample for word in _WORD.findall(member["name"].lower())})
    teams = [team for team, _ in Counter(link["team"] for link in community.member_teams).most_common(20)]
    return Workload(
        passion_slugs=slugs,
        search_words=words[:50],
        members=accounts,
        member_ids=[member["id"] for member in sample],
        team_ids=teams,
    )


# Workers ----------------------------------------------------------------------


async def _run_for(
    seconds: float,
    clients: int,
    step: Callable[[int, int], Awaitable[None]],
) -> float:
    """Each client calls step(client, n) for n = 0, 1, ... until the time is up; returns wall seconds."""
    deadline = time.perf_counter() + seconds

    async def loop(client: int) -> None:
        n = client  # clients start at different points of the mix
        while time.perf_counter() < deadline:
            await step(client, n)
            n += 1

    started = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in range(clients)))
    return time.perf_counter() - started


class ApiSide:
    """The signed-in clients, one aiohttp session of one keep-alive connection each.

    aiohttp rather than httpx: it adds about 0.8 ms less to each request (`{ __typename }` 0.8
    against 1.6 ms, a member by id 1.5 against 2.5 ms, medians on one keep-alive connection),
    which is four FalkorDB floors, and it leaves more of the two cores to the server."""

    def __init__(self, url: str, workload: Workload, clients: int) -> None:
        self.workload = workload
        self.url = url
        self.clients: list[aiohttp.ClientSession] = []
        self.count = clients
        self.tokens: list[str] = []

    async def sign_in(self) -> None:
        timeout = aiohttp.ClientTimeout(total=60)
        self.clients = [
            aiohttp.ClientSession(base_url=self.url, timeout=timeout, connector=aiohttp.TCPConnector(limit=1))
            for _ in range(self.count)
        ]

        async def one(client: aiohttp.ClientSession, handle: str) -> str:
            variables = {"h": handle, "p": PASSWORD}
            async with client.post("/graphql", json={"query": GQL_SIGN_IN, "variables": variables}) as response:
                body = await response.json()
            if body.get("errors"):
                raise RuntimeError(f"sign-in of {handle} failed: {body['errors']}")
            return str(body["data"]["signIn"]["accessToken"])

        handles = [handle for _, handle in self.workload.members]
        self.tokens = list(await asyncio.gather(*(one(c, h) for c, h in zip(self.clients, handles, strict=False))))
        for client, token in zip(self.clients, self.tokens, strict=True):
            client.headers["Authorization"] = f"Bearer {token}"

    def request(self, n: int) -> tuple[str, str, dict[str, Any]]:
        """The n-th request of the mix."""
        return self.request_of(OPERATIONS[n % len(OPERATIONS)], n // len(OPERATIONS), n)

    def request_of(self, operation: str, turn: int, n: int) -> tuple[str, str, dict[str, Any]]:
        """The `turn`-th request of `operation` (its inputs drawn in turn)."""
        w = self.workload
        if operation == "member":
            return operation, GQL_MEMBER, {"id": w.member_ids[turn % len(w.member_ids)]}
        if operation == "member_page_by_join_date":
            return operation, GQL_MEMBERS_JOINED, {}
        if operation == "members_by_team":
            return operation, GQL_BY_TEAM, {"team": w.team_ids[turn % len(w.team_ids)]}
        if operation == "member_page":
            return operation, GQL_MEMBERS, {}
        if operation == "members_by_passion":
            return operation, GQL_BY_PASSION, {"slug": w.passion_slugs[turn % len(w.passion_slugs)]}
        if operation == "passion_page":
            return operation, GQL_PASSION, {"slug": w.passion_slugs[(turn + 7) % len(w.passion_slugs)]}
        if operation == "search":
            return operation, GQL_SEARCH, {"text": w.search_words[turn % len(w.search_words)]}
        return operation, GQL_UPDATE, {"h": f"Benchmark edit number {n}"}

    async def step(self, tally: Tally, client: int, n: int) -> None:
        await self.send(tally, client, *self.request(n))

    async def answer(self, operation: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """The document, variables and `data` of the first request of `operation`."""
        _, query, variables = self.request_of(operation, 0, 0)
        async with self.clients[0].post("/graphql", json={"query": query, "variables": variables}) as response:
            body = await response.json(content_type=None)
        if body.get("errors") or not body.get("data"):
            raise RuntimeError(f"{operation} failed: {body.get('errors')}")
        return query, variables, body["data"]

    async def send(self, tally: Tally, client: int, operation: str, query: str, variables: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            async with self.clients[client].post("/graphql", json={"query": query, "variables": variables}) as response:
                status = response.status
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            tally.latencies[operation].append(time.perf_counter() - started)
            tally.error(operation, repr(error))
            return
        tally.latencies[operation].append(time.perf_counter() - started)
        if status != 200 or body.get("errors") or not body.get("data"):
            tally.error(operation, f"HTTP {status}: {json.dumps(body.get('errors'))}")

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.clients))


class PlainNeo4j:
    """The official driver used directly: ``execute_query``, rows as ``record.data()``."""

    def __init__(self, server: LocalNeo4j, pool_size: int) -> None:
        self._driver = neo4j.AsyncGraphDatabase.driver(
            server.url,
            auth=(server.user, server.password),
            max_connection_pool_size=pool_size,
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        )

    async def read(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        records, _, _ = await self._driver.execute_query(statement, params or {}, routing_=neo4j.RoutingControl.READ)
        return [record.data() for record in records]

    async def write(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        records, _, _ = await self._driver.execute_query(statement, params or {})
        return [record.data() for record in records]

    def members_window(self, order: str) -> str | None:
        return None  # as graph-api's Neo4j adapter: pages read the name index in order, not windows

    def member_counts_of_passions(self) -> str:
        return dialect.NEO4J_MEMBER_COUNTS_OF_PASSIONS

    async def close(self) -> None:
        await self._driver.close()


class RawSide:
    def __init__(self, server: LocalServer, workload: Workload, clients: int) -> None:
        self.workload = workload
        self.engine = "neo4j" if isinstance(server, LocalNeo4j) else "falkordb"
        self.driver: PlainNeo4j | FalkorDBDriver
        if isinstance(server, LocalNeo4j):
            self.driver = PlainNeo4j(server, clients)
        else:
            assert isinstance(server, EmbeddedFalkorDB)
            self.driver = FalkorDBDriver(
                server.host, server.port, password=server.password, graph_name=GRAPH, pool_size=clients, timeout=60
            )
        # The samples graph-api keeps (key windows on FalkorDB, holder counts on both), taken at
        # start: reads, `members_window` and `member_counts_of_passions` are all they ask of a
        # driver, which PlainNeo4j has.
        self.windows = MemberWindows(cast(GraphDriver, self.driver))

    async def start(self) -> None:
        await self.windows.refresh()

    async def _by_passion(self, slug: str) -> list[dict[str, Any]]:
        """A page of the passion's members by name, as the API chooses to read it."""
        params: dict[str, Any] = {"passion": slug, "limit": PAGE + 1}
        rows: list[dict[str, Any]] = []
        if self.engine == "falkordb":
            planned = self.windows.passion_walk("NAME", slug, None, PAGE + 1)
            if planned is not None:
                window, walk = planned
                rows = await self.driver.read(RAW_PASSION_WALK[self.engine], {**params, **window.params(), "walk": walk})
        elif self.windows.walk_in_order_pays(slug, PAGE + 1, WALK_COST_RATIO):
            rows = await self.driver.read(RAW_PASSION_WALK[self.engine], {**params, "walk": WALK})
        if len(rows) > PAGE:
            return rows
        return await self.driver.read(RAW_PASSION_PAGE[self.engine], params)

    def _members_page(self) -> tuple[str, dict[str, Any]]:
        """The page of everyone by name as the API reads it (from a window of keys on FalkorDB)."""
        window = self.windows.window("NAME", None, PAGE + 1)
        if window is None:
            return RAW_MEMBERS_PAGE[self.engine], {}
        return RAW_MEMBERS_WINDOW, window.params()

    async def _members_with_details(self, statement: str | None, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The page's members with their details; the page of `params["passion"]` when no statement."""
        if statement is None:
            rows = (await self._by_passion(params["passion"]))[:PAGE]
        else:
            rows = (await self.driver.read(statement, {**params, "limit": PAGE + 1}))[:PAGE]
        if not rows:
            raise LookupError("an empty page: the statement's parameters are wrong")
        ids = [row["node"]["id"] for row in rows]
        # As graph-api reads them: one statement.
        (record,) = await self.driver.read(RAW_DETAILS_TOGETHER[self.engine], {"ids": ids})
        details = [record[f"r{i}"] for i in range(len(DETAILS))]
        passions, teams, sites, bonds = details
        by_id: dict[str, dict[str, Any]] = {i: {"passions": []} for i in ids}
        for row in passions:
            by_id[row["id"]]["passions"].append({"intensity": row["intensity"], "name": row["passion"]["name"]})
        for row in teams:
            by_id[row["id"]]["team"] = row["node"]["name"]
        for row in sites:
            by_id[row["id"]]["site"] = row["node"]["name"]
        for row in bonds:
            by_id[row["id"]]["bondCount"] = row["count"]
        return [{"name": r["node"]["name"], "headline": r["node"]["headline"], **by_id[r["node"]["id"]]} for r in rows]

    async def _passion_page(self, slug: str) -> dict[str, Any] | None:
        found = await self.driver.read(batch.PASSIONS_BY_SLUG, {"keys": [slug]})
        if not found:
            return None
        passion = found[0]["node"]
        counted, page = await asyncio.gather(
            self.driver.read(RAW_MEMBER_COUNTS_OF_PASSIONS[self.engine], {"ids": [passion["id"]]}),
            self._by_passion(slug),
        )
        names = [row["node"]["name"] for row in page[:PAGE]]
        members = counted[0]["count"] if counted else 0
        return {"name": passion["name"], "memberCount": members, "members": names}

    async def _search(self, text: str) -> list[tuple[float, str]]:
        """The three indexes' hits with their nodes in one statement, as graph-api reads them."""
        expression = dialect.fulltext_expression(self.engine, text)
        rows = await self.driver.read(RAW_HITS_TOGETHER[self.engine], {"text": expression, "limit": SEARCH_FIRST})
        found = [(float(hit["score"]), hit["node"]["name"]) for hit in rows]
        return sorted(found, reverse=True)[:SEARCH_FIRST]

    def _members_by_join_date(self) -> tuple[str, dict[str, Any]]:
        """The page of everyone by join date as the API reads it (from a window of keys on FalkorDB)."""
        window = self.windows.window("JOINED_AT", None, PAGE + 1)
        if window is None:
            return RAW_MEMBERS_BY_JOIN_DATE[self.engine], {}
        return RAW_MEMBERS_BY_JOIN_DATE_WINDOW, window.params()

    async def step(self, tally: Tally, client: int, n: int) -> None:
        await self.run(tally, client, OPERATIONS[n % len(OPERATIONS)], n // len(OPERATIONS), n)

    async def run(self, tally: Tally, client: int, operation: str, turn: int, n: int) -> None:
        """The `turn`-th request of `operation` (its inputs drawn as the API side draws them)."""
        w = self.workload
        started = time.perf_counter()
        try:
            if operation == "member_page":
                await self._members_with_details(*self._members_page())
            elif operation == "member_page_by_join_date":
                await self._members_with_details(*self._members_by_join_date())
            elif operation == "members_by_team":
                await self._members_with_details(RAW_TEAM_PAGE[self.engine], {"team": w.team_ids[turn % len(w.team_ids)]})
            elif operation == "members_by_passion":
                slug = w.passion_slugs[turn % len(w.passion_slugs)]
                await self._members_with_details(None, {"passion": slug})
            elif operation == "passion_page":
                if await self._passion_page(w.passion_slugs[(turn + 7) % len(w.passion_slugs)]) is None:
                    raise LookupError("no such passion")
            elif operation == "search":
                await self._search(w.search_words[turn % len(w.search_words)])
            else:
                member_id = w.members[client][0]
                changes = {"headline": f"Benchmark edit number {n}"}
                rows = await self.driver.write(queries.MEMBER.update, {"id": member_id, "changes": changes})
                if not rows:
                    raise LookupError("no such member")
        except Exception as error:  # noqa: BLE001 - every failure is counted, not fatal
            tally.latencies[operation].append(time.perf_counter() - started)
            tally.error(operation, repr(error))
            return
        tally.latencies[operation].append(time.perf_counter() - started)

    async def close(self) -> None:
        await self.driver.close()


_STATEMENT_START = re.compile(r"\b(MATCH|OPTIONAL MATCH|UNWIND|CALL|WITH|RETURN|MERGE|CREATE)\b")
SLOWEST_KEPT = 5


class SlowStatements:
    """FalkorDB's own log of the slowest statements it ran (``GRAPH.SLOWLOG``: the ten slowest
    since it was reset), read per phase of the mix: what made a phase's tail, if the database did."""

    def __init__(self, server: EmbeddedFalkorDB) -> None:
        self._client = aioredis.Redis(host=server.host, port=server.port, password=server.password, decode_responses=True)
        self.by_side: dict[str, list[dict[str, Any]]] = {"api": [], "raw": []}

    async def reset(self) -> None:
        await self._client.execute_command("GRAPH.SLOWLOG", GRAPH, "RESET")

    async def collect(self, side: str) -> None:
        entries = await self._client.execute_command("GRAPH.SLOWLOG", GRAPH)
        for entry in entries:  # a timestamp, the command, the statement, milliseconds (and more since)
            query, milliseconds = entry[2], entry[3]
            start = _STATEMENT_START.search(query)  # past the parameters FalkorDB prints first
            statement = query[start.start() if start else 0 :][:160]
            self.by_side[side].append({"ms": round(float(milliseconds), 1), "statement": statement})
        self.by_side[side] = sorted(self.by_side[side], key=lambda entry: -entry["ms"])[:SLOWEST_KEPT]

    async def close(self) -> None:
        await self._client.aclose()


async def single_client(api: ApiSide, raw: RawSide, rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Seconds of each request of each single operation sent one at a time by the first client
    (after 3 unmeasured ones), and of the raw side's statements for the same data (RAW_ALONE)."""
    seconds: dict[str, list[float]] = {}
    for operation in SINGLE_OPERATIONS:
        tally = Tally()
        for turn in range(rounds + 3):
            await api.send(tally, 0, *api.request_of(operation, turn, turn))
        if tally.errors:
            raise RuntimeError(f"{operation} failed alone: {tally.samples}")
        seconds[operation] = tally.latencies[operation][3:]
    statements: dict[str, list[float]] = {}
    for operation in RAW_ALONE:
        tally = Tally()
        for turn in range(rounds + 3):
            await raw.run(tally, 0, operation, turn, turn)
        if tally.errors:
            raise RuntimeError(f"the statements of {operation} failed alone: {tally.samples}")
        statements[operation] = tally.latencies[operation][3:]
    return seconds, statements


async def framework_floors(api: ApiSide) -> tuple[dict[str, float], dict[str, float]]:
    """Each read's framework floor (framework_floor.py) over the answer graph-api gave it: in
    the process, and served over HTTP."""
    answers = {
        operation: await api.answer(operation) for operation, kind in SINGLE_OPERATIONS.items() if kind != "write"
    }
    in_process = {operation: await framework_floor_ms(*answer) for operation, answer in answers.items()}
    async with serving_floor(answers.values()) as url:
        over_http = {operation: await http_framework_floor_ms(url, answer) for operation, answer in answers.items()}
    return in_process, over_http


def single_figures(
    seconds: dict[str, list[float]],
    statements: dict[str, list[float]],
    floor_ms: float,
    framework: dict[str, float],
    framework_http: dict[str, float],
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for operation, kind in SINGLE_OPERATIONS.items():
        p50 = _percentile(seconds[operation], 0.5) * 1000
        figures: dict[str, Any] = {"kind": kind, "single_p50_ms": round(p50, 2), "ratio_to_floor": round(p50 / floor_ms, 1)}
        database_ms: float | None = floor_ms if kind == "point" else None
        if operation in statements:
            # The same data read by a hand-written client with the project's statements: what the
            # database takes, without HTTP, GraphQL and the API's own work.
            database_ms = _percentile(statements[operation], 0.5) * 1000
            figures["statements_p50_ms"] = round(database_ms, 2)
        bound: float | None = None
        if operation in framework and database_ms is not None:
            figures["framework_floor_ms"] = round(framework[operation], 2)
            figures["http_framework_floor_ms"] = round(framework_http[operation], 2)
            # graph-api does both, one after the other: no answer of its can come in less. The
            # floor over HTTP holds the one in the process and what any request pays besides.
            bound = framework_http[operation] + database_ms
            figures["lower_bound_ms"] = round(bound, 2)
        if kind in ("point", "filtered"):
            figures["meets_target"] = p50 <= FLOOR_TARGET_RATIO * floor_ms
            if bound is not None:
                # Out of reach on this framework: even the lower bound misses the target.
                figures["out_of_reach"] = bound > FLOOR_TARGET_RATIO * floor_ms
        elif kind == "full page":
            figures["meets_target"] = p50 <= FULL_PAGE_TARGET_MS
        out[operation] = figures
    return out


async def measure(
    args: argparse.Namespace,
    server: LocalServer,
    api_process: subprocess.Popen[bytes],
    url: str,
    workload: Workload,
) -> dict[str, Any]:
    api, raw = ApiSide(url, workload, args.clients), RawSide(server, workload, args.clients)
    tallies = {"api": Tally(), "raw": Tally()}
    cpu: dict[str, Counter[str]] = {"api": Counter(), "raw": Counter()}
    processes = {"bench": os.getpid(), "graph_api": api_process.pid, args.engine: server.pid or 0}
    slow = SlowStatements(server) if isinstance(server, EmbeddedFalkorDB) else None
    try:
        await api.sign_in()
        await raw.start()
        # Warm up, unmeasured: connections, query plans, imports, and Neo4j's JIT. A server runs
        # for days; in its first seconds of reads Neo4j spends half its CPU compiling (measured
        # with `RETURN 1`: 0.2 of 0.4 ms a statement in the first 10 s, nothing after 30 s).
        await _run_for(args.warmup / 2, args.clients, lambda c, n: api.step(Tally(), c, n))
        await _run_for(args.warmup / 2, args.clients, lambda c, n: raw.step(Tally(), c, n))
        await single_client(api, raw, WARMUP_SINGLE_ROUNDS)
        await plain_point_reads(server, GRAPH, workload.member_ids, FLOOR_ROUNDS)

        floor_ms = _percentile(await plain_point_reads(server, GRAPH, workload.member_ids, FLOOR_ROUNDS), 0.5) * 1000
        say(f"  floor: one member by id with its passions, plain client, median {floor_ms:.3f} ms")
        single_seconds, statements = await single_client(api, raw, SINGLE_ROUNDS)
        single = single_figures(single_seconds, statements, floor_ms, *await framework_floors(api))
        for operation, figures in single.items():
            say(f"  alone: {operation} {figures}")

        phase = args.seconds / args.phases
        for index in range(args.phases * 2):
            name = "raw" if index % 2 == 0 else "api"
            side = raw if name == "raw" else api
            tally = tallies[name]
            before = {k: cpu_seconds(p, children=k == "graph_api") for k, p in processes.items()}
            if slow is not None:
                await slow.reset()
            tally.seconds += await _run_for(phase, args.clients, lambda c, n, s=side, t=tally: s.step(t, c, n))
            if slow is not None:
                await slow.collect(name)
                say(f"  {name} phase {index // 2 + 1}: slowest statements so far {slow.by_side[name][:2]}")
            for key, pid in processes.items():
                cpu[name][key] += cpu_seconds(pid, children=key == "graph_api") - before[key]
            load_average = os.getloadavg()[0]
            say(f"  {name} phase {index // 2 + 1}: {summarise(tally)} (running total), load average {load_average:.2f}")
    finally:
        await api.close()
        await raw.close()
        if slow is not None:
            await slow.close()
    for name, tally in tallies.items():
        for sample in tally.samples:
            say(f"  {name} error sample: {sample}")
        say(f"  {name} CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu[name].items()))
    mix, raw_summary = summarise(tallies["api"]), summarise(tallies["raw"])
    api_over_raw = mix["rps"] / raw_summary["rps"] if raw_summary["rps"] else 0.0
    target_rps = mix_target_rps(args.members)
    targets = {
        "point_and_filtered_reads_within_10x_floor": all(
            f["meets_target"] for f in single.values() if f["kind"] in ("point", "filtered")
        ),
        "full_pages_within_30_ms": all(f["meets_target"] for f in single.values() if f["kind"] == "full page"),
        f"mix_at_least_{target_rps:g}_rps": mix["rps"] >= target_rps,
        "mix_p99_under_250_ms": mix["p99_ms"] < MIX_TARGET_P99_MS,
        "mix_without_errors": mix["errors"] == 0,
    }
    by_operation = {
        op: {
            "mix_p50_ms": round(_percentile(tallies["api"].latencies[op], 0.5) * 1000, 2),
            "mix_p99_ms": round(_percentile(tallies["api"].latencies[op], 0.99) * 1000, 2),
            "raw_p50_ms": round(_percentile(tallies["raw"].latencies[op], 0.5) * 1000, 2),
            "mix_requests": len(tallies["api"].latencies[op]),
        }
        for op in OPERATIONS
    }
    return {
        "benchmark": "graph_api",
        "engine": args.engine,
        "members": args.members,
        "clients": args.clients,
        "workers": args.workers or os.cpu_count(),
        "seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "floor_ms": round(floor_ms, 3),
        "single": single,
        "mix_rps": mix["rps"],
        "p50_ms": mix["p50_ms"],
        "p99_ms": mix["p99_ms"],
        "errors": mix["errors"],
        "mix_by_operation": by_operation,
        "targets": targets,
        "meets_targets": all(targets.values()),
        "secondary": {"raw": raw_summary, "api": mix, "api_over_raw": round(api_over_raw, 3)},
        "cpu_seconds": {name: {k: round(v, 1) for k, v in c.items()} for name, c in cpu.items()},
        **({"slowest_statements": slow.by_side} if slow is not None else {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per side, in all")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--phases", type=int, default=2, help="alternating phases per side")
    parser.add_argument(
        "--warmup", type=float, default=60.0, help="unmeasured seconds of the mix before measuring (both sides)"
    )
    parser.add_argument("--workers", type=int, default=0, help="graph-api worker processes (default 0: one per core)")
    add_engine_argument(parser)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    community = generate_community(args.members, seed=1)
    say(f"generated {args.members} members in {time.perf_counter() - started:.1f}s")
    with tempfile.TemporaryDirectory(prefix="kindred-bench-api-") as tmp:
        data_dir = Path(tmp)
        server = new_server(args.engine, data_dir / args.engine)
        server.start()
        say(describe(server))
        api_process: subprocess.Popen[bytes] | None = None
        try:
            accounts = asyncio.run(load(server, community, args.clients, data_dir))
            workload = workload_of(community, accounts)
            del community
            if isinstance(server, EmbeddedFalkorDB):
                # The load grew the append-only file past its rewrite threshold: rewrite it now,
                # as a bulk import is followed in use, not in the middle of a measured phase (a
                # rewrite forks the server; at 1,000,000 members it stalled the mix for seconds).
                compacting = time.perf_counter()
                server.compact(timeout=900)
                say(f"compacted the append-only file after the load in {time.perf_counter() - compacting:.1f}s")
            api_process, url = start_api(server, data_dir, workers=args.workers)
            say(f"graph-api (pid {api_process.pid}) at {url}; {args.clients} clients, {args.seconds:g}s per side")
            result = asyncio.run(measure(args, server, api_process, url, workload))
        finally:
            if api_process is not None:
                stop_api(api_process)
            server.stop()
    say(
        f"floor {result['floor_ms']} ms; mix {result['mix_rps']} requests/s, p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, {result['errors']} errors; targets {result['targets']}"
    )
    print(json.dumps(result))
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
