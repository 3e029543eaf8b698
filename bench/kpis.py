"""Benchmark: the community health report (``graph_api.kpis``) against networkx.

Generates the demo community (100,000 members, about 1,000,000 bonds by default), adds
deterministic synthetic purpose groups, events, proposals, matches, activity and
confirmations (``synthetic_extras``), builds the ``HealthInputs`` once, then times, side by
side on the same inputs:

* project:  ``compute_health(inputs, as_of=..., scope=community)`` (ids to ints included),
            best of ``--rounds``;
* networkx: an ``nx.Graph`` built from the same bond lists (``networkx_build_seconds``),
            then the same figures (``networkx_compute_seconds``): E-I per team and per site
            by edge iteration, ``nx.community.modularity`` for the team, site and purpose
            partitions, cross-team shares, coverage, isolation (degrees), brokers (neighbour
            teams), needs, trust, engagement and event conversion (attendee subgraphs).

Every figure of both is compared (exact counts, floats within 1e-9); a mismatch fails the
run.

Then, unless ``--no-database``, the full health report as ``communityHealth`` computes it: the
demo community (without the synthetic extras, which it has no way to store) is loaded into a
fresh database of ``--engine`` (the embedded FalkorDB, or a local Neo4j: engines.py), and
``KpiStore.load_health_inputs`` (the eight batched reads) plus ``compute_health`` are timed,
best of ``--rounds`` (``database_report_seconds``, of which ``database_read_seconds``
reading); the report must equal the in-memory one of the same community
(``database_matches_memory``). Target: under 10 seconds (FalkorDB), 15 (Neo4j). The floor:
the same eight statements through the engine's plain client, one round
(``database_plain_read_seconds``, floors.py). Then the graph views on the same graph
(``views``, view_timings.py). ``networkx_seconds`` is build plus compute;
``faster_than_networkx`` asks the project to beat the networkx *compute alone*. Times are
wall-clock (best round for the project, one round for networkx, which takes minutes);
``*_cpu_seconds`` give the process CPU time too, which a busy machine disturbs less.
Progress goes to stderr; the last stdout line is one JSON object.

    .venv/bin/python bench/kpis.py [--engine falkordb|neo4j] [--members 100000] [--seed 1] [--rounds 3] [--no-database]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx

# bench/graph_api.py is named like the package: keep this folder off the import path so
# that `import graph_api` finds the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from graph_api.demo.generator import DemoCommunity, generate_community
from graph_api.kpis import HealthInputs, HealthReport, Scope, compute_health
from graph_api.store.queries import kpis as q
from graph_api.store.kpis import KpiStore

sys.path.append(str(_HERE))  # after the package: helpers from this folder
from demo_health_inputs import build_inputs_from_demo, synthetic_extras  # noqa: E402
from engines import Engine, add_engine_argument, describe, running  # noqa: E402
from floors import plain_reads  # noqa: E402
from harness import loaded_graph  # noqa: E402
from view_timings import measure_views  # noqa: E402

TARGET_SECONDS = 10.0
#: The health report read from the database, by engine.
DATABASE_TARGET_SECONDS = {"falkordb": 10.0, "neo4j": 15.0}
KPI_STATEMENTS = (q.KPI_MEMBERS, q.KPI_BONDS, q.KPI_GROUPS, q.KPI_GROUP_MEMBERS, q.KPI_PASSIONS, q.KPI_SKILLS,
                  q.KPI_ANSWERS, q.KPI_EVENTS)
AS_OF = date(2026, 1, 1)
BROKERS_TOP = 10
MIN_PASSION_MEMBERS = 5


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# networkx: the same figures, written independently with plain Python and networkx
# ---------------------------------------------------------------------------


def build_networkx(inputs: HealthInputs) -> nx.Graph:
    """The simple undirected tie graph; edge attribute ``since`` = earliest bond day."""
    graph = nx.Graph()
    for member, team, site in zip(inputs.member_ids, inputs.member_team, inputs.member_site):
        graph.add_node(member, team=team, site=site)
    adj = graph._adj  # plain dict-of-dicts access, the fastest way to load networkx
    for a, b, since in zip(inputs.bond_a, inputs.bond_b, inputs.bond_since):
        if a == b or a not in adj or b not in adj:
            continue
        data = adj[a].get(b)
        if data is None:
            data = {"since": since}
            adj[a][b] = data
            adj[b][a] = data
        elif since < data["since"]:
            data["since"] = since
    return graph


def _ei(external: int, internal: int) -> float | None:
    return (external - internal) / (external + internal) if external + internal else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def networkx_figures(graph: nx.Graph, inputs: HealthInputs, as_of: date) -> dict[str, Any]:
    """The community-scope figures, computed on the networkx graph."""
    out: dict[str, Any] = {}
    team = nx.get_node_attributes(graph, "team")
    site = nx.get_node_attributes(graph, "site")

    # E-I by edge iteration
    for name, group in (("team", team), ("site", site)):
        internal: Counter[str] = Counter()
        external: Counter[str] = Counter()
        for u, v in graph.edges():
            gu, gv = group[u], group[v]
            if gu is None or gv is None:
                continue
            if gu == gv:
                internal[gu] += 1
            else:
                external[gu] += 1
                external[gv] += 1
        total_i = sum(internal.values())
        total_e = sum(external.values()) // 2
        groups = {g for g in group.values() if g is not None}
        out[f"silo_{name}"] = (total_i, total_e, _ei(total_e, total_i))
        out[f"silo_{name}_groups"] = {g: (internal[g], external[g], _ei(external[g], internal[g])) for g in groups}

    # modularity: three partitions, unassigned members as singletons
    def partition(label: dict[str, Any]) -> list[set[str]]:
        blocks: dict[Any, set[str]] = defaultdict(set)
        for node, value in label.items():
            blocks[("g", value) if value is not None else ("n", node)].add(node)
        return list(blocks.values())

    first_group: dict[str, int] = {}
    for i, members in enumerate(inputs.group_members):
        for m in members:
            first_group.setdefault(m, i)
    purpose_label = {node: first_group.get(node) for node in graph}
    edges = graph.number_of_edges()
    for name, label in (("team", team), ("site", site), ("purpose", purpose_label)):
        out[f"modularity_{name}"] = nx.community.modularity(graph, partition(label)) if edges else None

    # cross-team shares, all and recent
    day = as_of.isoformat()
    windows = {k: (as_of - timedelta(days=k)).isoformat() for k in (30, 90)}
    counts = Counter()
    for u, v, since in graph.edges(data="since"):
        if team[u] is None or team[v] is None:
            continue
        cross = team[u] != team[v]
        counts["ties"] += 1
        counts["cross"] += cross
        for k, start in windows.items():
            if start < since <= day:
                counts[f"ties{k}"] += 1
                counts[f"cross{k}"] += cross
    out["cross_silo"] = (counts["ties"], counts["cross"], counts["ties30"], counts["cross30"],
                         counts["ties90"], counts["cross90"])

    # purpose coverage
    grouped = set(first_group)
    has_passions = dict(zip(inputs.member_ids, inputs.member_has_passions or ()))
    lonely = sorted(m for m in graph if has_passions.get(m) and m not in grouped)
    passion_members: Counter[str] = Counter()
    for m, slugs in inputs.member_passions.items():
        if m in graph:
            passion_members.update(set(slugs))
    covered = {p for p in (inputs.group_passion or ()) if p is not None}
    gaps = sorted(((p, c) for p, c in passion_members.items() if c >= MIN_PASSION_MEMBERS and p not in covered),
                  key=lambda x: (-x[1], x[0]))
    out["purpose"] = (len(grouped & set(graph)), len(lonely), gaps)

    # isolation
    isolated = sorted(m for m, d in graph.degree() if d == 0)
    team_bound = sum(
        1 for m in graph
        if team[m] is not None and not any(team[v] is not None and team[v] != team[m] for v in graph[m])
    )
    out["isolation"] = (isolated, team_bound)

    # brokers: distinct other teams among neighbours
    rows = []
    for m in graph:
        t = team[m]
        if t is None:
            continue
        others = [team[v] for v in graph[m] if team[v] is not None and team[v] != t]
        if others:
            rows.append((-len(set(others)), -len(others), m, graph.degree(m)))
    rows.sort()
    out["brokers"] = [(m, -b, -c, d) for b, c, m, d in rows[:BROKERS_TOP]]

    # needs
    offerers: dict[str, set[str]] = defaultdict(set)
    for m, skills in inputs.member_offers.items():
        for s in skills:
            offerers[s].add(m)
    matches = set(inputs.matches)
    needs = {(m, s) for m, skills in inputs.member_seeks.items() if m in graph for s in skills}
    offered = sum(1 for m, s in needs if offerers[s] - {m})
    out["needs"] = (len(needs), offered, sum(1 for n in needs if n in matches))

    # trust: bonds per pair and kind
    bonds: dict[tuple[str, str, str], bool] = {}
    for a, b, kind, ok in zip(inputs.bond_a, inputs.bond_b, inputs.bond_kind, inputs.bond_confirmed or ()):
        if a == b or a not in graph or b not in graph:
            continue
        key = (min(a, b), max(a, b), kind)
        bonds[key] = bonds.get(key, False) or ok
    out["trust"] = (len(bonds), sum(bonds.values()), sum(1 for k in bonds if k[2] == "mentor"))

    # engagement
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, status in zip(inputs.proposal_kind, inputs.proposal_status):
        tally[kind][status] += 1
        tally["*"][status] += 1
    out["proposals"] = {k: (c["accepted"], c["declined"], c["pending"]) for k, c in tally.items()}
    start = (as_of - timedelta(days=90)).isoformat()
    active = 0
    for joined, last in zip(inputs.member_joined_at or (), inputs.member_last_active or ()):
        latest = max(str(x)[:10] for x in (joined, last) if x is not None)
        active += start < latest <= day
    out["active"] = active

    # event conversion: attendee subgraphs (bond events are not used by the demo)
    events = {}
    for event, starts, attendees in zip(inputs.event_ids, inputs.event_starts_at, inputs.event_attendees):
        present = {a for a in attendees if a in graph}
        sub = graph.subgraph(present)
        new = [(u, v) for u, v, since in sub.edges(data="since") if since >= starts[:10]]
        cross = sum(1 for u, v in new if team[u] is not None and team[v] is not None and team[u] != team[v])
        events[event] = (len(present), len(new), cross)
    out["events"] = events
    return out


def project_figures(report: HealthReport) -> dict[str, Any]:
    """The same figures, read from the project's report."""
    out: dict[str, Any] = {}
    for name, silo in (("team", report.silo_by_team), ("site", report.silo_by_site)):
        out[f"silo_{name}"] = (silo.internal, silo.external, silo.ei)
        out[f"silo_{name}_groups"] = {g.group: (g.internal, g.external, g.ei) for g in silo.groups}
    out["modularity_team"] = report.modularity.by_team
    out["modularity_site"] = report.modularity.by_site
    out["modularity_purpose"] = report.modularity.by_purpose
    c = report.cross_silo
    out["cross_silo"] = (c.ties, c.cross_team, c.ties_30d, c.cross_team_30d, c.ties_90d, c.cross_team_90d)
    p = report.purpose
    out["purpose"] = (p.in_group, p.passions_no_group, [(x.slug, x.members) for x in p.passions_without_group])
    out["isolation"] = (list(report.isolation.isolated_ids), report.isolation.team_bound)
    out["brokers"] = [(b.member, b.teams_bridged, b.cross_team_ties, b.ties) for b in report.brokers]
    out["needs"] = (report.needs.needs, report.needs.offered, report.needs.matched)
    out["trust"] = (report.trust.bonds, report.trust.confirmed, report.trust.mentor)
    out["proposals"] = {r.kind: (r.accepted, r.declined, r.pending) for r in report.engagement.proposals}
    out["active"] = report.engagement.active
    out["events"] = {e.event: (e.attendees, e.new_ties, e.cross_team_new_ties) for e in report.events}
    return out


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


async def measure_database(demo: DemoCommunity, rounds: int, engine: Engine) -> dict[str, Any]:
    """Load the demo into a fresh database of `engine`, then time reading it back and computing
    the report, the same eight reads through the engine's plain client (one round), and the
    graph views (views.py)."""
    expected = compute_health(build_inputs_from_demo(demo), as_of=AS_OF, scope=Scope.community(),
                              min_passion_members=MIN_PASSION_MEMBERS, brokers_top=BROKERS_TOP).to_dict()
    with tempfile.TemporaryDirectory(prefix="kindred-bench-kpis-") as tmp, running(engine, Path(tmp)) as server:
        say(f"  database: {describe(server)}")
        async with loaded_graph(server, demo, graph="kpis") as (driver, load_seconds):
            say(f"  database: loaded in {load_seconds:.1f}s")
            reads, totals, cpus, got = [], [], [], {}
            for round_ in range(rounds):
                got = {}  # drop the previous round's report before this one starts
                gc.collect()
                t0, c0 = time.perf_counter(), time.process_time()
                inputs = await KpiStore(driver).load_health_inputs()
                reads.append(time.perf_counter() - t0)
                got = compute_health(inputs, as_of=AS_OF, scope=Scope.community(),
                                     min_passion_members=MIN_PASSION_MEMBERS, brokers_top=BROKERS_TOP).to_dict()
                totals.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
                del inputs
                say(f"  database round {round_ + 1}: {totals[-1]:.2f}s (reading {reads[-1]:.2f}s; cpu {cpus[-1]:.2f}s)")
            gc.collect()
            plain_seconds, plain_cpu, plain_rows = await plain_reads(server, "kpis", KPI_STATEMENTS)
            say(f"  plain client, the same eight reads: {plain_seconds:.2f}s (cpu {plain_cpu:.2f}s, {plain_rows:,} rows)")
            views = await measure_views(driver, server, "kpis", demo, rounds)
    return {
        "database_load_seconds": round(load_seconds, 3),
        "database_read_seconds": round(min(reads), 3),
        "database_report_seconds": round(min(totals), 3),
        "database_report_cpu_seconds": round(min(cpus), 3),
        "database_plain_read_seconds": round(plain_seconds, 3),
        "database_plain_read_cpu_seconds": round(plain_cpu, 3),
        "database_matches_memory": same(got, expected),
        "views": views,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-database", action="store_true", help="skip the database measurement")
    add_engine_argument(parser)
    args = parser.parse_args()

    started = time.perf_counter()
    demo = generate_community(args.members, seed=args.seed)
    extras = synthetic_extras(demo, seed=args.seed)
    inputs = build_inputs_from_demo(demo, extras)
    say(f"generated {len(inputs.member_ids):,} members, {len(inputs.bond_a):,} bonds, "
        f"{len(inputs.group_members)} groups, {len(inputs.event_ids)} events "
        f"in {time.perf_counter() - started:.1f}s")

    project_times = []
    project_cpu = []
    report = None
    for round_ in range(args.rounds):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        report = compute_health(inputs, as_of=AS_OF, scope=Scope.community(),
                                min_passion_members=MIN_PASSION_MEMBERS, brokers_top=BROKERS_TOP)
        project_times.append(time.perf_counter() - t0)
        project_cpu.append(time.process_time() - c0)
        say(f"  project round {round_ + 1}: {project_times[-1]:.2f}s (cpu {project_cpu[-1]:.2f}s)")
    assert report is not None

    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    graph = build_networkx(inputs)
    build_seconds = time.perf_counter() - t0
    say(f"  networkx build: {build_seconds:.2f}s ({graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges)")
    t0 = time.perf_counter()
    expected = networkx_figures(graph, inputs, AS_OF)
    compute_seconds = time.perf_counter() - t0
    networkx_cpu = time.process_time() - c0
    say(f"  networkx compute: {compute_seconds:.2f}s")

    got = project_figures(report)
    mismatches = sorted(k for k in expected if not same(got.get(k), expected[k]))
    if mismatches:
        for key in mismatches:
            say(f"  MISMATCH {key}: project {str(got.get(key))[:300]} networkx {str(expected[key])[:300]}")

    project_seconds = min(project_times)
    networkx_seconds = build_seconds + compute_seconds
    result = {
        "benchmark": "kpis",
        "engine": args.engine,
        "members": len(inputs.member_ids),
        "bonds": len(inputs.bond_a),
        "ties": report.ties,
        "project_seconds": round(project_seconds, 3),
        "networkx_seconds": round(networkx_seconds, 3),
        "networkx_build_seconds": round(build_seconds, 3),
        "networkx_compute_seconds": round(compute_seconds, 3),
        "speedup": round(networkx_seconds / project_seconds, 1),
        "speedup_vs_compute_only": round(compute_seconds / project_seconds, 1),
        # CPU seconds of this process: the same comparison, less the noise of a busy machine
        "project_cpu_seconds": round(min(project_cpu), 3),
        "networkx_cpu_seconds": round(networkx_cpu, 3),
        "figures_match": not mismatches,
        "targets": {"under_10s": project_seconds < TARGET_SECONDS, "faster_than_networkx": project_seconds < compute_seconds},
    }
    if not args.no_database:
        del graph, expected, got, inputs, report  # a lighter heap for the database rounds
        result.update(asyncio.run(measure_database(demo, args.rounds, args.engine)))
        limit = DATABASE_TARGET_SECONDS[args.engine]
        result["targets"][f"database_report_under_{limit:g}s"] = result["database_report_seconds"] < limit
        if not result["database_matches_memory"]:
            say("  MISMATCH: the report read from the database differs from the in-memory one")
    result["meets_targets"] = all(result["targets"].values())
    print(json.dumps(result))
    if mismatches or not result.get("database_matches_memory", True):
        sys.exit(1)


if __name__ == "__main__":
    main()
